// Moments of a rollout read from the simulated cluster's change journal
// (`cluster.store.events()`), pure. Every latency in the benchmark is measured from
// one of these: the cluster's own record of when it knew, in its cluster time and in
// wall time (shared/TESTBED.md, "Clock").
import type { StoreEvent } from '../testbed/cluster/store.ts'

export type JournalEvent = Pick<
  StoreEvent,
  'type' | 'key' | 'object' | 'rv' | 'clusterTime' | 'wallTime'
>

export interface Moment {
  rv: number
  clusterTime: number
  wallTime: number
}

const moment = (e: JournalEvent): Moment => ({
  rv: e.rv,
  clusterTime: e.clusterTime,
  wallTime: e.wallTime,
})

const inNamespace = (e: JournalEvent, ns: string) => e.object.metadata.namespace === ns

/** The first change of Deployment `ns/name` to a generation above `generation`: the patch. */
export function findPatch(
  events: readonly JournalEvent[],
  ns: string,
  name: string,
  generation: number,
): (Moment & { image: string; generation: number }) | undefined {
  const e = events.find(
    (e) =>
      e.key === 'apps/deployments' &&
      inNamespace(e, ns) &&
      e.object.metadata.name === name &&
      (e.object.metadata.generation ?? 0) > generation,
  )
  if (!e) return undefined
  return {
    ...moment(e),
    image: e.object.spec?.template?.spec?.containers?.[0]?.image ?? '',
    generation: e.object.metadata.generation ?? 0,
  }
}

function podImage(e: JournalEvent): string | undefined {
  return e.object.spec?.containers?.[0]?.image
}

/**
 * The first time a Pod of `ns` running `image` reports one of `reasons` as a
 * container's waiting reason (`ErrImagePull`, `ImagePullBackOff`, `CrashLoopBackOff`).
 */
export function firstWaiting(
  events: readonly JournalEvent[],
  ns: string,
  image: string,
  reasons: readonly string[],
): (Moment & { reason: string; pod: string }) | undefined {
  for (const e of events) {
    if (e.key !== '/pods' || e.type === 'DELETED' || !inNamespace(e, ns)) continue
    if (podImage(e) !== image) continue
    const statuses: { state?: { waiting?: { reason?: string } } }[] =
      e.object.status?.containerStatuses ?? []
    const hit = statuses.find((s) => reasons.includes(s.state?.waiting?.reason ?? ''))
    if (hit)
      return { ...moment(e), reason: hit.state!.waiting!.reason!, pod: e.object.metadata.name }
  }
  return undefined
}

function isReady(e: JournalEvent): boolean {
  const conditions: { type?: string; status?: string }[] = e.object.status?.conditions ?? []
  return (
    !e.object.metadata.deletionTimestamp &&
    conditions.some((c) => c.type === 'Ready' && c.status === 'True')
  )
}

/**
 * The first moment after the patch (`afterRv`) when `replicas` Pods running `image` are
 * Ready and every Pod of another template is gone: the rollout is over as far as the
 * cluster knows. Gone means terminating (deletionTimestamp set; Kubernetes no longer
 * counts it as a replica, nor do `kubectl rollout status` and dock2pod), or with
 * `untilDeleted`, removed from the store after its grace period.
 */
export function findSettled(
  events: readonly JournalEvent[],
  ns: string,
  image: string,
  replicas: number,
  afterRv: number,
  opts: { untilDeleted?: boolean } = {},
): Moment | undefined {
  const readyNew = new Set<string>()
  const old = new Set<string>()
  for (const e of events) {
    if (e.key !== '/pods' || !inNamespace(e, ns)) continue
    const name = e.object.metadata.name
    const isNew = podImage(e) === image
    if (e.type === 'DELETED') {
      readyNew.delete(name)
      old.delete(name)
    } else if (isNew) {
      if (isReady(e)) readyNew.add(name)
      else readyNew.delete(name)
    } else if (e.object.metadata.deletionTimestamp && !opts.untilDeleted) {
      old.delete(name)
    } else {
      old.add(name)
    }
    if (e.rv > afterRv && old.size === 0 && readyNew.size >= replicas) return moment(e)
  }
  return undefined
}

/** When the Deployment's Progressing condition first says ProgressDeadlineExceeded. */
export function findDeadlineExceeded(
  events: readonly JournalEvent[],
  ns: string,
  name: string,
): Moment | undefined {
  const e = events.find(
    (e) =>
      e.key === 'apps/deployments' &&
      inNamespace(e, ns) &&
      e.object.metadata.name === name &&
      (e.object.status?.conditions ?? []).some(
        (c: { type?: string; reason?: string }) =>
          c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded',
      ),
  )
  return e ? moment(e) : undefined
}

/**
 * When Deployment `ns/name`'s status first says the rollout is complete, as `kubectl
 * rollout status` reads it: the spec of `generation` observed, and every one of
 * `replicas` updated and available with no other replica left.
 */
export function findStatusComplete(
  events: readonly JournalEvent[],
  ns: string,
  name: string,
  generation: number,
  replicas: number,
): Moment | undefined {
  const e = events.find((e) => {
    if (e.key !== 'apps/deployments' || !inNamespace(e, ns) || e.object.metadata.name !== name)
      return false
    const s = e.object.status ?? {}
    return (
      (s.observedGeneration ?? 0) >= generation &&
      s.updatedReplicas === replicas &&
      s.availableReplicas === replicas &&
      s.replicas === replicas
    )
  })
  return e ? moment(e) : undefined
}
