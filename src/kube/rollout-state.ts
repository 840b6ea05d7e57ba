// Where a rollout stands, as a pure function of what the watches have seen: the
// Deployment, its ReplicaSets, the new ReplicaSet's Pods and their Events.
//
// "Done" is what `kubectl rollout status` means (kubectl's DeploymentStatusViewer: the
// controller has observed the latest generation; updated = desired; no old replicas
// left; available = updated), and on top of it every Pod of the new ReplicaSet Ready.
// "Failed" is a new Pod in a state it will not leave on its own (diagnose.ts) for longer
// than its grace, measured in cluster time, or ProgressDeadlineExceeded.
//
// A rollout is assessed again after the changes the watches see, so what costs most (a
// template's normal form, a Pod's diagnosis and timestamps, the Events grouped by Pod) is
// kept per object in WeakMaps: a watch replaces an object, never changes it in place, so
// an object seen before gives the same answer. Callers must not change the objects.
import { diagnose, diagnoseReplicaSet, podEventsOf, type Diagnosis } from './diagnose.ts'
import type { Deployment, KubeEvent, Pod, PodTemplateSpec, ReplicaSet, Workload } from './types.ts'
import { timeMs } from './types.ts'
import { newPodLabel, podsWithLabel, type WorkloadKind } from './workload.ts'

export const POD_TEMPLATE_HASH = 'pod-template-hash'
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision'

export interface RolloutSnapshot {
  /** Default Deployment. */
  kind?: WorkloadKind
  /** The workload, whatever its kind. */
  deployment?: Workload
  replicaSets: readonly ReplicaSet[]
  pods: readonly Pod[]
  events: readonly KubeEvent[]
}

export interface Limits {
  graceMs: number
  readyGraceMs: number
}

export interface Progress {
  desired: number
  updated: number
  ready: number
  available: number
  /** Replicas of older ReplicaSets still around. */
  old: number
  /** `deployment.kubernetes.io/revision`, once the controller has observed the change. */
  revision?: string
  newReplicaSet?: string
  /** `key=value`: the label of the Pods of the newest template, once known. */
  newPodLabel?: string
  /** Whether the controller has observed the latest generation. */
  observed: boolean
  /** kubectl's words for where the rollout stands. */
  status: string
}

export type Verdict =
  | { state: 'progress'; progress: Progress; pending?: Diagnosis; recheckInMs?: number }
  | { state: 'done'; progress: Progress }
  | { state: 'failed'; progress: Progress; diagnosis: Diagnosis }

/** kubectl's DeploymentStatusViewer.Status, as data. */
export function deploymentStatus(d: Deployment): {
  done: boolean
  timedOut: boolean
  message: string
} {
  const name = d.metadata.name ?? ''
  const gen = d.metadata.generation ?? 0
  const st = d.status ?? {}
  if (gen > (st.observedGeneration ?? 0))
    return { done: false, timedOut: false, message: 'waiting for the spec update to be observed' }
  const progressing = st.conditions?.find((c) => c.type === 'Progressing')
  if (progressing?.reason === 'ProgressDeadlineExceeded')
    return {
      done: false,
      timedOut: true,
      message: `deployment "${name}" exceeded its progress deadline`,
    }
  const updated = st.updatedReplicas ?? 0
  const replicas = st.replicas ?? 0
  const available = st.availableReplicas ?? 0
  const desired = d.spec?.replicas
  if (desired !== undefined && updated < desired)
    return {
      done: false,
      timedOut: false,
      message: `${updated} out of ${desired} new replicas have been updated`,
    }
  if (replicas > updated)
    return {
      done: false,
      timedOut: false,
      message: `${replicas - updated} old replicas are pending termination`,
    }
  if (available < updated)
    return {
      done: false,
      timedOut: false,
      message: `${available} of ${updated} updated replicas are available`,
    }
  return { done: true, timedOut: false, message: `deployment "${name}" successfully rolled out` }
}

export interface WorkloadStatus {
  done: boolean
  timedOut: boolean
  message: string
  /** How many Pods the rollout ends with on the newest template. */
  desired: number
  updated: number
  available: number
  /** Pods of older templates still around. */
  old: number
}

/** kubectl's StatefulSetStatusViewer.Status, as data (OnDelete is refused before). */
export function statefulSetStatus(s: Workload): WorkloadStatus {
  const st = s.status ?? {}
  const replicas = s.spec?.replicas ?? 1
  const partition = s.spec?.updateStrategy?.rollingUpdate?.partition ?? 0
  const desired = Math.max(0, replicas - partition)
  const updated = st.updatedReplicas ?? 0
  const base = {
    desired,
    updated,
    available: st.availableReplicas ?? st.readyReplicas ?? 0,
    old: Math.max(0, (st.replicas ?? 0) - updated),
    timedOut: false,
  }
  if (!st.observedGeneration || (s.metadata.generation ?? 0) > st.observedGeneration)
    return { ...base, done: false, message: 'waiting for the spec update to be observed' }
  if ((st.readyReplicas ?? 0) < replicas)
    return {
      ...base,
      done: false,
      message: `waiting for ${replicas - (st.readyReplicas ?? 0)} pods to be ready`,
    }
  if (partition > 0) {
    if (updated < desired)
      return {
        ...base,
        done: false,
        message: `waiting for partitioned roll out to finish: ${updated} out of ${desired} new pods have been updated`,
      }
    return {
      ...base,
      old: 0,
      done: true,
      message: `partitioned roll out complete: ${updated} new pods have been updated`,
    }
  }
  if (st.updateRevision !== st.currentRevision)
    return {
      ...base,
      done: false,
      message: `waiting for statefulset rolling update to complete ${updated} pods at revision ${st.updateRevision ?? ''}`,
    }
  return {
    ...base,
    done: true,
    message: `statefulset rolling update complete ${st.currentReplicas ?? updated} pods at revision ${st.currentRevision ?? ''}`,
  }
}

/** kubectl's DaemonSetStatusViewer.Status, as data: one Pod per node that should run one. */
export function daemonSetStatus(d: Workload): WorkloadStatus {
  const st = d.status ?? {}
  const desired = st.desiredNumberScheduled ?? 0
  const updated = st.updatedNumberScheduled ?? 0
  const base = {
    desired,
    updated,
    available: st.numberAvailable ?? 0,
    old: Math.max(0, (st.currentNumberScheduled ?? 0) - updated),
    timedOut: false,
  }
  if ((d.metadata.generation ?? 0) > (st.observedGeneration ?? 0))
    return { ...base, done: false, message: 'waiting for the spec update to be observed' }
  if (updated < desired)
    return {
      ...base,
      done: false,
      message: `${updated} out of ${desired} new pods have been updated`,
    }
  if ((st.numberAvailable ?? 0) < desired)
    return {
      ...base,
      done: false,
      message: `${st.numberAvailable ?? 0} of ${desired} updated pods are available`,
    }
  return {
    ...base,
    done: true,
    message: `daemon set "${d.metadata.name ?? ''}" successfully rolled out`,
  }
}

/** Where the workload's own status says its rollout stands, by its kind's rule. */
export function workloadStatus(kind: WorkloadKind, w: Workload): WorkloadStatus {
  if (kind === 'StatefulSet') return statefulSetStatus(w)
  if (kind === 'DaemonSet') return daemonSetStatus(w)
  const st = w.status ?? {}
  const updated = st.updatedReplicas ?? 0
  return {
    ...deploymentStatus(w),
    desired: w.spec?.replicas ?? 1,
    updated,
    available: st.availableReplicas ?? 0,
    old: Math.max(0, (st.replicas ?? 0) - updated),
  }
}

/** The revision to report: the Deployment's number, the StatefulSet's revision, the DaemonSet's generation. */
export function revisionOf(kind: WorkloadKind, w: Workload | undefined): string | undefined {
  if (!w) return undefined
  if (kind === 'StatefulSet') return w.status?.updateRevision
  if (kind === 'DaemonSet')
    return w.metadata.annotations?.['deprecated.daemonset.template.generation']
  return w.metadata.annotations?.[REVISION_ANNOTATION]
}

function withoutHash(t: PodTemplateSpec | undefined): unknown {
  const labels = t?.metadata?.labels
  if (!t || !labels || !Object.hasOwn(labels, POD_TEMPLATE_HASH)) return normalise(t ?? {})
  // normalise copies; only the path to the label is copied here (no deep clone), and an
  // empty labels map is dropped by normalise as nil
  const { [POD_TEMPLATE_HASH]: _hash, ...rest } = labels
  return normalise({ ...t, metadata: { ...t.metadata, labels: rest } })
}

/** JSON with keys sorted and null/empty values dropped: nil and empty compare equal. */
function normalise(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalise)
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(v).sort()) {
      const x = normalise((v as Record<string, unknown>)[k])
      if (x === null || x === undefined) continue
      if (typeof x === 'object' && Object.keys(x).length === 0) continue
      out[k] = x
    }
    return out
  }
  return v
}

/** Kubernetes' EqualIgnoreHash: the templates match but for the pod-template-hash label. */
export function templatesEqual(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined) {
  return templateKey(a) === templateKey(b)
}

/**
 * A template's normal form as a string, kept per template object: a watch replaces an
 * object rather than changing it, so a rollout re-assessed on every change compares each
 * ReplicaSet's template once per version of it, not once per assessment.
 */
const templateKeys = new WeakMap<object, string>()
function templateKey(t: PodTemplateSpec | undefined): string {
  if (!t) return JSON.stringify(withoutHash(t))
  let key = templateKeys.get(t)
  if (key === undefined) templateKeys.set(t, (key = JSON.stringify(withoutHash(t))))
  return key
}

function ownedBy(rs: ReplicaSet, d: Deployment): boolean {
  const refs = rs.metadata.ownerReferences
  if (!refs || !d.metadata.uid) return true
  return refs.some((r) => r.controller && r.uid === d.metadata.uid)
}

/**
 * Kubernetes' FindNewReplicaSet: the ReplicaSet whose template equals the Deployment's
 * (ignoring the hash label); the oldest when several do.
 */
export function findNewReplicaSet(
  d: Deployment,
  sets: readonly ReplicaSet[],
): ReplicaSet | undefined {
  return sets
    .filter((rs) => ownedBy(rs, d) && templatesEqual(rs.spec?.template, d.spec?.template))
    .sort(
      (a, b) =>
        (timeMs(a.metadata.creationTimestamp) ?? 0) - (timeMs(b.metadata.creationTimestamp) ?? 0) ||
        (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
    )[0]
}

/** The Pods of a ReplicaSet that are not going away. */
export function podsOf(rs: ReplicaSet, pods: readonly Pod[]): Pod[] {
  const hash = rs.metadata.labels?.[POD_TEMPLATE_HASH]
  return pods.filter((p) => {
    if (p.metadata.deletionTimestamp) return false
    const owner = p.metadata.ownerReferences?.find((r) => r.controller)
    if (owner?.uid && rs.metadata.uid) return owner.uid === rs.metadata.uid
    return hash !== undefined && p.metadata.labels?.[POD_TEMPLATE_HASH] === hash
  })
}

export function isPodReady(p: Pod): boolean {
  return p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false
}

/**
 * The latest cluster timestamp in the snapshot that the cluster itself stamped: a lower
 * bound of "now". Events are left out: whoever may create an Event in the namespace
 * writes its timestamps, and one `lastTimestamp` in 2030 would make every problem look
 * years old. Creation times come from the API server; conditions and container states
 * from the controllers and the kubelet.
 */
export function latestClusterTime(s: RolloutSnapshot): number | undefined {
  let max: number | undefined
  const see = (ms: number | undefined) => {
    if (ms !== undefined && (max === undefined || ms > max)) max = ms
  }
  if (s.deployment) see(latestOf(s.deployment, workloadTimes))
  for (const rs of s.replicaSets) see(latestOf(rs, (r) => [r.metadata.creationTimestamp]))
  for (const p of s.pods) see(latestOf(p, podTimes))
  return max
}

/** The latest of an object's timestamps, kept per object (see templateKeys). */
const latestTimes = new WeakMap<object, number | undefined>()
function latestOf<T extends object>(obj: T, times: (obj: T) => (string | null | undefined)[]) {
  if (latestTimes.has(obj)) return latestTimes.get(obj)
  let max: number | undefined
  for (const t of times(obj)) {
    const ms = timeMs(t)
    if (ms !== undefined && (max === undefined || ms > max)) max = ms
  }
  latestTimes.set(obj, max)
  return max
}

function workloadTimes(d: Workload): (string | null | undefined)[] {
  return [
    d.metadata.creationTimestamp,
    ...(d.status?.conditions ?? []).flatMap((c) => [c.lastUpdateTime, c.lastTransitionTime]),
  ]
}

function podTimes(p: Pod): (string | null | undefined)[] {
  const out = [p.metadata.creationTimestamp, p.metadata.deletionTimestamp, p.status?.startTime]
  for (const c of p.status?.conditions ?? []) out.push(c.lastTransitionTime)
  for (const cs of [
    ...(p.status?.containerStatuses ?? []),
    ...(p.status?.initContainerStatuses ?? []),
  ])
    for (const st of [cs.state, cs.lastState])
      out.push(st?.running?.startedAt, st?.terminated?.startedAt, st?.terminated?.finishedAt)
  return out
}

export function progressOf(
  d: Deployment,
  newRs: ReplicaSet | undefined,
  pods: readonly Pod[],
  kind: WorkloadKind = 'Deployment',
  label?: string,
): Progress {
  const st = d.status ?? {}
  const status = workloadStatus(kind, d)
  const observed = (d.metadata.generation ?? 0) <= (st.observedGeneration ?? 0)
  const revision = observed ? revisionOf(kind, d) : undefined
  const known = kind === 'Deployment' ? newRs !== undefined : label !== undefined
  return {
    desired: status.desired,
    updated: status.updated,
    ready: known ? pods.filter(isPodReady).length : 0,
    available: status.available,
    old: status.old,
    ...(revision ? { revision } : {}),
    ...(newRs?.metadata.name ? { newReplicaSet: newRs.metadata.name } : {}),
    ...(label ? { newPodLabel: label } : {}),
    observed,
    status: status.message,
  }
}

/** One line for the log: `web: 3/5 updated, 2 ready, 1 old`. Printed when it changes. */
export function progressLine(name: string, v: Verdict): string {
  const p = v.progress
  if (!p.observed) return `${name}: waiting for the controller to see the change`
  let line = `${name}: ${p.updated}/${p.desired} updated, ${p.ready} ready`
  if (p.old > 0) line += `, ${p.old} old`
  if (v.state === 'progress' && v.pending)
    line += ` (${v.pending.pod ?? ''}: ${v.pending.reason}, within ${v.pending.grace})`
  if (v.state === 'done') line += ': done'
  return line
}

/**
 * When a problem began, as far as the action can vouch for it: never after "now" (a
 * timestamp from the future says nothing), never before its Pod was created (the API
 * server stamps that; an Event's time is whatever its writer put there).
 */
export function clampSince(
  sinceMs: number | undefined,
  podCreatedMs: number | undefined,
  nowMs: number,
): number {
  let t = sinceMs ?? nowMs
  if (podCreatedMs !== undefined && t < podCreatedMs) t = podCreatedMs
  return Math.min(t, nowMs)
}

/**
 * The verdict on a rollout. `clusterNowMs` is the caller's best knowledge of the
 * cluster's clock (latestClusterTime plus the wall time since it was seen); a problem
 * younger than its grace leaves the rollout in progress with `recheckInMs` set.
 */
export function assessRollout(
  s: RolloutSnapshot,
  limits: Limits,
  clusterNowMs: number | undefined,
): Verdict {
  const d = s.deployment
  if (!d) {
    const progress: Progress = {
      desired: 0,
      updated: 0,
      ready: 0,
      available: 0,
      old: 0,
      observed: false,
      status: 'waiting for the Deployment',
    }
    return { state: 'progress', progress }
  }
  const kind = s.kind ?? 'Deployment'
  const observed = (d.metadata.generation ?? 0) <= (d.status?.observedGeneration ?? 0)
  const newRs = observed && kind === 'Deployment' ? findNewReplicaSet(d, s.replicaSets) : undefined
  const hash = newRs?.metadata.labels?.[POD_TEMPLATE_HASH]
  const label = !observed
    ? undefined
    : kind === 'Deployment'
      ? hash !== undefined
        ? `${POD_TEMPLATE_HASH}=${hash}`
        : undefined
      : newPodLabel(kind, d)
  const pods = newRs ? podsOf(newRs, s.pods) : label ? podsWithLabel(d, label, s.pods) : []
  const progress = progressOf(d, newRs, pods, kind, label)
  const status = workloadStatus(kind, d)

  const now = clusterNowMs ?? latestClusterTime(s) ?? 0
  const rsProblem = newRs ? diagnoseReplicaSet(newRs) : undefined
  const events = podEventsOf(s.events)
  const found: { diag: Diagnosis; createdMs: number | undefined }[] = []
  if (rsProblem)
    found.push({ diag: rsProblem, createdMs: timeMs(newRs?.metadata.creationTimestamp) })
  for (const p of pods) {
    const diag = diagnose(p, events)
    if (diag) found.push({ diag, createdMs: timeMs(p.metadata.creationTimestamp) })
  }
  const problems = found
    .map(({ diag, createdMs }) => {
      const grace = diag.grace === 'ready-grace' ? limits.readyGraceMs : limits.graceMs
      const sinceMs = clampSince(timeMs(diag.since), createdMs, now)
      return { diag, left: grace - (now - sinceMs), sinceMs }
    })
    .sort((a, b) => a.sinceMs - b.sinceMs)

  if (status.timedOut) {
    const condition = d.status?.conditions?.find((c) => c.type === 'Progressing')
    const diagnosis: Diagnosis = problems[0]?.diag ?? {
      reason: 'ProgressDeadlineExceeded',
      message:
        condition?.message ??
        `no progress for ${d.spec?.progressDeadlineSeconds ?? 600}s (progressDeadlineSeconds)`,
    }
    return { state: 'failed', progress, diagnosis }
  }
  const due = problems.find((p) => p.left <= 0)
  if (due) {
    const graceMs = due.diag.grace === 'ready-grace' ? limits.readyGraceMs : limits.graceMs
    const diagnosis =
      graceMs > 0
        ? {
            ...due.diag,
            message: `${due.diag.message} (for ${Math.round((now - due.sinceMs) / 1000)}s, longer than ${due.diag.grace} ${Math.round(graceMs / 1000)}s)`,
          }
        : due.diag
    return { state: 'failed', progress, diagnosis }
  }

  if (status.done && (newRs || (kind !== 'Deployment' && label))) {
    // progress.ready counts these Pods' Ready ones: all of them, and enough.
    if (progress.ready >= progress.desired && progress.ready === pods.length)
      return { state: 'done', progress }
  }
  const pending = problems[0]
  return {
    state: 'progress',
    progress,
    ...(pending
      ? {
          pending: pending.diag,
          recheckInMs: Math.min(...problems.map((p) => p.left)),
        }
      : {}),
  }
}

/** What to report when the overall `timeout` ends the wait. */
export function timeoutDiagnosis(v: Verdict, timeoutMs: number): Diagnosis {
  const seconds = Math.round(timeoutMs / 1000)
  if (v.state === 'progress' && v.pending)
    return {
      ...v.pending,
      message: `${v.pending.message} (still so when the ${seconds}s timeout ran out)`,
    }
  return {
    reason: 'Timeout',
    message: `not ready after ${seconds}s (timeout): ${v.progress.status}`,
  }
}
