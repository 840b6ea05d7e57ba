// Runner cost, part 3: peak RSS and CPU time of the action's process (preloaded hook,
// process.resourceUsage at exit: usage-hook.mjs) for the 1000-replica rollout of
// api-cost (the same run when both scenarios run) and for one run deploying 20
// Deployments at once. kubectl's: `kubectl rollout status` under /usr/bin/time; for 20
// Deployments, 20 of them side by side (one per Deployment, as a workflow would run
// them), RSS and CPU summed.
import { clearRequestLog, requestLog } from '../../testbed/cluster/testing.ts'
import { missing, single, type Row } from '../figures.ts'
import {
  createDeployment,
  createNamespace,
  generationOf,
  kubectlTimed,
  runDock2pod,
  waitPatched,
  type ResourceUsage,
} from '../harness.ts'
import { countRequests } from '../requests.ts'
import { COST_SPEED, costCluster, replicaRollout } from '../rollouts.ts'
import type { Scenario } from '../scenario.ts'

const MANY = 20
const MANY_REPLICAS = 2

export const runnerCost: Scenario = async (ctx) => {
  const bigReplicas = ctx.opts.quick ? 10 : 1000
  const big = await replicaRollout(ctx, bigReplicas)
  const { cluster, images } = await costCluster(ctx)

  const many = ctx.opts.quick ? 3 : MANY
  const ns = 'many'
  await createNamespace(cluster, ns)
  const names = Array.from({ length: many }, (_, i) => `svc-${String(i + 1).padStart(2, '0')}`)
  await Promise.all(
    names.map((name) =>
      createDeployment(cluster, {
        namespace: ns,
        name,
        image: images.good,
        replicas: MANY_REPLICAS,
      }),
    ),
  )
  const target = await images.readyAfter('10s')
  const next = await images.readyAfter('11s')
  await clearRequestLog(cluster)
  const d = await runDock2pod({
    entry: ctx.entry,
    inputs: { 'image-ref': target, deployment: names.join('\n'), namespace: ns },
    env: { KUBECONFIG: cluster.kubeconfigPath },
    usage: true,
  })
  if (d.run.exitCode !== 0)
    throw new Error(`dock2pod, ${many} deployments:\n${d.run.stdout.slice(-3000)}`)
  const dock2podRequests = countRequests(await requestLog(cluster))

  await clearRequestLog(cluster)
  const g = generationOf(cluster, ns, names[names.length - 1]!)
  const set = await kubectlTimed(cluster, [
    '-n',
    ns,
    'set',
    'image',
    ...names.map((n) => `deployment/${n}`),
    `app=${next}`,
  ])
  if (set.code !== 0) throw new Error(`kubectl set image: ${set.stderr}`)
  await waitPatched(cluster, ns, names[names.length - 1]!, g)
  const statuses = await Promise.all(
    names.map((n) =>
      kubectlTimed(cluster, ['-n', ns, 'rollout', 'status', `deployment/${n}`, '--timeout=10m']),
    ),
  )
  const failed = statuses.find((s) => s.code !== 0)
  if (failed) throw new Error(`kubectl rollout status: ${failed.stderr}`)
  const kubectlRequests = countRequests(await requestLog(cluster))
  const sum = (u: ResourceUsage[]) => ({
    maxRssMB: u.reduce((s, x) => s + x.maxRssMB, 0),
    cpuSeconds: u.reduce((s, x) => s + x.cpuSeconds, 0),
  })
  const kubectlMany = sum(statuses.map((s) => s.usage))
  const bigD = big.dock2pod.usage!
  const bigK = big.kubectlStatus.usage!
  const rows: Row[] = [
    {
      scenario: 'runner-cost',
      measure: `Peak RSS, one rollout of ${bigReplicas} replicas`,
      dock2pod: single(bigD.maxRssMB, 'MB'),
      kubectl: single(bigK.maxRssMB, 'MB'),
      note: `kubectl: rollout status; cluster at ${COST_SPEED}×, the rollout took ${(big.dock2pod.wallMs / 1000).toFixed(0)} s`,
    },
    {
      scenario: 'runner-cost',
      measure: `CPU time, one rollout of ${bigReplicas} replicas`,
      dock2pod: single(bigD.cpuSeconds, 'cpu-s'),
      kubectl: single(bigK.cpuSeconds, 'cpu-s'),
      note: 'user + system, the whole process',
    },
    {
      scenario: 'runner-cost',
      measure: `Peak RSS, ${many} Deployments at once (${MANY_REPLICAS} replicas each)`,
      dock2pod: single(d.usage!.maxRssMB, 'MB'),
      kubectl: single(kubectlMany.maxRssMB, 'MB'),
      note: `dock2pod: one run; kubectl: ${many} rollout status processes, peak RSS summed`,
    },
    {
      scenario: 'runner-cost',
      measure: `CPU time, ${many} Deployments at once`,
      dock2pod: single(d.usage!.cpuSeconds, 'cpu-s'),
      kubectl: single(kubectlMany.cpuSeconds, 'cpu-s'),
      note: `kubectl: summed over the ${many} processes`,
    },
    {
      scenario: 'runner-cost',
      measure: `API requests, ${many} Deployments at once`,
      dock2pod: single(dock2podRequests.total, 'requests'),
      kubectl: single(kubectlRequests.total, 'requests'),
      note: 'kubectl: one set image for all + one rollout status each',
    },
  ]
  if (ctx.opts.quick)
    rows.push({
      scenario: 'runner-cost',
      measure: 'Runner cost of 1000 replicas',
      dock2pod: missing('--quick'),
      kubectl: missing('--quick'),
    })
  return {
    rows,
    details: {
      big: { replicas: bigReplicas, dock2pod: big.dock2pod, kubectlStatus: big.kubectlStatus },
      many: {
        deployments: many,
        replicas: MANY_REPLICAS,
        dock2pod: { usage: d.usage, requests: dock2podRequests, wallMs: d.run.durationMs },
        kubectl: { usage: kubectlMany, requests: kubectlRequests },
      },
    },
  }
}
