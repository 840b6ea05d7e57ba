// The one retry policy both HTTP clients use: how Retry-After is read, how long each
// wait is, and when the loop gives up.
import { describe, expect, test } from 'vitest'
import { parseRetryAfter, retryDelay, withRetry, type RetryPolicy } from '../../src/util/retry.ts'

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-25T00:00:00Z')
  test.each([
    { value: '3', ms: 3000 },
    { value: '0', ms: 0 },
    { value: ' 2 ', ms: 2000 },
    { value: '0.5', ms: 500 },
    { value: 'Wed, 25 Nov 2026 00:00:05 GMT', ms: 5000 },
    { value: 'Tue, 24 Nov 2026 23:00:00 GMT', ms: 0 },
    { value: '-5', ms: undefined },
    { value: '1.2.3', ms: undefined },
    { value: 'soon', ms: undefined },
    { value: '', ms: undefined },
    { value: null, ms: undefined },
  ])('$value', ({ value, ms }) => expect(parseRetryAfter(value, now)).toBe(ms))
})

const policy: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 100,
  maxDelayMs: 500,
  maxRetryAfterMs: 3000,
}

test.each([
  { retry: 1, asked: undefined, ms: 100 },
  { retry: 2, asked: undefined, ms: 200 },
  { retry: 3, asked: undefined, ms: 400 },
  { retry: 4, asked: undefined, ms: 500 },
  { retry: 1, asked: 2000, ms: 2000 },
  { retry: 1, asked: 60_000, ms: 3000 },
  { retry: 3, asked: 0, ms: 0 },
])('retryDelay: retry $retry, Retry-After $asked → $ms ms', ({ retry, asked, ms }) =>
  expect(retryDelay(retry, asked, policy)).toBe(ms),
)

describe('withRetry', () => {
  class Flaky extends Error {
    readonly retryAfterMs: number | undefined
    constructor(retryAfterMs?: number) {
      super('flaky')
      this.retryAfterMs = retryAfterMs
    }
  }
  const hooks = (waits: number[]) => ({
    transient: (err: unknown) => err instanceof Flaky,
    retryAfterMs: (err: unknown) => (err as Flaky).retryAfterMs,
    sleep: async (ms: number) => void waits.push(ms),
  })
  function failing(errors: Error[]) {
    let i = 0
    return async () => {
      if (i < errors.length) throw errors[i++]!
      return 'ok'
    }
  }

  test("the server's wait wins; without it the back-off doubles, capped", async () => {
    const waits: number[] = []
    const result = await withRetry(
      failing([new Flaky(2000), new Flaky(), new Flaky(), new Flaky()]),
      policy,
      hooks(waits),
    )
    expect(result).toBe('ok')
    expect(waits).toEqual([2000, 200, 400, 500])
  })

  test('gives up after the attempts, with the last error', async () => {
    const waits: number[] = []
    const last = new Flaky()
    await expect(
      withRetry(
        failing([new Flaky(), last, new Flaky()]),
        { ...policy, attempts: 2 },
        hooks(waits),
      ),
    ).rejects.toBe(last)
    expect(waits).toEqual([100])
  })

  test('a failure that is not transient is thrown at once', async () => {
    const waits: number[] = []
    const fatal = new Error('403')
    await expect(withRetry(failing([fatal]), policy, hooks(waits))).rejects.toBe(fatal)
    expect(waits).toEqual([])
  })

  test('never waits past the deadline', async () => {
    const waits: number[] = []
    const err = new Flaky(2000)
    await expect(
      withRetry(failing([err]), policy, { ...hooks(waits), deadline: Date.now() + 1000 }),
    ).rejects.toBe(err)
    expect(waits).toEqual([])
  })

  test('onRetry hears each retry before its wait, numbered from the second try', async () => {
    const seen: string[] = []
    await withRetry(failing([new Flaky(), new Flaky()]), policy, {
      ...hooks([]),
      onRetry: (_err, ms, attempt) => void seen.push(`try ${attempt} after ${ms} ms`),
    })
    expect(seen).toEqual(['try 2 after 100 ms', 'try 3 after 200 ms'])
  })
})
