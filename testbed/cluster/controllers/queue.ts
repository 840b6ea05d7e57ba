// A deduplicating work queue: keys added while a drain is pending are processed once,
// after the current store notification returns (store listeners run synchronously, so
// a controller must never write from inside one).
export class WorkQueue {
  private readonly pending = new Set<string>()
  private scheduled = false
  private stopped = false
  private readonly handle: (key: string) => void

  constructor(handle: (key: string) => void) {
    this.handle = handle
  }

  add(key: string): void {
    if (this.stopped) return
    this.pending.add(key)
    if (!this.scheduled) {
      this.scheduled = true
      setImmediate(() => this.drain())
    }
  }

  private drain(): void {
    this.scheduled = false
    if (this.stopped) return
    const keys = [...this.pending]
    this.pending.clear()
    for (const k of keys) {
      try {
        this.handle(k)
      } catch (err) {
        // A failed sync is retried on the next change, as a requeue would.
        if (process.env.TESTBED_DEBUG) console.error(`sync ${k} failed:`, err)
      }
    }
  }

  stop(): void {
    this.stopped = true
    this.pending.clear()
  }
}

export const nsName = (ns: string | undefined, name: string) => `${ns ?? ''}/${name}`

export function splitKey(key: string): [string, string] {
  const i = key.indexOf('/')
  return [key.slice(0, i), key.slice(i + 1)]
}
