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
  'StartError',
  'LivenessProbeFailed',
  'StartupProbeFailed',
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
  'ChangedByAnotherWriter',
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
  /** For a failed pull, which kind, read from the runtime's and the registry's words. */
  pullFailure?: PullFailure
  /** What to do about it. */
  hint?: string
  /** For ChangedByAnotherWriter: each field that differs, `field: ours → theirs`. */
  changes?: string[]
}

/**
 * Why the node could not pull: the registry has no such image (`not-found`), wants
 * credentials the node does not have (`unauthorized`), or could not be reached from the
 * node (`unreachable`); `other` when the words say none of these.
 */
export type PullFailure = 'not-found' | 'unauthorized' | 'unreachable' | 'other'

/** The kind of a failed pull, from the kubelet's message and the latest Failed event. */
export function pullFailureKind(text: string): PullFailure {
  if (isUnauthorized(text)) return 'unauthorized'
  if (/\bnot found\b|manifest unknown|NotFound|name unknown|404 Not Found/i.test(text))
    return 'not-found'
  if (
    /dial tcp|connection refused|no such host|i\/o timeout|network is unreachable|no route to host|TLS handshake timeout|x509:|server gave HTTP response to HTTPS client|connection reset/i.test(
      text,
    )
  )
    return 'unreachable'
  return 'other'
}

/** What to do about a failed pull of `image`, by its kind. */
export function pullFailureHint(
  kind: PullFailure,
  image: string | undefined,
  namespace: string | undefined,
  /** The Pod's imagePullSecrets: refused credentials are not missing ones. */
  pullSecrets: readonly string[] = [],
): string | undefined {
  let domain = '<registry>'
  try {
    if (image) domain = registryDomain(parseImageReference(image))
  } catch {
    // keep the placeholder
  }
  switch (kind) {
    case 'unauthorized':
      if (pullSecrets.length === 0) return pullSecretHint(image, namespace)
      return `the registry ${domain} refused the credentials of the Pod's imagePullSecrets (${pullSecrets.join(', ')}): check that one of them holds a user and a token for ${domain} that may pull this image and has not expired, or replace it (kubectl create secret docker-registry).`
    case 'not-found':
      return `the registry ${domain} answered the node that this image does not exist. If it is the image this run pushed, the registry confirmed its digest to the runner before the patch: the node reaches another registry under that name (a mirror, a different address), or the image was deleted since. Otherwise check the image's name and tag in the pod template.`
    case 'unreachable':
      return `the node could not reach the registry ${domain}, though the runner could. Check the node's network, DNS and proxy settings for ${domain}, and, for a registry on plain HTTP or with a private CA, the node's container runtime configuration for it.`
    default:
      return undefined
  }
}

const PULL_FAILURES: ReadonlySet<DiagnosisReason> = new Set(['ErrImagePull', 'ImagePullBackOff'])
const NEVER_RECOVERS: ReadonlySet<DiagnosisReason> = new Set([
  'InvalidImageName',
  'CreateContainerConfigError',
  'ErrImageNeverPull',
])
/** The kubelet's waiting reasons for a container it has not created yet. */
const NOT_CREATED_YET: ReadonlySet<string> = new Set(['ContainerCreating', 'PodInitializing'])
/** What the runtime says when it cannot start the command (containerd, Docker). */
const START_FAILURES = new Set(['StartError', 'ContainerCannotRun', 'RunContainerError'])
/** A start that failed because the runtime's own call timed out (Go's context deadline). */
const RUNTIME_TIMEOUT = /\bcontext deadline exceeded\b|\bDeadlineExceeded\b/
const isOneOf = <T extends string>(set: ReadonlySet<T>, s: string): s is T =>
  (set as ReadonlySet<string>).has(s)

/** Events about this pod (by uid, or by name for events without one), oldest first. */
export function eventsFor(pod: Pod, events: readonly KubeEvent[]): KubeEvent[] {
  return byTime([...new PodEvents(events).of(pod)])
}

function byTime(events: KubeEvent[]): KubeEvent[] {
  return events.sort((a, b) => (eventTime(a) ?? 0) - (eventTime(b) ?? 0))
}

/** What PodEvents.of hands out for a Pod without events. */
const NONE: readonly KubeEvent[] = Object.freeze([])

/**
 * Events grouped by the Pod they are about, in one pass: a rollout of N Pods looks up
 * each Pod's events here instead of filtering all of them N times. The match is
 * eventsFor's: by uid when both sides have one, else by name.
 */
export class PodEvents {
  private readonly byUid = new Map<string, KubeEvent[]>()
  /** Events without a uid, by name. */
  private readonly byNameOnly = new Map<string, KubeEvent[]>()
  /** Every event, by name (for a Pod without a uid). */
  private readonly byName = new Map<string, KubeEvent[]>()
  private readonly events: readonly KubeEvent[]

  constructor(events: readonly KubeEvent[]) {
    this.events = events
    const add = (m: Map<string, KubeEvent[]>, k: string, e: KubeEvent) => {
      const list = m.get(k)
      if (list) list.push(e)
      else m.set(k, [e])
    }
    for (const e of events) {
      const o = e.involvedObject
      if (!o || (o.kind && o.kind !== 'Pod')) continue
      if (o.uid) add(this.byUid, o.uid, e)
      else if (o.name !== undefined) add(this.byNameOnly, o.name, e)
      if (o.name !== undefined) add(this.byName, o.name, e)
    }
  }

  /** This Pod's events, in the order they were given (not sorted); the index's own array
   *  when it can be (called for every Pod at every assessment), so never to be changed. */
  of(pod: Pod): readonly KubeEvent[] {
    const { uid, name } = pod.metadata
    if (!uid) return (name !== undefined && this.byName.get(name)) || NONE
    const withUid = this.byUid.get(uid) ?? NONE
    const withName = (name !== undefined && this.byNameOnly.get(name)) || NONE
    if (!withName.length) return withUid
    if (!withUid.length) return withName
    // Both kinds (rare: a writer that left the uid out): the whole list again, so that
    // they come in the order given.
    const mine = new Set([...withUid, ...withName])
    return this.events.filter((e) => mine.has(e))
  }
}

/** PodEvents of this array, kept per array (a reflector hands the same one until a change). */
const grouped = new WeakMap<readonly KubeEvent[], PodEvents>()
export function podEventsOf(events: readonly KubeEvent[]): PodEvents {
  let index = grouped.get(events)
  if (!index) grouped.set(events, (index = new PodEvents(events)))
  return index
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

function isInit(pod: Pod, name: string): boolean {
  return ((pod.spec?.initContainers as Container[] | undefined) ?? []).some((c) => c.name === name)
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
    return pullDiagnosis(pod, base, reason, message, event, sinceMs)
  }

  // The kubelet's failed pull, before its status says so. Its `Failed` Event comes at
  // once, the ErrImagePull status only with its next sync of the Pod: on the test bed
  // 10-16 s later when the pull followed an init container (the pod worker waits out a
  // back-off after an error). A container still waiting to be created whose latest
  // pull Event is a failure, with no successful pull since, has failed to pull.
  if (!cs.state?.running && !cs.state?.terminated && (!reason || NOT_CREATED_YET.has(reason))) {
    const failedPulls = events.filter(
      (e) => e.reason === 'Failed' && (e.message ?? '').startsWith('Failed to pull image'),
    )
    const lastFailed = failedPulls[failedPulls.length - 1]
    const failedAt = lastFailed && eventTime(lastFailed)
    const pulledAt = Math.max(
      -Infinity,
      ...events.filter((e) => e.reason === 'Pulled').map((e) => eventTime(e) ?? Infinity),
    )
    // Event times are whole seconds: a success in the same second as the failure wins.
    if (lastFailed && failedAt !== undefined && failedAt > pulledAt) {
      const first = Math.min(...failedPulls.map((e) => eventFirstTime(e) ?? Infinity))
      // The runtime's words, as the ErrImagePull status would give them: the Event's
      // `Failed to pull image "<ref>": ` repeats the image the report already names,
      // and with a digest pushes the registry's answer at the end past the quoted length.
      const message =
        (lastFailed.message ?? '').replace(/^Failed to pull image "[^"]*": /, '') ||
        'Failed to pull image'
      return pullDiagnosis(pod, base, 'ErrImagePull', message, undefined, first)
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
  const restarts = cs.restartCount ? { restartCount: cs.restartCount } : {}
  const kind = isInit(pod, cs.name) ? 'init container' : 'container'

  // The runtime could not start the command: a binary that is not in the image, a
  // working directory that cannot be made. containerd answers StartError, exit code 128.
  const startTerm = [now, last].find((t) => t?.reason !== undefined && START_FAILURES.has(t.reason))
  // A start the runtime timed out on, and a container running since: the retry worked.
  const retried =
    !!cs.state?.running && startTerm === last && RUNTIME_TIMEOUT.test(last?.message ?? '')
  if ((START_FAILURES.has(reason) || startTerm) && !retried) {
    const ev = latest(events, (e) => e.reason === 'Failed' && e.type === 'Warning')
    const message =
      (START_FAILURES.has(reason) ? waiting?.message : undefined) ??
      startTerm?.message ??
      ev?.message ??
      `the ${kind} could not be started`
    // The runtime gave up waiting on itself (an overloaded node), not on the image. It
    // is still a StartError under `grace` (INTERFACE.md), but the hint says whose it is.
    const timedOut = RUNTIME_TIMEOUT.test(message)
    return {
      reason: 'StartError',
      ...base,
      message,
      ...(ev?.message && ev.message !== message ? { event: ev.message } : {}),
      ...since(timeMs(startTerm?.finishedAt) ?? (ev && eventFirstTime(ev))),
      grace: 'grace',
      ...(timedOut
        ? {
            hint: "the container runtime timed out starting the container (the node's containerd or CRI-O under load), not a fault of the image; the kubelet retries it. Look at the node's load and the runtime's logs; a `grace` of a minute or two lets the retry happen.",
          }
        : {}),
      ...(startTerm?.exitCode !== undefined ? { exitCode: startTerm.exitCode } : {}),
      ...restarts,
    }
  }

  // The kubelet killed the container for a failing liveness or startup probe (it says
  // so in a Killing event); the container's own exit code is then whatever its signal
  // handler chose, often 0.
  const created = timeMs(pod.metadata.creationTimestamp) ?? 0
  const killed = latest(
    events,
    (e) =>
      e.reason === 'Killing' &&
      /failed (liveness|startup) probe/i.test(e.message ?? '') &&
      (eventTime(e) ?? 0) >= created,
  )
  if (killed) {
    const probe = /startup/i.test(killed.message ?? '') ? 'Startup' : 'Liveness'
    const unhealthy = latest(
      events,
      (e) => e.reason === 'Unhealthy' && (e.message ?? '').startsWith(`${probe} probe`),
    )
    const message = unhealthy?.message ?? killed.message ?? `${probe} probe failed`
    return {
      reason: probe === 'Startup' ? 'StartupProbeFailed' : 'LivenessProbeFailed',
      ...base,
      message,
      ...(killed.message && killed.message !== message ? { event: killed.message } : {}),
      ...since(eventFirstTime(killed)),
      grace: 'grace',
      ...restarts,
    }
  }

  // Out of memory now, or before the container's last restart: a container whose
  // main process survives the kill of a child is reported OOMKilled with exit code 0.
  const oom = [now, last].find((t) => t?.reason === 'OOMKilled')
  if (oom) {
    const back = latest(events, (e) => e.reason === 'BackOff')
    return {
      reason: 'OOMKilled',
      ...base,
      message: `the ${kind} was killed for running out of memory (exit code ${oom.exitCode ?? 137})`,
      ...(oom.message ? { event: oom.message } : back?.message ? { event: back.message } : {}),
      ...since(timeMs(oom.finishedAt) ?? (back && eventFirstTime(back))),
      grace: 'grace',
      ...(oom.exitCode !== undefined ? { exitCode: oom.exitCode } : {}),
      ...restarts,
    }
  }

  if (reason === 'CrashLoopBackOff') {
    const back = latest(events, (e) => e.reason === 'BackOff')
    const message = waiting?.message ?? `back-off restarting failed ${kind} ${cs.name}`
    // The container's own termination message says more than the kubelet's back-off.
    const event = last?.message || back?.message
    return {
      reason: 'CrashLoopBackOff',
      ...base,
      message,
      ...(event && event !== message ? { event } : {}),
      ...since(timeMs(last?.finishedAt) ?? (back && eventFirstTime(back))),
      grace: 'grace',
      ...(last?.exitCode !== undefined ? { exitCode: last.exitCode } : {}),
      ...(cs.restartCount !== undefined ? { restartCount: cs.restartCount } : {}),
    }
  }

  // A new Pod's container that exited with an error has crashed: at once, not at the
  // kubelet's CrashLoopBackOff a few seconds later, and also when it came back up (a
  // rollout could otherwise finish between two crashes). Exit code 0 is not a crash.
  const crash = [now, (cs.restartCount ?? 0) > 0 && !retried ? last : undefined].find(
    (t) => t?.exitCode !== undefined && t.exitCode !== 0,
  )
  if (crash) {
    return {
      reason: 'Crashed',
      ...base,
      message: `the ${kind} exited with code ${crash.exitCode}${crash.reason ? ` (${crash.reason})` : ''}${cs.restartCount ? ` and was restarted ${cs.restartCount === 1 ? 'once' : `${cs.restartCount} times`}` : ''}`,
      ...(crash.message ? { event: crash.message } : {}),
      ...since(timeMs(crash.finishedAt)),
      grace: 'grace',
      exitCode: crash.exitCode!,
      ...restarts,
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

/** A failed pull: its kind, read from the kubelet's and the registry's words, and the fix. */
function pullDiagnosis(
  pod: Pod,
  base: { pod?: string; container: string; image?: string },
  reason: DiagnosisReason,
  message: string,
  event: string | undefined,
  sinceMs: number | undefined,
): Diagnosis {
  const pullFailure = pullFailureKind(`${message}\n${event ?? ''}`)
  const secrets = ((pod.spec?.imagePullSecrets as { name?: string }[] | undefined) ?? [])
    .map((r) => r.name ?? '')
    .filter(Boolean)
  const hint = pullFailureHint(pullFailure, base.image, pod.metadata.namespace, secrets)
  return {
    reason,
    ...base,
    message,
    ...(event && event !== message ? { event } : {}),
    ...since(Number.isFinite(sinceMs) ? sinceMs : undefined),
    grace: 'grace',
    pullFailure,
    ...(hint ? { hint } : {}),
  }
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
export function diagnose(pod: Pod, events: PodEvents): Diagnosis | undefined {
  if (pod.metadata.deletionTimestamp) return undefined
  const mine = events.of(pod)
  // The same Pod object with the same events (a rollout re-assessed after some other
  // object changed) has the same diagnosis: the last one is kept per Pod object.
  const last = lastDiagnosis.get(pod)
  if (last && sameItems(last.events, mine)) return last.diagnosis
  const diagnosis = diagnosePod(pod, byTime([...mine]))
  lastDiagnosis.set(pod, { events: mine, diagnosis })
  return diagnosis
}

/** The last diagnosis of each Pod object, with the events it was made from. */
const lastDiagnosis = new WeakMap<
  Pod,
  { events: readonly KubeEvent[]; diagnosis: Diagnosis | undefined }
>()

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

/** diagnose, given this Pod's own events, oldest first. */
function diagnosePod(pod: Pod, podEvents: KubeEvent[]): Diagnosis | undefined {
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
