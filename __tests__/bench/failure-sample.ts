// One failure run's sample for the bench's row tests: a judged run has kubectl's figure,
// a rollback run its time to healthy; `o` overrides any field.
import type { FailureSample, Kind } from '../../bench/failure-rows.ts'

export function failureSample(kind: Kind, o: Partial<FailureSample> = {}): FailureSample {
  const variant = o.variant ?? 'judged'
  return {
    kind,
    variant,
    namespace: `fail-${kind}-${variant}-0`,
    reason: 'Event Failed',
    failureSource: 'observer',
    dock2podReason: 'ErrImagePull',
    patchToFailureMs: 2000,
    dock2podMs: 200,
    dock2podExitMs: 900,
    ...(variant === 'judged' ? { kubectlMs: 12_000 } : { rollbackHealthyMs: 800 }),
    watchingBefore: true,
    dock2podError: '::error title=deployment/app::…',
    deadlineFirst: false,
    startedAtS: 0,
    endedAtS: 20,
    loadAvg1: 4,
    ...o,
  }
}
