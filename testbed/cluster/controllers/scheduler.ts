// A small default-scheduler: bind each pending pod to a Ready node that matches its
// nodeSelector and has room for its requests, round-robin; otherwise mark it
// Unschedulable with a FailedScheduling event worded like the real scheduler's.
import type { ClusterContext } from '../context.ts'
import type { KubeObject, StoreEvent } from '../store.ts'
import { recordEvent } from './events.ts'
import { parseQuantity } from './quantity.ts'
import { WorkQueue, nsName, splitKey } from './queue.ts'

const PODS = '/pods'
const NODES = '/nodes'
const source = { component: 'default-scheduler' }

const needsScheduling = (p: KubeObject) =>
  !p.spec?.nodeName &&
  !p.metadata.deletionTimestamp &&
  (p.spec?.schedulerName ?? 'default-scheduler') === 'default-scheduler' &&
  p.status?.phase !== 'Succeeded' &&
  p.status?.phase !== 'Failed'

const isTerminal = (p: KubeObject) =>
  p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed'

export function podRequests(pod: KubeObject): { cpu: number; memory: number } {
  let cpu = 0
  let memory = 0
  for (const c of pod.spec?.containers ?? []) {
    const r = c.resources?.requests ?? c.resources?.limits ?? {}
    cpu += parseQuantity(r.cpu)
    memory += parseQuantity(r.memory)
  }
  return { cpu, memory }
}

export class Scheduler {
  private readonly ctx: ClusterContext
  private readonly queue: WorkQueue
  private unsubscribe?: () => void
  private next = 0

  constructor(ctx: ClusterContext) {
    this.ctx = ctx
    this.queue = new WorkQueue((k) => this.schedule(k))
  }

  start(): void {
    this.unsubscribe = this.ctx.store.subscribe((e) => this.onEvent(e))
    this.requeueAll()
  }

  stop(): void {
    this.unsubscribe?.()
    this.queue.stop()
  }

  private requeueAll(): void {
    for (const p of this.ctx.store.list(PODS).items)
      if (needsScheduling(p)) this.queue.add(nsName(p.metadata.namespace, p.metadata.name))
  }

  private onEvent(e: StoreEvent): void {
    if (e.key === NODES) this.requeueAll()
    else if (e.key === PODS) {
      if (e.type === 'DELETED' && e.object.spec?.nodeName) this.requeueAll()
      else if (e.type === 'ADDED' && needsScheduling(e.object))
        this.queue.add(nsName(e.object.metadata.namespace, e.object.metadata.name))
    }
  }

  schedule(key: string): void {
    const [ns, name] = splitKey(key)
    const { store } = this.ctx
    const pod = store.tryGet(PODS, ns, name)
    if (!pod || !needsScheduling(pod)) return
    const nodes = store.list(NODES).items
    const reasons = new Map<string, number>()
    const note = (r: string) => reasons.set(r, (reasons.get(r) ?? 0) + 1)
    const req = podRequests(pod)
    const pods = store.list(PODS).items
    // Nodes that failed only on resources: preemption could help there in principle.
    let resourceNodes = 0
    const fits = nodes.filter((n) => {
      const ready =
        (n.status?.conditions ?? []).find((c: { type: string }) => c.type === 'Ready')?.status ===
        'True'
      if (!ready)
        return (note(`node(s) had untolerated taint {node.kubernetes.io/not-ready: }`), false)
      if (n.spec?.unschedulable) return (note('node(s) were unschedulable'), false)
      const sel: Record<string, string> = pod.spec?.nodeSelector ?? {}
      if (Object.entries(sel).some(([k, v]) => n.metadata.labels?.[k] !== v)) {
        return (note("node(s) didn't match Pod's node affinity/selector"), false)
      }
      const onNode = pods.filter((p) => p.spec?.nodeName === n.metadata.name && !isTerminal(p))
      const alloc = n.status?.allocatable ?? {}
      let ok = true
      const fail = (r: string) => {
        note(r)
        ok = false
      }
      if (onNode.length + 1 > parseQuantity(alloc.pods ?? '110')) fail('Too many pods')
      const used = onNode
        .map(podRequests)
        .reduce((a, b) => ({ cpu: a.cpu + b.cpu, memory: a.memory + b.memory }), {
          cpu: 0,
          memory: 0,
        })
      if (alloc.cpu !== undefined && used.cpu + req.cpu > parseQuantity(alloc.cpu) + 1e-9)
        fail('Insufficient cpu')
      if (alloc.memory !== undefined && used.memory + req.memory > parseQuantity(alloc.memory))
        fail('Insufficient memory')
      if (!ok) resourceNodes++
      return ok
    })
    if (fits.length === 0) {
      this.markUnschedulable(pod, nodes.length, reasons, resourceNodes)
      return
    }
    const node = fits[this.next++ % fits.length]!
    const nodeName = node.metadata.name
    try {
      store.mutate(PODS, ns, name, (p) => {
        p.spec = { ...p.spec, nodeName }
      })
      store.mutate(
        PODS,
        ns,
        name,
        (p) => {
          const conditions = (p.status?.conditions ?? []).filter(
            (c: { type: string }) => c.type !== 'PodScheduled',
          )
          conditions.push({
            type: 'PodScheduled',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: this.ctx.clock.timestamp(),
          })
          p.status = { ...(p.status ?? {}), phase: p.status?.phase ?? 'Pending', conditions }
        },
        { subresource: 'status' },
      )
    } catch {
      return
    }
    recordEvent(store, {
      object: pod,
      type: 'Normal',
      reason: 'Scheduled',
      message: `Successfully assigned ${ns}/${name} to ${nodeName}`,
      source,
    })
  }

  private markUnschedulable(
    pod: KubeObject,
    nodeCount: number,
    reasons: Map<string, number>,
    resourceNodes: number,
  ): void {
    const { store } = this.ctx
    // FitError.Error(): "<count> <reason>" strings sorted, then the preemption verdict.
    const parts = [...reasons].map(([r, n]) => `${n} ${r}`).sort()
    const preemption = [
      ...(resourceNodes ? [`${resourceNodes} No preemption victims found for incoming pod`] : []),
      ...(nodeCount - resourceNodes
        ? [`${nodeCount - resourceNodes} Preemption is not helpful for scheduling`]
        : []),
    ].sort()
    const message =
      nodeCount === 0
        ? 'no nodes available to schedule pods'
        : `0/${nodeCount} nodes are available: ${parts.join(', ')}. preemption: 0/${nodeCount} nodes are available: ${preemption.join(', ')}.`
    const cur = (pod.status?.conditions ?? []).find(
      (c: { type: string }) => c.type === 'PodScheduled',
    )
    if (cur?.status === 'False' && cur.message === message) return
    try {
      store.mutate(
        PODS,
        pod.metadata.namespace,
        pod.metadata.name,
        (p) => {
          const conditions = (p.status?.conditions ?? []).filter(
            (c: { type: string }) => c.type !== 'PodScheduled',
          )
          conditions.push({
            type: 'PodScheduled',
            status: 'False',
            lastProbeTime: null,
            lastTransitionTime: this.ctx.clock.timestamp(),
            reason: 'Unschedulable',
            message,
          })
          p.status = { ...(p.status ?? {}), phase: 'Pending', conditions }
        },
        { subresource: 'status' },
      )
    } catch {
      return
    }
    recordEvent(store, {
      object: pod,
      type: 'Warning',
      reason: 'FailedScheduling',
      message,
      source,
    })
  }
}
