// One clock for every controller and kubelet delay. Cluster time runs `speed` times
// faster than the wall clock, so a test can live through a 600 s progress deadline in
// well under a second and still see every intermediate state in order.
export interface Timer {
  cancel(): void
}

export class Clock {
  readonly speed: number
  private readonly wallStart: number
  private readonly clusterStart: number

  constructor(speed = 1, clusterStart: number = Date.now()) {
    if (!(speed > 0) || !Number.isFinite(speed))
      throw new Error(`clock speed must be > 0, got ${speed}`)
    this.speed = speed
    this.wallStart = performance.timeOrigin + performance.now()
    this.clusterStart = clusterStart
  }

  /** Wall-clock milliseconds since the epoch, sub-millisecond precision. */
  wallNow(): number {
    return performance.timeOrigin + performance.now()
  }

  /** Cluster milliseconds since the epoch. */
  nowMs(): number {
    return this.clusterStart + (this.wallNow() - this.wallStart) * this.speed
  }

  now(): Date {
    return new Date(this.nowMs())
  }

  /** RFC 3339 with second precision, as the API server writes metav1.Time. */
  timestamp(): string {
    return formatTime(this.nowMs())
  }

  /** RFC 3339 with microseconds, as metav1.MicroTime (events' eventTime). */
  microTimestamp(): string {
    return new Date(this.nowMs()).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z')
  }

  /** Convert a cluster duration to the wall-clock duration it takes. */
  toWallMs(clusterMs: number): number {
    return clusterMs / this.speed
  }

  /** Run `fn` after `clusterMs` of cluster time. */
  after(clusterMs: number, fn: () => void): Timer {
    const handle = setTimeout(fn, Math.max(0, this.toWallMs(clusterMs)))
    handle.unref?.()
    return { cancel: () => clearTimeout(handle) }
  }

  /** Resolve after `clusterMs` of cluster time. */
  sleep(clusterMs: number): Promise<void> {
    return new Promise((resolve) => {
      const handle = setTimeout(resolve, Math.max(0, this.toWallMs(clusterMs)))
      handle.unref?.()
    })
  }
}

export function formatTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}

/** Parse `250ms`, `2s`, `1m`, `1h` (a bare number is milliseconds) into milliseconds. */
export function parseDurationMs(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text)
  if (!m) throw new Error(`invalid duration "${text}": use e.g. 500ms, 2s, 1m`)
  const n = Number(m[1])
  const unit = m[2] ?? 'ms'
  return n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit]!
}
