// The ReplicaSet controller: keep spec.replicas active pods, deleting the cheapest
// ones first (ActivePodsWithRanks), and report replicas / fullyLabeled / ready /
// available (after minReadySeconds) in status.
import type { ClusterContext } from '../context.ts'
import type { Timer } from '../clock.ts'
import type { KubeObject, NewObject, StoreEvent } from '../store.ts'
import { recordEvent } from './events.ts'
import { applyDefaults } from '../defaults.ts'
import { qosClass } from './pod-defaults.ts'
import {
  availableAt,
  compareForDeletion,
  controllerRef,
  isPodActive,
  isPodAvailable,
  isPodReady,
  ownedBy,
} from './pod-util.ts'
import { WorkQueue, nsName, splitKey } from './queue.ts'

const RS = 'apps/replicasets'
const PODS = '/pods'
const source = { component: 'replicaset-controller' }

export class ReplicaSetController {
  private readonly ctx: ClusterContext
  private readonly queue: WorkQueue
  private readonly timers = new Map<string, Timer>()
  private unsubscribe?: () => void

  constructor(ctx: ClusterContext) {
    this.ctx = ctx
    this.queue = new WorkQueue((k) => this.sync(k))
  }

  start(): void {
    this.unsubscribe = this.ctx.store.subscribe((e) => this.onEvent(e))
    for (const rs of this.ctx.store.list(RS).items)
      this.queue.add(nsName(rs.metadata.namespace, rs.metadata.name))
  }

  stop(): void {
    this.unsubscribe?.()
    this.queue.stop()
    for (const t of this.timers.values()) t.cancel()
    this.timers.clear()
  }

  private onEvent(e: StoreEvent): void {
    if (e.key === RS) this.queue.add(nsName(e.object.metadata.namespace, e.object.metadata.name))
    else if (e.key === PODS) {
      const ref = controllerRef(e.object)
      if (ref?.kind === 'ReplicaSet') this.queue.add(nsName(e.object.metadata.namespace, ref.name))
    }
  }

  sync(key: string): void {
    const [ns, name] = splitKey(key)
    const { store, clock } = this.ctx
    const rs = store.tryGet(RS, ns, name)
    if (!rs || rs.metadata.deletionTimestamp) return
    const allPods = store.list(PODS, ns).items
    const owned = allPods.filter((p) => ownedBy(p, rs))
    let active = owned.filter(isPodActive)
    const want = rs.spec?.replicas ?? 1
    const diff = active.length - want
    if (diff < 0) {
      for (let i = 0; i < -diff; i++) {
        const pod = this.createPod(rs)
        if (pod) active.push(pod)
      }
    } else if (diff > 0) {
      // Rank: pods sharing a node with more of their siblings go first.
      const perNode = new Map<string, number>()
      for (const p of active)
        if (p.spec?.nodeName) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1)
      const ranks = new Map(
        active.map((p) => [p.metadata.name, perNode.get(p.spec?.nodeName) ?? 0]),
      )
      const victims = [...active].sort(compareForDeletion(ranks)).slice(0, diff)
      for (const p of victims) {
        try {
          store.delete(PODS, ns, p.metadata.name)
          recordEvent(store, {
            object: rs,
            type: 'Normal',
            reason: 'SuccessfulDelete',
            message: `Deleted pod: ${p.metadata.name}`,
            source,
          })
        } catch {
          // Already gone.
        }
      }
      const gone = new Set(victims.map((p) => p.metadata.name))
      active = active.filter((p) => !gone.has(p.metadata.name))
    }
    this.updateStatus(rs, active, clock.nowMs())
  }

  private createPod(rs: KubeObject): KubeObject | undefined {
    const { store } = this.ctx
    const tpl = rs.spec?.template ?? {}
    const input: NewObject = {
      metadata: {
        generateName: `${rs.metadata.name}-`,
        namespace: rs.metadata.namespace,
        labels: { ...(tpl.metadata?.labels ?? {}) },
        ...(tpl.metadata?.annotations ? { annotations: { ...tpl.metadata.annotations } } : {}),
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: rs.metadata.name,
            uid: rs.metadata.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: structuredClone(tpl.spec ?? {}),
      status: { phase: 'Pending' },
    }
    // The defaults and admission the API server would apply to a pod it is sent,
    // including the ServiceAccount plugin's copy of the account's imagePullSecrets.
    applyDefaults(PODS, input as KubeObject)
    const spec = input.spec as { imagePullSecrets?: unknown[]; serviceAccountName?: string }
    if (!spec.imagePullSecrets?.length) {
      const sa = store.tryGet(
        '/serviceaccounts',
        rs.metadata.namespace,
        spec.serviceAccountName ?? 'default',
      )
      if (sa?.imagePullSecrets && (sa.imagePullSecrets as unknown[]).length) {
        spec.imagePullSecrets = structuredClone(sa.imagePullSecrets as unknown[])
      }
    }
    input.status = { phase: 'Pending', qosClass: qosClass(input as KubeObject) }
    try {
      const pod = store.create(PODS, rs.metadata.namespace, input)
      recordEvent(store, {
        object: rs,
        type: 'Normal',
        reason: 'SuccessfulCreate',
        message: `Created pod: ${pod.metadata.name}`,
        source,
      })
      return pod
    } catch (err) {
      recordEvent(store, {
        object: rs,
        type: 'Warning',
        reason: 'FailedCreate',
        message: `Error creating: ${(err as Error).message}`,
        source,
      })
      return undefined
    }
  }

  private updateStatus(rs: KubeObject, active: KubeObject[], now: number): void {
    const { store, clock } = this.ctx
    const minReady = rs.spec?.minReadySeconds ?? 0
    const tplLabels: Record<string, string> = rs.spec?.template?.metadata?.labels ?? {}
    const fully = active.filter((p) =>
      Object.entries(tplLabels).every(([k, v]) => p.metadata.labels?.[k] === v),
    )
    const status = {
      ...(rs.status ?? {}),
      replicas: active.length,
      fullyLabeledReplicas: fully.length,
      readyReplicas: active.filter(isPodReady).length,
      availableReplicas: active.filter((p) => isPodAvailable(p, minReady, now)).length,
      observedGeneration: rs.metadata.generation ?? 1,
    }
    // Omit zero counts like the API server's JSON does (omitempty), except replicas.
    for (const k of ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas'] as const)
      if (!status[k]) delete status[k]
    const key = nsName(rs.metadata.namespace, rs.metadata.name)
    try {
      store.mutate(RS, rs.metadata.namespace, rs.metadata.name, (o) => (o.status = status), {
        subresource: 'status',
      })
    } catch {
      return
    }
    // Requeue when the next ready pod passes minReadySeconds.
    this.timers.get(key)?.cancel()
    this.timers.delete(key)
    if (minReady > 0) {
      const pending = active
        .map((p) => availableAt(p, minReady))
        .filter((t): t is number => t !== undefined && t >= now)
      if (pending.length) {
        const wait = Math.min(...pending) - now + 1000
        this.timers.set(
          key,
          clock.after(wait, () => this.queue.add(key)),
        )
      }
    }
  }
}
