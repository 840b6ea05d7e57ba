import type { Clock } from './clock.ts'
import type { ContainerLogs } from './logs.ts'
import type { Store } from './store.ts'

/** What the controllers and the kubelet share with the API server. */
export interface ClusterContext {
  store: Store
  clock: Clock
  logs: ContainerLogs
}

/** A running background loop (controller, kubelet) that can be stopped. */
export interface Stoppable {
  stop(): Promise<void> | void
}
