// How often the wait assesses a rollout: a burst of watch changes is not assessed once
// per change (each assessment walks every Pod), and what the wait keeps of the objects.
import { describe, expect, test } from 'vitest'
import { ReflectorPool } from '../../src/kube/reflector-pool.ts'
import { ASSESS_GAP_MS, assessGapMs, waitForRollout } from '../../src/kube/rollout.ts'
import { sharedSelector } from '../../src/kube/workload.ts'
import type { Deployment, Pod } from '../../src/kube/types.ts'
import { openWatchApi, settle } from '../helpers/open-watch-api.ts'

const deployment: Deployment = {
  metadata: {
    name: 'web',
    namespace: 'prod',
    uid: 'uid-web',
    generation: 2,
    managedFields: [{ manager: 'kubectl', operation: 'Update', fieldsV1: { 'f:spec': {} } }],
  },
  spec: { replicas: 2, selector: { matchLabels: { app: 'web' } } },
  status: { observedGeneration: 2 },
}

const pod = (rv: number, n = 1): Pod => ({
  metadata: {
    name: `web-${n}`,
    namespace: 'prod',
    uid: `uid-web-${n}`,
    resourceVersion: String(rv),
    labels: { app: 'web' },
  },
})

/** A wait on `deployment` over a fake API, and the count from its debug line once ended. */
function countedWait() {
  const fake = openWatchApi({ deployments: [deployment] })
  const stop = new AbortController()
  const debug: string[] = []
  const wait = waitForRollout(fake.api, deployment, {
    limits: { graceMs: 60_000, readyGraceMs: 60_000 },
    deadline: Date.now() + 60_000,
    timeoutMs: 60_000,
    signal: stop.signal,
    log: () => {},
    debug: (line) => debug.push(line),
  })
  const sendPods = (pods: Pod[]) => {
    for (const w of fake.open('pods'))
      for (const object of pods) w.send({ type: 'MODIFIED', object })
  }
  const end = async () => {
    stop.abort()
    const result = await wait
    const line = debug.find((l) => / assessed \d+ times/.test(l))
    return { result, count: Number(/ assessed (\d+) times/.exec(line ?? '')?.[1]) }
  }
  return { sendPods, end }
}

test('200 Pod changes, each on its own turn of the event loop, are not assessed one by one', async () => {
  const wait = countedWait()
  await settle()
  const started = performance.now()
  for (let rv = 1; rv <= 200; rv++) {
    wait.sendPods([pod(1000 + rv)])
    await new Promise((r) => setImmediate(r))
  }
  const elapsed = performance.now() - started
  const { result, count } = await wait.end()
  expect(result.outcome).toBe('cancelled')
  // At most one per ASSESS_GAP_MS of the burst, and the first at once; one per change
  // (200) without the gap.
  expect(count).toBeGreaterThan(0)
  expect(count).toBeLessThanOrEqual(Math.ceil(elapsed / ASSESS_GAP_MS) + 2)
  expect(count).toBeLessThan(100)
  // The wait's own result still carries the workload as the watch saw it, with its
  // managedFields (another writer is found by them).
  expect(result.deployment?.metadata.managedFields).toHaveLength(1)
})

test('the gap between assessments is 25 ms, or 1 ms per Pod held when longer, up to 250 ms', () => {
  expect([0, 1, 25, 26, 100, 150, 250, 251, 5000].map(assessGapMs)).toEqual([
    25, 25, 25, 26, 100, 150, 250, 250, 250,
  ])
})

test('with 150 Pods held, a burst of changes is assessed at most once per 150 ms', async () => {
  const wait = countedWait()
  await settle()
  const all = Array.from({ length: 150 }, (_, i) => pod(100, i))
  wait.sendPods(all)
  await settle()
  const started = performance.now()
  // One Pod changing every 2 ms or so, for a few hundred milliseconds.
  for (let rv = 1; rv <= 150; rv++) {
    wait.sendPods([pod(1000 + rv, rv % 150)])
    await new Promise((r) => setTimeout(r, 2))
  }
  const elapsed = performance.now() - started
  const { count } = await wait.end()
  // The first change at once, then one per 150 ms (assessGapMs(150)); at the 25 ms gap of
  // a small rollout it would be about elapsed / 25.
  expect(elapsed).toBeGreaterThan(150)
  expect(count).toBeGreaterThan(0)
  expect(count).toBeLessThanOrEqual(Math.ceil(elapsed / assessGapMs(150)) + 3)
})

describe('waits that share a namespace share its watches', () => {
  const T0 = '2026-11-27T00:00:00Z'
  const template = (app: string) => ({
    metadata: { labels: { app } },
    spec: { containers: [{ name: app, image: `reg.example/${app}:2` }] },
  })
  const workload = (app: string, available: number): Deployment => ({
    metadata: { name: app, namespace: 'prod', uid: `uid-${app}`, generation: 2 },
    spec: { replicas: 1, selector: { matchLabels: { app } }, template: template(app) },
    status: {
      observedGeneration: 2,
      replicas: 1,
      updatedReplicas: 1,
      availableReplicas: available,
    },
  })
  // Both ReplicaSets carry the same hash, and the Pods no owner: only the selector tells
  // whose a Pod is, so a wait that kept the other's Pods would judge them too.
  const replicaSet = (app: string) => ({
    metadata: {
      name: `${app}-h2`,
      namespace: 'prod',
      uid: `uid-rs-${app}`,
      labels: { app, 'pod-template-hash': 'h2' },
      ownerReferences: [{ controller: true, uid: `uid-${app}`, kind: 'Deployment', name: app }],
      creationTimestamp: T0,
    },
    spec: {
      template: { ...template(app), metadata: { labels: { app, 'pod-template-hash': 'h2' } } },
    },
  })
  const meta = (app: string) => ({
    name: `${app}-h2-x`,
    namespace: 'prod',
    uid: `uid-pod-${app}`,
    labels: { app, 'pod-template-hash': 'h2' },
    creationTimestamp: T0,
  })
  const ready = (app: string): Pod => ({
    metadata: meta(app),
    status: {
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: T0 }],
      containerStatuses: [
        { name: app, ready: true, restartCount: 0, state: { running: { startedAt: T0 } } },
      ],
    },
  })
  const crashing = (app: string): Pod => ({
    metadata: meta(app),
    status: {
      containerStatuses: [
        {
          name: app,
          ready: false,
          restartCount: 3,
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } },
          lastState: { terminated: { exitCode: 3, reason: 'Error', finishedAt: T0 } },
        },
      ],
    },
  })

  test('two waits in one namespace: one watch of each kind for both, each wait judging only its own', async () => {
    const fake = openWatchApi({
      deployments: [workload('web', 0), workload('api', 1)],
      replicasets: [replicaSet('web'), replicaSet('api')],
      pods: [crashing('web'), ready('api')],
    })
    const pool = new ReflectorPool(fake.api)
    const opts = {
      limits: { graceMs: 0, readyGraceMs: 0 },
      deadline: Date.now() + 60_000,
      timeoutMs: 60_000,
      log: () => {},
      pool,
      shareWatches: {
        labelSelector: sharedSelector(
          [workload('web', 0), workload('api', 1)].map((w) => w.spec?.selector),
        ),
      },
    }
    const [web, api] = await Promise.all([
      waitForRollout(fake.api, workload('web', 0), opts),
      waitForRollout(fake.api, workload('api', 1), opts),
    ])
    expect(web.outcome).toBe('failed')
    expect(web.outcome === 'failed' && web.diagnosis.reason).toBe('CrashLoopBackOff')
    expect(api.outcome).toBe('done')
    for (const resource of ['deployments', 'replicasets', 'pods', 'events'])
      expect(fake.calls.filter((c) => c.startsWith(`watch ${resource} `))).toHaveLength(1)
    // One selector for both; each wait applies its own on our side. The workloads by
    // name have no set form: the namespace's.
    expect(fake.calls).toContain('watch pods prod app in (api,web)')
    expect(fake.calls).toContain('watch replicasets prod app in (api,web)')
    expect(fake.calls).toContain('watch deployments prod ')
    expect(pool.size).toBe(0)
  })
})
