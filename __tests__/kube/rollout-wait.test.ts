// How often the wait assesses a rollout: a burst of watch changes is not assessed once
// per change (each assessment walks every Pod), and what the wait keeps of the objects.
import { expect, test } from 'vitest'
import { ASSESS_GAP_MS, waitForRollout } from '../../src/kube/rollout.ts'
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
