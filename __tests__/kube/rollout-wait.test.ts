// How often the wait assesses a rollout: a burst of watch changes is not assessed once
// per change (each assessment walks every Pod), and what the wait keeps of the objects.
import { describe, expect, test } from 'vitest'
import { ReflectorPool } from '../../src/kube/reflector-pool.ts'
import { ASSESS_GAP_MS, waitForRollout } from '../../src/kube/rollout.ts'
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

const pod = (rv: number): Pod => ({
  metadata: {
    name: 'web-1',
    namespace: 'prod',
    uid: 'uid-web-1',
    resourceVersion: String(rv),
    labels: { app: 'web' },
  },
})

test('200 Pod changes, each on its own turn of the event loop, are not assessed one by one', async () => {
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
  await settle()
  const started = performance.now()
  for (let rv = 1; rv <= 200; rv++) {
    for (const w of fake.open('pods')) w.send({ type: 'MODIFIED', object: pod(1000 + rv) })
    await new Promise((r) => setImmediate(r))
  }
  const elapsed = performance.now() - started
  stop.abort()
  const result = await wait
  expect(result.outcome).toBe('cancelled')
  const line = debug.find((l) => / assessed \d+ times/.test(l))
  const count = Number(/ assessed (\d+) times/.exec(line ?? '')?.[1])
  // At most one per ASSESS_GAP_MS of the burst, and the first at once; one per change
  // (200) without the gap.
  expect(count).toBeGreaterThan(0)
  expect(count).toBeLessThanOrEqual(Math.ceil(elapsed / ASSESS_GAP_MS) + 2)
  expect(count).toBeLessThan(100)
  // The wait's own result still carries the workload as the watch saw it, with its
  // managedFields (another writer is found by them).
  expect(result.deployment?.metadata.managedFields).toHaveLength(1)
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
