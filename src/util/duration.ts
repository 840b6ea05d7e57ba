// Durations of the inputs: `90s`, `10m`, `1h`, `500ms`, combinations like `1m30s`;
// a bare number is seconds.
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

export function parseDuration(text: string): number {
  const value = text.trim()
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000)
  if (value.startsWith('-'))
    throw new Error(`"${text}" is negative; give a duration such as 90s, 10m or 1h.`)
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/y
  let total = 0
  let pos = 0
  while (pos < value.length) {
    re.lastIndex = pos
    const m = re.exec(value)
    if (!m)
      throw new Error(
        `"${text}" is not a duration; use e.g. 90s, 10m or 1h (a bare number is seconds).`,
      )
    total += Number(m[1]) * UNIT_MS[m[2]!]!
    pos = re.lastIndex
  }
  if (value === '') throw new Error('is empty; give a duration such as 90s, 10m or 1h.')
  return Math.round(total)
}

/**
 * `0s`, `450ms`, `2.5s`, `1m30s`, `10m`: for logs and summaries, in the style of the
 * duration inputs, so `timeout 10m, grace 0s` reads as the workflow wrote it.
 */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s'
  if (ms < 1000) return `${Math.round(ms)}ms`
  const s = ms / 1000
  if (s < 60) return `${s < 10 ? Number(s.toFixed(1)) : Math.round(s)}s`
  const m = Math.floor(s / 60)
  const rest = Math.round(s - m * 60)
  return rest ? `${m}m${rest}s` : `${m}m`
}
