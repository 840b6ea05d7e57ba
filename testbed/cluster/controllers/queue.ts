// A deduplicating work queue: keys added while a drain is pending are processed once,
// after the current store notification returns (store listeners run synchronously, so
// a controller must never write from inside one).
export class WorkQueue {
  private readonly pending = new Set<string>()
  private scheduled = false
  private stopped = false
  private readonly handle: (key: string) => void
  /** Consecutive failures per key, for the retry back-off. */
  private readonly failures = new Map<string, number>()

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
        this.failures.delete(k)
      } catch (err) {
        // Requeue with back-off (5 ms doubling to 1 s of wall time), as a rate-limited
        // work queue does; a later change also requeues it.
        const n = (this.failures.get(k) ?? 0) + 1
        this.failures.set(k, n)
        if (process.env.TESTBED_DEBUG) console.error(`sync ${k} failed (${n}):`, err)
        setTimeout(() => this.add(k), Math.min(1000, 5 * 2 ** (n - 1))).unref()
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
