// The cancel API other phases hook into: one AbortSignal aborted with a CancelledError
// naming the signal and the phase. The module keeps the run's state, so each test
// imports a fresh copy.
import { beforeEach, expect, test, vi } from 'vitest'

let cancelModule: typeof import('../src/cancel.ts')

beforeEach(async () => {
  vi.resetModules()
  cancelModule = await import('../src/cancel.ts')
})

test('a signal aborts the signal with a CancelledError naming the phase', () => {
  const { cancel, cancelled, cancelSignal, CancelledError, setPhase } = cancelModule
  setPhase('wait')
  expect(cancelSignal().aborted).toBe(false)
  expect(cancelled()).toBeUndefined()
  cancel('SIGTERM')
  expect(cancelSignal().aborted).toBe(true)
  expect(cancelSignal().reason).toBeInstanceOf(CancelledError)
  expect((cancelSignal().reason as Error).message).toBe('Cancelled during wait (SIGTERM).')
  expect(cancelled()).toEqual({ signal: 'SIGTERM', phase: 'wait' })
})

test('the first signal wins: a later one changes neither the signal nor the phase', () => {
  const { cancel, cancelled, cancelSignal, setPhase } = cancelModule
  setPhase('push')
  cancel('SIGINT')
  setPhase('later')
  cancel('SIGTERM')
  expect(cancelled()).toEqual({ signal: 'SIGINT', phase: 'push' })
  expect((cancelSignal().reason as Error).message).toBe('Cancelled during push (SIGINT).')
})

test('the grace period’s error says what the phase it cut short may leave', () => {
  const { graceExitMessage } = cancelModule
  const c = { signal: 'SIGTERM' as const, phase: 'patch' }
  expect(graceExitMessage(c, 'patch')).toBe(
    'Cancelled during patch (SIGTERM). dock2pod exited while its patch or apply was on its way: it may still reach the cluster, and nothing will roll it back.',
  )
  // Signalled during the patch, cut short in the rollback that followed it.
  expect(graceExitMessage(c, 'rollback')).toBe(
    'Cancelled during patch (SIGTERM). dock2pod exited before its rollback was answered: check the image the workloads run.',
  )
  expect(graceExitMessage({ signal: 'SIGINT', phase: 'build' }, 'build')).toBe(
    'Cancelled during build (SIGINT).',
  )
  // Phases are looked up among the table's own entries.
  expect(graceExitMessage({ signal: 'SIGINT', phase: 'toString' }, 'toString')).toBe(
    'Cancelled during toString (SIGINT).',
  )
})
