// Success-detection latency. Each rollout: a fresh namespace with a healthy Deployment
// of REPLICAS; dock2pod deploys an image that turns Ready READY_AFTER (cluster time)
// after it starts, and `kubectl rollout status` starts as soon as the patch is in the
// store, on the same rollout (it is watching long before the first new Pod is Ready).
// Measured from the moment the journal shows the rollout over — the last new Pod Ready
// and the last old Pod gone (terminating: no longer counted as a replica) — to
// dock2pod's "<name>: ready in" line and to kubectl's exit. A negative figure would mean
// a tool said "done" before the cluster's state did. A second row measures from the
// Deployment's status saying complete (the controller's own lag taken out): what is
// left there is the tool's.
import { distribution, type Row } from '../figures.ts'
import {
  createDeployment,
  createNamespace,
  generationOf,
  kubectlTimed,
  lineAt,
  runDock2pod,
  startBenchCluster,
  waitPatched,
} from '../harness.ts'
import { benchImages } from '../images.ts'
import { findPatch, findSettled, findStatusComplete } from '../journal.ts'
import type { Scenario } from '../scenario.ts'

export const SUCCESS_SPEED = 10
const REPLICAS = 3
const READY_AFTER = '2s'

export interface SuccessSample {
  namespace: string
  /** Patch → settled (wall ms): how long the rollout took. */
  rolloutMs: number
  dock2podMs: number
  kubectlMs: number
  /** Settled → the Deployment's status saying complete (wall ms). */
  statusAfterMs: number
  dock2podFromStatusMs: number
  kubectlFromStatusMs: number
  /** Settled → the last old Pod removed after its grace period (wall ms). */
  oldRemovedAfterMs?: number
}

export const successLatency: Scenario = async (ctx) => {
  const n = ctx.n(20, 2)
  const images = await benchImages(ctx)
  const image = await images.readyAfter(READY_AFTER)
  const cluster = await startBenchCluster(SUCCESS_SPEED)
  const samples: SuccessSample[] = []
  try {
    for (let i = 0; i < n; i++) {
      const ns = `ok-${i}`
      await createNamespace(cluster, ns)
      await createDeployment(cluster, {
        namespace: ns,
        name: 'app',
        image: images.good,
        replicas: REPLICAS,
      })
      const g0 = generationOf(cluster, ns, 'app')
      const rv0 = Number(cluster.store.currentRv())
      const d2p = runDock2pod({
        entry: ctx.entry,
        inputs: { 'image-ref': image, deployment: 'app', namespace: ns },
        env: { KUBECONFIG: cluster.kubeconfigPath },
      })
      await waitPatched(cluster, ns, 'app', g0)
      const kubectl = kubectlTimed(cluster, [
        '-n',
        ns,
        'rollout',
        'status',
        'deployment/app',
        '--timeout=5m',
      ])
      const [d, k] = await Promise.all([d2p, kubectl])
      if (d.run.exitCode !== 0) throw new Error(`${ns}: dock2pod failed:\n${d.run.stdout}`)
      if (k.code !== 0) throw new Error(`${ns}: kubectl rollout status failed: ${k.stderr}`)
      const events = cluster.store.events(rv0)
      const patch = findPatch(events, ns, 'app', g0)!
      const settled = findSettled(events, ns, patch.image, REPLICAS, patch.rv)
      if (!settled) throw new Error(`${ns}: the journal never shows the rollout settled`)
      const status = findStatusComplete(events, ns, 'app', patch.generation, REPLICAS)
      if (!status) throw new Error(`${ns}: the Deployment's status never says complete`)
      const doneAt = lineAt(d, /^app: ready in /)
      const removed = findSettled(events, ns, patch.image, REPLICAS, patch.rv, {
        untilDeleted: true,
      })
      const sample: SuccessSample = {
        namespace: ns,
        rolloutMs: settled.wallTime - patch.wallTime,
        dock2podMs: doneAt - settled.wallTime,
        kubectlMs: k.exitAt - settled.wallTime,
        statusAfterMs: status.wallTime - settled.wallTime,
        dock2podFromStatusMs: doneAt - status.wallTime,
        kubectlFromStatusMs: k.exitAt - status.wallTime,
        ...(removed ? { oldRemovedAfterMs: removed.wallTime - settled.wallTime } : {}),
      }
      samples.push(sample)
      ctx.log(
        `${ns}: settled ${sample.rolloutMs.toFixed(0)} ms after the patch; dock2pod +${sample.dock2podMs.toFixed(1)} ms, kubectl +${sample.kubectlMs.toFixed(1)} ms`,
      )
    }
  } finally {
    await cluster.stop()
  }
  const rows: Row[] = [
    {
      scenario: 'success-latency',
      measure: `Success detected: ${REPLICAS} replicas, from the last new Pod Ready and the last old Pod gone`,
      dock2pod: distribution(
        samples.map((s) => s.dock2podMs),
        'ms',
      ),
      kubectl: distribution(
        samples.map((s) => s.kubectlMs),
        'ms',
      ),
      note: `cluster at ${SUCCESS_SPEED}× speed, Pods Ready ${READY_AFTER} after start; dock2pod to its "ready in" line, kubectl to its exit`,
    },
    {
      scenario: 'success-latency',
      measure: 'Success detected: from the Deployment status saying complete',
      dock2pod: distribution(
        samples.map((s) => s.dock2podFromStatusMs),
        'ms',
      ),
      kubectl: distribution(
        samples.map((s) => s.kubectlFromStatusMs),
        'ms',
      ),
      note: `the same rollouts; the status came ${distribution(
        samples.map((s) => s.statusAfterMs),
        'ms',
      ).median.toFixed(0)} ms (median) after the Pods settled`,
    },
  ]
  return {
    rows,
    details: { n, speed: SUCCESS_SPEED, replicas: REPLICAS, readyAfter: READY_AFTER, samples },
  }
}
