// The three kinds of workload dock2pod rolls out, as data: how the `deployment` input
// names them, where the API keeps them, which label marks the Pods of the newest
// template, and what stops a rollout from ever happening. Pure; the rollout-complete
// rules per kind are in rollout-state.ts.
import type { LabelSelector, Pod, Workload } from './types.ts'

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet'
export type WorkloadResource = 'deployments' | 'statefulsets' | 'daemonsets'

export const WORKLOAD_KINDS: readonly WorkloadKind[] = ['Deployment', 'StatefulSet', 'DaemonSet']

export const RESOURCE_OF: Record<WorkloadKind, WorkloadResource> = {
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
}

/** The words `kubectl` accepts for each kind (singular, plural, short name). */
const KIND_WORDS: Record<string, WorkloadKind> = {
  deployment: 'Deployment',
  deployments: 'Deployment',
  deploy: 'Deployment',
  statefulset: 'StatefulSet',
  statefulsets: 'StatefulSet',
  sts: 'StatefulSet',
  daemonset: 'DaemonSet',
  daemonsets: 'DaemonSet',
  ds: 'DaemonSet',
}

/** The kind a word of the `deployment` input names, or undefined (then it is a namespace). */
export function workloadKindOf(word: string): WorkloadKind | undefined {
  return Object.hasOwn(KIND_WORDS, word) ? KIND_WORDS[word] : undefined
}

/** The label the StatefulSet and DaemonSet controllers put on every Pod they create. */
export const CONTROLLER_REVISION_HASH = 'controller-revision-hash'
/** The DaemonSet's template generation, on the DaemonSet as an annotation, on its Pods as a label. */
export const DAEMONSET_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation'
export const DAEMONSET_GENERATION_LABEL = 'pod-template-generation'

/**
 * The label (`key=value`) the Pods of the workload's current template carry, once the
 * controller has observed it; the Deployment's is its new ReplicaSet's hash, found by
 * the caller.
 * - StatefulSet: `controller-revision-hash` is the ControllerRevision's name, which
 *   `status.updateRevision` names (the StatefulSet controller's own test of a Pod).
 * - DaemonSet: the controller's IsPodUpdated accepts a Pod whose `pod-template-generation`
 *   equals the DaemonSet's `deprecated.daemonset.template.generation` annotation, which the
 *   API server raises with every template change; no ControllerRevision needs reading.
 */
export function newPodLabel(kind: WorkloadKind, w: Workload): string | undefined {
  if (kind === 'StatefulSet') {
    const rev = w.status?.updateRevision
    return rev ? `${CONTROLLER_REVISION_HASH}=${rev}` : undefined
  }
  if (kind === 'DaemonSet') {
    const gen = w.metadata.annotations?.[DAEMONSET_GENERATION_ANNOTATION]
    return gen ? `${DAEMONSET_GENERATION_LABEL}=${gen}` : undefined
  }
  return undefined
}

/**
 * A test of whether an object's labels match a label selector, as the API server's
 * `labelSelector` does (`matchLabels` and `matchExpressions` all hold; an empty selector
 * matches everything; `NotIn` holds where the key is absent). For watches shared by
 * several waits, each wait picks out what its own selector would have listed.
 */
export function selectorMatcher(
  sel: LabelSelector | undefined,
): (labels: Record<string, string> | undefined) => boolean {
  const pairs = Object.entries(sel?.matchLabels ?? {})
  const exprs = sel?.matchExpressions ?? []
  return (labels = {}) =>
    pairs.every(([k, v]) => labels[k] === v) &&
    exprs.every((e) => {
      const has = Object.hasOwn(labels, e.key)
      const listed = has && (e.values ?? []).includes(labels[e.key]!)
      if (e.operator === 'In') return listed
      if (e.operator === 'NotIn') return !listed
      if (e.operator === 'Exists') return has
      if (e.operator === 'DoesNotExist') return !has
      return false
    })
}

/**
 * One `labelSelector` that every given selector's objects pass: `key in (v1,v2,…)` on a
 * `matchLabels` key all of them require (the first such key, by name), or '' (the whole
 * namespace) when they share none. A superset: each wait still applies its own selector.
 */
export function sharedSelector(selectors: readonly (LabelSelector | undefined)[]): string {
  const keys = selectors.map((s) => new Set(Object.keys(s?.matchLabels ?? {})))
  const key = [...(keys[0] ?? [])].sort().find((k) => keys.every((ks) => ks.has(k)))
  if (key === undefined) return ''
  const values = [...new Set(selectors.map((s) => s!.matchLabels![key]!))].sort()
  return `${key} in (${values.join(',')})`
}

/** A test of whether a Pod carries `label` (`key=value`). */
export function hasLabel(label: string): (p: Pod) => boolean {
  const eq = label.indexOf('=')
  const key = label.slice(0, eq)
  const value = label.slice(eq + 1)
  return (p) => p.metadata.labels?.[key] === value
}

/** The Pods that carry `label` (`key=value`), are controlled by `w` and not going away. */
export function podsWithLabel(w: Workload, label: string, pods: readonly Pod[]): Pod[] {
  const labelled = hasLabel(label)
  return pods.filter((p) => {
    if (p.metadata.deletionTimestamp || !labelled(p)) return false
    const owner = p.metadata.ownerReferences?.find((r) => r.controller)
    return !owner?.uid || !w.metadata.uid || owner.uid === w.metadata.uid
  })
}

/**
 * Why a rollout of this workload could never happen, as the sentence of an input error;
 * undefined when it can. Checked before anything is built.
 */
export function unrollable(kind: WorkloadKind, w: Workload): string | undefined {
  const id = `${kind} ${w.metadata.namespace ?? ''}/${w.metadata.name ?? ''}`
  if (kind === 'Deployment' && w.spec?.paused) {
    const ns = w.metadata.namespace ?? 'default'
    return `${id} is paused (spec.paused): a new image would not roll out. Resume it first (kubectl rollout resume deployment/${w.metadata.name ?? ''} --namespace ${ns}), or leave it out of deployment.`
  }
  if (kind !== 'Deployment' && w.spec?.updateStrategy?.type === 'OnDelete')
    return `${id} has updateStrategy OnDelete: its Pods only change when someone deletes them, so a new image would not roll out. Use the RollingUpdate strategy, or remove it from the input.`
  return undefined
}
