// Placeholder until the controllers land: the API server wires this in.
import type { ClusterContext, Stoppable } from '../context.ts'

export interface ControllerOptions {
  /** Nothing yet. */
  [key: string]: unknown
}

export function startControllers(_ctx: ClusterContext, _opts: ControllerOptions = {}): Stoppable {
  return { stop() {} }
}
