// One Reflector per (resource, namespace, selectors), shared by every reader that asks
// for it: 20 waits in one namespace read its Pod events through one list and one watch,
// not 20 (each a connection, each a copy of every event that passes the selector).
// Each reader keeps its own `keep`: the shared copy holds what any reader keeps, and
// each reader sees only what its own `keep` accepts. The watch stops when the last
// reader lets go. A reader that joins after the list went out has the list made again,
// since that list dropped what no earlier reader kept: it then sees what a reflector of
// its own would have seen, as soon as that list is in.
import type { KubeApi, Resource, Selectors } from './api.ts'
import { Reflector } from './reflector.ts'
import type { ObjectMeta } from './types.ts'

type Meta = { metadata?: ObjectMeta }

export interface Reader<T> {
  /** Only the objects this accepts are this reader's. */
  keep?: (obj: T) => boolean
  /** Called after every change of the shared copy. */
  onChange: () => void
  /** The shared reflector has stopped on an error no retry can fix. */
  onFatal: (err: unknown) => void
}

/** One reader's view of a shared reflector. */
export interface Lease<T> {
  /** The objects this reader's `keep` accepts: the same array until the next change. */
  items(): readonly T[]
  /** Whether the shared reflector's first list has come. */
  readonly synced: boolean
  /** This reader's `keep` narrowed: drop what no reader keeps now. */
  prune(): void
  /** Done with it: the last release stops the watch. */
  release(): void
}

interface Shared<T extends Meta> {
  reflector: Reflector<T>
  readers: Set<Reader<T>>
  /** Whether the reflector has been started (its first list has gone out). */
  started: boolean
}

export interface PoolOptions {
  /** Told about every retry and relist (for debug logs). */
  onNote?: (note: string) => void
}

/** The key of what one reflector reads: readers with the same key share it. */
function poolKey(resource: Resource, namespace: string, selectors: Selectors): string {
  return JSON.stringify([
    resource,
    namespace,
    selectors.labelSelector ?? '',
    selectors.fieldSelector ?? '',
  ])
}

export class ReflectorPool {
  private readonly api: KubeApi
  private readonly opts: PoolOptions
  /** By poolKey; each a Shared<T> of the T its first reader asked for. */
  private readonly shared = new Map<string, unknown>()

  constructor(api: KubeApi, opts: PoolOptions = {}) {
    this.api = api
    this.opts = opts
  }

  /** How many shared reflectors run now (for tests and debug logs). */
  get size(): number {
    return this.shared.size
  }

  /**
   * Read `resource` in `namespace` by `selectors`. The first reader's acquire starts the
   * reflector on the next turn of the event loop, so readers that arrive together (the
   * waits of one run) share its first list. `trim` is the reflector's (Reflector's
   * `trim`), set by the reader that opens it: readers of one key must agree on it.
   */
  acquire<T extends Meta>(
    resource: Resource,
    namespace: string,
    selectors: Selectors,
    reader: Reader<T>,
    trim?: (obj: T) => T,
  ): Lease<T> {
    const key = poolKey(resource, namespace, selectors)
    let entry = this.shared.get(key) as Shared<T> | undefined
    if (!entry) entry = this.open<T>(key, resource, namespace, selectors, trim)
    // The list already out dropped what no reader then kept: unless one of them keeps
    // everything, list again for this one.
    else if (entry.started && [...entry.readers].every((r) => r.keep)) entry.reflector.relist()
    entry.readers.add(reader)
    const e = entry
    let released = false
    // This reader's view of the shared copy, made again only after that copy changed.
    let seen: { all: readonly T[]; mine: readonly T[] } | undefined
    return {
      items: () => {
        const all = e.reflector.items()
        if (seen?.all !== all) seen = { all, mine: reader.keep ? all.filter(reader.keep) : all }
        return seen.mine
      },
      get synced() {
        return e.reflector.synced
      },
      prune: () => e.reflector.prune(),
      release: () => {
        if (released) return
        released = true
        e.readers.delete(reader)
        if (e.readers.size) {
          e.reflector.prune()
          return
        }
        e.reflector.stop()
        if (this.shared.get(key) === e) this.shared.delete(key)
      },
    }
  }

  private open<T extends Meta>(
    key: string,
    resource: Resource,
    namespace: string,
    selectors: Selectors,
    trim: ((obj: T) => T) | undefined,
  ): Shared<T> {
    const readers = new Set<Reader<T>>()
    const entry: Shared<T> = {
      readers,
      started: false,
      reflector: new Reflector<T>({
        api: this.api,
        resource,
        namespace,
        selectors,
        // What any reader keeps; everything when one of them keeps everything.
        keep: (obj) => {
          for (const r of readers) if (!r.keep || r.keep(obj)) return true
          return false
        },
        ...(trim ? { trim } : {}),
        onChange: () => {
          for (const r of [...readers]) r.onChange()
        },
        onFatal: (err) => {
          if (this.shared.get(key) === entry) this.shared.delete(key)
          for (const r of [...readers]) r.onFatal(err)
        },
        ...(this.opts.onNote ? { onNote: this.opts.onNote } : {}),
      }),
    }
    this.shared.set(key, entry)
    setImmediate(() => {
      if (!readers.size) return
      entry.started = true
      entry.reflector.start()
    })
    return entry
  }
}
