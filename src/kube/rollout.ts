// The wait: watches → verdict. Four reflectors per Deployment (the Deployment itself by
// name, its ReplicaSets and its Pods by its selector, and the Events about Pods); three
// per StatefulSet or DaemonSet (no ReplicaSets). A change is assessed by the pure
// rollout-state.ts, which picks out the new Pods: at once after a quiet spell, at most
// once per assessGapMs (25 ms, longer with many Pods) during a burst. The watches are
// opened before our patch (watchRollout), so that what the cluster records right after
// it is already coming; once the new Pods' label is known, the Pod watch is narrowed to it.
// The Events one reads the whole namespace, so it comes from a ReflectorPool
// (reflector-pool.ts): the waits of one run in one namespace share one list and watch.
// Where the run waits on several workloads in one namespace, their workload, ReplicaSet
// and Pod watches come from the pool too, one for all of them (`shareWatches`). The
// verdict, not the connection, ends the wait: done, failed with a diagnosis, the overall
// deadline, a cancel, another writer's change of the workload (other-writer.ts), or an
// error no retry can fix.
import { cut, LIMITS } from '../util/bounds.ts'
import type { KubeApi, Resource, Selectors } from './api.ts'
import type { Diagnosis } from './diagnose.ts'
import { otherWrite, otherWriterDiagnosis } from './other-writer.ts'
import { Reflector, withoutManagedFields } from './reflector.ts'
import { ReflectorPool } from './reflector-pool.ts'
import { assessSoak, podKey, soakBaseline, type SoakBaseline } from './soak.ts'
import {
  assessRollout,
  latestClusterTime,
  progressLine,
  timeoutDiagnosis,
  type Limits,
  type RolloutSnapshot,
  type Verdict,
} from './rollout-state.ts'
import type { Deployment, KubeEvent, LabelSelector, ObjectMeta, Pod, ReplicaSet } from './types.ts'
import { hasLabel, RESOURCE_OF, selectorMatcher, type WorkloadKind } from './workload.ts'

type Meta = { metadata?: ObjectMeta }

/** What a wait reads one kind of object from: a reflector of its own, or a pool's lease. */
interface Source<T> {
  items(): readonly T[]
  readonly synced: boolean
  prune?(): void
  stop(): void
}

export interface WaitOptions {
  /** Default Deployment. */
  kind?: WorkloadKind
  limits: Limits
  /** Wall-clock epoch ms after which the wait fails with a timeout. */
  deadline: number
  /** For the timeout's message. */
  timeoutMs: number
  signal?: AbortSignal
  /** One line per change of where the rollout stands. */
  log: (line: string) => void
  debug?: (line: string) => void
  /** Label for log lines (defaults to the name). */
  label?: string
  /**
   * After the rollout completes, watch its new Pods this long more (soak.ts); a restart,
   * an unready Pod or an eviction then fails the wait. Not bounded by `deadline`.
   */
  soakMs?: number
  /**
   * Where the namespace-wide Events watch comes from: the waits of one run pass one
   * pool, so they share it. Default: a pool of this wait's own.
   */
  pool?: ReflectorPool
  /**
   * Other waits of the run are in this namespace: watch its workloads, ReplicaSets and
   * Pods through `pool`, one watch each for all of them, each wait keeping its own. The
   * ReplicaSets and Pods by `labelSelector`, which every wait's selector must imply
   * (workload.ts sharedSelector; '' is the whole namespace).
   */
  shareWatches?: { labelSelector: string }
}

export type WaitResult =
  /** `readyAt`: when the rollout completed (before the soak, if any). */
  | { outcome: 'done'; verdict: Verdict; deployment?: Deployment; readyAt?: number }
  | { outcome: 'failed'; verdict: Verdict; diagnosis: Diagnosis; deployment?: Deployment }
  | { outcome: 'cancelled'; verdict: Verdict; deployment?: Deployment }
  | { outcome: 'error'; verdict: Verdict; error: unknown; deployment?: Deployment }

/** `matchLabels`/`matchExpressions` as a `?labelSelector=` string. */
export function selectorString(sel: LabelSelector | undefined): string {
  const parts = Object.entries(sel?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`)
  for (const e of sel?.matchExpressions ?? []) {
    const values = (e.values ?? []).join(',')
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`)
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`)
    else if (e.operator === 'Exists') parts.push(e.key)
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`)
  }
  return parts.join(',')
}

/**
 * The least time between two assessments while changes keep coming. A large rollout's
 * watches bring changes in bursts, and each assessment walks every Pod (and allocates
 * as it goes), so the gap grows with the Pods the wait holds: ASSESS_GAP_MS, or 1 ms per
 * Pod when that is longer, up to ASSESS_GAP_MAX_MS. The CPU the assessments take then
 * stays about the same per second of a rollout whatever its size. A change after a quiet
 * spell is still assessed at once; one during a burst waits at most the gap.
 */
export const ASSESS_GAP_MS = 25
export const ASSESS_GAP_MAX_MS = 250

/** The gap after an assessment that walked `pods` Pods. */
export function assessGapMs(pods: number): number {
  return Math.min(ASSESS_GAP_MAX_MS, Math.max(ASSESS_GAP_MS, pods))
}

const CRASHES = new Set(['CrashLoopBackOff', 'OOMKilled', 'Crashed'])

/** The last lines a crashed container wrote: its previous instance first, else the current. */
const KUBELET_NO_LOG = /^unable to retrieve container logs for \S+$/

export async function lastLogLines(
  api: KubeApi,
  namespace: string,
  pod: string,
  container: string,
  lines: number = LIMITS.podLogLines,
): Promise<string[] | undefined> {
  for (const previous of [true, false]) {
    try {
      // Bounded by the API server: a container that logs one 50 MiB line costs 64 KiB.
      const text = await api.podLog(namespace, pod, container, {
        previous,
        tailLines: lines,
        limitBytes: LIMITS.podLogBytes,
      })
      // The kubelet answers 200 with this one line when that container's log is gone
      // (it keeps one dead container): not the container's log.
      if (KUBELET_NO_LOG.test(text.trim())) continue
      const out = text.replace(/\n$/, '').split('\n')
      if (text.trim() !== '') return out.slice(-lines).map((l) => cut(l, LIMITS.quotedLine))
    } catch {
      // no log of that instance: try the other
    }
  }
  return undefined
}

/**
 * Wait for one Deployment's rollout. `deployment` is the object as our patch left it:
 * its selector picks the ReplicaSets to watch, and a generation past its own is
 * another writer's change, which ends the wait.
 */
export function waitForRollout(
  api: KubeApi,
  deployment: Deployment,
  opts: WaitOptions,
): Promise<WaitResult> {
  return watchRollout(api, deployment, opts).begin(deployment)
}

/** Watches opened before the patch; `begin` waits once the patch is known. */
export interface RolloutWatch {
  /** Wait for the rollout of `patched`, the object as our patch left it. */
  begin(patched: Deployment): Promise<WaitResult>
  /** Not patched after all (unchanged, or the patch failed): stop the watches. */
  cancel(): void
}

/**
 * Open the watches of one workload's rollout now, before the patch, so that what the
 * cluster records right after it (a Pod the scheduler refuses within milliseconds) is
 * already on its way when the wait begins. `current` is the workload as read before
 * the patch: its name and selector (immutable in apps/v1) are what is watched. The
 * Pods are watched by the workload's selector, the new ones picked out on our side
 * once the new ReplicaSet (or revision) is known, and then by its label alone (the old
 * Pods no longer read). Nothing is assessed before `begin`,
 * nor while the workload watch still shows a generation older than the patch's.
 */
export function watchRollout(api: KubeApi, current: Deployment, opts: WaitOptions): RolloutWatch {
  const namespace = current.metadata.namespace ?? 'default'
  const name = current.metadata.name ?? ''
  const label = opts.label ?? name
  const selector = selectorString(current.spec?.selector)
  const kind = opts.kind ?? 'Deployment'
  /** The object as our patch left it, once `begin` is called. */
  let deployment: Deployment | undefined

  let resolve!: (r: WaitResult) => void
  const result = new Promise<WaitResult>((r) => (resolve = r))
  let finished = false
  let scheduled = false
  let recheck: ReturnType<typeof setTimeout> | undefined
  let deadlineTimer: ReturnType<typeof setTimeout> | undefined
  let lastLine = ''
  let verdict: Verdict = assessRollout({ replicaSets: [], pods: [], events: [] }, opts.limits, 0)
  // Cluster time: the latest timestamp seen, plus the wall time since it was first seen.
  let clusterSeen: number | undefined
  let wallAtSeen = 0
  // Whose Events are kept: `<name>-` until the new ReplicaSet's hash is known.
  let eventPrefix = `${name}-`
  let podLabel: string | undefined
  // Once the rollout is complete and `soakMs` is set: the Pods that completed it, and
  // the last state seen of each (a deleted Pod leaves the watch's list).
  let soak:
    { baseline: SoakBaseline; lastSeen: Map<string, Pod>; timer?: NodeJS.Timeout } | undefined
  let readyAt: number | undefined
  /** How many times the rollout was assessed, and the time that took (for the debug log). */
  const assessed = { count: 0, ms: 0, last: -Infinity, pods: 0 }

  const common = {
    api,
    namespace,
    onChange: () => schedule(),
    onFatal: (err: unknown) => finish({ outcome: 'error', verdict, error: err }),
    ...(opts.debug ? { onNote: opts.debug } : {}),
  }
  const pool = opts.pool ?? new ReflectorPool(api, opts.debug ? { onNote: opts.debug } : {})
  const shared = opts.shareWatches !== undefined
  const sharedSelectors = opts.shareWatches?.labelSelector
    ? { labelSelector: opts.shareWatches.labelSelector }
    : {}
  const selects = selectorMatcher(current.spec?.selector)
  /** With shared watches: the new Pods' label, once known (the Pods kept narrow to it). */
  let newLabel: ((p: Pod) => boolean) | undefined
  /** The reflectors of this wait's own, started below. */
  const own: { start(): unknown }[] = []
  /**
   * The objects of `resource` this wait reads: a watch of its own by `selectors`, or,
   * when several waits of the run share the namespace, the pool's watch of the whole
   * namespace, of which this wait keeps what `keep` (the same test, on our side) accepts.
   */
  function watchOf<T extends Meta>(
    resource: Resource,
    selectors: Selectors,
    keep: (obj: T) => boolean,
    trim?: (obj: T) => T,
  ): Source<T> {
    if (shared) {
      const lease = pool.acquire<T>(
        resource,
        namespace,
        // The workloads by name: a field selector has no set form, so the namespace's.
        resource === 'replicasets' || resource === 'pods' ? sharedSelectors : {},
        { keep, onChange: common.onChange, onFatal: common.onFatal },
        trim,
      )
      return {
        items: () => lease.items(),
        get synced() {
          return lease.synced
        },
        prune: () => lease.prune(),
        stop: () => lease.release(),
      }
    }
    const r = new Reflector<T>({ ...common, resource, selectors, ...(trim ? { trim } : {}) })
    own.push(r)
    return r
  }
  const bySelector = selector ? { labelSelector: selector } : {}
  const deployments = watchOf<Deployment>(
    RESOURCE_OF[kind],
    { fieldSelector: `metadata.name=${name}` },
    (d) => d.metadata.name === name,
  )
  // Only a Deployment has ReplicaSets; StatefulSets and DaemonSets own their Pods.
  // What the wait reads of them does not include who owns which field: dropped on arrival.
  const replicaSets =
    kind === 'Deployment'
      ? watchOf<ReplicaSet>(
          'replicasets',
          bySelector,
          (rs) => selects(rs.metadata.labels),
          withoutManagedFields,
        )
      : undefined
  // Every Pod of the workload, the old ones too, so the watch is open at the patch: the
  // new ones are picked out by the assessment (their ReplicaSet or revision label). Once
  // that label is known, a watch of it alone takes over as soon as it has listed (the
  // broad one is read until then, so nothing is missed), and the old Pods are dropped;
  // from a shared watch, they are dropped at once.
  let pods: Source<Pod> = watchOf<Pod>(
    'pods',
    bySelector,
    (p) => selects(p.metadata.labels) && (newLabel?.(p) ?? true),
    withoutManagedFields,
  )
  /** The watch of the new Pods' label, until its first list has come. */
  let narrower: Reflector<Pod> | undefined
  const events = pool.acquire<KubeEvent>(
    'events',
    namespace,
    { fieldSelector: 'involvedObject.kind=Pod' },
    {
      onChange: common.onChange,
      onFatal: common.onFatal,
      // Pods of this Deployment are named <deployment>-<hash>-<suffix>: once the new
      // ReplicaSet is known, only the events of its Pods are kept. A StatefulSet's are
      // <name>-<ordinal>, a DaemonSet's <name>-<suffix>.
      keep: (e) => e.involvedObject?.name?.startsWith(eventPrefix) ?? false,
    },
    withoutManagedFields,
  )

  const onAbort = () => finish({ outcome: 'cancelled', verdict })
  opts.signal?.addEventListener('abort', onAbort, { once: true })

  function latestDeployment(): Deployment | undefined {
    return deployments.items()[0]
  }

  function finish(result: WaitResult): void {
    if (finished) return
    finished = true
    clearTimeout(deadlineTimer)
    if (soak?.timer) clearTimeout(soak.timer)
    if (recheck) clearTimeout(recheck)
    opts.signal?.removeEventListener('abort', onAbort)
    for (const r of [deployments, replicaSets, pods, narrower]) r?.stop()
    events.release()
    opts.debug?.(
      `${label}: rollout assessed ${assessed.count} times, ${Math.round(assessed.ms)} ms in all`,
    )
    const d = latestDeployment()
    const withDeployment = d ? { ...result, deployment: d } : result
    if (result.outcome === 'done' && readyAt !== undefined)
      (withDeployment as { readyAt?: number }).readyAt = readyAt
    if (result.outcome === 'failed' && CRASHES.has(result.diagnosis.reason)) {
      const { pod, container } = result.diagnosis
      if (pod && container) {
        void lastLogLines(api, namespace, pod, container).then((logs) =>
          resolve({
            ...withDeployment,
            diagnosis: { ...result.diagnosis, ...(logs ? { logs } : {}) },
          } as WaitResult),
        )
        return
      }
    }
    resolve(withDeployment)
  }

  function schedule(): void {
    if (scheduled || finished || !deployment) return
    scheduled = true
    // Coalesce a burst of watch events into one assessment, and assess at most once per
    // gap: a change after a quiet spell is assessed at once.
    const run = () => {
      scheduled = false
      evaluate()
    }
    const wait = assessed.last + assessGapMs(assessed.pods) - performance.now()
    if (wait <= 0) setImmediate(run)
    else setTimeout(run, wait)
  }

  function clusterNow(snapshot: RolloutSnapshot): number | undefined {
    const latest = latestClusterTime(snapshot)
    if (latest !== undefined && (clusterSeen === undefined || latest > clusterSeen)) {
      clusterSeen = latest
      wallAtSeen = Date.now()
    }
    return clusterSeen === undefined ? undefined : clusterSeen + (Date.now() - wallAtSeen)
  }

  /** Once the new Pods' label is known, keep only the Events of the new Pods. */
  function followPods(): void {
    const label = verdict.progress.newPodLabel
    if (!label || label === podLabel) return
    podLabel = label
    if (kind === 'Deployment') {
      eventPrefix = `${name}-${label.slice(label.indexOf('=') + 1)}-`
      events.prune()
    }
    if (shared) {
      newLabel = hasLabel(label)
      pods.prune?.()
      return
    }
    narrower?.stop()
    const narrow: Reflector<Pod> = new Reflector<Pod>({
      ...common,
      trim: withoutManagedFields,
      resource: 'pods',
      selectors: { labelSelector: [selector, label].filter(Boolean).join(',') },
      onChange: () => {
        if (narrow === narrower && narrow.synced) {
          pods.stop()
          pods = narrow
          narrower = undefined
        }
        schedule()
      },
    })
    narrower = narrow.start()
  }

  /** The Pods of the new template (they carry its label), not going away. */
  function newPods(): Pod[] {
    return podLabel ? pods.items().filter(hasLabel(podLabel)) : []
  }

  function startSoak(ms: number): void {
    const current = newPods().filter((p) => !p.metadata.deletionTimestamp)
    soak = { baseline: soakBaseline(current), lastSeen: new Map() }
    for (const p of current) soak.lastSeen.set(podKey(p), p)
    // The soak has its own bound, not the wait's timeout.
    clearTimeout(deadlineTimer)
    opts.log(
      `${label}: rollout complete; soaking for ${Math.round(ms / 1000)}s (${soak.baseline.size} Pods watched for a restart, an unready Pod or an eviction)`,
    )
    soak.timer = setTimeout(() => {
      evaluateSoak()
      if (finished) return
      opts.log(
        `${label}: soak of ${Math.round(ms / 1000)}s passed: no restart, no unready Pod, no eviction`,
      )
      finish({ outcome: 'done', verdict })
    }, ms)
  }

  function evaluateSoak(): void {
    if (finished || !soak) return
    const now = newPods()
    const present = new Set<string>()
    for (const p of now) {
      const key = podKey(p)
      present.add(key)
      if (soak.baseline.has(key)) soak.lastSeen.set(key, p)
    }
    const gone = [...soak.lastSeen].filter(([k]) => !present.has(k)).map(([, p]) => p)
    const diagnosis = assessSoak(soak.baseline, now, events.items(), gone)
    if (diagnosis) finish({ outcome: 'failed', verdict, diagnosis })
  }

  function evaluate(): void {
    if (finished || !deployment) return
    const latest = latestDeployment()
    // The watch has not delivered our patch yet: what it shows is the rollout before it.
    if (latest && (latest.metadata.generation ?? 0) < (deployment.metadata.generation ?? 0)) return
    // Someone else changed the spec since our write: what rolls out now is theirs.
    const other = latest ? otherWrite(deployment, latest) : undefined
    if (other) {
      finish({
        outcome: 'failed',
        verdict,
        diagnosis: otherWriterDiagnosis(kind, namespace, name, other),
      })
      return
    }
    if (soak) {
      evaluateSoak()
      return
    }
    const snapshot: RolloutSnapshot = {
      kind,
      ...(latest ? { deployment: latest } : {}),
      replicaSets: replicaSets?.items() ?? [],
      pods: pods.items(),
      events: events.items(),
    }
    const started = performance.now()
    verdict = assessRollout(snapshot, opts.limits, clusterNow(snapshot))
    assessed.count++
    assessed.pods = snapshot.pods.length
    assessed.last = performance.now()
    assessed.ms += assessed.last - started
    followPods()
    const line = progressLine(label, verdict)
    if (line !== lastLine && verdict.state !== 'failed') {
      lastLine = line
      opts.log(line)
    }
    if (verdict.state === 'done') {
      // Done needs the Pods as the pod watch sees them, not only the Deployment's word.
      readyAt = Date.now()
      if (opts.soakMs && opts.soakMs > 0) startSoak(opts.soakMs)
      else finish({ outcome: 'done', verdict })
      return
    }
    if (verdict.state === 'failed') {
      finish({ outcome: 'failed', verdict, diagnosis: verdict.diagnosis })
      return
    }
    if (recheck) clearTimeout(recheck)
    recheck = undefined
    // A problem inside its grace: look again when the grace runs out, should the
    // cluster stay silent until then.
    if (verdict.recheckInMs !== undefined)
      recheck = setTimeout(evaluate, Math.max(1, verdict.recheckInMs))
  }

  if (opts.signal?.aborted) onAbort()
  // The pool starts its own (on the next turn, once every wait of the run has asked).
  else for (const r of own) r.start()

  return {
    begin(patched: Deployment): Promise<WaitResult> {
      if (finished || deployment) return result
      deployment = patched
      deadlineTimer = setTimeout(
        () => {
          evaluate()
          if (finished) return
          finish({
            outcome: 'failed',
            verdict,
            diagnosis: timeoutDiagnosis(verdict, opts.timeoutMs),
          })
        },
        Math.max(0, opts.deadline - Date.now()),
      )
      // The first assessment once the workload is listed (its list's change schedules it).
      if (deployments.synced) schedule()
      return result
    },
    cancel(): void {
      finish({ outcome: 'cancelled', verdict })
    },
  }
}
