// The narrow interface to the cluster: only the calls dock2pod makes. client.ts
// implements it over @kubernetes/client-node; tests implement it with a fake. Errors
// are KubeErrors carrying the HTTP status and the Status reason, and `describe` turns
// them into a sentence that names the verb, the resource, the namespace and the fix.
import { cut, LIMITS } from '../util/bounds.ts'
import type { Deployment, Status } from './types.ts'

export type Resource = 'deployments' | 'replicasets' | 'pods' | 'events'

export interface Selectors {
  labelSelector?: string
  fieldSelector?: string
}

export interface WatchOptions extends Selectors {
  resourceVersion?: string
  /** Ask the server to end the watch after this long (it then ends normally). */
  timeoutSeconds?: number
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR'
  object: unknown
}

export interface List<T> {
  items: T[]
  resourceVersion: string
}

export interface KubeApi {
  /** `https://host:port` of the current context. */
  readonly server: string
  getDeployment(namespace: string, name: string): Promise<Deployment>
  /** A strategic-merge patch; `dryRun` asks the server to check it (RBAC, admission) only. */
  patchDeployment(
    namespace: string,
    name: string,
    body: unknown,
    opts?: { dryRun?: boolean },
  ): Promise<Deployment>
  /**
   * Every object, read in pages; with `keep`, only those it accepts are held, page by
   * page, so a namespace of 20,000 events costs one page of memory, not 20,000 events.
   */
  list<T>(
    resource: Resource,
    namespace: string,
    selectors: Selectors,
    keep?: (obj: T) => boolean,
  ): Promise<List<T>>
  /**
   * Stream changes. `onDone` is called exactly once, when the stream ends for any reason:
   * without an error when the server closed it normally, else with the error.
   * Resolves to a function that ends the stream early (`onDone` is then not called).
   */
  watch(
    resource: Resource,
    namespace: string,
    opts: WatchOptions,
    onEvent: (event: WatchEvent) => void,
    onDone: (err?: unknown) => void,
  ): Promise<() => void>
  podLog(
    namespace: string,
    pod: string,
    container: string,
    /** The API cuts the log to the last `tailLines`, then to `limitBytes`. */
    opts: { previous?: boolean; tailLines?: number; limitBytes?: number },
  ): Promise<string>
}

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

/** `Retry-After` in seconds (the API server's form) or as an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, nowMs = Date.now()) {
  if (!value) return undefined
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs)
}

/** Whether trying again later can help: throttling, server trouble, no connection. */
export function isTransient(err: unknown): boolean {
  if (!(err instanceof KubeError)) return false
  return err.code === 0 || err.code === 429 || (err.code >= 500 && err.code !== 501)
}

export interface RetryOptions {
  /** Tries in all, the first included. */
  attempts?: number
  /** Back-off before the second try; doubled each time, up to maxDelayMs. */
  baseDelayMs?: number
  maxDelayMs?: number
  /** Never wait past this (epoch ms): give up with the last error instead. */
  deadline?: number
  sleep?: (ms: number) => Promise<void>
  onRetry?: (err: KubeError, delayMs: number, attempt: number) => void
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/** How long to wait before try number `attempt` (2, 3, …): Retry-After wins. */
export function retryDelay(err: KubeError, attempt: number, opts: RetryOptions): number {
  if (err.retryAfterMs !== undefined) return Math.min(err.retryAfterMs, 60_000)
  const base = opts.baseDelayMs ?? 250
  return Math.min(base * 2 ** (attempt - 2), opts.maxDelayMs ?? 8000)
}

/** Call `fn`, again after a back-off while it fails transiently (429, 5xx, no connection). */
export async function withRetry<T>(fn: () => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const attempts = opts.attempts ?? 6
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn()
    } catch (err) {
      if (!isTransient(err) || attempt >= attempts) throw err
      const delay = retryDelay(err as KubeError, attempt + 1, opts)
      if (opts.deadline !== undefined && Date.now() + delay > opts.deadline) throw err
      opts.onRetry?.(err as KubeError, delay, attempt + 1)
      await (opts.sleep ?? sleep)(delay)
    }
  }
}

/** Wrap every call of an api in withRetry (watches excepted: the reflector resumes them). */
export function retrying(api: KubeApi, opts: RetryOptions = {}): KubeApi {
  return {
    server: api.server,
    getDeployment: (ns, name) => withRetry(() => api.getDeployment(ns, name), opts),
    patchDeployment: (ns, name, body, o) =>
      withRetry(() => api.patchDeployment(ns, name, body, o), opts),
    list: (resource, ns, sel, keep) => withRetry(() => api.list(resource, ns, sel, keep), opts),
    watch: (...args) => api.watch(...args),
    podLog: (ns, pod, c, o) => withRetry(() => api.podLog(ns, pod, c, o), opts),
  }
}

const GROUP: Record<string, string> = {
  deployments: 'deployments.apps',
  replicasets: 'replicasets.apps',
  pods: 'pods',
  'pods/log': 'pods/log',
  events: 'events',
}

export interface Attempt {
  verb: 'get' | 'list' | 'watch' | 'patch'
  resource: Resource | 'pods/log'
  namespace: string
  name?: string
}

/** The least-privilege Role for deploy mode, checked against dock2pod's requests by a test. */
export const RBAC_EXAMPLE_URL = 'https://github.com/acme/dock2pod/blob/v1/examples/rbac.yaml'

/** A sentence for the error annotation: what was refused, why, and the fix. */
export function describeKubeError(err: unknown, what: Attempt, server: string): string {
  const resource = GROUP[what.resource] ?? what.resource
  const target = `${resource}${what.name ? ` "${what.name}"` : ''} in namespace "${what.namespace}"`
  if (!(err instanceof KubeError)) return err instanceof Error ? err.message : String(err)
  const said = err.status?.message
    ? ` The API server said: ${cut(err.status.message, 2 * LIMITS.quotedLine)}`
    : ''
  switch (err.code) {
    case 0:
      return `Cannot reach the cluster at ${server}: ${err.message}. Check the kubeconfig's server address and that this runner can reach it (a private cluster needs a self-hosted runner or a tunnel).`
    case 401:
      return `The cluster at ${server} refused the credentials (401 Unauthorized) when we tried to ${what.verb} ${target}: the token or client certificate in the kubeconfig is invalid or has expired. Refresh the kubeconfig (or the step that writes it, e.g. azure/k8s-set-context, aws eks update-kubeconfig, google-github-actions/get-gke-credentials).${said}`
    case 403:
      return `Forbidden (403): the kubeconfig's user may not ${what.verb} ${target}. Apply the Role and RoleBinding of dock2pod's examples/rbac.yaml (${RBAC_EXAMPLE_URL}) in namespace "${what.namespace}", bound to that user or service account: it grants exactly what dock2pod needs, and nothing cluster-wide.${said}`
    case 404:
      return `Not found (404): ${target} does not exist on ${server}.${said}`
    case 409:
      return `Conflict (409) on ${target}: it was changed by someone else meanwhile.${said}`
    case 429:
      return `The API server kept throttling us (429 Too Many Requests) on ${target}.${said}`
    default:
      return `The API server answered ${err.code}${err.reason ? ` ${err.reason}` : ''} when we tried to ${what.verb} ${target}.${said || ` ${err.message}`}`
  }
}
