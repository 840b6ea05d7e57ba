// The failure catalogue's reasons as the bench names them, and the rows of the
// failure-latency scenario (scenarios/failure-latency.ts) made from its samples. Pure.
import { describeSources, type ClockSource } from './journal.ts'
import { distribution, missing, type Row } from './figures.ts'
import { median } from './stats.ts'

export const KINDS = [
  'pull',
  'crash',
  'readiness',
  'oom',
  'config',
  'no-command',
  'init',
  'liveness',
  'startup',
  'unschedulable',
  'quota',
] as const
export type Kind = (typeof KINDS)[number]
export type Variant = 'judged' | 'rollback'

export interface KindText {
  what: string
  /** What the proof is, for the row's note. */
  proof: string
  /** The watch of dock2pod's that sees the failure (default: its Pod watch). */
  watch?: 'replicasets'
  /** Why dock2pod's figure may exceed 1 s by design, said in the row when it does. */
  slowWhy?: string
}

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
    slowWhy:
      "dock2pod fails a readiness probe only once the probe has failed for ready-grace (default 2m, here 0s) and it has seen the kubelet's Unhealthy Event; with the default it waits the 2 minutes (or the progress deadline, whichever comes first) by design, since a slow starter may still pass",
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
  /** judged: ProgressDeadlineExceeded (observer) → kubectl's exit (ms). */
  kubectlAfterDeadlineMs?: number
  /** rollback: failure → the Deployment's status complete on the previous image again (ms). */
  rollbackHealthyMs?: number
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

export function fmtMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`
}

/**
 * Two rows per reason: detection (judged runs: dock2pod beside kubectl) and rolled back
 * healthy (rollback runs), from the runs the progress deadline did not overtake.
 */
export function failureRows(
  samples: readonly FailureSample[],
  failedRuns: readonly FailedRun[],
  c: { progressDeadlineSeconds: number; concurrency: number },
): Row[] {
  const rows: Row[] = []
  const scale = 600 - c.progressDeadlineSeconds
  const together = `runs of the ${KINDS.length} reasons overlapped, up to ${c.concurrency} at once, each in its own namespace on the one 2-core node`
  const dist = (xs: number[]) => (xs.length ? distribution(xs, 'ms') : missing('no run succeeded'))
  for (const kind of KINDS) {
    const text = KIND_TEXT[kind]
    const ofKind = samples.filter((x) => x.kind === kind)
    const judged = ofKind.filter((x) => x.variant === 'judged' && !x.deadlineFirst)
    const rolled = ofKind.filter((x) => x.variant === 'rollback' && !x.deadlineFirst)
    const late = ofKind.filter((x) => x.deadlineFirst).length
    const lost = failedRuns.filter((f) => f.kind === kind).length
    const lostNote =
      (lost
        ? `; ${lost} run(s) of this reason failed and are left out (results.json: failedRuns)`
        : '') +
      (late
        ? `; in ${late} run(s) the cluster had not recorded the failure when the ${c.progressDeadlineSeconds} s progress deadline passed (a Pod slow to start on the busy node), so the tools ended on the deadline: left out (deadlineFirst)`
        : '')
    const kubectlMs = judged.flatMap((x) => (x.kubectlMs === undefined ? [] : [x.kubectlMs]))
    const d2p = judged.map((x) => x.dock2podMs)
    const said = [...new Set(judged.map((x) => x.dock2podReason))].join(', ') || '—'
    const proofs = [...new Set(judged.map((x) => x.reason))].join(', ') || '—'
    const watch = text.watch === 'replicasets' ? 'ReplicaSet' : 'Pod'
    const open = judged.filter((x) => x.watchingBefore).length
    const why =
      text.slowWhy ??
      (open * 2 < judged.length
        ? `the failure was recorded within ${fmtMs(median(judged.map((x) => Math.abs(x.patchToFailureMs))))} of the patch (median), before dock2pod's ${watch} watch was open (in ${judged.length - open}/${judged.length} runs), so the figure includes the start of dock2pod's wait after its patch: it lists and watches the Deployment, its ReplicaSets and Events, and opens the Pod watch once it knows the new ReplicaSet`
        : `no wait of dock2pod's applies here by design (grace 0s): the time is the watch delivering the record and dock2pod's verdict, on the shared machine under the load below`)
    const slow = d2p.length && median(d2p) > 1000 ? ` Over 1 s: ${why}.` : ''
    const loads = ofKind.map((x) => x.loadAvg1)
    const load = loads.length
      ? ` The machine's 1-minute load average at these runs' starts: median ${median(loads).toFixed(1)} (${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}).`
      : ''
    const exit = judged.length ? fmtMs(median(judged.map((x) => x.dock2podExitMs))) : '—'
    rows.push({
      scenario: 'failure-latency',
      measure: `Failure detected: ${text.what}`,
      dock2pod: dist(d2p),
      kubectl: kubectlMs.length ? distribution(kubectlMs, 'ms') : missing('not run'),
      note: `from ${text.proof} (first seen: ${proofs}), timed by ${describeSources(judged.map((x) => ({ source: x.failureSource })))}, to dock2pod's ::error line (rollback off; it said ${said}; its process exited ${exit} after the failure, median) and to kubectl rollout status's exit on the same Deployment. progressDeadlineSeconds: ${c.progressDeadlineSeconds}: kubectl gives up only when the controller marks the deadline, counted from the rollout's last progress, so with the default 600 s add ${scale} s to its figure (it fails at the deadline). ${together}. dock2pod's ${watch} watch was open before the failure in ${open}/${judged.length}${lostNote}.${slow}${load}`,
    })
    rows.push({
      scenario: 'failure-latency',
      measure: `Rolled back healthy: ${text.what}`,
      dock2pod: dist(rolled.map((x) => x.rollbackHealthyMs!)),
      kubectl: missing('kubectl rollout status does not roll back'),
      note: `dock2pod with rollback on (separate runs): from the failure (as above; ${describeSources(rolled.map((x) => ({ source: x.failureSource })))}) to the observer's arrival of the Deployment status complete again on the previous image (observedGeneration current, 1/1 updated and available); ${together}`,
    })
  }
  return rows
}
