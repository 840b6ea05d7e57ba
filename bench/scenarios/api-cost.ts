// API cost on the real cluster: the requests the test bed's proxy forwarded to
// kube-apiserver (its request log, /_testbed/requests; the bench observer's own
// watches excluded) for one rollout.
//   By replicas (1, 10, 100, 150; the node's maxPods raised for 150 plus surge): dock2pod's
//   whole run (reads, dry run, patch, the wait's lists and watches), and on the next
//   rollout of the same Deployment kubectl's `set image` + `rollout status`. Pods turn
//   Ready COST_READY_AFTER_S after they start.
//   By duration (one replica Ready 1 s vs 60 s after start): dock2pod and kubectl roll out
//   two Deployments side by side in their own namespaces; each request is split by the
//   namespace it names, and the cluster-scoped ones by what they are (splitSideBySide:
//   dock2pod's access reviews, kubectl's discovery).
import type { Testbed } from '../../testbed/index.ts'
import { clearRequestLog } from '../../testbed/kube/testing.ts'
import { single, type Row } from '../figures.ts'
import {
  createDeployment,
  createNamespace,
  deleteNamespace,
  generationOf,
  kubectlRolloutStatus,
  kubectlTimed,
  runDock2pod,
} from '../harness.ts'
import { benchImages } from '../images.ts'
import { findPatch } from '../journal.ts'
import { startObserver } from '../observer.ts'
import { countRequests, describeCounts, splitSideBySide } from '../requests.ts'
import {
  COST_INPUTS_NOTE,
  COST_READY_AFTER_S,
  replicaCounts,
  replicaRollout,
  toolRequests,
} from '../rollouts.ts'
import type { Scenario } from '../scenario.ts'

export const apiCost: Scenario = async (ctx) => {
  const rows: Row[] = []
  const byReplicas = []
  for (const replicas of replicaCounts(ctx.opts.quick)) {
    const r = await replicaRollout(ctx, replicas)
    byReplicas.push(r)
    const kubectlTotal = r.kubectlSetImage.requests.total + r.kubectlStatus.requests.total
    rows.push({
      scenario: 'api-cost',
      measure: `API requests, one rollout of ${replicas} replica${replicas > 1 ? 's' : ''}`,
      dock2pod: single(r.dock2pod.requests.total, 'requests'),
      kubectl: single(kubectlTotal, 'requests'),
      note: `real Pods Ready ${COST_READY_AFTER_S} s after start; ${COST_INPUTS_NOTE}; dock2pod: ${describeCounts(r.dock2pod.requests)}, ${(r.dock2pod.wallMs / 1000).toFixed(0)} s; kubectl: set image ${r.kubectlSetImage.requests.total} + rollout status ${r.kubectlStatus.requests.total} (${describeCounts(r.kubectlStatus.requests)}); kubectl's discovery cache is warm after its first call`,
    })
  }

  const durations = ctx.opts.quick ? [1, 5] : [1, 60]
  const tb = await ctx.testbed()
  const images = await benchImages(ctx)
  const byDuration = []
  for (const s of durations) {
    const r = await sideBySide(tb, await images.readyAfter(s), images.good, s)
    byDuration.push({ readyAfterSeconds: s, ...r })
    rows.push({
      scenario: 'api-cost',
      measure: `API requests, one rollout taking ${s} s (Pod Ready ${s} s after start)`,
      dock2pod: single(r.dock2pod.total, 'requests'),
      kubectl: single(r.kubectl.total, 'requests'),
      note: `1 replica, side by side; dock2pod: ${describeCounts(r.dock2pod)}, ${(r.dock2podWallMs / 1000).toFixed(0)} s; kubectl set image + rollout status: ${describeCounts(r.kubectl)}`,
    })
    ctx.log(`${s} s: dock2pod ${r.dock2pod.total} requests, kubectl ${r.kubectl.total}`)
  }

  async function sideBySide(tb: Testbed, image: string, good: string, s: number) {
    const { cluster } = tb
    const [nsD, nsK] = [`dur-d-${s}`, `dur-k-${s}`]
    for (const ns of [nsD, nsK]) {
      await createNamespace(cluster, ns)
      await createDeployment(cluster, { namespace: ns, name: 'app', image: good, replicas: 1 })
    }
    const observer = await startObserver(cluster, nsD)
    try {
      const g = await generationOf(cluster, nsD, 'app')
      await clearRequestLog(cluster)
      const d2p = runDock2pod({
        entry: ctx.entry,
        inputs: { 'image-ref': image, deployment: 'app', namespace: nsD },
        env: { KUBECONFIG: cluster.kubeconfigPath },
      })
      // kubectl's rollout starts with dock2pod's patch, so both last as long.
      const kubectl = observer
        .until((ev) => findPatch(ev, 'app', g) !== undefined, 'patch')
        .then(async () => {
          const set = await kubectlTimed(cluster, [
            '-n',
            nsK,
            'set',
            'image',
            'deployment/app',
            `app=${image}`,
          ])
          if (set.code !== 0) throw new Error(`kubectl set image: ${set.stderr}`)
          return kubectlRolloutStatus(cluster, nsK)
        })
      const [dr, kr] = await Promise.all([d2p, kubectl])
      if (dr.run.exitCode !== 0) throw new Error(`dock2pod failed:\n${dr.run.stdout.slice(-3000)}`)
      if (kr.code !== 0) throw new Error(`kubectl rollout status failed: ${kr.stderr}`)
      const split = splitSideBySide(await toolRequests(cluster), nsD, nsK)
      if (split.unknown.length)
        throw new Error(
          `requests of neither tool: ${split.unknown.map((r) => `${r.method} ${r.path}`).join(', ')}`,
        )
      return {
        dock2pod: countRequests(split.dock2pod),
        kubectl: countRequests(split.kubectl),
        dock2podWallMs: dr.run.durationMs,
      }
    } finally {
      observer.stop()
      for (const ns of [nsD, nsK]) await deleteNamespace(cluster, ns)
    }
  }

  return { rows, details: { readyAfterSeconds: COST_READY_AFTER_S, byReplicas, byDuration } }
}
