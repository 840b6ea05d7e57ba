// Success detection on the real cluster. Each run: a fresh namespace watched by the
// bench's observer, a healthy Deployment of REPLICAS; dock2pod deploys an image whose
// container writes the readiness probe's file READY_AFTER_S after it starts, and
// `kubectl rollout status` (the pinned kubectl) starts as soon as the patch is in, on
// the same rollout. Measured from the moment the observer has seen the rollout over —
// the last new Pod Ready and the last old Pod terminating — to dock2pod's
// "<name>: ready in" line and to kubectl's exit; and, second row, from the Deployment's
// status saying complete (the controller's own lag taken out). Both moments are the
// observer's arrival times: a Pod's Ready condition carries lastTransitionTime in whole
// seconds only.
import { distribution, type Row } from '../figures.ts'
import {
  createDeployment,
  createNamespace,
  deleteNamespace,
  generationOf,
  kubectlRolloutStatus,
  lineAt,
  runDock2pod,
} from '../harness.ts'
import { benchImages } from '../images.ts'
import { findPatch, findSettled, findStatusComplete } from '../journal.ts'
import { startObserver } from '../observer.ts'
import type { Scenario } from '../scenario.ts'

const REPLICAS = 3
const READY_AFTER_S = 2

export interface SuccessSample {
  namespace: string
  /** Patch → settled (ms): how long the rollout took. */
  rolloutMs: number
  dock2podMs: number
  kubectlMs: number
  /** Settled → the Deployment's status saying complete (ms). */
  statusAfterMs: number
  dock2podFromStatusMs: number
  kubectlFromStatusMs: number
}

export const successLatency: Scenario = async (ctx) => {
  const n = ctx.n(10, 1)
  const { cluster } = await ctx.testbed()
  const images = await benchImages(ctx)
  const image = await images.readyAfter(READY_AFTER_S)
  const samples: SuccessSample[] = []
  const failedRuns: { namespace: string; error: string }[] = []
  for (let i = 0; i < n; i++) {
    const ns = `ok-${i}`
    await createNamespace(cluster, ns)
    const observer = await startObserver(cluster, ns)
    try {
      await (async () => {
        await createDeployment(cluster, {
          namespace: ns,
          name: 'app',
          image: images.good,
          replicas: REPLICAS,
        })
        const g0 = await generationOf(cluster, ns, 'app')
        const d2p = runDock2pod({
          entry: ctx.entry,
          inputs: { 'image-ref': image, deployment: 'app', namespace: ns },
          env: { KUBECONFIG: cluster.kubeconfigPath },
        })
        const kubectl = observer
          .until((ev) => findPatch(ev, 'app', g0) !== undefined, 'patch')
          .then(() => kubectlRolloutStatus(cluster, ns))
        const [d, k] = await Promise.all([d2p, kubectl])
        if (d.run.exitCode !== 0) throw new Error(`${ns}: dock2pod failed:\n${d.run.stdout}`)
        if (k.code !== 0) throw new Error(`${ns}: kubectl rollout status failed: ${k.stderr}`)
        const events = observer.events()
        const patch = findPatch(events, 'app', g0)!
        const settled = findSettled(events, patch.image, REPLICAS, patch.index)
        if (!settled) throw new Error(`${ns}: the observer never saw the rollout settled`)
        const status = findStatusComplete(events, 'app', patch.generation, REPLICAS)
        if (!status) throw new Error(`${ns}: the Deployment's status never said complete`)
        const doneAt = lineAt(d, /^app: ready in /)
        const sample: SuccessSample = {
          namespace: ns,
          rolloutMs: settled.at - patch.at,
          dock2podMs: doneAt - settled.at,
          kubectlMs: k.exitAt - settled.at,
          statusAfterMs: status.at - settled.at,
          dock2podFromStatusMs: doneAt - status.at,
          kubectlFromStatusMs: k.exitAt - status.at,
        }
        samples.push(sample)
        ctx.log(
          `${ns}: settled ${sample.rolloutMs.toFixed(0)} ms after the patch; dock2pod +${sample.dock2podMs.toFixed(0)} ms, kubectl +${sample.kubectlMs.toFixed(0)} ms`,
        )
      })()
    } catch (err) {
      // A run the node spoiled (or a tool that failed) is kept as such, not averaged in.
      const error = err instanceof Error ? err.message : String(err)
      failedRuns.push({ namespace: ns, error: error.slice(0, 2000) })
      ctx.log(`${ns}: run failed: ${error.slice(0, 300)}`)
    } finally {
      observer.stop()
      await deleteNamespace(cluster, ns)
    }
  }
  if (samples.length === 0) throw new Error(`every run failed: ${failedRuns[0]?.error ?? ''}`)
  const lostNote = failedRuns.length
    ? `; ${failedRuns.length} run(s) failed and are left out (results.json: failedRuns)`
    : ''
  const med = (f: (s: SuccessSample) => number) => distribution(samples.map(f), 'ms').median
  const rows: Row[] = [
    {
      scenario: 'success-latency',
      measure: `Success detected: ${REPLICAS} replicas, from the last new Pod Ready and the last old Pod terminating`,
      dock2pod: distribution(
        samples.map((s) => s.dock2podMs),
        'ms',
      ),
      kubectl: distribution(
        samples.map((s) => s.kubectlMs),
        'ms',
      ),
      note: `real Pods Ready ${READY_AFTER_S} s after start (HTTP readiness probe every 1 s); the moment is the observer's arrival of that Pod status (Pod condition times are whole seconds); dock2pod to its "ready in" line, kubectl rollout status to its exit; the rollouts took ${(med((s) => s.rolloutMs) / 1000).toFixed(1)} s (median, patch to settled)${lostNote}`,
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
      note: `the same rollouts; the observer's arrival of the status, which came ${med((s) => s.statusAfterMs).toFixed(0)} ms (median) after the Pods settled`,
    },
  ]
  return { rows, details: { n, replicas: REPLICAS, readyAfterSeconds: READY_AFTER_S, samples } }
}
