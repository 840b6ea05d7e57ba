// Rollouts that more than one scenario reads: the largest replica count's rollout gives
// both its API cost and its runner cost, run once per bench run.
import { clearRequestLog, requestLog } from '../testbed/kube/testing.ts'
import type { RequestLogEntry } from '../testbed/kube/faults.ts'
import {
  createDeployment,
  createNamespace,
  deleteNamespace,
  kubectlRolloutStatus,
  kubectlTimed,
  runDock2pod,
  waitRolledOut,
  type ResourceUsage,
} from './harness.ts'
import { benchImages } from './images.ts'
import { OBSERVER_MARK } from './observer.ts'
import {
  countRequests,
  inNamespace,
  routeCounts,
  watchResumes,
  type RequestCounts,
  type WatchResumes,
} from './requests.ts'
import type { ScenarioContext } from './scenario.ts'

/** Seconds the replica-count rollouts' Pods take to turn Ready after they start. */
export const COST_READY_AFTER_S = 1
/**
 * The cost runs measure a rollout that succeeds, on a 2-core node that a 100-replica
 * rollout loads to ~200: there the runtime timed out starting containers (StartError
 * "context deadline exceeded") and the kubelet's probes timed out for minutes, and the
 * default grace of 0s and ready-grace of 2m failed two such runs on 2026-11-26. So
 * dock2pod gets room for the node's retries; the rows say so.
 */
export const COST_INPUTS = { grace: '2m', 'ready-grace': '5m' } as const
export const COST_INPUTS_NOTE = 'dock2pod with grace 2m and ready-grace 5m (for the busy node)'

export interface ToolCost {
  requests: RequestCounts
  /** The requests by method and resource (requestRoute), most first. */
  routes?: Record<string, number>
  /** How often a watch was opened again. */
  watches?: WatchResumes
  usage?: ResourceUsage
  /** Requests that name no namespace: kubectl's discovery, dock2pod's access reviews. */
  outside: number
  wallMs: number
}

export interface ReplicaRollout {
  replicas: number
  dock2pod: ToolCost
  /** `kubectl set image` then `kubectl rollout status`, on the next rollout of the same Deployment. */
  kubectlSetImage: ToolCost
  kubectlStatus: ToolCost
}

/** The request log without the bench observer's own watches. */
export async function toolRequests(
  c: Parameters<typeof requestLog>[0],
): Promise<RequestLogEntry[]> {
  return (await requestLog(c)).filter((r) => !r.query.includes(OBSERVER_MARK))
}

function costOf(
  log: RequestLogEntry[],
  ns: string,
  wallMs: number,
  usage?: ResourceUsage,
): ToolCost {
  return {
    requests: countRequests(log),
    routes: routeCounts(log),
    watches: watchResumes(log),
    outside: log.length - inNamespace(log, ns).length,
    wallMs,
    ...(usage ? { usage } : {}),
  }
}

/**
 * One Deployment of `replicas` on the real node: dock2pod rolls it out (its requests
 * counted, its process measured), then kubectl rolls it on to the next image the way a
 * workflow would without dock2pod (`set image` + `rollout status`, counted separately).
 */
export function replicaRollout(
  ctx: ScenarioContext,
  replicas: number,
  round = 0,
): Promise<ReplicaRollout> {
  // Round 0 is shared by api-cost and runner-cost when both run.
  return ctx.memo(`replicas-${replicas}${round ? `-${round}` : ''}`, async () => {
    const { cluster } = await ctx.testbed()
    const images = await benchImages(ctx)
    const ns = `cost-${replicas}${round ? `-r${round}` : ''}`
    const timeoutMs = 900_000
    const target = await images.readyAfter(COST_READY_AFTER_S)
    const next = await images.readyAfter(COST_READY_AFTER_S + 1)
    await createNamespace(cluster, ns)
    try {
      await createDeployment(
        cluster,
        { namespace: ns, name: 'app', image: images.good, replicas },
        timeoutMs,
      )

      await clearRequestLog(cluster)
      const d = await runDock2pod({
        entry: ctx.entry,
        inputs: {
          'image-ref': target,
          deployment: 'app',
          namespace: ns,
          timeout: '15m',
          ...COST_INPUTS,
        },
        env: { KUBECONFIG: cluster.kubeconfigPath },
        usage: true,
      })
      if (d.run.exitCode !== 0)
        throw new Error(`${ns}: dock2pod failed:\n${d.run.stdout.slice(-3000)}`)
      const dock2pod = costOf(await toolRequests(cluster), ns, d.run.durationMs, d.usage)
      await waitRolledOut(cluster, ns, 'app', replicas, timeoutMs)

      await clearRequestLog(cluster)
      const set = await kubectlTimed(cluster, [
        '-n',
        ns,
        'set',
        'image',
        'deployment/app',
        `app=${next}`,
      ])
      if (set.code !== 0) throw new Error(`${ns}: kubectl set image: ${set.stderr}`)
      const kubectlSetImage = costOf(
        await toolRequests(cluster),
        ns,
        set.exitAt - set.startedAt,
        set.usage,
      )
      await clearRequestLog(cluster)
      const status = await kubectlRolloutStatus(cluster, ns, { timeout: '15m' })
      if (status.code !== 0) throw new Error(`${ns}: kubectl rollout status: ${status.stderr}`)
      const kubectlStatus = costOf(
        await toolRequests(cluster),
        ns,
        status.exitAt - status.startedAt,
        status.usage,
      )
      ctx.log(
        `${replicas} replicas: dock2pod ${dock2pod.requests.total} requests, ${(dock2pod.wallMs / 1000).toFixed(1)} s; kubectl ${kubectlSetImage.requests.total} + ${kubectlStatus.requests.total} requests, ${(kubectlStatus.wallMs / 1000).toFixed(1)} s`,
      )
      return { replicas, dock2pod, kubectlSetImage, kubectlStatus }
    } finally {
      await deleteNamespace(cluster, ns)
    }
  })
}

/**
 * The replica counts of the API-cost rollouts. 150 and its surge of 38 are 188 Pods, which
 * leaves the node (MAX_PODS, and a /24 of Pod addresses) room for the old Pods still
 * terminating. 200 and its surge of 50 filled it: one surge Pod was refused by the
 * scheduler for longer than the grace, and the rollout failed, as it should (tried).
 */
export const replicaCounts = (quick: boolean) => (quick ? [1, 3] : [1, 10, 100, 150])

/** Runner cost's "one rollout" (its first round is api-cost's rollout of as many replicas). */
export const costReplicas = (quick: boolean) => (quick ? 3 : 100)
