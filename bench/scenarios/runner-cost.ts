// Runner cost, part 3: peak RSS and CPU time of the action's process (preloaded hook,
// VmHWM at exit: usage-hook.mjs) for the largest rollout of api-cost
// (100 replicas; the same run when both scenarios run) and for one run deploying 20
// Deployments (2 real replicas each) at once, on the real cluster. kubectl's: `kubectl rollout status` under /usr/bin/time; for 20
// Deployments, 20 of them side by side (one per Deployment, as a workflow would run
// them), RSS and CPU summed.
import { clearRequestLog, type KubeTarget } from '../../testbed/kube/testing.ts'
import { single, type Row } from '../figures.ts'
import {
  createDeployment,
  createNamespace,
  deleteNamespace,
  kubectlTimed,
  runDock2pod,
  type ResourceUsage,
} from '../harness.ts'
import { benchImages } from '../images.ts'
import { countRequests, routeCounts, watchResumes } from '../requests.ts'
import {
  COST_INPUTS,
  COST_INPUTS_NOTE,
  COST_READY_AFTER_S,
  replicaCounts,
  replicaRollout,
  toolRequests,
} from '../rollouts.ts'
import type { Scenario } from '../scenario.ts'

const MANY = 20
const MANY_REPLICAS = 2

/**
 * `count` Deployments of MANY_REPLICAS replicas of `image` in a new namespace `ns`, as
 * runner cost deploys them at once (bench:many-rss too); their names.
 */
export async function createMany(
  cluster: KubeTarget,
  ns: string,
  image: string,
  count = MANY,
): Promise<string[]> {
  await createNamespace(cluster, ns)
  const names = Array.from({ length: count }, (_, i) => `svc-${String(i + 1).padStart(2, '0')}`)
  await Promise.all(
    names.map((name) =>
      createDeployment(cluster, { namespace: ns, name, image, replicas: MANY_REPLICAS }),
    ),
  )
  return names
}

export const runnerCost: Scenario = async (ctx) => {
  const bigReplicas = replicaCounts(ctx.opts.quick).at(-1)!
  const big = await replicaRollout(ctx, bigReplicas)
  const { cluster } = await ctx.testbed()
  const images = await benchImages(ctx)

  const many = ctx.opts.quick ? 3 : MANY
  const ns = 'many'
  const names = await createMany(cluster, ns, images.good, many)
  const target = await images.readyAfter(COST_READY_AFTER_S)
  const next = await images.readyAfter(COST_READY_AFTER_S + 1)
  await clearRequestLog(cluster)
  const d = await runDock2pod({
    entry: ctx.entry,
    inputs: { 'image-ref': target, deployment: names.join('\n'), namespace: ns, ...COST_INPUTS },
    env: { KUBECONFIG: cluster.kubeconfigPath },
    usage: true,
  })
  if (d.run.exitCode !== 0)
    throw new Error(`dock2pod, ${many} deployments:\n${d.run.stdout.slice(-3000)}`)
  const dock2podLog = await toolRequests(cluster)
  const dock2podRequests = countRequests(dock2podLog)

  await clearRequestLog(cluster)
  const set = await kubectlTimed(cluster, [
    '-n',
    ns,
    'set',
    'image',
    ...names.map((n) => `deployment/${n}`),
    `app=${next}`,
  ])
  if (set.code !== 0) throw new Error(`kubectl set image: ${set.stderr}`)
  const statuses = await Promise.all(
    names.map((n) =>
      kubectlTimed(cluster, ['-n', ns, 'rollout', 'status', `deployment/${n}`, '--timeout=10m']),
    ),
  )
  const failed = statuses.find((s) => s.code !== 0)
  if (failed) throw new Error(`kubectl rollout status: ${failed.stderr}`)
  const kubectlRequests = countRequests(await toolRequests(cluster))
  await deleteNamespace(cluster, ns)
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
      note: `kubectl: rollout status of the next rollout of the same Deployment; real Pods Ready ${COST_READY_AFTER_S} s after start; dock2pod's run took ${(big.dock2pod.wallMs / 1000).toFixed(0)} s; ${COST_INPUTS_NOTE}`,
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
      note: `dock2pod: one run, ${COST_INPUTS_NOTE.replace('dock2pod ', '')}; kubectl: ${many} rollout status processes, peak RSS summed`,
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
  return {
    rows,
    details: {
      readyAfterSeconds: COST_READY_AFTER_S,
      big: { replicas: bigReplicas, dock2pod: big.dock2pod, kubectlStatus: big.kubectlStatus },
      many: {
        deployments: many,
        replicas: MANY_REPLICAS,
        dock2pod: {
          usage: d.usage,
          requests: dock2podRequests,
          routes: routeCounts(dock2podLog),
          watches: watchResumes(dock2podLog),
          wallMs: d.run.durationMs,
        },
        kubectl: { usage: kubectlMany, requests: kubectlRequests },
      },
    },
  }
}
