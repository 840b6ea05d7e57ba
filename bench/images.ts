// The images the rollout scenarios deploy: test images on the test bed's busybox whose
// command really does what the scenario needs (the e2e tests' behaviourDockerfile),
// built with the real `docker buildx build --push` into the open registry.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { run } from '../testbed/docker/proc.ts'
import type { Testbed } from '../testbed/index.ts'
import { behaviourDockerfileOn, type Behaviour } from '../testbed/workload.ts'

export interface BenchImages {
  /** Ready at once, runs on: the "before" of every rollout. */
  good: string
  /** Ready (answers GET /ready) `seconds` after it starts, runs on; one image per value. */
  readyAfter: (seconds: number) => Promise<string>
  /** Prints a line, exits with code 3 one second after it starts, never Ready. */
  crash: string
  /**
   * A new image pushed, then its config blob deleted at the registry (staged): the tag
   * still resolves to a digest, the node's pull of it fails. A new one per call.
   */
  unpullable: () => Promise<string>
}

export const CRASH = {
  exitAfter: 1,
  exitCode: 3,
  readyAfter: 'never',
  log: ['error: DATABASE_URL is not set'],
} as const

export function buildImage(
  tb: Testbed,
  repo: string,
  b: Behaviour,
  stamp?: string,
): Promise<string> {
  let dockerfile = behaviourDockerfileOn(tb.docker.baseImage, b)
  if (stamp) dockerfile += `LABEL bench.stamp=${stamp}\n`
  return buildDockerfile(tb, repo, dockerfile, stamp)
}

/**
 * `docker buildx build --push` of `dockerfile` as `<registry>/<repo>:<stamp ?? v1>`, the
 * open registry unless `registry` says another (logged in first: `loginAuthRegistry`).
 */
export async function buildDockerfile(
  tb: Testbed,
  repo: string,
  dockerfile: string,
  stamp?: string,
  registry = tb.docker.registry.host,
): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'd2p-bench-img-'))
  try {
    writeFileSync(join(dir, 'Dockerfile'), dockerfile)
    const ref = `${registry}/${repo}:${stamp ?? 'v1'}`
    const r = await run(
      tb.env.DOCKER_CLI!,
      ['buildx', 'build', '--push', '--provenance=false', '--tag', ref, dir],
      {
        env: { ...process.env, ...tb.docker.engine.env, DOCKER_BUILDKIT: '1' },
        timeoutMs: 300_000,
      },
    )
    if (r.code !== 0) throw new Error(`docker buildx build ${ref}: ${r.stderr}`)
    return ref
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** `docker login` to the test bed's htpasswd registry, so buildx can push there. */
export async function loginAuthRegistry(tb: Testbed): Promise<void> {
  const { host, user, password } = tb.docker.registryAuth
  const r = await run(tb.env.DOCKER_CLI!, ['login', host, '-u', user!, '--password-stdin'], {
    env: { ...process.env, ...tb.docker.engine.env },
    input: password!,
    timeoutMs: 60_000,
  })
  if (r.code !== 0) throw new Error(`docker login ${host}: ${r.stderr}`)
}

const MANIFEST_ACCEPT =
  'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json'

/** Delete the config blob of `host/repo:tag` at the open registry. */
async function deleteConfigBlob(host: string, repo: string, tag: string): Promise<void> {
  const m = await fetch(`http://${host}/v2/${repo}/manifests/${tag}`, {
    headers: { accept: MANIFEST_ACCEPT },
  })
  if (!m.ok) throw new Error(`GET manifest ${repo}:${tag}: ${m.status}`)
  const manifest = (await m.json()) as { config?: { digest?: string } }
  const digest = manifest.config?.digest
  if (!digest) throw new Error(`${repo}:${tag}: a manifest without a config (an index?)`)
  const del = await fetch(`http://${host}/v2/${repo}/blobs/${digest}`, { method: 'DELETE' })
  if (del.status !== 202) throw new Error(`DELETE blob ${digest}: ${del.status}`)
}

export function pushBenchImages(tb: Testbed): Promise<BenchImages> {
  return (async () => {
    const good = await buildImage(tb, 'bench/good', { readyAfter: 0 })
    const crash = await buildImage(tb, 'bench/crash', CRASH)
    const cache = new Map<number, Promise<string>>()
    return {
      good,
      crash,
      readyAfter: (s) => {
        let p = cache.get(s)
        if (!p) {
          p = buildImage(tb, `bench/ready-after-${s}s`, { readyAfter: s })
          cache.set(s, p)
        }
        return p
      },
      unpullable: async () => {
        const stamp = `ghost-${randomBytes(4).toString('hex')}`
        const ref = await buildImage(tb, 'bench/ghost', {}, stamp)
        await deleteConfigBlob(tb.docker.registry.host, 'bench/ghost', stamp)
        return ref
      },
    }
  })()
}

/** The images, built once per bench run. */
export function benchImages(ctx: {
  testbed: () => Promise<Testbed>
  memo: <T>(key: string, make: () => Promise<T>) => Promise<T>
}): Promise<BenchImages> {
  return ctx.memo('images', async () => pushBenchImages(await ctx.testbed()))
}
