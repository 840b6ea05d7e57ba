// A local copy of one kind of object that a list and then a watch keep current, in the
// manner of client-go's reflector and client-node's ListWatch (cache.ts): a watch that
// ends is resumed from the last resourceVersion seen; a 410 Gone (our version is older
// than the server keeps) re-lists; throttling and server errors back off (Retry-After
// when given) and try again, for as long as the caller wants. The caller's deadline, not
// the connection, decides when to give up. No polling: a quiet watch sends nothing.
import { retryDelay } from '../util/retry.ts'
import type { KubeApi, Resource, Selectors, WatchEvent } from './api.ts'
import { isKubeError, isTransient, KubeError } from './errors.ts'
import { KUBE_RETRY } from './retry.ts'
import type { ObjectMeta, Status } from './types.ts'

export interface ReflectorOptions<T> {
  api: KubeApi
  resource: Resource
  namespace: string
  selectors: Selectors
  /** Keep only the objects this accepts (e.g. the events about our pods). */
  keep?: (obj: T) => boolean
  /**
   * What is kept of each object: drop here what is never read (client-go's informer
   * transform), so the copy holds less, and what it dropped is garbage at once.
   */
  trim?: (obj: T) => T
  /** Called after every change of the local copy. */
  onChange: () => void
  /** An error no retry can fix (401, 403, 404, 400): the reflector has stopped. */
  onFatal: (err: unknown) => void
  /** Told about every retry and relist (for debug logs). */
  onNote?: (note: string) => void
  /** Back-off when no Retry-After says otherwise. */
  baseDelayMs?: number
  maxDelayMs?: number
  /** Server-side watch timeout; the watch is then resumed (default 5 min). */
  timeoutSeconds?: number
}

type Meta = { metadata?: ObjectMeta }

/**
 * The object without `metadata.managedFields`: who owns which field, a large part of a
 * Pod, a ReplicaSet or an Event, which the wait never reads of them (only of the workload,
 * other-writer.ts). A shallow copy: the object handed in is left as it is.
 */
export function withoutManagedFields<T extends Meta>(obj: T): T {
  if (!obj.metadata?.managedFields) return obj
  const { managedFields: _, ...metadata } = obj.metadata
  return { ...obj, metadata }
}

export class Reflector<T extends Meta> {
  private readonly opts: ReflectorOptions<T>
  private readonly objects = new Map<string, T>()
  /** items(), until the next change. */
  private current: readonly T[] | undefined
  private resourceVersion = ''
  private stopped = false
  /** A list is wanted again (relist()): at the next turn of the loop. */
  private relistWanted = false
  private cancelWatch: (() => void) | undefined
  private wake: (() => void) | undefined
  /** Whether the first list has arrived. */
  synced = false
  readonly stats = { lists: 0, watches: 0, relists: 0, retries: 0 }

  constructor(opts: ReflectorOptions<T>) {
    this.opts = opts
  }

  /**
   * The objects now. The same array until the next change, so that a reader that looks
   * after every change of any watch (a rollout's assessment) copies only what changed.
   */
  items(): readonly T[] {
    return (this.current ??= [...this.objects.values()])
  }

  start(): this {
    void this.run()
    return this
  }

  stop(): void {
    this.stopped = true
    this.cancelWatch?.()
    this.cancelWatch = undefined
    this.wake?.()
  }

  /**
   * List again, now or once the list in flight is in: `keep` widened (a new reader of a
   * shared reflector), so the last list may have dropped what is now wanted. The watch
   * in progress is ended; the copy stays as it is until the new list replaces it.
   */
  relist(): void {
    if (this.stopped) return
    this.relistWanted = true
    this.wake?.()
  }

  /** Drop what `keep` no longer accepts (it narrowed: the new ReplicaSet is known). */
  prune(): void {
    const keep = this.opts.keep
    if (!keep) return
    for (const [k, obj] of this.objects) if (!keep(obj)) this.objects.delete(k)
    this.current = undefined
  }

  private key(obj: T): string {
    const m = obj.metadata ?? {}
    return m.uid ?? `${m.namespace ?? ''}/${m.name ?? ''}`
  }

  private put(obj: T): void {
    if (this.opts.keep && !this.opts.keep(obj)) return
    this.objects.set(this.key(obj), this.opts.trim ? this.opts.trim(obj) : obj)
    this.current = undefined
  }

  private async run(): Promise<void> {
    let failures = 0
    while (!this.stopped) {
      try {
        if (this.relistWanted) {
          this.relistWanted = false
          this.resourceVersion = ''
        }
        if (!this.resourceVersion) {
          this.stats.lists++
          const list = await this.opts.api.list<T>(
            this.opts.resource,
            this.opts.namespace,
            this.opts.selectors,
            this.opts.keep,
          )
          if (this.stopped) return
          this.objects.clear()
          this.current = undefined
          for (const item of list.items) this.put(item)
          this.resourceVersion = list.resourceVersion
          this.synced = true
          this.opts.onChange()
          if (this.relistWanted) continue
        }
        const { err, progressed } = await this.watchOnce()
        if (this.stopped) return
        if (progressed) failures = 0
        if (err === undefined) continue // ended normally: resume from resourceVersion
        throw err
      } catch (err) {
        if (this.stopped) return
        if (isKubeError(err, 410)) {
          // Relist: our resourceVersion is older than the API server keeps.
          this.stats.relists++
          this.opts.onNote?.(`${this.opts.resource}: resourceVersion expired (410), listing again`)
          this.resourceVersion = ''
          continue
        }
        if (!isTransient(err)) {
          this.stop()
          this.opts.onFatal(err)
          return
        }
        failures++
        this.stats.retries++
        const e = err as KubeError
        // client-node's Watch does not hand over the headers of a refused watch: a 429
        // without Retry-After waits the 1 s the API server's own throttle asks for.
        const delay =
          e.code === 429 && e.retryAfterMs === undefined
            ? Math.max(1000, this.opts.baseDelayMs ?? KUBE_RETRY.baseDelayMs)
            : retryDelay(failures, e.retryAfterMs, {
                ...KUBE_RETRY,
                baseDelayMs: this.opts.baseDelayMs ?? KUBE_RETRY.baseDelayMs,
                maxDelayMs: this.opts.maxDelayMs ?? KUBE_RETRY.maxDelayMs,
              })
        this.opts.onNote?.(
          `${this.opts.resource}: ${(err as KubeError).code || 'connection'} ${(err as Error).message}; again in ${delay} ms`,
        )
        await this.pause(delay)
      }
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        resolve()
      }
      this.wake = done
    })
  }

  /** One watch request, to its end. */
  private watchOnce(): Promise<{ err?: unknown; progressed: boolean }> {
    return new Promise((resolve) => {
      let progressed = false
      let settled = false
      const finish = (err?: unknown) => {
        if (settled) return
        settled = true
        this.cancelWatch?.()
        this.cancelWatch = undefined
        resolve({ err, progressed })
      }
      this.wake = () => finish()
      const onEvent = (ev: WatchEvent) => {
        if (settled) return
        if (ev.type === 'ERROR') {
          const status = ev.object as Status
          finish(
            new KubeError(status?.code ?? 500, status?.message ?? 'watch error', {
              ...(status ? { status } : {}),
            }),
          )
          return
        }
        const obj = ev.object as T
        const rv = obj?.metadata?.resourceVersion
        if (rv) this.resourceVersion = rv
        progressed = true
        if (ev.type === 'BOOKMARK') return
        if (ev.type === 'DELETED') {
          this.objects.delete(this.key(obj))
          this.current = undefined
        } else this.put(obj)
        this.opts.onChange()
      }
      this.stats.watches++
      this.opts.api
        .watch(
          this.opts.resource,
          this.opts.namespace,
          {
            ...this.opts.selectors,
            ...(this.resourceVersion ? { resourceVersion: this.resourceVersion } : {}),
            timeoutSeconds: this.opts.timeoutSeconds ?? 300,
          },
          onEvent,
          (err) => finish(err),
        )
        .then(
          (cancel) => {
            if (settled || this.stopped) cancel()
            else this.cancelWatch = cancel
          },
          (err: unknown) => finish(err),
        )
    })
  }
}
