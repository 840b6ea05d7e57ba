// The test hooks' state: the request log (`/_testbed/requests`) and the fault
// injections (`/_testbed/faults`). The shape of the faults body is documented in
// testbed/README.md; keep the two in step.
import { ApiError } from './status.ts'

export interface RequestLogEntry {
  /** Wall-clock ISO time the request arrived. */
  time: string
  method: string
  path: string
  /** The raw query string without `?`, '' when none. */
  query: string
  /** The request's Content-Type header, '' when none. */
  contentType: string
  /** The answered status; 0 while the answer has not started. */
  status: number
}

/** One fault rule, as POSTed. */
export interface FaultRuleInput {
  /** Regex on the HTTP method, anchored, case-insensitive (`PATCH`, `PUT|PATCH`). Default any. */
  method?: string
  /** Regex on the URL path, unanchored (`/deployments/web$`). Default any. */
  path?: string
  /** Regex on the raw query string, unanchored (`^$` for none, `dryRun`). Default any. */
  query?: string
  /** How many matching requests the rule applies to; default 1; -1 for every one. */
  times?: number
  /** Answer with this status (429, 500, 503, 504…) instead of serving the request. */
  status?: number
  /** With status 429/503: the Retry-After header in seconds (default 1 for 429). */
  retryAfterSeconds?: number
  /** Wait this many wall-clock milliseconds before answering. */
  delayMs?: number
  /** Answer 409 Conflict, as for a stale resourceVersion; applies to writes only. */
  conflict?: boolean
  /** Message of the injected Status (a default names the fault). */
  message?: string
}

/** The body of POST /_testbed/faults; every field optional, rules are appended. */
export interface FaultRequest {
  /** Close every open watch stream now. */
  dropWatches?: boolean
  /** Keep closing every open watch stream every N wall-clock ms; 0 stops. */
  dropWatchesEveryMs?: number
  /** Forget the retained watch history: watching from any older resourceVersion gets 410. */
  compact?: boolean
  rules?: FaultRuleInput[]
}

interface FaultRule extends FaultRuleInput {
  methodRe?: RegExp
  pathRe?: RegExp
  queryRe?: RegExp
  remaining: number
}

/** What the faults decide for one request. */
export interface FaultDecision {
  delayMs: number
  /** Answer this error instead of serving; undefined to serve normally. */
  status?: number
  retryAfterSeconds?: number
  conflict?: boolean
  message?: string
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export class Faults {
  private rules: FaultRule[] = []
  dropEveryMs = 0

  /** Validate and add rules; throws a 400 ApiError naming the bad field. */
  addRules(rules: unknown): void {
    if (rules === undefined) return
    if (!Array.isArray(rules))
      throw new ApiError(400, 'BadRequest', 'faults: "rules" must be an array')
    const parsed = rules.map((r: FaultRuleInput, i): FaultRule => {
      if (typeof r !== 'object' || r === null)
        throw new ApiError(400, 'BadRequest', `faults: rules[${i}] must be an object`)
      const re = (field: 'method' | 'path' | 'query', flags: string, anchor: boolean) => {
        const src = r[field]
        if (src === undefined) return undefined
        try {
          return new RegExp(anchor ? `^(?:${src})$` : src, flags)
        } catch (e) {
          throw new ApiError(
            400,
            'BadRequest',
            `faults: rules[${i}].${field}: ${(e as Error).message}`,
          )
        }
      }
      if (
        r.status !== undefined &&
        !(Number.isInteger(r.status) && r.status >= 400 && r.status <= 599)
      ) {
        throw new ApiError(
          400,
          'BadRequest',
          `faults: rules[${i}].status must be an HTTP error status (400-599)`,
        )
      }
      if (r.status === undefined && !r.conflict && !r.delayMs) {
        throw new ApiError(
          400,
          'BadRequest',
          `faults: rules[${i}] needs one of "status", "conflict" or "delayMs"`,
        )
      }
      return {
        ...r,
        methodRe: re('method', 'i', true),
        pathRe: re('path', '', false),
        queryRe: re('query', '', false),
        remaining: r.times ?? 1,
      }
    })
    this.rules.push(...parsed)
  }

  /** Decide for one request, consuming the rules it matches. */
  decide(method: string, path: string, query = ''): FaultDecision {
    const d: FaultDecision = { delayMs: 0 }
    for (const r of this.rules) {
      if (r.remaining === 0) continue
      if (r.methodRe && !r.methodRe.test(method)) continue
      if (r.pathRe && !r.pathRe.test(path)) continue
      if (r.queryRe && !r.queryRe.test(query)) continue
      if (r.conflict && !WRITE_METHODS.has(method)) continue
      const answers = r.status !== undefined || r.conflict
      if (answers && d.status !== undefined) continue
      if (r.remaining > 0) r.remaining--
      d.delayMs += r.delayMs ?? 0
      if (r.conflict) {
        d.status = 409
        d.conflict = true
      } else if (r.status !== undefined) {
        d.status = r.status
        d.retryAfterSeconds = r.retryAfterSeconds ?? (r.status === 429 ? 1 : undefined)
      }
      if (answers) d.message = r.message
    }
    this.rules = this.rules.filter((r) => r.remaining !== 0)
    return d
  }

  describe(): Record<string, unknown> {
    return {
      dropWatchesEveryMs: this.dropEveryMs,
      rules: this.rules.map(({ methodRe: _m, pathRe: _p, queryRe: _q, ...r }) => r),
    }
  }

  clear(): void {
    this.rules = []
    this.dropEveryMs = 0
  }
}

/** The ApiError an injected status answers with, worded as the API server words it. */
export function faultError(d: FaultDecision, what?: string): ApiError {
  const status = d.status!
  if (d.conflict) {
    return new ApiError(
      409,
      'Conflict',
      d.message ??
        `Operation cannot be fulfilled on ${what ?? 'the object'}: the object has been modified; please apply your changes to the latest version and try again`,
    )
  }
  const retry =
    d.retryAfterSeconds !== undefined ? { retryAfterSeconds: d.retryAfterSeconds } : undefined
  switch (status) {
    case 429:
      return new ApiError(
        429,
        'TooManyRequests',
        d.message ??
          'the server has received too many requests and has asked us to try again later',
        retry,
      )
    case 503:
      return new ApiError(
        503,
        'ServiceUnavailable',
        d.message ?? 'the server is currently unable to handle the request',
        retry,
      )
    case 504:
      return new ApiError(
        504,
        'Timeout',
        d.message ??
          'the server was unable to return a response in the time allotted, but may still be processing the request',
        retry,
      )
    default:
      return new ApiError(
        status,
        status >= 500 ? 'InternalError' : 'BadRequest',
        d.message ?? `Internal error occurred: injected fault (${status})`,
        retry,
      )
  }
}
