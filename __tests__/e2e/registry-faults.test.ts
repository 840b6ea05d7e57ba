// The registry misbehaves: the committed bundle pushes through the fault proxy in front
// of the real test registry. Each test proves from the proxy's own log that the fault
// was served, then checks the outcome: the push succeeds with the registry's digest, or
// the run fails with one clear error, nothing pushed, in bounded time. The pushes take the
// docker build + docker push path: buildkitd reaches only the registries its config
// names as plain HTTP, not the proxy.
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { afterEach, describe, expect } from 'vitest'
import { ROOT, runAction, type ActionRun } from '../../testbed/action-runner.ts'
import { startFaultProxy, type FaultProxy } from '../../testbed/docker/fault-proxy.ts'
import { dockerEnv, dockerTest, dockerTestbed } from './docker-testbed.ts'
import { registryDigest, tagsAt } from './registry-probe.ts'

const fixtures = join(ROOT, '__tests__', 'fixtures', 'build')
const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`
const errors = (r: ActionRun) => r.annotations.filter((a) => a.level === 'error')
const BLOB_UPLOAD = /\/v2\/.+\/blobs\/uploads\//
const MANIFEST = /\/v2\/.+\/manifests\//
/** Our registry client (Node's fetch), not the docker daemon. */
const OUR_CLIENT = /^(?!docker\/)/

let proxy: FaultProxy | undefined
afterEach(async () => {
  await proxy?.stop()
  proxy = undefined
})

async function proxied(): Promise<FaultProxy> {
  proxy = await startFaultProxy(dockerTestbed().registry)
  return proxy
}

/** Build `ok/` and push it to `registry` as `repo:v1`. */
function buildAndPush(registry: string, repo: string): Promise<ActionRun> {
  const tb = dockerTestbed()
  return runAction({
    inputs: {
      registry,
      image: repo,
      tag: 'v1',
      dockerfile: 'ok/Dockerfile',
      context: 'ok',
      // A new config blob per test: something is always uploaded.
      'build-args': `BASE=${tb.baseImage}\nPLAIN=${repo}`,
    },
    workspace: fixtures,
    env: dockerEnv(tb, { buildx: false }),
    path: [tb.binDir],
    timeoutMs: 170_000,
  })
}

describe('registry faults', () => {
  dockerTest(
    '500 on a blob upload, then recovery: docker retries, the digest is the registry’s',
    async () => {
      const p = await proxied()
      const repo = unique('e2e/fault-blob')
      p.inject({ method: /^(PATCH|PUT)$/, path: BLOB_UPLOAD, status: 500 })
      const r = await buildAndPush(p.host, repo)
      expect(r.exitCode, r.stdout).toBe(0)
      expect(errors(r)).toEqual([])

      const served = p.log.filter((e) => e.injected === 'status')
      expect(served).toMatchObject([{ status: 500, path: expect.stringMatching(BLOB_UPLOAD) }])
      // After the fault, uploads went on and completed (201 Created on the closing PUT).
      const after = p.log.slice(p.log.indexOf(served[0]!) + 1)
      expect(
        after.some((e) => e.method === 'PUT' && BLOB_UPLOAD.test(e.path) && e.status === 201),
      ).toBe(true)

      const digest = await registryDigest(dockerTestbed().registry, repo, 'v1')
      expect(r.outputs.digest).toBe(digest)
      expect(r.outputs['image-ref']).toBe(`${p.host}/${repo}:v1@${digest}`)
    },
  )

  dockerTest(
    '503 burst on the digest check’s manifest HEAD: retried with back-off, success',
    async () => {
      const p = await proxied()
      const repo = unique('e2e/fault-503')
      p.inject({ method: 'HEAD', path: MANIFEST, userAgent: OUR_CLIENT, status: 503, times: 3 })
      const r = await buildAndPush(p.host, repo)
      expect(r.exitCode, r.stdout).toBe(0)
      expect(errors(r)).toEqual([])

      const heads = p.log.filter(
        (e) => e.method === 'HEAD' && MANIFEST.test(e.path) && OUR_CLIENT.test(e.userAgent),
      )
      expect(heads.map((e) => [e.status, e.injected ?? 'registry'])).toEqual([
        [503, 'status'],
        [503, 'status'],
        [503, 'status'],
        [200, 'registry'],
      ])
      // Back-off: each wait at least as long as the one before.
      const gaps = heads.slice(1).map((e, i) => e.time - heads[i]!.time)
      expect(gaps[1]!).toBeGreaterThanOrEqual(gaps[0]!)
      expect(gaps[2]!).toBeGreaterThanOrEqual(gaps[1]!)
      console.log(`503 burst: retries after ${gaps.join(', ')} ms`)
      expect(r.outputs.digest).toBe(await registryDigest(dockerTestbed().registry, repo, 'v1'))
    },
  )

  dockerTest(
    '429 with Retry-After on the manifest HEAD: the retry waits at least that long',
    async () => {
      const p = await proxied()
      const repo = unique('e2e/fault-429')
      p.inject({
        method: 'HEAD',
        path: MANIFEST,
        userAgent: OUR_CLIENT,
        status: 429,
        retryAfter: 2,
        times: 2,
      })
      const r = await buildAndPush(p.host, repo)
      expect(r.exitCode, r.stdout).toBe(0)
      expect(errors(r)).toEqual([])

      const heads = p.log.filter(
        (e) => e.method === 'HEAD' && MANIFEST.test(e.path) && OUR_CLIENT.test(e.userAgent),
      )
      expect(heads.map((e) => [e.status, e.retryAfter ?? '-'])).toEqual([
        [429, 2],
        [429, 2],
        [200, '-'],
      ])
      const gaps = heads.slice(1).map((e, i) => e.time - heads[i]!.time)
      console.log(`429 Retry-After: 2 → retries after ${gaps.join(', ')} ms`)
      for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(2000)
      expect(r.outputs.digest).toBe(await registryDigest(dockerTestbed().registry, repo, 'v1'))
    },
  )

  dockerTest(
    'registry down: one error naming it, exit 1, nothing built or pushed, bounded retries',
    async () => {
      const p = await proxied()
      const repo = unique('e2e/fault-down')
      await p.setDown('close')
      const r = await buildAndPush(p.host, repo)
      expect(r.exitCode).toBe(1)
      const [error, ...more] = errors(r)
      expect(more).toEqual([])
      expect(error!.message).toMatch(
        new RegExp(
          `^The registry ${p.host.replace(/\./g, '\\.')} is unreachable .*input 'registry'.*nothing was pushed`,
        ),
      )
      expect(r.stdout).not.toContain('[command]docker build')
      // Every attempt reached the proxy and was cut; the client gave up after its bound.
      const attempts = p.log.filter((e) => e.injected === 'down')
      expect(attempts.length).toBeGreaterThanOrEqual(1)
      expect(attempts.length).toBeLessThanOrEqual(4)
      expect(attempts.every((e) => e.path === '/v2/')).toBe(true)
      console.log(
        `registry down: ${attempts.length} attempts, failed after ${Math.round(r.durationMs)} ms`,
      )
      expect(await tagsAt(dockerTestbed().registry, repo)).toEqual([])
    },
  )
})
