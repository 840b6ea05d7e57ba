// A KubeApi whose lists answer from fixed objects and whose watches stay open until
// stopped, each handing the test a `send`; it records every list and watch.
import type { KubeApi, List, Resource, WatchEvent, WatchOptions } from '../../src/kube/api.ts'
import { unusedKubeApi } from './unused-kube-api.ts'

interface OpenWatch {
  resource: Resource
  namespace: string
  opts: WatchOptions
  send: (e: WatchEvent) => void
  cancelled: boolean
}

/** Lists answer from `stored`; watches stay open. */
export function openWatchApi(stored: Partial<Record<Resource, unknown[]>> = {}) {
  const calls: string[] = []
  const watches: OpenWatch[] = []
  let rv = 100
  const api: KubeApi = {
    ...unusedKubeApi,
    async list<T>(
      resource: Resource,
      ns: string,
      sel: { fieldSelector?: string; labelSelector?: string },
      keep?: (obj: T) => boolean,
    ): Promise<List<T>> {
      calls.push(`list ${resource} ${ns} ${sel.fieldSelector ?? sel.labelSelector ?? ''}`)
      const items = (stored[resource] ?? []) as T[]
      return { items: keep ? items.filter(keep) : items, resourceVersion: String(++rv) }
    },
    async watch(resource, ns, opts, onEvent) {
      calls.push(`watch ${resource} ${ns} ${opts.fieldSelector ?? opts.labelSelector ?? ''}`)
      const w: OpenWatch = {
        resource,
        namespace: ns,
        opts,
        send: (e) => !w.cancelled && onEvent(e),
        cancelled: false,
      }
      watches.push(w)
      return () => (w.cancelled = true)
    },
  }
  const open = (resource: Resource) =>
    watches.filter((w) => w.resource === resource && !w.cancelled)
  return { api, calls, watches, open }
}

/** Let a pool's deferred start, the lists and the watches' promises run. */
export const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r))
}
