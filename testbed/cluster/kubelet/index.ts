// The simulated kubelet: registers Ready nodes and runs every pod bound to them
// (pull from the real registry, then behave as the image's labels say), reporting pod
// status and events through the store as a real node would.
import type { ClusterContext, Stoppable } from '../context.ts'
import type { KubeObject, StoreEvent } from '../store.ts'
import { nodeIp, nodeObject, type NodeConfig } from './node.ts'
import { PodWorker, type NodeRuntime } from './pod-worker.ts'
import type { PulledImage } from './registry-client.ts'

export interface KubeletOptions {
  /** Nodes to register: names or full configs; default one node, `node-1`. */
  nodes?: (string | NodeConfig)[]
  /** Registries reached over plain HTTP besides localhost/127.x. */
  insecureRegistries?: string[]
  /** Replace fetch for registry requests (tests). */
  fetch?: typeof fetch
  /** Cluster ms a container takes to exit after SIGTERM (capped by the grace period). Default 1000. */
  stopDelayMs?: number
}

const PODS = '/pods'
const isTerminal = (p: KubeObject) =>
  p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed'

export function startKubelet(ctx: ClusterContext, opts: KubeletOptions = {}): Stoppable {
  const configs: NodeConfig[] = (opts.nodes ?? ['node-1']).map((n) =>
    typeof n === 'string' ? { name: n } : n,
  )
  const runtimes = new Map<string, NodeRuntime>()
  const workers = new Map<string, PodWorker>()
  let stopped = false

  configs.forEach((cfg, i) => {
    const existing = ctx.store.tryGet('/nodes', undefined, cfg.name)
    const obj = nodeObject(cfg, i, ctx.clock.timestamp())
    if (!existing) ctx.store.create('/nodes', undefined, obj)
    else {
      ctx.store.mutate('/nodes', undefined, cfg.name, (n) => (n.status = obj.status), {
        subresource: 'status',
      })
    }
    let podCount = 0
    runtimes.set(cfg.name, {
      ctx,
      nodeName: cfg.name,
      hostIP: nodeIp(i),
      allocatePodIP: () => `10.244.${i}.${2 + (podCount++ % 250)}`,
      images: new Map<string, PulledImage>(),
      insecureRegistries: opts.insecureRegistries ?? [],
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      stopDelayMs: opts.stopDelayMs ?? 1000,
    })
  })

  const handle = (type: StoreEvent['type'], pod: KubeObject) => {
    if (stopped) return
    const rt = runtimes.get(pod.spec?.nodeName ?? '')
    if (!rt) return
    const uid = pod.metadata.uid
    let worker = workers.get(uid)
    if (type === 'DELETED') {
      worker?.stop()
      workers.delete(uid)
      ctx.logs.forgetPod(pod.metadata.namespace ?? 'default', pod.metadata.name)
      return
    }
    if (!worker) {
      if (isTerminal(pod)) return
      worker = new PodWorker(rt, pod)
      workers.set(uid, worker)
      const w = worker
      // Never write from inside a store notification.
      setImmediate(() => {
        if (stopped) return
        const deleting = ctx.store.tryGet(PODS, pod.metadata.namespace, pod.metadata.name)
        if (!deleting || deleting.metadata.uid !== uid) return
        w.start()
        if (deleting.metadata.deletionTimestamp) w.terminate(deleting)
      })
      return
    }
    worker.update(pod)
    if (pod.metadata.deletionTimestamp) {
      const w = worker
      setImmediate(() => w.terminate(pod))
    }
  }

  const unsubscribe = ctx.store.subscribe((e) => {
    if (e.key === PODS) handle(e.type, e.object)
  })
  for (const p of ctx.store.list(PODS).items) handle('ADDED', p)

  return {
    stop() {
      stopped = true
      unsubscribe()
      for (const w of workers.values()) w.stop()
      workers.clear()
    },
  }
}
