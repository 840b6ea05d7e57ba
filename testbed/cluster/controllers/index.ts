// The simulated kube-controller-manager and scheduler: everything that runs beside the
// API server and reacts to store changes. The API server's startCluster() starts it.
import type { ClusterContext, Stoppable } from '../context.ts'
import { DeploymentController } from './deployment.ts'
import { GarbageCollector } from './garbage-collector.ts'
import { ReplicaSetController } from './replicaset.ts'
import { Scheduler } from './scheduler.ts'
import { ServiceAccountController } from './service-account.ts'

export interface ControllerOptions {
  /** Run the scheduler (default true). */
  scheduler?: boolean
  /** Run the garbage collector (default true). */
  garbageCollector?: boolean
  /** Create a `default` ServiceAccount in every namespace (default true). */
  serviceAccounts?: boolean
}

export function startControllers(ctx: ClusterContext, opts: ControllerOptions = {}): Stoppable {
  const parts: { start(): void; stop(): void }[] = [
    new DeploymentController(ctx),
    new ReplicaSetController(ctx),
  ]
  if (opts.garbageCollector !== false) parts.push(new GarbageCollector(ctx))
  if (opts.serviceAccounts !== false) parts.push(new ServiceAccountController(ctx))
  if (opts.scheduler !== false) parts.push(new Scheduler(ctx))
  for (const p of parts) p.start()
  return {
    stop() {
      for (const p of parts) p.stop()
    },
  }
}
