// The narrow interface to the cluster: only the calls dock2pod makes. client.ts
// implements it over @kubernetes/client-node; tests implement it with a fake. Errors
// are KubeErrors carrying the HTTP status and the Status reason, and `describe` turns
// them into a sentence that names the verb, the resource, the namespace and the fix.
import { withRetry, type RetryPolicy } from '../util/retry.ts'
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
  list<T>(resource: Resource, namespace: string, selectors: Selectors): Promise<List<T>>
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
    opts: { previous?: boolean; tailLines?: number },
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
    super(message)
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

/** The API server's retries: util/retry.ts's loop, with these waits. */
export const KUBE_RETRY: RetryPolicy = {
  attempts: 6,
  baseDelayMs: 250,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
}

export interface KubeRetryOptions {
  policy?: Partial<RetryPolicy>
  /** Never wait past this (epoch ms): give up with the last error instead. */
  deadline?: number
  sleep?: (ms: number) => Promise<void>
  onRetry?: (err: KubeError, delayMs: number, attempt: number) => void
}

/** Call `fn`, again after a back-off while it fails transiently (429, 5xx, no connection). */
export function withKubeRetry<T>(fn: () => Promise<T>, opts: KubeRetryOptions = {}): Promise<T> {
  return withRetry(
    fn,
    { ...KUBE_RETRY, ...opts.policy },
    {
      transient: isTransient,
      retryAfterMs: (err) => (err as KubeError).retryAfterMs,
      ...(opts.deadline !== undefined ? { deadline: opts.deadline } : {}),
      ...(opts.sleep ? { sleep: opts.sleep } : {}),
      onRetry: (err, ms, attempt) => opts.onRetry?.(err as KubeError, ms, attempt),
    },
  )
}

/** Wrap every call of an api in withKubeRetry (watches excepted: the reflector resumes them). */
export function retrying(api: KubeApi, opts: KubeRetryOptions = {}): KubeApi {
  return {
    server: api.server,
    getDeployment: (ns, name) => withKubeRetry(() => api.getDeployment(ns, name), opts),
    patchDeployment: (ns, name, body, o) =>
      withKubeRetry(() => api.patchDeployment(ns, name, body, o), opts),
    list: (resource, ns, sel) => withKubeRetry(() => api.list(resource, ns, sel), opts),
    watch: (...args) => api.watch(...args),
    podLog: (ns, pod, c, o) => withKubeRetry(() => api.podLog(ns, pod, c, o), opts),
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
  const said = err.status?.message ? ` The API server said: ${err.status.message}` : ''
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
