// What a simulated container does, read from its image config's labels (the contract
// in TESTBED.md: keep these names).
import { parseDurationMs } from '../clock.ts'

export const LABELS = {
  readyAfter: 'dock2pod.test/ready-after',
  ready: 'dock2pod.test/ready',
  exitAfter: 'dock2pod.test/exit-after',
  exitCode: 'dock2pod.test/exit-code',
  oomAfter: 'dock2pod.test/oom-after',
  log: 'dock2pod.test/log',
} as const

export interface Behaviour {
  /** Cluster ms after start until readiness succeeds; undefined = never. */
  readyAfterMs?: number
  exitAfterMs?: number
  exitCode: number
  oomAfterMs?: number
  logLines: string[]
}

/** Labels → behaviour; a malformed label is ignored rather than failing the pod. */
export function behaviourFromLabels(labels: Record<string, string> | null | undefined): Behaviour {
  const l = labels ?? {}
  const dur = (k: string): number | undefined => {
    if (l[k] === undefined) return undefined
    try {
      return parseDurationMs(l[k]!)
    } catch {
      return undefined
    }
  }
  const never = (l[LABELS.ready] ?? '').trim().toLowerCase() === 'never'
  const code = Number.parseInt(l[LABELS.exitCode] ?? '', 10)
  return {
    readyAfterMs: never ? undefined : (dur(LABELS.readyAfter) ?? 0),
    exitAfterMs: dur(LABELS.exitAfter),
    exitCode: Number.isNaN(code) ? 1 : code,
    oomAfterMs: dur(LABELS.oomAfter),
    // The label holds a literal backslash-n between lines (LABEL can't hold newlines).
    logLines:
      l[LABELS.log] !== undefined && l[LABELS.log] !== '' ? l[LABELS.log]!.split('\\n') : [],
  }
}
