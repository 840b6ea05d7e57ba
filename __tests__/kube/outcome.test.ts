import { describe, expect, test } from 'vitest'
import {
  changedByAnother,
  LEFT_TO_THE_OTHER_WRITER,
  planRollback,
  resultOf,
  rollbackFromWait,
  rollbackReport,
  runFailed,
  stopsTheOthers,
  type Settled,
} from '../../src/kube/outcome.ts'
import type { WaitResult } from '../../src/kube/rollout.ts'
import type { Verdict } from '../../src/kube/rollout-state.ts'
import type { Deployment } from '../../src/kube/types.ts'
import { failureReason, rolledBack, type RollbackReport } from '../../src/report/deploy.ts'

const verdict = (state: 'done' | 'progress', revision = '4'): Verdict =>
  ({
    state,
    progress: {
      desired: 2,
      updated: 2,
      ready: state === 'done' ? 2 : 0,
      available: 2,
      old: 0,
      revision,
      observed: true,
      status: '',
    },
  }) as Verdict

const deployment = (readyReplicas: number, revision = '3'): Deployment => ({
  metadata: {
    name: 'web',
    namespace: 'prod',
    annotations: { 'deployment.kubernetes.io/revision': revision },
  },
  spec: { replicas: 2 },
  status: { readyReplicas },
})

const crash = { reason: 'CrashLoopBackOff' as const, message: 'back-off 10s', pod: 'web-1' }
const waits: Record<string, WaitResult> = {
  done: { outcome: 'done', verdict: verdict('done'), deployment: deployment(2, '4') },
  failed: {
    outcome: 'failed',
    verdict: verdict('progress'),
    diagnosis: crash,
    deployment: deployment(1, '4'),
  },
  error: { outcome: 'error', verdict: verdict('progress'), error: new Error('watch refused') },
  cancelled: { outcome: 'cancelled', verdict: verdict('progress') },
  changed: {
    outcome: 'failed',
    verdict: verdict('progress'),
    diagnosis: { reason: 'ChangedByAnotherWriter', message: 'changed by ops-team' },
    deployment: deployment(1, '5'),
  },
}

describe('planRollback: whether the run failed, and which workloads go back', () => {
  const run = { rollbackOn: true, cancelled: false, patchFailed: false }
  test.each([
    { name: 'every wait done: nothing', waits: ['done', 'done'], run, failed: false, back: [] },
    {
      name: 'one failed: every patched workload, the healthy one too',
      waits: ['done', 'failed'],
      run,
      failed: true,
      back: ['a', 'b'],
    },
    {
      name: 'a watch error: every patched workload',
      waits: ['error', 'done'],
      run,
      failed: true,
      back: ['a', 'b'],
    },
    {
      name: 'rollback: false — failed, nothing goes back',
      waits: ['failed', 'done'],
      run: { ...run, rollbackOn: false },
      failed: true,
      back: [],
    },
    {
      name: 'a cancel: every patched workload',
      waits: ['cancelled', 'cancelled'],
      run: { ...run, cancelled: true },
      failed: true,
      back: ['a', 'b'],
    },
    {
      name: 'another workload’s patch refused: the patched ones go back',
      waits: ['done', 'done'],
      run: { ...run, patchFailed: true },
      failed: true,
      back: ['a', 'b'],
    },
    {
      name: 'a wait that never ran (undefined) is not a failure by itself',
      waits: [undefined, 'done'],
      run,
      failed: false,
      back: [],
    },
  ] as const)('$name', ({ waits: w, run: r, failed, back }) => {
    const patched = w.map((wait, i) => ({ item: 'ab'[i]!, wait }))
    expect(planRollback(patched, r)).toEqual({ failed, rollBack: back })
  })

  test('a workload another writer changed stays as they left it; the others go back', () => {
    const patched = [
      { item: 'a', wait: 'failed' as const, changedByAnother: true },
      { item: 'b', wait: 'done' as const },
    ]
    expect(planRollback(patched, run)).toEqual({ failed: true, rollBack: ['b'] })
    expect(planRollback(patched.slice(0, 1), run)).toEqual({ failed: true, rollBack: [] })
  })

  test('nothing patched: nothing to roll back, whatever failed', () => {
    expect(planRollback([], { ...run, patchFailed: true })).toEqual({ failed: true, rollBack: [] })
  })
})

describe('stopsTheOthers', () => {
  test.each([
    ['failed', true, true],
    ['error', true, true],
    ['patch-failed', true, true],
    ['done', true, false],
    ['cancelled', true, false],
    ['failed', false, false],
    ['patch-failed', false, false],
  ] as const)('%s with rollback %s → %s', (w, on, want) => {
    expect(stopsTheOthers(w, on)).toBe(want)
  })
})

describe('rollbackFromWait and rollbackReport', () => {
  test.each([
    {
      wait: 'done',
      want: { state: 'ready', revision: '4', readyReplicas: 2, message: expect.any(String) },
    },
    {
      wait: 'failed',
      want: { state: 'failed', message: 'CrashLoopBackOff: back-off 10s', diagnosis: crash },
    },
    { wait: 'error', want: { state: 'failed', message: 'watch refused' } },
    { wait: 'cancelled', want: { state: 'failed', message: 'not waited for' } },
  ])('a rollback whose wait ended $wait', ({ wait, want }) => {
    expect(rollbackFromWait('Deployment', waits[wait]!)).toMatchObject(want)
  })

  test.each([
    { sent: undefined, want: { state: 'sent', message: 'rollback patch to r/web:1 sent' } },
    {
      sent: { state: 'sent', deployment: deployment(0) },
      want: { state: 'sent', message: 'rollback patch to r/web:1 accepted' },
    },
    {
      sent: { state: 'conflict', message: 'someone else changed it' },
      want: { state: 'conflict', message: 'someone else changed it' },
    },
  ] as const)('a rollback sent, not waited for: $want.message', ({ sent, want }) => {
    expect(rollbackReport(sent, 'r/web:1')).toEqual(want)
  })
})

describe('resultOf: one workload’s status, diagnosis and outputs', () => {
  const target = {
    kind: 'Deployment' as const,
    namespace: 'prod',
    name: 'web',
    containers: ['web'],
    deployment: deployment(2, '3'),
  }
  const imageRef = 'r/web:2@sha256:' + 'b'.repeat(64)
  const run = { imageRef, cancelled: false, rollbackOn: true }
  const backReady: RollbackReport = {
    state: 'ready',
    message: 'back on the previous template and ready',
    revision: '5',
    readyReplicas: 2,
  }
  const patched = (over: Partial<Extract<Settled, { kind: 'patched' }>>): Settled => ({
    kind: 'patched',
    target,
    previousImage: 'r/web:1',
    deployment: deployment(0, '3'),
    patchedAt: 1_000,
    finishedAt: 13_500,
    ...over,
  })

  test.each([
    {
      name: 'rolled out: ready, with the new revision and the time to ready',
      s: patched({ wait: waits.done }),
      want: { status: 'ready', revision: '4', readyReplicas: 2, seconds: 12.5, diagnosis: null },
      reason: '',
      back: false,
      fails: false,
    },
    {
      name: 'failed and rolled back healthy: rolled-back, the diagnosis, the rollback’s revision',
      s: patched({ wait: waits.failed, rollback: backReady }),
      want: { status: 'rolled-back', diagnosis: crash, revision: '5', rollback: backReady },
      reason: 'CrashLoopBackOff',
      back: true,
      fails: true,
    },
    {
      name: 'failed, and the rollback is not healthy either: failed',
      s: patched({
        wait: waits.failed,
        rollback: { state: 'failed', message: 'CrashLoopBackOff: x' },
      }),
      want: { status: 'failed', diagnosis: crash },
      reason: 'CrashLoopBackOff',
      back: false,
      fails: true,
    },
    {
      name: 'failed with rollback off: failed, and the note says it stays on the new image',
      s: patched({ wait: waits.failed }),
      run: { ...run, rollbackOn: false },
      want: {
        status: 'failed',
        diagnosis: crash,
        note: 'rollback is off: the Deployment stays on the new image.',
      },
      reason: 'CrashLoopBackOff',
      back: false,
      fails: true,
    },
    {
      name: 'healthy, rolled back because another failed: rolled-back, a note, no diagnosis',
      s: patched({ wait: waits.done, rollback: backReady }),
      want: {
        status: 'rolled-back',
        diagnosis: null,
        note: 'This rollout was healthy; it was rolled back because another Deployment of this run failed.',
      },
      reason: '',
      back: true,
      fails: true,
    },
    {
      name: 'changed by another writer, not rolled back: failed, and the note says it stays theirs',
      s: patched({ wait: waits.changed }),
      want: {
        status: 'failed',
        diagnosis: { reason: 'ChangedByAnotherWriter' },
        note: LEFT_TO_THE_OTHER_WRITER,
      },
      reason: 'ChangedByAnotherWriter',
      back: false,
      fails: true,
    },
    {
      name: 'a watch that failed: WatchFailed',
      s: patched({ wait: waits.error, rollback: backReady }),
      want: { status: 'rolled-back', diagnosis: { reason: 'WatchFailed' } },
      reason: 'WatchFailed',
      back: true,
      fails: true,
    },
    {
      name: 'cancelled, rollback sent: rolled-back, Cancelled',
      s: patched({ wait: waits.cancelled, rollback: { state: 'sent', message: 'sent' } }),
      run: { ...run, cancelled: true },
      want: { status: 'rolled-back', diagnosis: { reason: 'Cancelled' } },
      reason: 'Cancelled',
      back: false,
      fails: true,
    },
    {
      name: 'the patch refused: failed, PatchFailed with its message',
      s: { kind: 'error', target, message: 'Forbidden (403)', previousImage: 'r/web:1' },
      want: {
        status: 'failed',
        diagnosis: { reason: 'PatchFailed', message: 'Forbidden (403)' },
        revision: '3',
      },
      reason: 'PatchFailed',
      back: false,
      fails: true,
    },
    {
      name: 'cancelled before the patch was sent: failed, Cancelled, nothing to roll back',
      s: {
        kind: 'error',
        target,
        message: 'not patched: the run was cancelled before the patch was sent',
        previousImage: 'r/web:1',
        cancelled: true,
      },
      run: { ...run, cancelled: true },
      want: {
        status: 'failed',
        diagnosis: {
          reason: 'Cancelled',
          message: 'not patched: the run was cancelled before the patch was sent',
        },
      },
      reason: 'Cancelled',
      back: false,
      fails: true,
    },
    {
      name: 'already on the image: unchanged',
      s: { kind: 'unchanged', target, deployment: deployment(2, '3'), previousImage: imageRef },
      want: { status: 'unchanged', diagnosis: null, seconds: 0, readyReplicas: 2 },
      reason: '',
      back: false,
      fails: false,
    },
  ] as {
    name: string
    s: Settled
    run?: typeof run
    want: object
    reason: string
    back: boolean
    fails: boolean
  }[])('$name', ({ s, run: r, want, reason, back, fails }) => {
    const result = resultOf(s, r ?? run)
    expect(result).toMatchObject({ namespace: 'prod', name: 'web', image: imageRef, ...want })
    // What the workflow sees of it: failure-reason, rolled-back, the exit code.
    expect(failureReason([result])).toBe(reason)
    expect(rolledBack([result])).toBe(back)
    expect(runFailed([result])).toBe(fails)
  })
})

describe('changedByAnother', () => {
  test.each([
    ['changed', true],
    ['failed', false],
    ['done', false],
    ['error', false],
  ])('%s → %s', (w, want) => {
    expect(changedByAnother(waits[w])).toBe(want)
  })
  test('no wait', () => expect(changedByAnother(undefined)).toBe(false))
})
