// The soak: once a rollout is complete, its new Pods are watched for `soak` longer, and
// any sign that the new version does not hold up fails the run (and rolls it back) the
// way a failure during the wait does. A pure function of what the watches see: the Pods
// as they were when the rollout completed (the baseline) and as they are now.
//
// What fails a soak, the first found, in this order:
//   - a container of a new Pod that exited or was restarted since the baseline: the
//     crash after Ready that `kubectl rollout status` reports as a success;
//   - a new Pod evicted or disrupted (kubelet eviction, the Eviction API, preemption:
//     status.reason `Evicted`, or a `DisruptionTarget` condition), or failed;
//   - a new Pod that was Ready and is not any more (its readiness probe, most often).
// A Pod the ReplicaSet adds during the soak (a replacement) fails it only with what
// diagnose.ts calls failing (a crash loop, a pull failure, no node), not for being
// unready while it starts.
import { diagnose, eventsFor, podEventsOf, type Diagnosis } from './diagnose.ts'
import { isPodReady } from './rollout-state.ts'
import type { ContainerStatus, KubeEvent, Pod } from './types.ts'
import { timeMs } from './types.ts'

/** Per new Pod (by uid) when the rollout completed: its containers' restart counts. */
export type SoakBaseline = ReadonlyMap<string, { name: string; restarts: Record<string, number> }>

/** How a soak tells Pods apart: the uid (a Pod re-created under its name is another). */
export const podKey = (p: Pod) =>
  p.metadata.uid ?? `${p.metadata.namespace ?? ''}/${p.metadata.name}`

const statuses = (p: Pod): ContainerStatus[] => [
  ...(p.status?.initContainerStatuses ?? []),
  ...(p.status?.containerStatuses ?? []),
]

/** The baseline of a soak: the Pods that made the rollout complete. */
export function soakBaseline(pods: readonly Pod[]): SoakBaseline {
  const out = new Map<string, { name: string; restarts: Record<string, number> }>()
  for (const p of pods) {
    if (p.metadata.deletionTimestamp) continue
    const restarts: Record<string, number> = {}
    for (const cs of statuses(p)) restarts[cs.name] = cs.restartCount ?? 0
    out.set(podKey(p), { name: p.metadata.name ?? '', restarts })
  }
  return out
}

const iso = (ms: number | undefined) =>
  ms === undefined ? {} : { since: new Date(ms).toISOString().replace('.000Z', 'Z') }

const times = (n: number) => (n === 1 ? 'once' : `${n} times`)

/** A container of a baseline Pod that exited or restarted since the baseline. */
function restarted(pod: Pod, before: Record<string, number>): Diagnosis | undefined {
  const initNames = new Set((pod.status?.initContainerStatuses ?? []).map((c) => c.name))
  for (const cs of statuses(pod)) {
    const was = before[cs.name] ?? 0
    const restarts = (cs.restartCount ?? 0) - was
    const exited = cs.state?.terminated
    // A finished init container's terminated state is where it belongs.
    if (restarts <= 0 && (!exited || (initNames.has(cs.name) && exited.exitCode === 0))) continue
    const term = exited ?? cs.lastState?.terminated
    const where = {
      pod: pod.metadata.name,
      container: cs.name,
      ...(cs.image ? { image: cs.image } : {}),
    }
    const counted = cs.restartCount !== undefined ? { restartCount: cs.restartCount } : {}
    const code = term?.exitCode
    const again = restarts > 0 ? ` and was restarted ${times(restarts)}` : ''
    const during = 'during the soak, after the rollout had completed'
    if (term?.reason === 'OOMKilled')
      return {
        reason: 'OOMKilled',
        ...where,
        message: `the container was killed for running out of memory (exit code ${code ?? 137})${again} ${during}`,
        ...(term.message ? { event: term.message } : {}),
        ...iso(timeMs(term.finishedAt)),
        exitCode: code ?? 137,
        ...counted,
      }
    if (cs.state?.waiting?.reason === 'CrashLoopBackOff')
      return {
        reason: 'CrashLoopBackOff',
        ...where,
        message: `${cs.state.waiting.message ?? `back-off restarting failed container ${cs.name}`} (${restarts > 0 ? `restarted ${times(restarts)} ` : ''}${during})`,
        ...(term?.message ? { event: term.message } : {}),
        ...iso(timeMs(term?.finishedAt)),
        ...(code !== undefined ? { exitCode: code } : {}),
        ...counted,
      }
    return {
      reason: 'Crashed',
      ...where,
      message: `the container ${code !== undefined ? `exited with code ${code}${term?.reason ? ` (${term.reason})` : ''}` : 'was restarted'}${again} ${during}`,
      ...(term?.message ? { event: term.message } : {}),
      ...iso(timeMs(term?.finishedAt)),
      ...(code !== undefined ? { exitCode: code } : {}),
      ...counted,
    }
  }
  return undefined
}

/** A Pod evicted, disrupted or failed: the kubelet's or the API server's words on it. */
function evicted(pod: Pod): Diagnosis | undefined {
  const st = pod.status
  const disruption = st?.conditions?.find(
    (c) => c.type === 'DisruptionTarget' && c.status === 'True',
  )
  if (st?.reason !== 'Evicted' && !disruption && st?.phase !== 'Failed') return undefined
  const message =
    st?.message ??
    disruption?.message ??
    `the Pod ${st?.reason === 'Evicted' ? 'was evicted' : 'failed'}`
  return {
    reason: 'Evicted',
    pod: pod.metadata.name,
    message: `${message} (${disruption?.reason ?? st?.reason ?? st?.phase}, during the soak, after the rollout had completed)`,
    ...iso(
      timeMs(disruption?.lastTransitionTime) ?? timeMs(pod.metadata.deletionTimestamp) ?? undefined,
    ),
  }
}

/** A Pod of the baseline that is no longer Ready. */
function unready(pod: Pod, events: readonly KubeEvent[]): Diagnosis | undefined {
  if (isPodReady(pod)) return undefined
  const d = diagnose(pod, podEventsOf(events))
  const during = 'during the soak, after the rollout had completed'
  if (d?.reason === 'ReadinessProbeFailed') return { ...d, message: `${d.message} (${during})` }
  const cond = pod.status?.conditions?.find((c) => c.type === 'Ready')
  const probe = eventsFor(pod, [...events]).filter(
    (e) => e.reason === 'Unhealthy' && /^Readiness probe/i.test(e.message ?? ''),
  )
  const last = probe[probe.length - 1]
  return {
    reason: 'Unready',
    pod: pod.metadata.name,
    message: `the Pod was Ready and is not any more: ${cond?.message ?? cond?.reason ?? 'Ready is not True'} (${during})`,
    ...(last?.message ? { event: last.message } : {}),
    ...iso(timeMs(cond?.lastTransitionTime)),
  }
}

/**
 * Whether the soak has failed, and why: `pods` are the new ReplicaSet's Pods as the
 * watch sees them now, `gone` the baseline Pods that have left that list (their last
 * state seen), `events` the Events about them.
 */
export function assessSoak(
  baseline: SoakBaseline,
  pods: readonly Pod[],
  events: readonly KubeEvent[],
  gone: readonly Pod[] = [],
): Diagnosis | undefined {
  const seen = [...pods, ...gone]
  for (const p of seen) {
    const b = baseline.get(podKey(p))
    if (!b) continue
    // A Pod being deleted stops its containers: only an eviction or a failure counts then.
    const d = evicted(p) ?? (p.metadata.deletionTimestamp ? undefined : restarted(p, b.restarts))
    if (d) return d
  }
  for (const p of pods) {
    const b = baseline.get(podKey(p))
    if (b && !p.metadata.deletionTimestamp) {
      const d = unready(p, events)
      if (d) return d
    } else if (!b) {
      // A replacement: only what would have failed the rollout itself.
      const d = diagnose(p, podEventsOf(events))
      if (d && d.grace !== 'ready-grace')
        return { ...d, message: `${d.message} (a replacement Pod, during the soak)` }
    }
  }
  return undefined
}
