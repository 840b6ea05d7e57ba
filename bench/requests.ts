// API requests from the test bed's request log (`/_testbed/requests`), sorted by kind
// and by who sent them, pure.
import type { RequestLogEntry } from '../testbed/kube/faults.ts'
import { median } from './stats.ts'

export type RequestKind = 'watch' | 'list' | 'get' | 'write' | 'discovery'

export function requestKind(r: Pick<RequestLogEntry, 'method' | 'path' | 'query'>): RequestKind {
  if (r.method !== 'GET') return 'write'
  if (/(^|&)watch=(true|1)(&|$)/.test(r.query)) return 'watch'
  if (!/\/namespaces\/[^/]+\//.test(r.path)) return 'discovery'
  // /…/namespaces/ns/<resource> is a collection; one more segment names an object.
  return /\/namespaces\/[^/]+\/[^/]+$/.test(r.path) ? 'list' : 'get'
}

export type RequestCounts = Record<RequestKind, number> & { total: number }

export function countRequests(
  log: readonly Pick<RequestLogEntry, 'method' | 'path' | 'query'>[],
): RequestCounts {
  const counts: RequestCounts = { watch: 0, list: 0, get: 0, write: 0, discovery: 0, total: 0 }
  for (const r of log) {
    counts[requestKind(r)] += 1
    counts.total += 1
  }
  return counts
}

/** The requests about namespace `ns` (named in the path). */
export function inNamespace<T extends Pick<RequestLogEntry, 'path'>>(
  log: readonly T[],
  ns: string,
): T[] {
  return log.filter((r) => r.path.includes(`/namespaces/${ns}/`))
}

/** dock2pod's access checks: cluster-scoped, the namespace is in the body, not the path. */
const ACCESS_REVIEW = /^\/apis\/authorization\.k8s\.io\/v1\/selfsubjectaccessreviews$/

/**
 * The log of dock2pod (in namespace `d`) and kubectl (in `k`) rolling out side by side,
 * split by who sent each request: a request naming a namespace is that tool's; of the
 * cluster-scoped ones, the access reviews (POST selfsubjectaccessreviews) are dock2pod's
 * (it asks before it changes anything; kubectl's `set image` and `rollout status` ask
 * nothing, as each tool's requests counted alone show) and discovery GETs are kubectl's
 * (dock2pod discovers only for manifests). Anything else is `unknown`.
 */
export function splitSideBySide<T extends Pick<RequestLogEntry, 'method' | 'path'>>(
  log: readonly T[],
  d: string,
  k: string,
): { dock2pod: T[]; kubectl: T[]; unknown: T[] } {
  const out = { dock2pod: [] as T[], kubectl: [] as T[], unknown: [] as T[] }
  for (const r of log) {
    if (r.path.includes(`/namespaces/${d}/`)) out.dock2pod.push(r)
    else if (r.path.includes(`/namespaces/${k}/`)) out.kubectl.push(r)
    else if (r.method === 'POST' && ACCESS_REVIEW.test(r.path)) out.dock2pod.push(r)
    else if (r.method === 'GET' && !r.path.includes('/namespaces/')) out.kubectl.push(r)
    else out.unknown.push(r)
  }
  return out
}

/** `12 (3 watch, 2 list, 4 get, 3 write)`: the breakdown for notes. */
export function describeCounts(c: RequestCounts): string {
  const parts = (['watch', 'list', 'get', 'write', 'discovery'] as const)
    .filter((k) => c[k] > 0)
    .map((k) => `${c[k]} ${k}`)
  return parts.join(', ')
}

/** Each request as `METHOD resource` (the path's resource segment; `?dryRun` marked). */
export function requestRoute(r: Pick<RequestLogEntry, 'method' | 'path' | 'query'>): string {
  const m = /\/namespaces\/[^/]+\/([^/]+)(?:\/[^/]+)?(\/[^/]+)?$/.exec(r.path)
  const resource = m ? `${m[1]}${m[2] ?? ''}` : (r.path.split('/').filter(Boolean).at(-1) ?? '/')
  const kind = requestKind(r)
  const what = kind === 'watch' ? 'WATCH' : kind === 'list' ? 'LIST' : r.method
  return `${what} ${resource}${/(^|&)dryRun=/.test(r.query) ? ' (dry run)' : ''}`
}

export interface WatchResumes {
  /** Distinct watches: one resource, namespace and selectors. */
  streams: number
  /** Watch requests after each stream's first: the same stream opened again. */
  resumed: number
  /** Median seconds from a stream's watch request to its next one. */
  medianGapSeconds: number | undefined
}

/** How often the same watch was opened again (an ended stream resumed). */
export function watchResumes(log: readonly RequestLogEntry[]): WatchResumes {
  const byStream = new Map<string, number[]>()
  for (const r of log) {
    if (requestKind(r) !== 'watch') continue
    const params = new URLSearchParams(r.query)
    const key = [r.path, params.get('labelSelector') ?? '', params.get('fieldSelector') ?? ''].join(
      ' ',
    )
    const times = byStream.get(key) ?? []
    times.push(Date.parse(r.time))
    byStream.set(key, times)
  }
  const gaps: number[] = []
  for (const times of byStream.values()) {
    times.sort((a, b) => a - b)
    for (let i = 1; i < times.length; i++) gaps.push((times[i]! - times[i - 1]!) / 1000)
  }
  return {
    streams: byStream.size,
    resumed: gaps.length,
    medianGapSeconds: gaps.length ? median(gaps) : undefined,
  }
}

/** The requests counted by `requestRoute`, most first. */
export function routeCounts(
  log: readonly Pick<RequestLogEntry, 'method' | 'path' | 'query'>[],
): Record<string, number> {
  const counts = new Map<string, number>()
  for (const r of log) {
    const route = requestRoute(r)
    counts.set(route, (counts.get(route) ?? 0) + 1)
  }
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])))
}
