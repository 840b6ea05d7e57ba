// API cost: the requests the API server answered (its request log, /_testbed/requests)
// for one rollout.
//   By replicas (1, 10, 100, 1000), the cluster at COST_SPEED×: dock2pod's whole run
//   (reads, dry run, patch, the wait's lists and watches, a log read if it crashes), and
//   on the next rollout of the same Deployment kubectl's `set image` + `rollout status`.
//   By duration (Pods Ready 1 s vs 60 s after start), the cluster at 1× so that the
//   rollout lasts that long in wall time too, where a polling loop would show: dock2pod
//   and kubectl roll out two Deployments side by side in their own namespaces; every
//   dock2pod request names its namespace, so the rest (discovery) is kubectl's.
import type { Cluster } from '../../testbed/cluster/index.ts'
import { clearRequestLog, requestLog } from '../../testbed/cluster/testing.ts'
import { single, type Row } from '../figures.ts'
import {
  createDeployment,
  createNamespace,
  generationOf,
  kubectlTimed,
  runDock2pod,
  startBenchCluster,
  waitPatched,
} from '../harness.ts'
import { benchImages } from '../images.ts'
import { countRequests, describeCounts, inNamespace } from '../requests.ts'
import { COST_SPEED, replicaRollout } from '../rollouts.ts'
import type { Scenario } from '../scenario.ts'

export const apiCost: Scenario = async (ctx) => {
  const replicaCounts = ctx.opts.quick ? [1, 10] : [1, 10, 100, 1000]
  const rows: Row[] = []
  const byReplicas = []
  for (const replicas of replicaCounts) {
    const r = await replicaRollout(ctx, replicas)
    byReplicas.push(r)
    const kubectlTotal = r.kubectlSetImage.requests.total + r.kubectlStatus.requests.total
    rows.push({
      scenario: 'api-cost',
      measure: `API requests, one rollout of ${replicas} replica${replicas > 1 ? 's' : ''}`,
      dock2pod: single(r.dock2pod.requests.total, 'requests'),
      kubectl: single(kubectlTotal, 'requests'),
      note: `dock2pod: ${describeCounts(r.dock2pod.requests)}; kubectl: set image ${r.kubectlSetImage.requests.total} + rollout status ${r.kubectlStatus.requests.total} (${describeCounts(r.kubectlStatus.requests)}); kubectl's discovery cache is warm after its first call; cluster at ${COST_SPEED}×`,
    })
  }

  const durations = ctx.opts.quick ? ['1s', '5s'] : ['1s', '60s']
  const images = await benchImages(ctx)
  const cluster = await startBenchCluster(1)
  const byDuration = []
  try {
    for (const d of durations) {
      const r = await sideBySide(cluster, await images.readyAfter(d), images.good, d)
      byDuration.push({ duration: d, ...r })
      rows.push({
        scenario: 'api-cost',
        measure: `API requests, one rollout taking ${d} (Pods Ready ${d} after start)`,
        dock2pod: single(r.dock2pod.total, 'requests'),
        kubectl: single(r.kubectl.total, 'requests'),
        note: `cluster at 1×, 1 replica; dock2pod: ${describeCounts(r.dock2pod)}; kubectl set image + rollout status: ${describeCounts(r.kubectl)}`,
      })
      ctx.log(`${d}: dock2pod ${r.dock2pod.total} requests, kubectl ${r.kubectl.total}`)
    }
  } finally {
    await cluster.stop()
  }

  async function sideBySide(cluster: Cluster, image: string, good: string, d: string) {
    const [nsD, nsK] = [`dur-d-${d}`, `dur-k-${d}`]
    for (const ns of [nsD, nsK]) {
      await createNamespace(cluster, ns)
      await createDeployment(cluster, { namespace: ns, name: 'app', image: good, replicas: 1 })
    }
    const g = generationOf(cluster, nsD, 'app')
    await clearRequestLog(cluster)
    const d2p = runDock2pod({
      entry: ctx.entry,
      inputs: { 'image-ref': image, deployment: 'app', namespace: nsD },
      env: { KUBECONFIG: cluster.kubeconfigPath },
    })
    // kubectl's rollout starts with dock2pod's, so both last as long.
    await waitPatched(cluster, nsD, 'app', g)
    const kubectl = (async () => {
      const set = await kubectlTimed(cluster, [
        '-n',
        nsK,
        'set',
        'image',
        'deployment/app',
        `app=${image}`,
      ])
      if (set.code !== 0) throw new Error(`kubectl set image: ${set.stderr}`)
      return kubectlTimed(cluster, [
        '-n',
        nsK,
        'rollout',
        'status',
        'deployment/app',
        '--timeout=5m',
      ])
    })()
    const [dr, kr] = await Promise.all([d2p, kubectl])
    if (dr.run.exitCode !== 0) throw new Error(`dock2pod failed:\n${dr.run.stdout.slice(-3000)}`)
    if (kr.code !== 0) throw new Error(`kubectl rollout status failed: ${kr.stderr}`)
    const log = await requestLog(cluster)
    const mine = inNamespace(log, nsD)
    return {
      dock2pod: countRequests(mine),
      kubectl: countRequests(log.filter((r) => !mine.includes(r))),
      dock2podWallMs: dr.run.durationMs,
    }
  }

  return { rows, details: { costSpeed: COST_SPEED, byReplicas, byDuration } }
}
