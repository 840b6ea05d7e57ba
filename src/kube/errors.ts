// What a failed call to the cluster throws: KubeError carries the HTTP status and the
// Status reason; isTransient says whether trying again can help.
import { cut, LIMITS } from '../util/bounds.ts'
import type { Status } from './types.ts'

/** An answer other than 2xx, or no answer at all (`code` 0). */
export class KubeError extends Error {
  override name = 'KubeError'
  readonly code: number
  readonly reason: string
  /** From `Retry-After` (or the Status' retryAfterSeconds), for 429 and 503. */
  readonly retryAfterMs: number | undefined
  readonly status: Status | undefined

  constructor(
    code: number,
    message: string,
    opts: { reason?: string; retryAfterMs?: number; status?: Status } = {},
  ) {
    // The API server's (or a webhook's) words: quoted, so cut.
    super(cut(message, 2 * LIMITS.quotedLine))
    this.code = code
    this.reason = opts.reason ?? opts.status?.reason ?? ''
    this.retryAfterMs = opts.retryAfterMs
    this.status = opts.status
  }
}

export function isKubeError(err: unknown, code?: number): err is KubeError {
  return err instanceof KubeError && (code === undefined || err.code === code)
}

/** Whether trying again later can help: throttling, server trouble, no connection. */
export function isTransient(err: unknown): boolean {
  if (!(err instanceof KubeError)) return false
  return err.code === 0 || err.code === 429 || (err.code >= 500 && err.code !== 501)
}
