import { describe, expect, test } from 'vitest'
import {
  failureRows,
  failureTasks,
  fmtMs,
  KINDS,
  type FailureSample,
  type Kind,
} from '../../bench/failure-rows.ts'
import { failureSample } from './failure-sample.ts'

const C = { progressDeadlineSeconds: 15, concurrency: 4 }

const rowsOf = (samples: FailureSample[], kind: Kind) => {
  const rows = failureRows(samples, [], C)
  const i = KINDS.indexOf(kind)
  return { detected: rows[2 * i]!, rolled: rows[2 * i + 1]! }
}

describe('failureRows', () => {
  test('two rows per reason of the catalogue, in its order', () => {
    const rows = failureRows([], [], C)
    expect(rows).toHaveLength(2 * KINDS.length)
    expect(rows.every((r) => r.scenario === 'failure-latency')).toBe(true)
    expect(rows[0]!.measure).toMatch(/^Failure detected: unpullable image/)
    expect(rows[1]!.measure).toMatch(/^Rolled back healthy: unpullable image/)
    expect(rows[0]!.dock2pod).toEqual({ kind: 'missing', why: 'no run succeeded' })
  })

  test('detection from the judged runs, rollback from the rollback runs', () => {
    const { detected, rolled } = rowsOf(
      [
        failureSample('pull', { dock2podMs: 100, kubectlMs: 10_000 }),
        failureSample('pull', { dock2podMs: 300, kubectlMs: 14_000 }),
        failureSample('pull', { variant: 'rollback', dock2podMs: 5000, rollbackHealthyMs: 700 }),
      ],
      'pull',
    )
    expect(detected.dock2pod).toMatchObject({ kind: 'distribution', n: 2, median: 200, p95: 300 })
    expect(detected.kubectl).toMatchObject({ n: 2, median: 12_000 })
    expect(rolled.dock2pod).toMatchObject({ n: 1, median: 700 })
    expect(rolled.kubectl.kind).toBe('missing')
    expect(detected.note).toContain('add 585 s to its figure')
    expect(detected.note).toContain('up to 4 at once')
    expect(detected.note).toContain('its process exited 900 ms after the failure')
    expect(detected.note).toContain("load average at these runs' starts: median 4.0")
  })

  test('runs the progress deadline overtook are left out, and counted', () => {
    const { detected } = rowsOf(
      [failureSample('oom'), failureSample('oom', { deadlineFirst: true, dock2podMs: 99_000 })],
      'oom',
    )
    expect(detected.dock2pod).toMatchObject({ n: 1, median: 200 })
    expect(detected.note).toMatch(/in 1 run\(s\) the cluster had not recorded the failure/)
  })

  test("dock2pod's error before the proof (another symptom first) is told apart from the deadline", () => {
    const { detected } = rowsOf(
      [
        failureSample('soak'),
        failureSample('soak', {
          deadlineFirst: true,
          dock2podMs: -900,
          dock2podReason: 'ReadinessProbeFailed',
        }),
        failureSample('soak', {
          deadlineFirst: true,
          dock2podMs: -100,
          dock2podReason: 'ProgressDeadlineExceeded',
        }),
      ],
      'soak',
    )
    expect(detected.dock2pod).toMatchObject({ n: 1 })
    expect(detected.note).toContain(
      "in 1 run(s) dock2pod's error (it said ReadinessProbeFailed) came before the first record of the proof above, 900 ms before it (median), so they time no latency",
    )
    expect(detected.note).toMatch(
      /in 1 run\(s\) the cluster had not recorded the failure when the 15 s/,
    )
  })

  test('failed runs are counted in their reason', () => {
    const rows = failureRows(
      [failureSample('init')],
      [{ namespace: 'x', kind: 'init', error: 'e' }],
      C,
    )
    expect(rows[2 * KINDS.indexOf('init')]!.note).toContain('1 run(s) of this reason failed')
    expect(rows[0]!.note).not.toContain('failed and are left out')
  })

  test('over 1 s: a reason that waits by design says why', () => {
    const { detected } = rowsOf([failureSample('liveness', { dock2podMs: 1600 })], 'liveness')
    expect(detected.note).toMatch(
      /Over 1 s: dock2pod reports LivenessProbeFailed when the kubelet kills/,
    )
    expect(
      rowsOf([failureSample('liveness', { dock2podMs: 900 })], 'liveness').detected.note,
    ).not.toContain('Over 1 s')
  })

  test('over 1 s before the watch was open: the start of the wait is in the figure', () => {
    const { detected } = rowsOf(
      [
        failureSample('unschedulable', {
          dock2podMs: 1500,
          watchingBefore: false,
          patchToFailureMs: -20,
        }),
        failureSample('unschedulable', {
          dock2podMs: 1400,
          watchingBefore: false,
          patchToFailureMs: 40,
        }),
      ],
      'unschedulable',
    )
    expect(detected.note).toContain('open before the failure in 0/2')
    expect(detected.note).toMatch(/Over 1 s: the failure was recorded within 30 ms of the patch/)
    expect(detected.note).toContain("before dock2pod's Pod watch was open (in 2/2 runs)")
  })

  test('over 1 s otherwise: no design wait is claimed', () => {
    const { detected } = rowsOf([failureSample('crash', { dock2podMs: 1200 })], 'crash')
    expect(detected.note).toMatch(/Over 1 s: no wait of dock2pod's applies here by design/)
  })

  test('the quota reason names the ReplicaSet watch', () =>
    expect(rowsOf([failureSample('quota')], 'quota').detected.note).toContain(
      "dock2pod's ReplicaSet watch was open before the failure in 1/1",
    ))
})

describe('failureRows: reasons where kubectl or the rollback differ', () => {
  test('only the reasons run, in the order given, and the count in the note', () => {
    const rows = failureRows([failureSample('soak')], [], { ...C, kinds: ['limitrange', 'soak'] })
    expect(rows.map((r) => r.measure)).toEqual([
      expect.stringMatching(/^Failure detected: FailedCreate \(a LimitRange/),
      expect.stringMatching(/^Rolled back healthy: FailedCreate \(a LimitRange/),
      expect.stringMatching(/^Failure detected: crash 8 s after Ready/),
      expect.stringMatching(/^Rolled back healthy: crash 8 s after Ready/),
    ])
    expect(rows[0]!.note).toContain('runs of the 2 reasons overlapped')
  })

  test('soak: kubectl succeeds before the failure, a column that says so, not a latency', () => {
    const { detected } = rowsOf(
      [
        failureSample('soak', { kubectlMs: undefined, kubectlPassedBeforeMs: 7000 }),
        failureSample('soak', { kubectlMs: undefined, kubectlPassedBeforeMs: 9000 }),
      ],
      'soak',
    )
    expect(detected.kubectl).toEqual({
      kind: 'missing',
      why: 'succeeds: kubectl rollout status exited 0 (rollout complete) in 2/2 runs, a median 8.0 s before the failure',
    })
    expect(detected.note).toContain(
      'reported success (exit 0): the rollout completed before the crash',
    )
    expect(detected.note).not.toContain('add 585 s')
  })

  test('kubectl exiting 0 in some runs only: its figure is of the others, and the note counts them', () => {
    const { detected } = rowsOf(
      [
        failureSample('sidecar', { kubectlMs: 15_000 }),
        failureSample('sidecar', { kubectlMs: undefined, kubectlPassedBeforeMs: -300 }),
      ],
      'sidecar',
    )
    expect(detected.kubectl).toMatchObject({ kind: 'distribution', n: 1, median: 15_000 })
    expect(detected.note).toContain(
      'kubectl rollout status exited 0 (rollout complete) in 1/2 runs, a median 300 ms after the failure, so reported no failure: those runs are not in its figure',
    )
  })

  test('soak: healthy again takes a new Pod of the previous image', () =>
    expect(rowsOf([failureSample('soak', { variant: 'rollback' })], 'soak').rolled.note).toContain(
      'the previous ReplicaSet had no Pod left',
    ))

  test('other writer: no kubectl equivalent, no rollback by design', () => {
    const { detected, rolled } = rowsOf(
      [failureSample('other-writer', { kubectlMs: undefined, dock2podMs: 300 })],
      'other-writer',
    )
    expect(detected.dock2pod).toMatchObject({ n: 1, median: 300 })
    expect(detected.kubectl).toMatchObject({
      kind: 'missing',
      why: expect.stringMatching(/^no equivalent/),
    })
    expect(detected.note).toContain("dock2pod's Deployment watch was open")
    expect(rolled.dock2pod).toMatchObject({
      kind: 'missing',
      why: expect.stringMatching(/^none by design/),
    })
  })

  test('CPU requests: runs of the reason take turns, and the rows say so', () => {
    const { detected, rolled } = rowsOf([failureSample('unschedulable-cpu')], 'unschedulable-cpu')
    for (const row of [detected, rolled])
      expect(row.note).toContain('runs of this reason do not overlap one another')
    expect(rowsOf([failureSample('crash')], 'crash').detected.note).not.toContain('do not overlap')
  })

  test.each(['limitrange', 'podsecurity'] as const)('%s names the ReplicaSet watch', (kind) =>
    expect(rowsOf([failureSample(kind)], kind).detected.note).toContain(
      "dock2pod's ReplicaSet watch was open before the failure in 1/1",
    ),
  )
})

describe('failureTasks', () => {
  test('per sample, per reason: judged then rollback, but no rollback run where there is none by design', () =>
    expect(failureTasks(['quota', 'other-writer'], 2)).toEqual([
      { kind: 'quota', variant: 'judged', ns: 'fail-quota-judged-0' },
      { kind: 'quota', variant: 'rollback', ns: 'fail-quota-rollback-0' },
      { kind: 'other-writer', variant: 'judged', ns: 'fail-other-writer-judged-0' },
      { kind: 'quota', variant: 'judged', ns: 'fail-quota-judged-1' },
      { kind: 'quota', variant: 'rollback', ns: 'fail-quota-rollback-1' },
      { kind: 'other-writer', variant: 'judged', ns: 'fail-other-writer-judged-1' },
    ]))
  test('every namespace is a valid DNS label', () => {
    for (const t of failureTasks(KINDS, 10))
      expect(t.ns).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/)
  })
})

describe('fmtMs', () => {
  test('ms below a second, seconds above', () => {
    expect(fmtMs(999.4)).toBe('999 ms')
    expect(fmtMs(1520)).toBe('1.5 s')
  })
})
