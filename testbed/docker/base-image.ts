// There is no network to Docker Hub here, so Dockerfiles that need a shell (RUN) start
// from a small base image we make ourselves: Debian's static busybox imported into
// the engine and pushed to the open registry under an explicit version.
import { mkdtempSync, mkdirSync, copyFileSync, symlinkSync, rmSync, chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DockerEngine } from './engine.ts'
import { run } from './proc.ts'

export const BASE_REPO = 'testbed/busybox'
export const BASE_TAG = '1.35'

const APPLETS = [
  'sh',
  'ls',
  'cat',
  'echo',
  'touch',
  'sleep',
  'false',
  'true',
  'mkdir',
  'rm',
  'env',
  'test',
  '[',
  'printf',
  'wget',
  'id',
  // Serves a test container's readiness (an HTTP probe costs the node no runc exec).
  'httpd',
]

/** Import busybox as `<registry>/testbed/busybox:1.35` and push it; returns the reference. */
export async function seedBaseImage(engine: DockerEngine, registryHost: string): Promise<string> {
  const ref = `${registryHost}/${BASE_REPO}:${BASE_TAG}`
  const env = { ...process.env, ...engine.env }
  const root = mkdtempSync(join(tmpdir(), 'd2p-rootfs-'))
  try {
    for (const d of ['bin', 'tmp', 'etc']) mkdirSync(join(root, d))
    chmodSync(join(root, 'tmp'), 0o1777)
    copyFileSync('/bin/busybox', join(root, 'bin', 'busybox'))
    chmodSync(join(root, 'bin', 'busybox'), 0o755)
    for (const a of APPLETS) symlinkSync('busybox', join(root, 'bin', a))
    const tar = join(root, '..', `${root.split('/').pop()}.tar`)
    let r = await run('tar', ['-C', root, '-cf', tar, '.'])
    if (r.code !== 0) throw new Error(`tar failed: ${r.stderr}`)
    r = await run(
      engine.cli,
      ['import', '--change', 'ENV PATH=/bin', '--change', 'CMD ["sh"]', tar, ref],
      { env },
    )
    rmSync(tar, { force: true })
    if (r.code !== 0) throw new Error(`docker import failed: ${r.stderr}`)
    r = await run(engine.cli, ['push', ref], { env })
    if (r.code !== 0) throw new Error(`docker push ${ref} failed: ${r.stderr}`)
    return ref
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}
