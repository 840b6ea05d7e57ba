// The defaults the API server's defaulting would give a pod created from a template.
// The controllers create pods through the store directly, so they apply them here.
import type { KubeObject } from '../store.ts'

/** IfNotPresent for a pinned tag or digest, Always for `:latest` or no tag. */
export function defaultPullPolicy(image: string): string {
  if (image.includes('@')) return 'IfNotPresent'
  const lastSlash = image.lastIndexOf('/')
  const colon = image.indexOf(':', lastSlash + 1)
  const tag = colon >= 0 ? image.slice(colon + 1) : ''
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent'
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function defaultPodSpec(spec: any): any {
  const s = structuredClone(spec ?? {})
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const container = (c: any) => ({
    imagePullPolicy: defaultPullPolicy(String(c.image ?? '')),
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    resources: {},
    ...c,
  })
  s.containers = (s.containers ?? []).map(container)
  if (s.initContainers) s.initContainers = s.initContainers.map(container)
  return {
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    securityContext: {},
    schedulerName: 'default-scheduler',
    serviceAccountName: s.serviceAccount ?? 'default',
    serviceAccount: s.serviceAccountName ?? s.serviceAccount ?? 'default',
    enableServiceLinks: true,
    preemptionPolicy: 'PreemptLowerPriority',
    priority: 0,
    ...s,
  }
}

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
