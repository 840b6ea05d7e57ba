// API requests from the test bed's request log (`/_testbed/requests`), sorted by kind
// and by who sent them, pure.
import type { RequestLogEntry } from '../testbed/kube/faults.ts'

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

/** The requests about namespace `ns` (every dock2pod request names one). */
export function inNamespace<T extends Pick<RequestLogEntry, 'path'>>(
  log: readonly T[],
  ns: string,
): T[] {
  return log.filter((r) => r.path.includes(`/namespaces/${ns}/`))
}

/** `12 (3 watch, 2 list, 4 get, 3 write)`: the breakdown for notes. */
export function describeCounts(c: RequestCounts): string {
  const parts = (['watch', 'list', 'get', 'write', 'discovery'] as const)
    .filter((k) => c[k] > 0)
    .map((k) => `${c[k]} ${k}`)
  return parts.join(', ')
}
