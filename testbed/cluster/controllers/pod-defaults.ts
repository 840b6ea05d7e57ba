// A pod's QoS class, as the API server computes it on create.
import type { KubeObject } from '../store.ts'

/** BestEffort / Guaranteed / Burstable from the containers' requests and limits. */
export function qosClass(pod: KubeObject): string {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const cs: any[] = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]
  let any = false
  let guaranteed = cs.length > 0
  for (const c of cs) {
    const req = c.resources?.requests ?? {}
    const lim = c.resources?.limits ?? {}
    if (Object.keys(req).length || Object.keys(lim).length) any = true
    for (const r of ['cpu', 'memory']) {
      if (lim[r] === undefined) guaranteed = false
      else if (req[r] !== undefined && String(req[r]) !== String(lim[r])) guaranteed = false
    }
  }
  if (!any) return 'BestEffort'
  return guaranteed ? 'Guaranteed' : 'Burstable'
}
