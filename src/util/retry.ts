// The one retry policy of dock2pod's HTTP clients (the registry's and the cluster's):
// try again on a transient failure after an exponential back-off, unless the server
// said how long to wait (`Retry-After`); both waits capped, and never past a deadline.
// Each client says what is transient and what the server asked; the loop is the same.

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number
  /** Back-off before the second try, doubled before each one after. */
  baseDelayMs: number
  /** Cap on the back-off. */
  maxDelayMs: number
  /** Cap on a wait the server asked for. */
  maxRetryAfterMs: number
}

export interface RetryHooks {
  /** Whether trying again may help (throttling, server trouble, no connection). */
  transient(err: unknown): boolean
  /** The wait the failure's server asked for, in ms (`Retry-After`), if any. */
  retryAfterMs?(err: unknown): number | undefined
  /** Never wait past this (epoch ms): give up with the last error instead. */
  deadline?: number
  sleep?: (ms: number) => Promise<void>
  /** Before each wait: log it, release the failed answer. */
  onRetry?: (err: unknown, delayMs: number, attempt: number) => void | Promise<void>
}

/**
 * `Retry-After` in ms: delta-seconds or an HTTP date; undefined when absent or
 * unreadable. RFC 9110 allows whole seconds only; a fraction (`0.5`) is honoured as
 * written, since reading it costs nothing and rounding would wait longer than asked.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number,
): number | undefined {
  if (!value) return undefined
  const v = value.trim()
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000)
  // Only a date from here on: a number-like text is not one, whatever Date.parse says.
  if (/^[\d.\s-]*$/.test(v)) return undefined
  const at = Date.parse(v)
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs)
}

/** The wait before retry number `retry` (1 = the second try): the server's, else the back-off. */
export function retryDelay(
  retry: number,
  retryAfterMs: number | undefined,
  policy: RetryPolicy,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxRetryAfterMs)
  return Math.min(policy.baseDelayMs * 2 ** (retry - 1), policy.maxDelayMs)
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/** Call `fn`, again after each transient failure, until it succeeds or the policy gives up. */
export async function withRetry<T>(
  fn: () => Promise<T>,
  policy: RetryPolicy,
  hooks: RetryHooks,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn()
    } catch (err) {
      if (!hooks.transient(err) || attempt >= policy.attempts) throw err
      const delay = retryDelay(attempt, hooks.retryAfterMs?.(err), policy)
      if (hooks.deadline !== undefined && Date.now() + delay > hooks.deadline) throw err
      await hooks.onRetry?.(err, delay, attempt + 1)
      await (hooks.sleep ?? sleep)(delay)
    }
  }
}
