// The cancel API other phases hook into: one AbortSignal aborted with a CancelledError
// naming the signal and the phase. The module keeps the run's state, so each test
// imports a fresh copy.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'

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

describe('the grace period', () => {
  let exits: number[]
  let printed: string[]
  beforeEach(() => {
    vi.useFakeTimers()
    exits = []
    printed = []
    vi.spyOn(process, 'exit').mockImplementation(((code: number) => {
      exits.push(code)
    }) as never)
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
      printed.push(String(s))
      return true
    })
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.restoreAllMocks()
    process.exitCode = undefined
  })
  const errors = () => printed.filter((l) => l.startsWith('::error::'))

  test('a SIGINT during a patch waits 5 s more for it, then says what it cut short', () => {
    const { cancel, setPhase, CHANGING_EXTRA_MS } = cancelModule
    setPhase('patch')
    cancel('SIGINT', 1500)
    vi.advanceTimersByTime(1500)
    expect(exits).toEqual([])
    vi.advanceTimersByTime(CHANGING_EXTRA_MS - 1)
    expect(exits).toEqual([])
    vi.advanceTimersByTime(1)
    expect(exits).toEqual([1])
    expect(errors()).toEqual([
      expect.stringMatching(
        /^::error::Cancelled during patch \(SIGINT\)\. dock2pod exited while its patch/,
      ),
    ])
  })

  test('after a SIGINT, a phase that changes nothing (the wait after the patch) ends at 1.5 s', () => {
    const { cancel, setPhase } = cancelModule
    setPhase('patch')
    cancel('SIGINT', 1500)
    setPhase('wait')
    vi.advanceTimersByTime(1500)
    expect(exits).toEqual([1])
    expect(errors()).toEqual(['::error::Cancelled during patch (SIGINT).\n'])
  })

  test('a SIGTERM gets 1.5 s, patch or not (a SIGKILL may follow it within 2.5 s)', () => {
    const { cancel, setPhase } = cancelModule
    setPhase('rollback')
    cancel('SIGTERM', 1500)
    vi.advanceTimersByTime(1500)
    expect(exits).toEqual([1])
    expect(errors()).toEqual([
      expect.stringMatching(
        /^::error::Cancelled during rollback \(SIGTERM\)\. dock2pod exited before its rollback was answered/,
      ),
    ])
  })

  test('nothing is printed twice when main reported the cancel first', () => {
    const { cancel, markCancelReported, setPhase } = cancelModule
    setPhase('build')
    cancel('SIGINT', 1500)
    markCancelReported()
    vi.advanceTimersByTime(1500)
    expect(exits).toEqual([1])
    expect(errors()).toEqual([])
  })
})
