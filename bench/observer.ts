// The bench's own view of a scenario's namespace: four HTTP watches (Deployments,
// ReplicaSets, Pods, Events) through the test bed's proxy with the full-access token,
// every event recorded with the wall time it arrived here. journal.ts reads the record.
// The watches open before the request log is cleared for the tools under test, and
// carry OBSERVER_MARK so a reconnect can be told apart from the tools' requests.
import type { ClientRequest } from 'node:http'
import { request } from 'node:https'
import type { KubeTarget } from '../testbed/kube/testing.ts'
import { apiRequest } from '../testbed/kube/testing.ts'
import type { KubeObject, ObservedEvent, Resource } from './journal.ts'
import { wallNow } from './clock.ts'

/** `timeoutSeconds` of the observer's watches: an unusual value that marks them in the log. */
export const OBSERVER_TIMEOUT_SECONDS = 86_399
export const OBSERVER_MARK = `timeoutSeconds=${OBSERVER_TIMEOUT_SECONDS}`

const PATHS: Record<Resource, (ns: string) => string> = {
  deployments: (ns) => `/apis/apps/v1/namespaces/${ns}/deployments`,
  replicasets: (ns) => `/apis/apps/v1/namespaces/${ns}/replicasets`,
  pods: (ns) => `/api/v1/namespaces/${ns}/pods`,
  events: (ns) => `/api/v1/namespaces/${ns}/events`,
}

export interface Observer {
  /** Everything recorded so far, in arrival order (a copy). */
  events(): ObservedEvent[]
  /** Watch errors (a closed watch is reopened from the last resourceVersion). */
  errors: string[]
  /** Resolve once `check` holds for the record (checked on each arrival). */
  until(
    check: (events: readonly ObservedEvent[]) => boolean,
    what: string,
    timeoutMs?: number,
  ): Promise<void>
  stop(): void
}

type Target = Pick<KubeTarget, 'url' | 'caPem' | 'token'>

/** Resolves once every watch is asked for, from the resourceVersion of a list. */
export async function startObserver(target: Target, ns: string): Promise<Observer> {
  const recorded: ObservedEvent[] = []
  const errors: string[] = []
  const open = new Set<ClientRequest>()
  const waiters = new Set<() => void>()
  let stopped = false

  const watch = (resource: Resource, rv: string | undefined) => {
    const q = new URLSearchParams({
      watch: '1',
      allowWatchBookmarks: 'false',
      timeoutSeconds: String(OBSERVER_TIMEOUT_SECONDS),
      ...(rv ? { resourceVersion: rv } : {}),
    })
    let lastRv = rv
    const req = request(
      new URL(`${PATHS[resource](ns)}?${q}`, target.url),
      {
        method: 'GET',
        agent: false,
        ca: target.caPem,
        headers: { Authorization: `Bearer ${target.token}`, Accept: 'application/json' },
      },
      (res) => {
        if (res.statusCode !== 200) {
          errors.push(`${resource}: watch answered ${res.statusCode}`)
          res.resume()
          return
        }
        let pending = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          const at = wallNow()
          pending += chunk
          let nl: number
          while ((nl = pending.indexOf('\n')) >= 0) {
            const line = pending.slice(0, nl).trim()
            pending = pending.slice(nl + 1)
            if (!line) continue
            const ev = JSON.parse(line) as ObservedEvent
            if (ev.type !== 'ADDED' && ev.type !== 'MODIFIED' && ev.type !== 'DELETED') {
              errors.push(`${resource}: ${line.slice(0, 300)}`)
              continue
            }
            lastRv = ev.object.metadata.resourceVersion ?? lastRv
            recorded.push({ resource, type: ev.type, object: ev.object, arrivedAt: at })
            for (const w of [...waiters]) w()
          }
        })
        res.on('end', () => {
          open.delete(req)
          if (!stopped) watch(resource, lastRv)
        })
      },
    )
    req.on('error', (e) => {
      open.delete(req)
      if (!stopped) errors.push(`${resource}: ${e.message}`)
    })
    open.add(req)
    req.end()
  }

  // A list gives each watch its starting resourceVersion: nothing after it is missed,
  // whenever the proxy passes the watch's headers on (it sends them with the first event).
  await Promise.all(
    (Object.keys(PATHS) as Resource[]).map(async (r) => {
      const list = await apiRequest(target, 'GET', PATHS[r](ns))
      if (list.status !== 200) {
        errors.push(`${r}: list answered ${list.status}: ${list.body.slice(0, 300)}`)
        return
      }
      const body = JSON.parse(list.body) as {
        metadata?: { resourceVersion?: string }
        items?: KubeObject[]
      }
      const at = wallNow()
      for (const object of body.items ?? [])
        recorded.push({ resource: r, type: 'ADDED', object, arrivedAt: at })
      watch(r, body.metadata?.resourceVersion)
    }),
  )
  if (errors.length) {
    stopped = true
    for (const r of open) r.destroy()
    throw new Error(`observer of ${ns}: ${errors.join('; ')}`)
  }
  return {
    events: () => [...recorded],
    errors,
    until(check, what, timeoutMs = 300_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(test)
          reject(new Error(`observer of ${ns}: no ${what} after ${timeoutMs} ms`))
        }, timeoutMs)
        const test = () => {
          if (!check(recorded)) return
          waiters.delete(test)
          clearTimeout(timer)
          resolve()
        }
        waiters.add(test)
        test()
      })
    },
    stop() {
      stopped = true
      for (const r of open) r.destroy()
      open.clear()
    },
  }
}
