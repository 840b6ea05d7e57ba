// Placeholder until the simulated kubelet lands: the API server wires this in.
import type { ClusterContext, Stoppable } from '../context.ts'

export interface KubeletOptions {
  /** Node names to register; default one node, `node-1`. */
  nodes?: string[]
}

export function startKubelet(_ctx: ClusterContext, _opts: KubeletOptions = {}): Stoppable {
  return { stop() {} }
}
