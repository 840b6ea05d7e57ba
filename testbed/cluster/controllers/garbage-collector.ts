// Background cascading deletion: when an owner goes, its dependents (by
// ownerReferences uid) are deleted too — a deployment takes its ReplicaSets, a
// ReplicaSet its pods (gracefully, so the kubelet still stops them).
import type { ClusterContext } from '../context.ts'
import type { StoreEvent } from '../store.ts'
import { RESOURCES } from '../resources.ts'
import { keyOf } from '../store.ts'

export class GarbageCollector {
  private readonly ctx: ClusterContext
  private unsubscribe?: () => void
  private readonly pendingOwners = new Set<string>()
  private scheduled = false
  private stopped = false

  constructor(ctx: ClusterContext) {
    this.ctx = ctx
  }

  start(): void {
    this.unsubscribe = this.ctx.store.subscribe((e) => this.onEvent(e))
  }

  stop(): void {
    this.stopped = true
    this.unsubscribe?.()
  }

  private onEvent(e: StoreEvent): void {
    // Events own nothing and are never owned here; skipping them keeps each pass small.
    if (e.type !== 'DELETED' || e.key === '/events') return
    this.pendingOwners.add(e.object.metadata.uid)
    if (!this.scheduled) {
      this.scheduled = true
      setImmediate(() => this.collect())
    }
  }

  private collect(): void {
    this.scheduled = false
    if (this.stopped) return
    const owners = new Set(this.pendingOwners)
    this.pendingOwners.clear()
    const { store } = this.ctx
    for (const t of RESOURCES) {
      const key = keyOf(t)
      if (key === '/events') continue
      for (const obj of store.list(key).items) {
        const refs = obj.metadata.ownerReferences ?? []
        if (!refs.some((r) => owners.has(r.uid))) continue
        // Dependents with another owner still alive stay (the GC's "remaining owners" rule).
        const others = refs.filter((r) => !owners.has(r.uid))
        if (others.some((r) => this.ownerExists(obj.metadata.namespace, r.uid, r.kind))) {
          try {
            store.mutate(key, obj.metadata.namespace, obj.metadata.name, (o) => {
              o.metadata.ownerReferences = others
            })
          } catch {
            // gone meanwhile
          }
          continue
        }
        try {
          store.delete(key, obj.metadata.namespace, obj.metadata.name)
        } catch {
          // gone meanwhile
        }
      }
    }
  }

  private ownerExists(ns: string | undefined, uid: string, kind: string): boolean {
    const t = RESOURCES.find((r) => r.kind === kind)
    if (!t) return false
    return this.ctx.store
      .list(keyOf(t), t.namespaced ? ns : undefined)
      .items.some((o) => o.metadata.uid === uid)
  }
}
