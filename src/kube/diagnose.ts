// "Is this Pod failing, and why": a pure function of the Pod and the Events about it.
// The answer names the container, the reason the kubelet gives, its message and the
// latest Event's (which carries the registry's own words for a failed pull), and the
// cluster's timestamp of when the Pod entered that state, so the caller can apply a
// grace period in cluster time.
import { parseImageReference, registryDomain } from '../image/reference.ts'
import type { Container, ContainerStatus, KubeEvent, Pod, ReplicaSet } from './types.ts'
import { timeMs } from './types.ts'

/** Which input bounds how long the state may last: `grace` or `ready-grace`. */
export type GraceKind = 'grace' | 'ready-grace'

/**
 * Every reason a Diagnosis can carry: the kubelet's waiting reasons dock2pod acts on,
 * its own names for what the kubelet, scheduler and controller show (`Crashed`,
 * `ReadinessProbeFailed`, …), and what ends a deploy without a Pod to blame. README's
 * Troubleshooting has a heading for each (__tests__/docs/troubleshooting.test.ts).
 */
export const DIAGNOSIS_REASONS = [
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'CreateContainerConfigError',
  'ErrImageNeverPull',
  'CrashLoopBackOff',
  'OOMKilled',
  'Crashed',
  'Unschedulable',
  'FailedCreate',
  'ReadinessProbeFailed',
  'Unready',
  'Evicted',
  'ProgressDeadlineExceeded',
  'Timeout',
  'PatchFailed',
  'WatchFailed',
  'Cancelled',
] as const
export type DiagnosisReason = (typeof DIAGNOSIS_REASONS)[number]

export interface Diagnosis {
  reason: DiagnosisReason
  pod?: string
  container?: string
  image?: string
  /** The kubelet's (or the scheduler's, or the controller's) message. */
  message: string
  /** The latest matching Event's message, when it says something the message does not. */
  event?: string
  /** Cluster time (RFC 3339) since when the Pod shows this state. */
  since?: string
  grace?: GraceKind
  exitCode?: number
  restartCount?: number
  /** The last lines the crashed container wrote (filled by the caller, which reads logs). */
  logs?: string[]
  /** What to do about it. */
  hint?: string
}

const PULL_FAILURES: ReadonlySet<DiagnosisReason> = new Set(['ErrImagePull', 'ImagePullBackOff'])
const NEVER_RECOVERS: ReadonlySet<DiagnosisReason> = new Set([
  'InvalidImageName',
  'CreateContainerConfigError',
  'ErrImageNeverPull',
])
const isOneOf = <T extends string>(set: ReadonlySet<T>, s: string): s is T =>
  (set as ReadonlySet<string>).has(s)

/** Events about this pod (by uid, or by name for events without one), oldest first. */
export function eventsFor(pod: Pod, events: KubeEvent[]): KubeEvent[] {
  const { uid, name } = pod.metadata
  return events
    .filter((e) => {
      const o = e.involvedObject
      if (!o || (o.kind && o.kind !== 'Pod')) return false
      return o.uid && uid ? o.uid === uid : o.name === name
    })
    .sort((a, b) => (eventTime(a) ?? 0) - (eventTime(b) ?? 0))
}

/** When an event last happened, in cluster milliseconds. */
export function eventTime(e: KubeEvent): number | undefined {
  return timeMs(e.lastTimestamp) ?? timeMs(e.eventTime) ?? timeMs(e.firstTimestamp)
}
function eventFirstTime(e: KubeEvent): number | undefined {
  return timeMs(e.firstTimestamp) ?? timeMs(e.eventTime) ?? timeMs(e.lastTimestamp)
}

function forContainer(events: KubeEvent[], container: string): KubeEvent[] {
  return events.filter((e) => {
    const path = e.involvedObject?.fieldPath
    return (
      !path ||
      path === `spec.containers{${container}}` ||
      path === `spec.initContainers{${container}}`
    )
  })
}

const iso = (ms: number | undefined): string | undefined =>
  ms === undefined ? undefined : new Date(ms).toISOString().replace('.000Z', 'Z')

function condition(pod: Pod, type: string) {
  return pod.status?.conditions?.find((c) => c.type === type)
}

/** A registry that wants credentials the cluster does not have. */
export function isUnauthorized(text: string): boolean {
  return /\b401\b|unauthorized|authentication required|no basic auth credentials|authorization failed/i.test(
    text,
  )
}

/** The fix for a private registry: a docker-registry Secret and imagePullSecrets. */
export function pullSecretHint(image: string | undefined, namespace: string | undefined): string {
  let server = '<registry>'
  try {
    if (image) {
      const domain = registryDomain(parseImageReference(image))
      server = domain === 'docker.io' ? 'https://index.docker.io/v1/' : domain
    }
  } catch {
    // keep the placeholder
  }
  const ns = namespace ? ` --namespace ${namespace}` : ''
  return [
    'the cluster cannot pull from this private registry: add an imagePullSecret.',
    `  kubectl create secret docker-registry regcred${ns} --docker-server=${server} --docker-username=<user> --docker-password=<token>`,
    `  kubectl patch serviceaccount default${ns} -p '{"imagePullSecrets":[{"name":"regcred"}]}'`,
    "(or list it under the pod template's spec.imagePullSecrets)",
  ].join('\n')
}

function specImage(pod: Pod, name: string): string | undefined {
  const all: Container[] = [
    ...((pod.spec?.containers as Container[] | undefined) ?? []),
    ...((pod.spec?.initContainers as Container[] | undefined) ?? []),
  ]
  return all.find((c) => c.name === name)?.image
}

function latest(events: KubeEvent[], test: (e: KubeEvent) => boolean): KubeEvent | undefined {
  const hits = events.filter(test)
  return hits[hits.length - 1]
}

function diagnoseContainer(
  pod: Pod,
  cs: ContainerStatus,
  podEvents: KubeEvent[],
): Diagnosis | undefined {
  const name = pod.metadata.name
  const events = forContainer(podEvents, cs.name)
  const image = specImage(pod, cs.name) ?? cs.image
  const base = { pod: name, container: cs.name, ...(image ? { image } : {}) }
  const waiting = cs.state?.waiting
  const reason = waiting?.reason ?? ''

  if (isOneOf(PULL_FAILURES, reason)) {
    const failed = events.filter(
      (e) => e.reason === 'Failed' || e.reason === 'ErrImagePull' || e.reason === 'BackOff',
    )
    const pullError = latest(
      failed,
      (e) =>
        e.reason === 'Failed' && !/^Error: (ErrImagePull|ImagePullBackOff)$/.test(e.message ?? ''),
    )
    const firstFailure = Math.min(...failed.map((e) => eventFirstTime(e) ?? Infinity))
    const sinceMs = Number.isFinite(firstFailure)
      ? firstFailure
      : (timeMs(condition(pod, 'ContainersReady')?.lastTransitionTime) ??
        timeMs(pod.metadata.creationTimestamp))
    const message = waiting?.message ?? reason
    const event = pullError?.message
    const text = `${message}\n${event ?? ''}`
    return {
      reason,
      ...base,
      message,
      ...(event && event !== message ? { event } : {}),
      ...since(sinceMs),
      grace: 'grace',
      ...(isUnauthorized(text) ? { hint: pullSecretHint(image, pod.metadata.namespace) } : {}),
    }
  }
  if (isOneOf(NEVER_RECOVERS, reason)) {
    const ev = latest(events, (e) => e.type === 'Warning')
    return {
      reason,
      ...base,
      message: waiting?.message ?? reason,
      ...(ev?.message && ev.message !== waiting?.message ? { event: ev.message } : {}),
      ...since(
        (ev && eventFirstTime(ev)) ??
          timeMs(condition(pod, 'ContainersReady')?.lastTransitionTime) ??
          timeMs(pod.metadata.creationTimestamp),
      ),
      grace: 'grace',
    }
  }
  const last = cs.lastState?.terminated
  const now = cs.state?.terminated
  if (reason === 'CrashLoopBackOff' || now?.reason === 'OOMKilled') {
    const term = now?.reason === 'OOMKilled' ? now : last
    const oom = term?.reason === 'OOMKilled'
    const back = latest(events, (e) => e.reason === 'BackOff')
    const message = oom
      ? `the container was killed for running out of memory (exit code ${term?.exitCode ?? 137})`
      : (waiting?.message ?? `back-off restarting failed container ${cs.name}`)
    // The container's own termination message says more than the kubelet's back-off; a
    // failing liveness or startup probe (the kubelet killed it) says more than either.
    const probe = latest(
      events,
      (e) => e.reason === 'Unhealthy' && /^(Liveness|Startup) probe/i.test(e.message ?? ''),
    )
    const event = probe?.message || term?.message || back?.message
    return {
      reason: oom ? 'OOMKilled' : 'CrashLoopBackOff',
      ...base,
      message,
      ...(event && event !== message ? { event } : {}),
      ...since(timeMs(term?.finishedAt) ?? (back && eventFirstTime(back))),
      grace: 'grace',
      ...(term?.exitCode !== undefined ? { exitCode: term.exitCode } : {}),
      ...(cs.restartCount !== undefined ? { restartCount: cs.restartCount } : {}),
    }
  }
  // A new Pod's container that exited with an error and came back up Ready is crashing:
  // the rollout could otherwise finish between two crashes. One that is not Ready again
  // is left to the kubelet's next word on it (CrashLoopBackOff at its next exit), the
  // name everyone knows.
  const term =
    (cs.restartCount ?? 0) > 0 &&
    cs.state?.running &&
    cs.ready === true &&
    last &&
    last.exitCode !== 0 &&
    last.exitCode !== undefined
      ? last
      : undefined
  if (term) {
    return {
      reason: 'Crashed',
      ...base,
      message: `the container exited with code ${term.exitCode}${term.reason ? ` (${term.reason})` : ''}${cs.restartCount ? ` and was restarted ${cs.restartCount === 1 ? 'once' : `${cs.restartCount} times`}` : ''}`,
      ...(term.message ? { event: term.message } : {}),
      ...since(timeMs(term.finishedAt)),
      grace: 'grace',
      exitCode: term.exitCode!,
      ...(cs.restartCount !== undefined ? { restartCount: cs.restartCount } : {}),
    }
  }
  const running = cs.state?.running
  if (running && cs.ready === false) {
    const startedMs = timeMs(running.startedAt) ?? 0
    const probe = events.filter(
      (e) =>
        e.reason === 'Unhealthy' &&
        /^Readiness probe/i.test(e.message ?? '') &&
        (eventTime(e) ?? 0) >= startedMs,
    )
    if (probe.length === 0) return undefined
    const first = Math.max(startedMs, Math.min(...probe.map((e) => eventFirstTime(e) ?? Infinity)))
    const ev = probe[probe.length - 1]!
    return {
      reason: 'ReadinessProbeFailed',
      ...base,
      message: ev.message ?? 'Readiness probe failed',
      ...since(Number.isFinite(first) ? first : startedMs || undefined),
      grace: 'ready-grace',
      ...(cs.restartCount ? { restartCount: cs.restartCount } : {}),
    }
  }
  return undefined
}

function since(ms: number | undefined): { since?: string } {
  const s = iso(ms)
  return s ? { since: s } : {}
}

/**
 * Why the controller cannot create the new ReplicaSet's Pods: its `ReplicaFailure`
 * condition (`FailedCreate`: a ResourceQuota, a LimitRange, PodSecurity or a webhook
 * refused them), with the API server's words.
 */
export function diagnoseReplicaSet(rs: ReplicaSet): Diagnosis | undefined {
  const c = rs.status?.conditions?.find((x) => x.type === 'ReplicaFailure' && x.status === 'True')
  if (!c) return undefined
  return {
    reason: 'FailedCreate',
    message: c.message ?? `the controller cannot create the Pods of ReplicaSet ${rs.metadata.name}`,
    ...(c.reason && c.reason !== 'FailedCreate' ? { event: c.reason } : {}),
    ...since(timeMs(c.lastTransitionTime) ?? timeMs(rs.metadata.creationTimestamp)),
    grace: 'grace',
    hint: "the API server refused the new Pods: check the namespace's ResourceQuota, LimitRange and Pod Security level against the new template (kubectl describe replicaset).",
  }
}

/**
 * Why this Pod cannot come up, or undefined while it may still: a pull that failed,
 * an image name or configuration the kubelet refuses, a crash loop, an out-of-memory
 * kill, no node to run on, or a readiness probe that keeps failing. The caller decides,
 * with `since` and the grace, whether that ends the rollout yet.
 */
export function diagnose(pod: Pod, events: KubeEvent[]): Diagnosis | undefined {
  if (pod.metadata.deletionTimestamp) return undefined
  const podEvents = eventsFor(pod, events)
  const scheduled = condition(pod, 'PodScheduled')
  if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
    const ev = latest(podEvents, (e) => e.reason === 'FailedScheduling')
    const message = scheduled.message ?? ev?.message ?? 'no node can run this pod'
    return {
      reason: 'Unschedulable',
      pod: pod.metadata.name,
      message,
      ...(ev?.message && ev.message !== message ? { event: ev.message } : {}),
      ...since(
        timeMs(scheduled.lastTransitionTime) ??
          (ev && eventFirstTime(ev)) ??
          timeMs(pod.metadata.creationTimestamp),
      ),
      grace: 'grace',
    }
  }
  for (const cs of [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ]) {
    const d = diagnoseContainer(pod, cs, podEvents)
    if (d) return d
  }
  return undefined
}
