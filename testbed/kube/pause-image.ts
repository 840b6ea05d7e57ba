// The pause image every Pod sandbox starts from, made here: the static pause binary
// (compiled by build.sh from the kubernetes module's build/pause/linux/pause.c) imported
// as a one-file image with the engine and pushed to the open registry.
import { copyFileSync, chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DockerEngine } from '../docker/engine.ts'
import { run } from '../docker/proc.ts'

export const PAUSE_REPO = 'testbed/pause'
export const PAUSE_TAG = '3.10'

export async function seedPauseImage(
  engine: DockerEngine,
  registryHost: string,
  pauseBinary: string,
): Promise<string> {
  const ref = `${registryHost}/${PAUSE_REPO}:${PAUSE_TAG}`
  const env = { ...process.env, ...engine.env }
  const root = mkdtempSync(join(tmpdir(), 'd2p-pause-'))
  try {
    copyFileSync(pauseBinary, join(root, 'pause'))
    chmodSync(join(root, 'pause'), 0o755)
    const tar = `${root}.tar`
    let r = await run('tar', ['-C', root, '-cf', tar, 'pause'])
    if (r.code !== 0) throw new Error(`tar failed: ${r.stderr}`)
    r = await run(engine.cli, ['import', '--change', 'ENTRYPOINT ["/pause"]', tar, ref], { env })
    rmSync(tar, { force: true })
    if (r.code !== 0) throw new Error(`docker import (pause) failed: ${r.stderr}`)
    r = await run(engine.cli, ['push', ref], { env })
    if (r.code !== 0) throw new Error(`docker push ${ref} failed: ${r.stderr}`)
    return ref
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}
