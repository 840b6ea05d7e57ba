// Rollouts that more than one scenario reads: the large ones (API cost and runner cost
// of the same 1000-replica rollout) run once per bench run.
import type { Cluster } from '../testbed/cluster/index.ts'
import { clearRequestLog, requestLog } from '../testbed/cluster/testing.ts'
import type { RequestLogEntry } from '../testbed/cluster/hooks.ts'
import {
  createDeployment,
  createNamespace,
  generationOf,
  kubectlTimed,
  runDock2pod,
  startBenchCluster,
  waitPatched,
  waitRolledOut,
  type ResourceUsage,
} from './harness.ts'
import { benchImages, type BenchImages } from './images.ts'
import { countRequests, inNamespace, type RequestCounts } from './requests.ts'
import type { ScenarioContext } from './scenario.ts'

/** Cluster speed for the replica-count rollouts: the simulation of 1000 Pods is CPU-bound. */
export const COST_SPEED = 10
/** 110 Pods per node, as the kubelet's default: room for 1000 replicas plus surge. */
const COST_NODES = 15

export interface CostCluster {
  cluster: Cluster
  images: BenchImages
}

export function costCluster(ctx: ScenarioContext): Promise<CostCluster> {
  return ctx.memo('cost-cluster', async () => {
    const images = await benchImages(ctx)
    const cluster = await startBenchCluster(COST_SPEED, COST_NODES)
    ctx.onCleanup(() => cluster.stop())
    return { cluster, images }
  })
}

export interface ToolCost {
  requests: RequestCounts
  usage?: ResourceUsage
  /** Requests outside the rollout's namespace (discovery); dock2pod should send none. */
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

function costOf(
  log: RequestLogEntry[],
  ns: string,
  wallMs: number,
  usage?: ResourceUsage,
): ToolCost {
  const mine = inNamespace(log, ns)
  return {
    requests: countRequests(log),
    outside: log.length - mine.length,
    wallMs,
    ...(usage ? { usage } : {}),
  }
}

/**
 * One Deployment of `replicas`: dock2pod rolls it out (its requests counted, its process
 * measured), then kubectl rolls it on to the next image the way a workflow would without
 * dock2pod (`set image` + `rollout status`, counted separately).
 */
export function replicaRollout(ctx: ScenarioContext, replicas: number): Promise<ReplicaRollout> {
  return ctx.memo(`replicas-${replicas}`, async () => {
    const { cluster, images } = await costCluster(ctx)
    const ns = `cost-${replicas}`
    const timeoutMs = 900_000
    await createNamespace(cluster, ns)
    await createDeployment(
      cluster,
      { namespace: ns, name: 'app', image: images.good, replicas },
      timeoutMs,
    )
    const target = await images.readyAfter('10s')
    const next = await images.readyAfter('11s')

    await clearRequestLog(cluster)
    const d = await runDock2pod({
      entry: ctx.entry,
      inputs: { 'image-ref': target, deployment: 'app', namespace: ns, timeout: '15m' },
      env: { KUBECONFIG: cluster.kubeconfigPath },
      usage: true,
    })
    if (d.run.exitCode !== 0)
      throw new Error(`${ns}: dock2pod failed:\n${d.run.stdout.slice(-3000)}`)
    const dock2pod = costOf(await requestLog(cluster), ns, d.run.durationMs, d.usage)
    await waitRolledOut(cluster, ns, 'app', replicas, timeoutMs)

    await clearRequestLog(cluster)
    const g = generationOf(cluster, ns, 'app')
    const set = await kubectlTimed(cluster, [
      '-n',
      ns,
      'set',
      'image',
      'deployment/app',
      `app=${next}`,
    ])
    if (set.code !== 0) throw new Error(`${ns}: kubectl set image: ${set.stderr}`)
    await waitPatched(cluster, ns, 'app', g)
    const kubectlSetImage = costOf(
      await requestLog(cluster),
      ns,
      set.exitAt - set.startedAt,
      set.usage,
    )
    await clearRequestLog(cluster)
    const status = await kubectlTimed(cluster, [
      '-n',
      ns,
      'rollout',
      'status',
      'deployment/app',
      '--timeout=15m',
    ])
    if (status.code !== 0) throw new Error(`${ns}: kubectl rollout status: ${status.stderr}`)
    const kubectlStatus = costOf(
      await requestLog(cluster),
      ns,
      status.exitAt - status.startedAt,
      status.usage,
    )
    ctx.log(
      `${replicas} replicas: dock2pod ${dock2pod.requests.total} requests, ${(dock2pod.wallMs / 1000).toFixed(1)} s; kubectl ${kubectlSetImage.requests.total} + ${kubectlStatus.requests.total} requests`,
    )
    return { replicas, dock2pod, kubectlSetImage, kubectlStatus }
  })
}
