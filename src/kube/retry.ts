// The cluster's calls under the one retry loop (util/retry.ts), with its waits.
import { withRetry, type RetryPolicy } from '../util/retry.ts'
import type { KubeApi } from './api.ts'
import { isTransient, KubeError } from './errors.ts'

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
    getWorkload: (r, ns, name) => withKubeRetry(() => api.getWorkload(r, ns, name), opts),
    patchWorkload: (r, ns, name, body, o) =>
      withKubeRetry(() => api.patchWorkload(r, ns, name, body, o), opts),
    deletePod: (ns, name, uid) => withKubeRetry(() => api.deletePod(ns, name, uid), opts),
    resourceFor: (v, k) => withKubeRetry(() => api.resourceFor(v, k), opts),
    getObject: (path) => withKubeRetry(() => api.getObject(path), opts),
    applyObject: (path, obj, o) => withKubeRetry(() => api.applyObject(path, obj, o), opts),
    list: (resource, ns, sel, keep) => withKubeRetry(() => api.list(resource, ns, sel, keep), opts),
    watch: (...args) => api.watch(...args),
    mayI: (check) => withKubeRetry(() => api.mayI(check), opts),
    podLog: (ns, pod, c, o) => withKubeRetry(() => api.podLog(ns, pod, c, o), opts),
  }
}
