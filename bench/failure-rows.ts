// The failure catalogue's reasons as the bench names them, and the rows of the
// failure-latency scenario (scenarios/failure-latency.ts) made from its samples. Pure.
import { describeSources, type ClockSource } from './journal.ts'
import { distribution, missing, type Cell, type Row } from './figures.ts'
import { median } from './stats.ts'

export const KINDS = [
  'pull',
  'crash',
  'readiness',
  'readiness-exec',
  'oom',
  'config',
  'no-command',
  'init',
  'liveness',
  'startup',
  'unschedulable',
  'quota',
  'limitrange',
  'podsecurity',
  'unschedulable-cpu',
  'sidecar',
  'pull-auth',
  'pull-no-secret',
  'soak',
  'other-writer',
  'manifest-gone',
  'registry-down',
] as const
export type Kind = (typeof KINDS)[number]
export type Variant = 'judged' | 'rollback'

export interface KindText {
  what: string
  /** What the proof is, for the row's note. */
  proof: string
  /** The watch of dock2pod's that sees the failure (default: its Pod watch). */
  watch?: 'replicasets' | 'deployments'
  /**
   * What `kubectl rollout status` does on this reason (default: it fails at the progress
   * deadline). `succeeds`: it exits 0, the rollout being complete before the failure;
   * `none`: it has no equivalent, so it is not run. `kubectlWhy` says why.
   */
  kubectl?: 'succeeds' | 'none'
  kubectlWhy?: string
  /** What the rollback row must add (what being healthy again takes here). */
  rollbackNote?: string
  /** Set when dock2pod does not roll back by design: why (no rollback runs). */
  noRollback?: string
  /** Set when runs of this reason do not overlap each other: why. */
  oneAtATime?: string
  /** Why dock2pod's figure may exceed 1 s by design, said in the row when it does. */
  slowWhy?: string
  /**
   * The Deployment's progressDeadlineSeconds when the scenario's default is too short for
   * dock2pod to see the failure itself: why.
   */
  progressDeadline?: { seconds: number; why: string }
}

/** Why a readiness probe's figure may exceed 1 s, HTTP or exec alike. */
const READINESS_SLOW_WHY =
  "dock2pod fails a readiness probe only once the probe has failed for ready-grace (default 2m, here 0s) and it has seen the kubelet's Unhealthy Event; with the default it waits the 2 minutes (or the progress deadline, whichever comes first) by design, since a slow starter may still pass"

/** Why the kinds whose node pulls after a 6 s init container get a longer deadline. */
const PULL_LATER_DEADLINE =
  "the node pulls only after the init container's 6 s; with runs overlapping four at a time on the loaded 2-core node, the kubelet's Failed pull Event did not always come within a 15 s deadline (in two bench runs of 13:13-13:23 UTC on 2026-11-26 at load average 70-130, the observer saw no failure in any of their runs; the two whose whole message was kept ended on ProgressDeadlineExceeded), so the run would time the deadline, not the failure"

export const KIND_TEXT: Record<Kind, KindText> = {
  pull: {
    what: 'unpullable image (staged: config blob deleted at the registry)',
    proof: 'the first Pod status with ErrImagePull/ImagePullBackOff or kubelet Event Failed',
  },
  crash: {
    what: 'crashing container (exit 3 one second after start)',
    proof:
      'the first Pod status with the container exited non-zero or CrashLoopBackOff, or kubelet Event BackOff',
  },
  readiness: {
    what: 'readiness probe never passing (HTTP GET /ready answers 404; ready-grace: 0s)',
    proof: 'the first kubelet Event Unhealthy "Readiness probe failed" about a new Pod',
    slowWhy: READINESS_SLOW_WHY,
  },
  'readiness-exec': {
    what: 'readiness probe of the exec kind never passing (cat /www/ready: the file is never made; ready-grace: 0s)',
    proof: 'the first kubelet Event Unhealthy "Readiness probe failed" about a new Pod',
    slowWhy: READINESS_SLOW_WHY,
  },
  oom: {
    what: 'OOMKilled under a 16 MiB memory limit (the shell holds 64 MiB)',
    proof: 'the first Pod status with the container terminated OOMKilled',
  },
  config: {
    what: 'CreateContainerConfigError (the Secret an env var needs was deleted)',
    proof:
      'the first Pod status waiting CreateContainerConfigError or kubelet Event Failed ("secret … not found")',
  },
  'no-command': {
    what: 'command not in the image (StartError: /no/such/command)',
    proof:
      'the first Pod status with the container terminated StartError or waiting RunContainerError, or kubelet Event Failed',
  },
  init: {
    what: 'failing init container (exit 5: its ConfigMap now says MODE=broken)',
    proof:
      'the first Pod status with the init container exited non-zero or in CrashLoopBackOff, or kubelet Event BackOff',
  },
  liveness: {
    what: 'liveness probe failing (HTTP, every 1 s, failureThreshold 2)',
    proof: 'the first kubelet Event Unhealthy "Liveness probe failed" about a new Pod',
    slowWhy:
      'dock2pod reports LivenessProbeFailed when the kubelet kills the container for it (its Killing Event), which the kubelet does after failureThreshold (2) failures, periodSeconds (1 s) apart: one failed liveness probe restarts nothing, so by design it is not yet a failure',
  },
  startup: {
    what: 'startup probe never passing (HTTP, every 1 s, failureThreshold 3)',
    proof: 'the first kubelet Event Unhealthy "Startup probe failed" about a new Pod',
    slowWhy:
      'dock2pod reports StartupProbeFailed when the kubelet kills the container for it (its Killing Event), which the kubelet does after failureThreshold (3) failures, periodSeconds (1 s) apart: until then the container may still start, so by design it is not yet a failure',
  },
  unschedulable: {
    what: 'Unschedulable (nodeSelector on a label the node no longer has)',
    proof:
      "the first Pod status with PodScheduled False (Unschedulable) or the scheduler's Event FailedScheduling",
  },
  quota: {
    what: 'FailedCreate (a ResourceQuota of 1 Pod refuses the new Pod)',
    proof:
      "the first ReplicaSet status with ReplicaFailure True or the controller's Event FailedCreate about the new ReplicaSet",
    watch: 'replicasets',
  },
  limitrange: {
    what: 'FailedCreate (a LimitRange of max 64 MiB memory per container refuses the new Pod, whose limit is 128 MiB)',
    proof:
      "the first ReplicaSet status with ReplicaFailure True or the controller's Event FailedCreate about the new ReplicaSet, its message saying the LimitRange's maximum",
    watch: 'replicasets',
  },
  podsecurity: {
    what: 'FailedCreate (PodSecurity restricted enforced on the namespace after the healthy Pod started)',
    proof:
      "the first ReplicaSet status with ReplicaFailure True or the controller's Event FailedCreate about the new ReplicaSet, its message saying it violates PodSecurity",
    watch: 'replicasets',
  },
  'unschedulable-cpu': {
    what: "Unschedulable (the template requests 70% of the node's free CPU: the running Pod fits, the surge Pod does not)",
    proof:
      "the first Pod status with PodScheduled False (Unschedulable) or the scheduler's Event FailedScheduling",
    oneAtATime:
      "runs of this reason do not overlap one another (each sizes its request from the node's free CPU at its start; the other reasons' Pods request no CPU)",
  },
  sidecar: {
    what: 'crashing native sidecar (an init container with restartPolicy Always exits 4: its ConfigMap now says MODE=broken)',
    proof:
      'the first Pod status with the sidecar exited non-zero or in CrashLoopBackOff, or kubelet Event BackOff',
  },
  'pull-auth': {
    what: "pull refused: the Pod's pull secret has the wrong password for the htpasswd registry (401)",
    proof: 'the first Pod status with ErrImagePull/ImagePullBackOff or kubelet Event Failed',
  },
  'pull-no-secret': {
    what: 'pull refused: an image in the htpasswd registry and no pull secret (401)',
    proof: 'the first Pod status with ErrImagePull/ImagePullBackOff or kubelet Event Failed',
  },
  soak: {
    what: 'crash 8 s after Ready (exit 2), dock2pod with soak: 20s',
    proof:
      'the first Pod status with the container exited non-zero or CrashLoopBackOff, or kubelet Event BackOff',
    kubectl: 'succeeds',
    kubectlWhy:
      'the rollout completed before the crash, and kubectl has no soak, so it never reports this failure',
    rollbackNote:
      'the rollout had completed, so the previous ReplicaSet had no Pod left: healthy again means a new Pod of the previous image started and became Ready',
  },
  'other-writer': {
    what: 'another writer (kubectl set image --field-manager=ops-team) changes the Deployment while dock2pod waits on an image never Ready (ready-grace: 5m)',
    proof:
      "the first Deployment watch event with a generation above dock2pod's patch and ops-team among its field managers",
    watch: 'deployments',
    kubectl: 'none',
    kubectlWhy:
      "no equivalent: kubectl rollout status follows whatever the Deployment's latest template is and has no notion of who wrote it, so it was not run",
    noRollback:
      "none by design: dock2pod does not roll back over another writer's change (ChangedByAnotherWriter; __tests__/e2e/catalogue.test.ts checks it), so no rollback runs",
  },
  'manifest-gone': {
    what: "a manifest gone at the registry after the patch (staged: an init container sleeps 6 s so the node pulls later; once the observer sees dock2pod's patch, DELETE /v2/<repo>/manifests/<digest> at the open registry; an image of its own per run)",
    proof: 'the first Pod status with ErrImagePull/ImagePullBackOff or kubelet Event Failed',
    progressDeadline: { seconds: 60, why: PULL_LATER_DEADLINE },
  },
  'registry-down': {
    what: "the registry down after the patch (staged: the image deployed by the address of a fault proxy in front of the test registry, one per run; an init container sleeps 6 s so the node pulls later; once the observer sees dock2pod's patch, the proxy stops listening: connection refused)",
    proof: 'the first Pod status with ErrImagePull/ImagePullBackOff or kubelet Event Failed',
    progressDeadline: { seconds: 60, why: PULL_LATER_DEADLINE },
  },
}

export interface FailureSample {
  kind: Kind
  variant: Variant
  namespace: string
  /** What proved the failure first, and which clock timed it. */
  reason: string
  failureSource: ClockSource
  /** dock2pod's `failure-reason` output. */
  dock2podReason: string
  /** Patch (observer) → failure (ms). */
  patchToFailureMs: number
  /** Failure → dock2pod's ::error line (ms). */
  dock2podMs: number
  /** Failure → dock2pod's exit (ms). */
  dock2podExitMs: number
  /** judged: failure → kubectl's exit (ms). */
  kubectlMs?: number
  /**
   * judged, when kubectl exited 0 (it reported the rollout complete: soak, where the
   * crash comes after; a sidecar Ready for a moment): its exit → the failure (ms),
   * positive when it said so before the failure.
   */
  kubectlPassedBeforeMs?: number
  /** judged: ProgressDeadlineExceeded (observer) → kubectl's exit (ms). */
  kubectlAfterDeadlineMs?: number
  /** rollback: failure → the Deployment's status complete on the previous image again (ms). */
  rollbackHealthyMs?: number
  /**
   * The failure (an Event, say) → the first Pod status saying it (ms), for the kinds
   * whose proof may come from an Event long before the Pod status says so.
   */
  podStatusAfterMs?: number
  /** dock2pod's Pod (ReplicaSet) watch was open before the failure's moment (request log). */
  watchingBefore: boolean
  /** The start of dock2pod's ::error line: what it saw. */
  dock2podError: string
  /**
   * dock2pod's error, or the Deployment's ProgressDeadlineExceeded, came before the
   * first record of the failure: the node had not failed yet when the progress deadline
   * passed (a Pod slow to start on a busy node), so the run times the deadline, not the
   * failure; left out of the latency figures.
   */
  deadlineFirst: boolean
  /** When the run started, relative to the scenario's start (s): which runs overlapped. */
  startedAtS: number
  endedAtS: number
  /** The machine's 1-minute load average when the run started. */
  loadAvg1: number
}

export interface FailedRun {
  namespace: string
  kind: Kind
  error: string
}

/**
 * The runs of a failure-latency bench, in order: for each sample, each reason, a judged
 * run and a rollback run (none where dock2pod does not roll back by design).
 */
export function failureTasks(
  kinds: readonly Kind[],
  n: number,
): { kind: Kind; variant: Variant; ns: string }[] {
  const tasks: { kind: Kind; variant: Variant; ns: string }[] = []
  for (let i = 0; i < n; i++)
    for (const kind of kinds)
      for (const variant of KIND_TEXT[kind].noRollback
        ? (['judged'] as const)
        : (['judged', 'rollback'] as const))
        tasks.push({ kind, variant, ns: `fail-${kind}-${variant}-${i}` })
  return tasks
}

export function fmtMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`
}

/**
 * Two rows per reason run (`c.kinds`, default all of KINDS): detection (judged runs:
 * dock2pod beside kubectl) and rolled back healthy (rollback runs), from the runs the
 * progress deadline did not overtake.
 */
export function failureRows(
  samples: readonly FailureSample[],
  failedRuns: readonly FailedRun[],
  c: { progressDeadlineSeconds: number; concurrency: number; kinds?: readonly Kind[] },
): Row[] {
  const rows: Row[] = []
  const kinds = c.kinds ?? KINDS
  const together = `runs of the ${kinds.length} reasons overlapped, up to ${c.concurrency} at once, each in its own namespace on the one 2-core node`
  const dist = (xs: number[]) => (xs.length ? distribution(xs, 'ms') : missing('no run succeeded'))
  for (const kind of kinds) {
    const text = KIND_TEXT[kind]
    const progressDeadlineSeconds = text.progressDeadline?.seconds ?? c.progressDeadlineSeconds
    const scale = 600 - progressDeadlineSeconds
    const ofKind = samples.filter((x) => x.kind === kind)
    const judged = ofKind.filter((x) => x.variant === 'judged' && !x.deadlineFirst)
    const rolled = ofKind.filter((x) => x.variant === 'rollback' && !x.deadlineFirst)
    // deadlineFirst: the deadline passed, or dock2pod's error came, before the proof.
    const errorFirst = ofKind.filter(
      (x) => x.deadlineFirst && x.dock2podMs < 0 && x.dock2podReason !== 'ProgressDeadlineExceeded',
    )
    const late = ofKind.filter((x) => x.deadlineFirst).length - errorFirst.length
    const lost = failedRuns.filter((f) => f.kind === kind).length
    const lostNote =
      (lost
        ? `; ${lost} run(s) of this reason failed and are left out (results.json: failedRuns)`
        : '') +
      (late
        ? `; in ${late} run(s) the cluster had not recorded the failure when the ${progressDeadlineSeconds} s progress deadline passed (a Pod slow to start on the busy node), so the tools ended on the deadline: left out (deadlineFirst)`
        : '') +
      (errorFirst.length
        ? `; in ${errorFirst.length} run(s) dock2pod's error (it said ${[...new Set(errorFirst.map((x) => x.dock2podReason))].join(', ')}) came before the first record of the proof above, ${fmtMs(-median(errorFirst.map((x) => x.dock2podMs)))} before it (median), so they time no latency: left out (deadlineFirst)`
        : '')
    const d2p = judged.map((x) => x.dock2podMs)
    const said = [...new Set(judged.map((x) => x.dock2podReason))].join(', ') || '—'
    const proofs = [...new Set(judged.map((x) => x.reason))].join(', ') || '—'
    const watch = { replicasets: 'ReplicaSet', deployments: 'Deployment', pods: 'Pod' }[
      text.watch ?? 'pods'
    ]
    const open = judged.filter((x) => x.watchingBefore).length
    const statusAfter = judged.flatMap((x) =>
      x.podStatusAfterMs === undefined ? [] : [x.podStatusAfterMs],
    )
    const statusNote = statusAfter.length
      ? ` The first Pod status saying so came ${fmtMs(median(statusAfter))} after that record (median; ${fmtMs(Math.min(...statusAfter))}–${fmtMs(Math.max(...statusAfter))}, n=${statusAfter.length}); dock2pod does not wait for it when the record is the kubelet's Failed pull Event.`
      : ''
    const why =
      text.slowWhy ??
      (open * 2 < judged.length
        ? `the failure was recorded within ${fmtMs(median(judged.map((x) => Math.abs(x.patchToFailureMs))))} of the patch (median), before dock2pod's ${watch} watch was open (in ${judged.length - open}/${judged.length} runs), so the figure includes the time dock2pod's watch took to open`
        : `no wait of dock2pod's applies here by design (grace 0s): the time is the watch delivering the record and dock2pod's verdict, on the shared machine under the load below`)
    const slow = d2p.length && median(d2p) > 1000 ? ` Over 1 s: ${why}.` : ''
    const loads = ofKind.map((x) => x.loadAvg1)
    const load = loads.length
      ? ` The machine's 1-minute load average at these runs' starts: median ${median(loads).toFixed(1)} (${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}).`
      : ''
    const exit = judged.length ? fmtMs(median(judged.map((x) => x.dock2podExitMs))) : '—'
    const { cell: kubectl, note: kubectlNote } = kubectlColumn(text, judged, {
      progressDeadlineSeconds,
      scale,
    })
    const runTogether = text.oneAtATime ? `${together}; ${text.oneAtATime}` : together
    rows.push({
      scenario: 'failure-latency',
      part: `failure-latency:${kind}`,
      measure: `Failure detected: ${text.what}`,
      dock2pod: dist(d2p),
      kubectl,
      note: `from ${text.proof} (first seen: ${proofs}), timed by ${describeSources(judged.map((x) => ({ source: x.failureSource })))}, to dock2pod's ::error line (rollback off; it said ${said}; its process exited ${exit} after the failure, median)${kubectlNote}. ${runTogether}. dock2pod's ${watch} watch was open before the failure in ${open}/${judged.length}${lostNote}.${statusNote}${slow}${load}`,
    })
    rows.push({
      scenario: 'failure-latency',
      part: `failure-latency:${kind}`,
      measure: `Rolled back healthy: ${text.what}`,
      dock2pod: text.noRollback
        ? missing(text.noRollback)
        : dist(rolled.map((x) => x.rollbackHealthyMs!)),
      kubectl: missing('kubectl rollout status does not roll back'),
      note: text.noRollback
        ? text.noRollback
        : `dock2pod with rollback on (separate runs): from the failure (as above; ${describeSources(rolled.map((x) => ({ source: x.failureSource })))}) to the observer's arrival of the Deployment status complete again on the previous image (observedGeneration current, 1/1 updated and available)${text.rollbackNote ? `; ${text.rollbackNote}` : ''}; ${runTogether}`,
    })
  }
  return rows
}

/**
 * The kubectl column of a detection row, and what the note says of it: the latency of
 * the runs where kubectl failed at the deadline; the runs where it exited 0 instead
 * (it reported the rollout complete) are counted apart, never averaged in.
 */
function kubectlColumn(
  text: KindText,
  judged: readonly FailureSample[],
  c: { progressDeadlineSeconds: number; scale: number },
): { cell: Cell; note: string } {
  if (text.kubectl === 'none')
    return {
      cell: missing(text.kubectlWhy ?? 'not run'),
      note: '; kubectl rollout status: not run',
    }
  const failed = judged.flatMap((x) => (x.kubectlMs === undefined ? [] : [x.kubectlMs]))
  const passed = judged.flatMap((x) =>
    x.kubectlPassedBeforeMs === undefined ? [] : [x.kubectlPassedBeforeMs],
  )
  const when = (ms: number) =>
    ms >= 0 ? `${fmtMs(ms)} before the failure` : `${fmtMs(-ms)} after the failure`
  const succeeded = passed.length
    ? `kubectl rollout status exited 0 (rollout complete) in ${passed.length}/${passed.length + failed.length} runs, a median ${when(median(passed))}`
    : ''
  const why = text.kubectl === 'succeeds' ? `: ${text.kubectlWhy ?? ''}` : ''
  if (passed.length && !failed.length)
    return {
      cell: missing(`succeeds: ${succeeded}`),
      note: `; kubectl rollout status on the same Deployment reported success (exit 0)${why}`,
    }
  const longer = text.progressDeadline
    ? ` (not the scenario's default: ${text.progressDeadline.why})`
    : ''
  const deadline = ` and to kubectl rollout status's exit on the same Deployment. progressDeadlineSeconds: ${c.progressDeadlineSeconds}${longer}: kubectl gives up only when the controller marks the deadline, counted from the rollout's last progress, so with the default 600 s add ${c.scale} s to its figure (it fails at the deadline)`
  return {
    cell: failed.length ? distribution(failed, 'ms') : missing('not run'),
    note: passed.length
      ? `${deadline}; ${succeeded}, so reported no failure: those runs are not in its figure`
      : deadline,
  }
}
