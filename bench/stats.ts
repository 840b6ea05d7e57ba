// Summaries of samples: median and p95, pure. p95 is the nearest-rank percentile (the
// smallest sample with at least 95 % of samples at or below it), so with n = 20 it is
// the 19th of the sorted samples and never an interpolated value nobody measured.

export interface Summary {
  n: number
  median: number
  p95: number
  min: number
  max: number
}

/** Nearest-rank percentile, 0 < q ≤ 1, of samples sorted ascending. */
export function nearestRank(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error('nearestRank: no samples')
  if (!(q > 0 && q <= 1)) throw new Error(`nearestRank: q must be in (0, 1], got ${q}`)
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!
}

/** The middle sample, or the mean of the two middle ones. */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new Error('median: no samples')
  const s = [...samples].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('summarize: no samples')
  if (samples.some((x) => !Number.isFinite(x)))
    throw new Error(`summarize: not a finite number in ${JSON.stringify(samples)}`)
  const sorted = [...samples].sort((a, b) => a - b)
  return {
    n: sorted.length,
    median: median(sorted),
    p95: nearestRank(sorted, 0.95),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
  }
}
