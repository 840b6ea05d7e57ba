// Every namespace gets a `default` ServiceAccount, recreated if deleted.
import type { ClusterContext } from '../context.ts'
import type { StoreEvent } from '../store.ts'
import { WorkQueue } from './queue.ts'

export class ServiceAccountController {
  private readonly ctx: ClusterContext
  private readonly queue: WorkQueue
  private unsubscribe?: () => void

  constructor(ctx: ClusterContext) {
    this.ctx = ctx
    this.queue = new WorkQueue((ns) => this.ensure(ns))
  }

  start(): void {
    this.unsubscribe = this.ctx.store.subscribe((e) => this.onEvent(e))
    for (const ns of this.ctx.store.list('/namespaces').items) this.queue.add(ns.metadata.name)
  }

  stop(): void {
    this.unsubscribe?.()
    this.queue.stop()
  }

  private onEvent(e: StoreEvent): void {
    if (e.key === '/namespaces' && e.type !== 'DELETED') this.queue.add(e.object.metadata.name)
    if (
      e.key === '/serviceaccounts' &&
      e.type === 'DELETED' &&
      e.object.metadata.name === 'default'
    ) {
      this.queue.add(e.object.metadata.namespace ?? 'default')
    }
  }

  ensure(ns: string): void {
    const { store } = this.ctx
    const nsObj = store.tryGet('/namespaces', undefined, ns)
    if (!nsObj || nsObj.metadata.deletionTimestamp || nsObj.status?.phase === 'Terminating') return
    if (store.tryGet('/serviceaccounts', ns, 'default')) return
    try {
      store.create('/serviceaccounts', ns, { metadata: { name: 'default', namespace: ns } })
    } catch {
      // created meanwhile
    }
  }
}
