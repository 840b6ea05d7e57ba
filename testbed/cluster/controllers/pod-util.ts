// Pod predicates the controllers share (podutil in Kubernetes), and label selectors.
import type { KubeObject, OwnerReference } from '../store.ts'

export interface LabelSelector {
  matchLabels?: Record<string, string>
  matchExpressions?: { key: string; operator: string; values?: string[] }[]
}

/** metav1.LabelSelectorAsSelector semantics; an empty selector matches everything. */
export function selectorMatches(
  sel: LabelSelector | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!sel) return false
  const l = labels ?? {}
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (l[k] !== v) return false
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.hasOwn(l, e.key)
    const inValues = has && (e.values ?? []).includes(l[e.key]!)
    if (e.operator === 'In' && !inValues) return false
    if (e.operator === 'NotIn' && inValues) return false
    if (e.operator === 'Exists' && !has) return false
    if (e.operator === 'DoesNotExist' && has) return false
  }
  return true
}

export function controllerRef(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller)
}

export function ownedBy(obj: KubeObject, owner: KubeObject): boolean {
  return controllerRef(obj)?.uid === owner.metadata.uid
}

export function podCondition(
  pod: KubeObject,
  type: string,
): { status: string; lastTransitionTime?: string } | undefined {
  return (
    pod.status?.conditions as
      { type: string; status: string; lastTransitionTime?: string }[] | undefined
  )?.find((c) => c.type === type)
}

export const isPodReady = (pod: KubeObject) => podCondition(pod, 'Ready')?.status === 'True'

/** IsPodAvailable: ready for at least minReadySeconds (by the Ready condition's lastTransitionTime). */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, nowMs: number): boolean {
  const c = podCondition(pod, 'Ready')
  if (c?.status !== 'True') return false
  if (!minReadySeconds) return true
  const t = Date.parse(c.lastTransitionTime ?? '')
  return !Number.isNaN(t) && t + minReadySeconds * 1000 < nowMs
}

/** When a ready pod becomes available; undefined when it is not ready. */
export function availableAt(pod: KubeObject, minReadySeconds: number): number | undefined {
  const c = podCondition(pod, 'Ready')
  if (c?.status !== 'True') return undefined
  const t = Date.parse(c.lastTransitionTime ?? '')
  return Number.isNaN(t) ? undefined : t + minReadySeconds * 1000
}

/** FilterActivePods: not being deleted, not finished. */
export function isPodActive(pod: KubeObject): boolean {
  const phase = pod.status?.phase
  return !pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed'
}

const phaseRank: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 }

const restarts = (pod: KubeObject) =>
  ((pod.status?.containerStatuses ?? []) as { restartCount?: number }[]).reduce(
    (m, c) => Math.max(m, c.restartCount ?? 0),
    0,
  )

const deletionCost = (pod: KubeObject) =>
  Number(pod.metadata.annotations?.['controller.kubernetes.io/pod-deletion-cost'] ?? 0) || 0

/**
 * ActivePodsWithRanks ordering: the pods a ReplicaSet deletes first sort first —
 * unscheduled, pending, not ready, cheaper to delete, more doubled up on a node, ready
 * for less time, more restarts, newer.
 */
export function compareForDeletion(ranks: Map<string, number>) {
  return (a: KubeObject, b: KubeObject): number => {
    const aNode = a.spec?.nodeName ? 1 : 0
    const bNode = b.spec?.nodeName ? 1 : 0
    if (aNode !== bNode) return aNode - bNode
    const ap = phaseRank[a.status?.phase as string] ?? 0
    const bp = phaseRank[b.status?.phase as string] ?? 0
    if (ap !== bp) return ap - bp
    const ar = isPodReady(a) ? 1 : 0
    const br = isPodReady(b) ? 1 : 0
    if (ar !== br) return ar - br
    const ac = deletionCost(a)
    const bc = deletionCost(b)
    if (ac !== bc) return ac - bc
    const ak = ranks.get(a.metadata.name) ?? 0
    const bk = ranks.get(b.metadata.name) ?? 0
    if (ak !== bk) return bk - ak
    if (ar && br) {
      const at = Date.parse(podCondition(a, 'Ready')?.lastTransitionTime ?? '') || 0
      const bt = Date.parse(podCondition(b, 'Ready')?.lastTransitionTime ?? '') || 0
      if (at !== bt) return bt - at
    }
    const ax = restarts(a)
    const bx = restarts(b)
    if (ax !== bx) return bx - ax
    const an = Date.parse(a.metadata.creationTimestamp) || 0
    const bn = Date.parse(b.metadata.creationTimestamp) || 0
    return bn - an
  }
}
