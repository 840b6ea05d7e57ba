// The cancel API other phases hook into: one AbortSignal, onCancel handlers told the
// signal and the phase, CancelledError naming the phase.
import { afterEach, expect, test, vi } from 'vitest'
import {
  cancel,
  cancelled,
  cancelSignal,
  CancelledError,
  onCancel,
  resetCancelForTests,
  setPhase,
  throwIfCancelled,
} from '../src/cancel.ts'

afterEach(() => resetCancelForTests())

test('handlers hear the signal and the phase; the signal aborts with a CancelledError', async () => {
  const seen = vi.fn()
  const gone = vi.fn()
  onCancel(seen)
  onCancel(gone)() // unsubscribed at once
  setPhase('wait')
  expect(cancelSignal().aborted).toBe(false)
  expect(() => throwIfCancelled()).not.toThrow()
  cancel('SIGTERM')
  await new Promise((r) => setTimeout(r, 0))
  expect(seen).toHaveBeenCalledExactlyOnceWith({ signal: 'SIGTERM', phase: 'wait' })
  expect(gone).not.toHaveBeenCalled()
  expect(cancelSignal().aborted).toBe(true)
  expect(cancelSignal().reason).toBeInstanceOf(CancelledError)
  expect(() => throwIfCancelled()).toThrow('Cancelled during wait (SIGTERM).')
  expect(cancelled()).toEqual({ signal: 'SIGTERM', phase: 'wait' })
})

test('the first signal wins; a handler added after the cancel runs at once', async () => {
  setPhase('push')
  cancel('SIGINT')
  setPhase('later')
  cancel('SIGTERM')
  const late = vi.fn()
  onCancel(late)
  await new Promise((r) => setTimeout(r, 0))
  expect(late).toHaveBeenCalledExactlyOnceWith({ signal: 'SIGINT', phase: 'push' })
})

test('a handler that throws or rejects does not stop the others', async () => {
  const after = vi.fn()
  onCancel(() => {
    throw new Error('boom')
  })
  onCancel(() => Promise.reject(new Error('boom')))
  onCancel(after)
  cancel('SIGTERM')
  await new Promise((r) => setTimeout(r, 0))
  expect(after).toHaveBeenCalledOnce()
})
