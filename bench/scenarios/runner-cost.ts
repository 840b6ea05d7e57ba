// Runner cost, part 3: peak RSS and CPU time of the action's process (preloaded hook,
// VmHWM at exit: usage-hook.mjs) for one rollout of 100 replicas (costReplicas; round 0
// is api-cost's own 100-replica run when both scenarios run) and for one run deploying
// 20 Deployments (2 real replicas each) at once, on the real cluster; three rounds of
// each. kubectl's: `kubectl rollout status` under /usr/bin/time; for 20 Deployments, 20
// of them side by side (one per Deployment, as a workflow would run them), RSS and CPU
// summed.
import { clearRequestLog, type KubeTarget } from '../../testbed/kube/testing.ts'
import { distribution, type Row, type Unit } from '../figures.ts'
import {
  createDeployment,
  createNamespace,
  deleteNamespace,
  kubectlTimed,
  runDock2pod,
} from '../harness.ts'
import { benchImages } from '../images.ts'
import { countRequests, routeCounts, watchResumes } from '../requests.ts'
import {
  COST_INPUTS,
  COST_INPUTS_NOTE,
  COST_READY_AFTER_S,
  costReplicas,
  replicaRollout,
  toolRequests,
  type ReplicaRollout,
} from '../rollouts.ts'
import type { Scenario } from '../scenario.ts'

const MANY = 20
const MANY_REPLICAS = 2

/**
 * `count` Deployments of MANY_REPLICAS replicas of `image` in a new namespace `ns`, as
 * runner cost deploys them at once (bench:many-rss too); their names. Their selectors
 * share the key `app` unless `distinctLabelKeys`.
 */
export async function createMany(
  cluster: KubeTarget,
  ns: string,
  image: string,
  count = MANY,
  opts: { distinctLabelKeys?: boolean } = {},
): Promise<string[]> {
  await createNamespace(cluster, ns)
  const names = Array.from({ length: count }, (_, i) => `svc-${String(i + 1).padStart(2, '0')}`)
  await Promise.all(
    names.map((name) =>
      createDeployment(cluster, {
        namespace: ns,
        name,
        image,
        replicas: MANY_REPLICAS,
        // each selector on a key of its own (`svc-01: svc-01`): no key shared by all
        ...(opts.distinctLabelKeys ? { labelKey: name } : {}),
      }),
    ),
  )
  return names
}

/** One run of dock2pod deploying `names` at once, then kubectl rolling them on. */
async function manyRound(
  cluster: KubeTarget & { dir: string },
  entry: string,
  ns: string,
  names: string[],
  target: string,
  next: string,
) {
  await clearRequestLog(cluster)
  const d = await runDock2pod({
    entry,
    inputs: { 'image-ref': target, deployment: names.join('\n'), namespace: ns, ...COST_INPUTS },
    env: { KUBECONFIG: cluster.kubeconfigPath },
    usage: true,
  })
  if (d.run.exitCode !== 0)
    throw new Error(`dock2pod, ${names.length} deployments:\n${d.run.stdout.slice(-3000)}`)
  const dock2podLog = await toolRequests(cluster)

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
  const usages = statuses.map((s) => s.usage)
  return {
    dock2pod: {
      usage: d.usage!,
      requests: countRequests(dock2podLog),
      routes: routeCounts(dock2podLog),
      watches: watchResumes(dock2podLog),
      wallMs: d.run.durationMs,
    },
    kubectl: {
      // summed over the processes, one per Deployment
      usage: {
        maxRssMB: usages.reduce((s, x) => s + x.maxRssMB, 0),
        cpuSeconds: usages.reduce((s, x) => s + x.cpuSeconds, 0),
      },
      requests: kubectlRequests,
    },
  }
}

export const runnerCost: Scenario = async (ctx) => {
  // Rounds one after the other, each a rollout of its own: n=1 rows hid a spread of
  // 12 MB in the 100-replica peak (131 to 143 MB) and of 5.7 to 7.2 times kubectl's CPU
  // between runs of nearly the same bundle (docs/performance.md, "The cost rows").
  const rounds = ctx.n(3, 1)
  const bigReplicas = costReplicas(ctx.opts.quick)
  const big: ReplicaRollout[] = []
  for (let r = 0; r < rounds; r++) big.push(await replicaRollout(ctx, bigReplicas, r))
  const { cluster } = await ctx.testbed()
  const images = await benchImages(ctx)

  const many = ctx.opts.quick ? 3 : MANY
  const target = await images.readyAfter(COST_READY_AFTER_S)
  const next = await images.readyAfter(COST_READY_AFTER_S + 1)
  const manyRuns: Awaited<ReturnType<typeof manyRound>>[] = []
  for (let r = 0; r < rounds; r++) {
    const ns = `many-r${r}`
    const names = await createMany(cluster, ns, images.good, many)
    try {
      manyRuns.push(await manyRound(cluster, ctx.entry, ns, names, target, next))
    } finally {
      await deleteNamespace(cluster, ns)
    }
  }
  const of = <T>(xs: T[], f: (x: T) => number, unit: Unit) => distribution(xs.map(f), unit)
  const bigD = (r: ReplicaRollout) => r.dock2pod.usage!
  const bigK = (r: ReplicaRollout) => r.kubectlStatus.usage!
  const roundsNote = `${rounds} round${rounds === 1 ? '' : 's'}`
  const walls = big.map((r) => (r.dock2pod.wallMs / 1000).toFixed(0)).join(', ')
  const rows: Row[] = [
    {
      scenario: 'runner-cost',
      measure: `Peak RSS, one rollout of ${bigReplicas} replicas`,
      dock2pod: of(big, (r) => bigD(r).maxRssMB, 'MB'),
      kubectl: of(big, (r) => bigK(r).maxRssMB, 'MB'),
      note: `${roundsNote}, each a rollout of its own; kubectl: rollout status of the next rollout of the same Deployment; real Pods Ready ${COST_READY_AFTER_S} s after start; dock2pod's runs took ${walls} s; ${COST_INPUTS_NOTE}`,
    },
    {
      scenario: 'runner-cost',
      measure: `CPU time, one rollout of ${bigReplicas} replicas`,
      dock2pod: of(big, (r) => bigD(r).cpuSeconds, 'cpu-s'),
      kubectl: of(big, (r) => bigK(r).cpuSeconds, 'cpu-s'),
      note: 'user + system, the whole process',
    },
    {
      scenario: 'runner-cost',
      measure: `Peak RSS, ${many} Deployments at once (${MANY_REPLICAS} replicas each)`,
      dock2pod: of(manyRuns, (r) => r.dock2pod.usage.maxRssMB, 'MB'),
      kubectl: of(manyRuns, (r) => r.kubectl.usage.maxRssMB, 'MB'),
      note: `${roundsNote}, each in a namespace of its own; dock2pod: one run, ${COST_INPUTS_NOTE.replace('dock2pod ', '')}; kubectl: ${many} rollout status processes, peak RSS summed`,
    },
    {
      scenario: 'runner-cost',
      measure: `CPU time, ${many} Deployments at once`,
      dock2pod: of(manyRuns, (r) => r.dock2pod.usage.cpuSeconds, 'cpu-s'),
      kubectl: of(manyRuns, (r) => r.kubectl.usage.cpuSeconds, 'cpu-s'),
      note: `kubectl: summed over the ${many} processes`,
    },
    {
      scenario: 'runner-cost',
      measure: `API requests, ${many} Deployments at once`,
      dock2pod: of(manyRuns, (r) => r.dock2pod.requests.total, 'requests'),
      kubectl: of(manyRuns, (r) => r.kubectl.requests.total, 'requests'),
      note: 'kubectl: one set image for all + one rollout status each',
    },
  ]
  return {
    rows,
    details: {
      readyAfterSeconds: COST_READY_AFTER_S,
      rounds,
      big: big.map((r) => ({
        replicas: bigReplicas,
        dock2pod: r.dock2pod,
        kubectlStatus: r.kubectlStatus,
      })),
      many: { deployments: many, replicas: MANY_REPLICAS, rounds: manyRuns },
    },
  }
}
