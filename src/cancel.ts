// Cancellation: the runner stops a cancelled job with SIGINT, then SIGTERM 7.5 s later,
// then SIGKILL. On the first signal every phase is told at once (one AbortSignal), child
// processes are killed with their process group (src/util/exec.ts), and the run ends
// with one error naming the phase it was in. A phase that cannot end by itself in time
// is cut short: the process exits after `graceMs` (5 s more for a patch or a rollback
// after a SIGINT) whatever is still pending.
import * as core from '@actions/core'
import { infoVerbatim } from './util/verbatim-log.ts'

export interface Cancellation {
  signal: NodeJS.Signals
  /** The phase running when the signal came (`build`, `push`, `patch`, `wait`, …). */
  phase: string
}

/** Thrown by whatever a cancel interrupted; main reports it as `Cancelled during <phase>`. */
export class CancelledError extends Error {
  override name = 'CancelledError'
  readonly phase: string
  constructor(c: Cancellation) {
    super(cancelMessage(c))
    this.phase = c.phase
  }
}

export function cancelMessage(c: Cancellation): string {
  return `Cancelled during ${c.phase} (${c.signal}).`
}

/**
 * The phases that change the cluster, and what one cut short by the grace period may
 * leave there.
 */
const CUT_SHORT = new Map<string, string>([
  [
    'patch',
    'dock2pod exited while its patch or apply was on its way: it may still reach the cluster, and nothing will roll it back.',
  ],
  [
    'rollback',
    'dock2pod exited before its rollback was answered: check the image the workloads run.',
  ],
])

/** The error when the grace period ends the run, in `phaseAtExit` (not always the signal's). */
export function graceExitMessage(c: Cancellation, phaseAtExit: string): string {
  const left = CUT_SHORT.get(phaseAtExit)
  return left ? `${cancelMessage(c)} ${left}` : cancelMessage(c)
}

const controller = new AbortController()
let phase = 'start'
let cancellation: Cancellation | undefined
let reported = false
const installed: { signal: NodeJS.Signals; listener: () => void }[] = []

/** Aborted on SIGINT/SIGTERM: pass it to fetch, watches, anything that waits. */
export const cancelSignal = (): AbortSignal => controller.signal

/** The cancellation, once a signal came. */
export const cancelled = (): Cancellation | undefined => cancellation

/** Name the phase now running; a cancel reports it. */
export function setPhase(name: string): void {
  phase = name
}

/** main has printed the cancel's error: the grace timer must not print another. */
export function markCancelReported(): void {
  reported = true
}

/**
 * Listen for SIGINT and SIGTERM (main only; post must finish its clean-up). The first
 * signal cancels; later ones are ignored, the grace timer already bounds the exit.
 */
export function handleCancelSignals(opts: { graceMs?: number } = {}): void {
  if (installed.length > 0) return
  const graceMs = opts.graceMs ?? 1500
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const listener = () => cancel(signal, graceMs)
    process.on(signal, listener)
    installed.push({ signal, listener })
  }
}

/**
 * How much longer than `graceMs` a SIGINT lets a phase that is changing the cluster (a
 * patch or apply on its way, a rollback) finish: cut short, it leaves the workloads on
 * the new image with nothing to roll them back. The runner sends SIGINT first and
 * SIGTERM 7.5 s later, so 1.5 + 5 s fit. After a SIGTERM a SIGKILL may follow within
 * 2.5 s, so a SIGTERM gets `graceMs` alone.
 */
export const CHANGING_EXTRA_MS = 5000

/**
 * Cancel as a signal would. With `graceMs` (the signal listeners), the process exits
 * that long after (see CHANGING_EXTRA_MS), whatever is still running; without (tests),
 * it does not.
 */
export function cancel(signal: NodeJS.Signals, graceMs?: number): void {
  if (cancellation) return
  cancellation = { signal, phase }
  const c = cancellation
  infoVerbatim(`Received ${signal} during ${c.phase}: stopping.`)
  controller.abort(new CancelledError(c))
  if (graceMs === undefined) return
  // Whatever is still running when the grace period ends is cut short; the report is
  // printed here unless main already printed it.
  const expire = (ms: number, extendable: boolean): void => {
    setTimeout(() => {
      if (extendable && signal === 'SIGINT' && CUT_SHORT.has(phase))
        return expire(CHANGING_EXTRA_MS, false)
      if (!reported) core.setFailed(graceExitMessage(c, phase))
      process.exit(core.ExitCode.Failure)
    }, ms).unref()
  }
  expire(graceMs, true)
}
