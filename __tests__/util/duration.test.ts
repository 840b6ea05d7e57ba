// Durations are written back in the style the inputs are written in.
import { expect, test } from 'vitest'
import { formatDuration, parseDuration } from '../../src/util/duration.ts'

test.each([
  { ms: 0, text: '0s' },
  { ms: 450, text: '450ms' },
  { ms: 1000, text: '1s' },
  { ms: 2500, text: '2.5s' },
  { ms: 42_000, text: '42s' },
  { ms: 90_000, text: '1m30s' },
  { ms: 600_000, text: '10m' },
])('formatDuration($ms) = $text, which parseDuration reads back', ({ ms, text }) => {
  expect(formatDuration(ms)).toBe(text)
  expect(parseDuration(text)).toBe(ms)
})
