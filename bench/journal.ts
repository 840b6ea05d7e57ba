// Moments of a rollout read from what the bench's observer (observer.ts) recorded:
// every watch event on the scenario namespace's Deployments, ReplicaSets, Pods and
// Events, with the wall time it arrived in the bench process. Pure.
//
// Which clock a moment is on, `source`:
//   'cluster'  — the object's own timestamp, used only where Kubernetes records one at
//                sub-second precision (an Event's `eventTime`, a MicroTime);
//   'observer' — the wall time the watch event arrived here. Pod conditions'
//                lastTransitionTime, containerStatuses' startedAt/finishedAt, legacy
//                Events' first/lastTimestamp and managedFields' time are whole seconds
//                in Kubernetes, too coarse for latencies of a few hundred ms, so the
//                state they describe is timed by its arrival instead.

export type Resource = 'deployments' | 'replicasets' | 'pods' | 'events'

/** A Kubernetes object as the journal reads it (loose: only the fields used below). */
export interface KubeObject {
  metadata: {
    name: string
    namespace?: string
    generation?: number
    deletionTimestamp?: string
    resourceVersion?: string
    managedFields?: { manager?: string; operation?: string }[]
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [field: string]: any
}

export interface ObservedEvent {
  resource: Resource
  type: 'ADDED' | 'MODIFIED' | 'DELETED'
  object: KubeObject
  /** Epoch ms (sub-ms) when the event arrived in the bench process. */
  arrivedAt: number
}

export type ClockSource = 'cluster' | 'observer'

export interface Moment {
  /** Epoch ms. */
  at: number
  source: ClockSource
  /** Index in the journal: "after this moment" comparisons. */
  index: number
}

/** Epoch ms of an RFC 3339 time if it carries a fractional second, else undefined. */
export function subSecondTime(t: unknown): number | undefined {
  if (typeof t !== 'string' || !/T\d\d:\d\d:\d\d\.\d+/.test(t)) return undefined
  const ms = Date.parse(t)
  return Number.isNaN(ms) ? undefined : ms
}

function observed(e: ObservedEvent, index: number): Moment {
  return { at: e.arrivedAt, source: 'observer', index }
}

/** An Event's own time when it is sub-second (`eventTime`), else its arrival. */
function eventMoment(e: ObservedEvent, index: number): Moment {
  const t = subSecondTime(e.object.eventTime)
  return t === undefined ? observed(e, index) : { at: t, source: 'cluster', index }
}

const image0 = (spec: KubeObject | undefined): string => spec?.containers?.[0]?.image ?? ''
const podImage = (e: ObservedEvent) => image0(e.object.spec)
const templateImage = (e: ObservedEvent) => image0(e.object.spec?.template?.spec)

/** The first change of Deployment `name` to a generation above `generation`: the patch. */
export function findPatch(
  events: readonly ObservedEvent[],
  name: string,
  generation: number,
): (Moment & { image: string; generation: number }) | undefined {
  const i = events.findIndex(
    (e) =>
      e.resource === 'deployments' &&
      e.object.metadata.name === name &&
      (e.object.metadata.generation ?? 0) > generation,
  )
  if (i < 0) return undefined
  const e = events[i]!
  return {
    ...observed(e, i),
    image: templateImage(e),
    generation: e.object.metadata.generation ?? 0,
  }
}

export interface Failure extends Moment {
  /** What proved it: a waiting reason, `Exited <code>`, or an Event's reason. */
  reason: string
  pod: string
}

/** What proves a Pod's failure, for `firstFailure`. */
export interface FailureProof {
  /** A container status waiting with one of these reasons (`ErrImagePull`, …). */
  waiting?: readonly string[]
  /** A container that terminated with a non-zero code (its current or last state). */
  exited?: boolean
  /** A container that terminated with one of these reasons (`OOMKilled`, `StartError`). */
  terminatedReasons?: readonly string[]
  /** Look at the init containers' statuses too (by default only the app containers'). */
  initContainers?: boolean
  /** The Pod's PodScheduled condition False with reason Unschedulable. */
  unschedulable?: boolean
  /** An Event about such a Pod with one of these reasons (`Failed`, `BackOff`, …). */
  eventReasons?: readonly string[]
  /** …whose message matches this too (`Unhealthy` of one probe: /^Liveness probe failed/). */
  eventMessage?: RegExp
}

/**
 * The first record proving that a Pod running `image` failed, as `proof` says: a
 * container status (waiting reason, non-zero exit, termination reason), the Pod's
 * Unschedulable condition, or an Event about such a Pod (kubelet, scheduler).
 * Whichever came first. An Event may arrive on its watch before its Pod on the Pods'
 * watch: the Pods of `image` are every Pod the journal ever saw running it.
 */
export function firstFailure(
  events: readonly ObservedEvent[],
  image: string,
  opts: FailureProof,
): Failure | undefined {
  const podsOfImage = new Set<string>()
  for (const e of events)
    if (e.resource === 'pods' && podImage(e) === image) podsOfImage.add(e.object.metadata.name)
  let best: Failure | undefined
  const consider = (m: Moment, reason: string, pod: string) => {
    if (!best || m.at < best.at) best = { ...m, reason, pod }
  }
  events.forEach((e, i) => {
    if (e.resource === 'pods' && e.type !== 'DELETED' && podImage(e) === image) {
      const pod = e.object.metadata.name
      const init = (opts.initContainers ? e.object.status?.initContainerStatuses : []) ?? []
      for (const s of init as ContainerStatus[]) {
        const reason = containerProof(s, opts)
        if (reason) consider(observed(e, i), `init container ${s.name ?? '?'}: ${reason}`, pod)
      }
      for (const s of (e.object.status?.containerStatuses ?? []) as ContainerStatus[]) {
        const reason = containerProof(s, opts)
        if (reason) consider(observed(e, i), reason, pod)
      }
      if (opts.unschedulable) {
        const c = ((e.object.status?.conditions ?? []) as Condition[]).find(
          (x) => x.type === 'PodScheduled',
        )
        if (c?.status === 'False' && c.reason === 'Unschedulable')
          consider(observed(e, i), 'PodScheduled False (Unschedulable)', pod)
      }
    }
    if (
      e.resource === 'events' &&
      opts.eventReasons?.includes(e.object.reason ?? '') &&
      (!opts.eventMessage || opts.eventMessage.test(e.object.message ?? '')) &&
      e.object.involvedObject?.kind === 'Pod' &&
      podsOfImage.has(e.object.involvedObject?.name ?? '')
    )
      consider(eventMoment(e, i), `Event ${e.object.reason}`, e.object.involvedObject.name)
  })
  return best
}

/** What in one container status proves the failure, or undefined. */
function containerProof(s: ContainerStatus, opts: FailureProof): string | undefined {
  const waiting = s.state?.waiting?.reason ?? ''
  if (opts.waiting?.includes(waiting)) return waiting
  for (const term of [s.state?.terminated, s.lastState?.terminated]) {
    if (!term) continue
    const tag = `Exited ${term.exitCode}${term.reason ? ` (${term.reason})` : ''}`
    if (opts.terminatedReasons?.includes(term.reason ?? '')) return tag
    if (opts.exited && (term.exitCode ?? 0) !== 0) return tag
  }
  return undefined
}

/**
 * The first record proving that the controller cannot create the Pods of the
 * ReplicaSet whose template runs `image` (a ResourceQuota, LimitRange or PodSecurity
 * refused them): its `ReplicaFailure` condition True, or the controller's
 * `FailedCreate` Event about it. Whichever came first. With `message`, only a
 * condition or Event whose message matches it (which admission refused them).
 */
export function firstReplicaSetFailure(
  events: readonly ObservedEvent[],
  image: string,
  message?: RegExp,
): Failure | undefined {
  const says = (text: unknown) => !message || message.test(typeof text === 'string' ? text : '')
  const setsOfImage = new Set<string>()
  for (const e of events)
    if (e.resource === 'replicasets' && templateImage(e) === image)
      setsOfImage.add(e.object.metadata.name)
  let best: Failure | undefined
  events.forEach((e, i) => {
    let m: Moment | undefined
    let reason = ''
    let rs = ''
    if (e.resource === 'replicasets' && e.type !== 'DELETED' && templateImage(e) === image) {
      const c = ((e.object.status?.conditions ?? []) as Condition[]).find(
        (x) => x.type === 'ReplicaFailure' && x.status === 'True' && says(x.message),
      )
      if (c)
        [m, reason, rs] = [
          observed(e, i),
          `ReplicaFailure ${c.reason ?? ''}`.trim(),
          e.object.metadata.name,
        ]
    }
    if (
      e.resource === 'events' &&
      e.object.reason === 'FailedCreate' &&
      says(e.object.message) &&
      e.object.involvedObject?.kind === 'ReplicaSet' &&
      setsOfImage.has(e.object.involvedObject?.name ?? '')
    )
      [m, reason, rs] = [eventMoment(e, i), 'Event FailedCreate', e.object.involvedObject.name]
    if (m && (!best || m.at < best.at)) best = { ...m, reason, pod: rs }
  })
  return best
}

interface Condition {
  type?: string
  status?: string
  reason?: string
  message?: string
}

/**
 * The first change of Deployment `name` by another writer after generation
 * `generation` (dock2pod's patch): a generation above it whose managedFields name
 * `manager`. On the observer's clock (managedFields' times are whole seconds).
 */
export function findOtherWriter(
  events: readonly ObservedEvent[],
  name: string,
  generation: number,
  manager: string,
): Failure | undefined {
  const i = events.findIndex(
    (e) =>
      e.resource === 'deployments' &&
      e.type !== 'DELETED' &&
      e.object.metadata.name === name &&
      (e.object.metadata.generation ?? 0) > generation &&
      ((e.object.metadata.managedFields ?? []) as { manager?: string }[]).some(
        (f) => f.manager === manager,
      ),
  )
  if (i < 0) return undefined
  const e = events[i]!
  return {
    ...observed(e, i),
    reason: `Deployment generation ${e.object.metadata.generation} by ${manager}`,
    pod: name,
  }
}

interface ContainerStatus {
  name?: string
  state?: { waiting?: { reason?: string }; terminated?: { exitCode?: number; reason?: string } }
  lastState?: { terminated?: { exitCode?: number; reason?: string } }
}

function isReady(o: KubeObject): boolean {
  const conditions: { type?: string; status?: string }[] = o.status?.conditions ?? []
  return (
    !o.metadata.deletionTimestamp &&
    conditions.some((c) => c.type === 'Ready' && c.status === 'True')
  )
}

/**
 * The first moment after journal index `after` when `replicas` Pods running `image` are
 * Ready and every Pod of another template is gone: the rollout is over as far as the
 * cluster's Pods say. Gone means terminating (deletionTimestamp set: Kubernetes no longer
 * counts it as a replica, nor do `kubectl rollout status` and dock2pod), or with
 * `untilDeleted`, removed after its grace period.
 */
export function findSettled(
  events: readonly ObservedEvent[],
  image: string,
  replicas: number,
  after: number,
  opts: { untilDeleted?: boolean } = {},
): Moment | undefined {
  const readyNew = new Set<string>()
  const old = new Set<string>()
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!
    if (e.resource !== 'pods') continue
    const name = e.object.metadata.name
    if (e.type === 'DELETED') {
      readyNew.delete(name)
      old.delete(name)
    } else if (podImage(e) === image) {
      if (isReady(e.object)) readyNew.add(name)
      else readyNew.delete(name)
    } else if (e.object.metadata.deletionTimestamp && !opts.untilDeleted) {
      old.delete(name)
    } else {
      old.add(name)
    }
    if (i > after && old.size === 0 && readyNew.size >= replicas) return observed(e, i)
  }
  return undefined
}

/** When Deployment `name`'s Progressing condition first says ProgressDeadlineExceeded. */
export function findDeadlineExceeded(
  events: readonly ObservedEvent[],
  name: string,
): Moment | undefined {
  const i = events.findIndex(
    (e) =>
      e.resource === 'deployments' &&
      e.object.metadata.name === name &&
      ((e.object.status?.conditions ?? []) as { type?: string; reason?: string }[]).some(
        (c) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded',
      ),
  )
  return i < 0 ? undefined : observed(events[i]!, i)
}

/**
 * When Deployment `name`'s status first says a rollout of at least `generation` is
 * complete, as `kubectl rollout status` reads it: that spec observed, and every one of
 * `replicas` updated and available with no other replica left. With `image`, only a
 * status whose template runs it (a rollback: the previous image back).
 */
export function findStatusComplete(
  events: readonly ObservedEvent[],
  name: string,
  generation: number,
  replicas: number,
  image?: string,
): Moment | undefined {
  const i = events.findIndex((e) => {
    if (e.resource !== 'deployments' || e.object.metadata.name !== name) return false
    if (image !== undefined && templateImage(e) !== image) return false
    const s = e.object.status ?? {}
    return (
      (e.object.metadata.generation ?? 0) >= generation &&
      (s.observedGeneration ?? 0) >= (e.object.metadata.generation ?? 0) &&
      s.updatedReplicas === replicas &&
      s.availableReplicas === replicas &&
      s.replicas === replicas
    )
  })
  return i < 0 ? undefined : observed(events[i]!, i)
}

/** Which clocks a set of moments used, for a row's note. */
export function describeSources(moments: readonly Pick<Moment, 'source'>[]): string {
  const n = (s: ClockSource) => moments.filter((m) => m.source === s).length
  const [c, o] = [n('cluster'), n('observer')]
  if (c === 0) return "the observer's arrival time of the watch event"
  if (o === 0) return "the cluster's own sub-second timestamp (Event eventTime)"
  return `the cluster's sub-second Event eventTime in ${c}, the observer's arrival time in ${o}`
}
