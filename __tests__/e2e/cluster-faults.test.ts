// The API server misbehaving during a rollout: watches dropped every few hundred ms, a
// 410 Gone on resume, a 409 on the patch, and answers delayed by seconds, all served by
// the test bed's proxy in front of the real kube-apiserver (staged faults: the proxy
// injects them). Each run must end as it would without the fault — the Deployment on
// the new image, pinned by digest — and the proxy's log must show the fault was served.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect } from 'vitest'
import { stringify } from 'yaml'
import type { ActionRun } from '../../testbed/action-runner.ts'
import type { RequestLogEntry } from '../../testbed/kube/faults.ts'
import {
  apiRequest,
  clearFaults,
  clearRequestLog,
  injectFaults,
  kubectlOk,
  requestLog,
} from '../../testbed/kube/testing.ts'
import {
  deleteCreatedDeployments,
  buildTestImage,
  createDeployment,
  deploymentManifest,
  deploymentsOutput,
  errorAnnotations,
  runAgainst,
  unique,
} from './deploy-kit.ts'
import { dockerTest, dockerTestbed, testCluster } from './docker-testbed.ts'

let cluster: ReturnType<typeof testCluster>
let base: string
let slow: string

beforeAll(async () => {
  if (dockerTestbed().unavailable) return
  cluster = testCluster()
  base = await buildTestImage('faults/base')
  // Ready 8 s after it starts: the faults land while the wait watches. One replica per
  // Deployment: that window is all these tests need, and three replicas would roll out
  // one after another (maxSurge 1), tripling it for nothing they check.
  slow = await buildTestImage('faults/slow', { readyAfter: 8 })
})

const isWatch = (q: RequestLogEntry) => /(^|&)watch=(true|1)(&|$)/.test(q.query)
const resumedFrom = (q: RequestLogEntry) =>
  Number(/resourceVersion=(\d+)/.exec(q.query)?.[1] ?? NaN)

/** Our PATCHes (a patch, an apply or a rollback) of Deployment `name`, dry runs aside. */
const ourPatches = (name: string) => (q: RequestLogEntry) =>
  q.method === 'PATCH' && q.path.endsWith(`/deployments/${name}`) && !/dryRun/.test(q.query)

/** For `cancel.when`: true while the API server holds a request `pick` matches, unanswered. */
const whileHeld = (pick: (q: RequestLogEntry) => boolean) => async () =>
  (await requestLog(cluster)).some((q) => pick(q) && q.status === 0)

async function imageOf(name: string): Promise<string> {
  return (
    await kubectlOk(cluster, [
      'get',
      'deployment',
      name,
      '-o',
      'jsonpath={.spec.template.spec.containers[0].image}',
    ])
  ).trim()
}

function expectRolledOut(r: ActionRun, name: string) {
  expect(errorAnnotations(r), r.stdout).toEqual([])
  expect(r.exitCode).toBe(0)
  expect(deploymentsOutput(r)).toMatchObject([{ name, status: 'ready' }])
}

describe('the API server misbehaves during the rollout', () => {
  dockerTest('watch streams dropped every 300 ms: resumed each time, same outcome', async () => {
    const name = unique('drops')
    await createDeployment(cluster, name, { image: base, replicas: 1 })
    await clearRequestLog(cluster)
    let started: number | undefined
    const r = await runAgainst(
      cluster,
      { 'image-ref': slow, deployment: name },
      {
        onLine: (line) => {
          if (started || !line.startsWith('Waiting for')) return
          started = Date.now()
          void injectFaults(cluster, { dropWatchesEveryMs: 300 })
        },
      },
    )
    await clearFaults(cluster)
    expectRolledOut(r, name)
    expect(await imageOf(name)).toMatch(new RegExp(`^${slow}@sha256:[0-9a-f]{64}$`))
    const log = await requestLog(cluster)
    const watches = log.filter((q) => isWatch(q) && Date.parse(q.time) >= started!)
    // Each drop is followed by a resume from the last resourceVersion seen, not a relist.
    const resumed = watches.filter((q) => resumedFrom(q) > 0)
    expect(resumed.length).toBeGreaterThanOrEqual(3)
    // Bounded: the drops cost a few requests each, not a loop.
    expect(log.length).toBeLessThan(300)
  })

  dockerTest('a 410 Gone on resume: the wait relists and ends as without it', async () => {
    const name = unique('gone')
    await createDeployment(cluster, name, { image: base, replicas: 1 })
    await clearRequestLog(cluster)
    let compactedAt: { time: number; rv: number } | undefined
    let compacting: Promise<unknown> | undefined
    const r = await runAgainst(
      cluster,
      { 'image-ref': slow, deployment: name },
      {
        onLine: (line) => {
          if (compactedAt || !line.startsWith(`${name}: `)) return
          // Forget the watch history, then close the streams: every resume from an
          // older resourceVersion is answered 410.
          const time = Date.now()
          compacting = apiRequest(cluster, 'POST', '/_testbed/faults', {
            compact: true,
            dropWatches: true,
          }).then((a) => {
            const rv = (JSON.parse(a.body) as { compactedAtResourceVersion: number })
              .compactedAtResourceVersion
            compactedAt = { time, rv }
          })
        },
      },
    )
    await compacting
    await clearFaults(cluster)
    expectRolledOut(r, name)
    expect(compactedAt!.rv).toBeGreaterThan(0)
    expect(await imageOf(name)).toMatch(new RegExp(`^${slow}@sha256:[0-9a-f]{64}$`))
    const after = (await requestLog(cluster)).filter((q) => Date.parse(q.time) >= compactedAt!.time)
    // Served: a watch resumed from before the compaction (the proxy answers those 410) …
    const stale = after.filter(
      (q) => isWatch(q) && resumedFrom(q) > 0 && resumedFrom(q) <= compactedAt!.rv,
    )
    expect(stale.length).toBeGreaterThan(0)
    // … followed by a fresh list of that resource (the relist).
    const relisted = after.filter(
      (q) => q.method === 'GET' && !isWatch(q) && stale.some((w) => w.path === q.path),
    )
    expect(relisted.length).toBeGreaterThan(0)
  })

  dockerTest('a 409 Conflict on the patch: read again, patch again, same outcome', async () => {
    const name = unique('conflict')
    await createDeployment(cluster, name, { image: base, replicas: 1 })
    await clearRequestLog(cluster)
    // Only the real patch (the dry run carries dryRun=All).
    await injectFaults(cluster, {
      rules: [
        { method: 'PATCH', path: `/deployments/${name}$`, query: '^(?!.*dryRun)', conflict: true },
      ],
    })
    const r = await runAgainst(cluster, { 'image-ref': slow, deployment: name })
    await clearFaults(cluster)
    expectRolledOut(r, name)
    expect(await imageOf(name)).toMatch(new RegExp(`^${slow}@sha256:[0-9a-f]{64}$`))
    const patches = (await requestLog(cluster)).filter(ourPatches(name))
    expect(patches.map((q) => q.status)).toEqual([409, 200])
  })

  dockerTest('answers delayed by seconds: slower, same outcome', async () => {
    const name = unique('slowapi')
    await createDeployment(cluster, name, { image: base, replicas: 1 })
    await clearRequestLog(cluster)
    await injectFaults(cluster, {
      rules: [
        { method: 'GET', path: `/deployments/${name}$`, delayMs: 2000, times: 2 },
        { method: 'GET', path: '/namespaces/default/pods$', delayMs: 2000, times: 1 },
      ],
    })
    const r = await runAgainst(cluster, { 'image-ref': slow, deployment: name })
    expectRolledOut(r, name)
    expect(await imageOf(name)).toMatch(new RegExp(`^${slow}@sha256:[0-9a-f]{64}$`))
    // Served: the delay rules were used up by the run's requests.
    const inForce = JSON.parse((await apiRequest(cluster, 'GET', '/_testbed/faults')).body) as {
      rules: unknown[]
    }
    expect(inForce.rules).toEqual([])
    await clearFaults(cluster)
  })
})

describe('cancelled before or while the patch or the apply is on its way', () => {
  dockerTest(
    'SIGTERM before the patch is sent (its read of the Deployment held): nothing is patched',
    async () => {
      const name = unique('beforepatch')
      await createDeployment(cluster, name, { image: base, replicas: 1 })
      await clearRequestLog(cluster)
      // The Deployment is read twice: when the run is planned, and just before the patch
      // (what a rollback restores). Both reads are held; the signal comes during the second.
      await injectFaults(cluster, {
        rules: [
          { method: 'GET', path: `/deployments/${name}$`, query: '^$', delayMs: 1000, times: 2 },
        ],
      })
      const read = (q: RequestLogEntry) =>
        q.method === 'GET' && q.path.endsWith(`/deployments/${name}`) && q.query === ''
      const r = await runAgainst(
        cluster,
        { 'image-ref': slow, deployment: name },
        {
          cancel: {
            when: async () => {
              const reads = (await requestLog(cluster)).filter(read)
              return reads.length === 2 && reads[1]!.status === 0
            },
            signal: 'SIGTERM',
          },
        },
      )
      await clearFaults(cluster)
      expect(r.exitCode).toBe(1)
      expect(r.stdout).toContain('Received SIGTERM during patch')
      const patched = (await requestLog(cluster)).filter(ourPatches(name))
      expect(patched, r.stdout).toEqual([])
      expect(await imageOf(name)).toBe(base)
      expect(errorAnnotations(r).map((a) => a.message)).toEqual([
        expect.stringMatching(
          /not patched: the run was cancelled before the patch was sent; it still runs \S+\/faults\/base:v1$/,
        ),
      ])
    },
  )

  dockerTest(
    'SIGTERM during a slow patch: the rollback follows it, the previous image stays',
    async () => {
      // The signal comes once the API server holds our patch: not at a line the action
      // prints before it, which a loaded machine could deliver before the patch is sent.
      const { name, r, patches } = await cancelDuringPatch(unique('cancelpatch'), 1000, 'SIGTERM')
      expect(r.exitCode).toBe(1)
      const messages = errorAnnotations(r).map((a) => a.message)
      expect(messages.join('\n'), r.stdout).toMatch(/cancelled/i)
      // The watches had not seen our patch yet: that is not someone else's change.
      expect(messages).not.toContainEqual(expect.stringMatching(/someone else/))
      await expectRolledBack(name, patches)
    },
  )

  dockerTest(
    'SIGTERM during a patch held past the grace period: the error says the patch may still reach the cluster',
    async () => {
      // Held 4 s: longer than the 1.5 s dock2pod gives a phase after a SIGTERM.
      const { r, patches } = await cancelDuringPatch(unique('cutshort'), 4000, 'SIGTERM')
      // The run ended while the patch was still held: it had no answer yet.
      expect(patches.map((q) => q.status)).toEqual([0])
      expect(r.exitCode).toBe(1)
      expect(errorAnnotations(r).map((a) => a.message)).toEqual([
        'Cancelled during patch (SIGTERM). dock2pod exited while its patch or apply was on its way: it may still reach the cluster, and nothing will roll it back.',
      ])
      // Whether it then lands is not checked: a real API server applies a patch it has
      // read whole, but the test bed's proxy, holding it, drops it once its client is gone.
    },
  )

  dockerTest(
    'SIGINT (the runner’s first signal) during a patch held 3 s: dock2pod waits for it and rolls it back',
    async () => {
      // Past the 1.5 s grace, within the 5 s more a SIGINT gives a patch on its way.
      const { name, r, patches } = await cancelDuringPatch(unique('sigint'), 3000, 'SIGINT')
      expect(r.exitCode).toBe(1)
      const messages = errorAnnotations(r).map((a) => a.message)
      expect(messages.join('\n'), r.stdout).toMatch(/cancelled/i)
      expect(r.stdout).toContain('Received SIGINT during patch')
      expect(messages.join('\n')).not.toMatch(/may still reach|someone else/)
      await expectRolledBack(name, patches)
    },
  )

  dockerTest(
    'manifests: SIGTERM while the API server holds the apply of a running Deployment: the rollback follows it',
    async () => {
      const name = unique('cancelapply')
      // The repository's manifest names the slow image's repository; dock2pod pins it.
      const workspace = mkdtempSync(join(tmpdir(), 'd2p-cancel-apply-'))
      mkdirSync(join(workspace, 'k8s'))
      writeFileSync(
        join(workspace, 'k8s', 'web.yaml'),
        stringify(deploymentManifest(name, { image: slow, replicas: 1 })),
      )
      const { r, patches } = await cancelDuringPatch(name, 1000, 'SIGTERM', {
        // kubectl created it: its client-side apply owns the image, which the apply takes.
        inputs: {
          'image-ref': slow,
          manifests: 'k8s',
          namespace: 'default',
          'force-conflicts': 'true',
        },
        workspace,
      })
      rmSync(workspace, { recursive: true, force: true })
      expect(r.exitCode).toBe(1)
      const messages = errorAnnotations(r).map((a) => a.message)
      expect(messages.join('\n'), r.stdout).toMatch(/cancelled/i)
      expect(messages).not.toContainEqual(expect.stringMatching(/someone else/))
      expect(patches[0]!.contentType).toBe('application/apply-patch+yaml')
      await expectRolledBack(name, patches)
    },
  )
})

/**
 * Deployment `name`, running `base`; a run that deploys `slow` to it (or `inputs`, in
 * `workspace`), whose real patch or apply of it (not the dry run) the API server holds
 * `delayMs`, and `signal` sent while it is held. Our PATCHes of it, as the request log
 * has them once the run ended.
 */
async function cancelDuringPatch(
  name: string,
  delayMs: number,
  signal: NodeJS.Signals,
  run: { inputs?: Record<string, string>; workspace?: string } = {},
): Promise<{ name: string; r: ActionRun; patches: RequestLogEntry[] }> {
  await createDeployment(cluster, name, { image: base, replicas: 1 })
  const { workspace } = run
  await clearRequestLog(cluster)
  await injectFaults(cluster, {
    rules: [{ method: 'PATCH', path: `/deployments/${name}$`, query: '^(?!.*dryRun)', delayMs }],
  })
  const ours = ourPatches(name)
  const r = await runAgainst(cluster, run.inputs ?? { 'image-ref': slow, deployment: name }, {
    ...(workspace ? { workspace } : {}),
    cancel: { when: whileHeld(ours), signal },
  })
  await clearFaults(cluster)
  const patches = (await requestLog(cluster)).filter(ours)
  return { name, r, patches }
}

/**
 * Our patch (or apply) and the rollback, each answered 200, and the Deployment back on
 * `base`. The rollback is guarded by resourceVersion, and the deployment controller
 * writes the Deployment's status and revision meanwhile, so a 409 and a fresh read
 * before it are the real cluster's normal answer.
 */
async function expectRolledBack(name: string, patches: RequestLogEntry[]): Promise<void> {
  expect(patches.filter((q) => q.status === 200)).toHaveLength(2)
  expect(patches.every((q) => q.status === 200 || q.status === 409)).toBe(true)
  await waitForImage(name, base)
}

async function waitForImage(name: string, image: string): Promise<void> {
  const deadline = Date.now() + 30_000
  for (;;) {
    if ((await imageOf(name)) === image) return
    if (Date.now() > deadline)
      throw new Error(`${name} is not back on ${image}: ${await imageOf(name)}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

afterAll(async () => {
  if (!dockerTestbed().unavailable) await deleteCreatedDeployments(testCluster())
})
