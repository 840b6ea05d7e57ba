import { describe, expect, test } from 'vitest'
import { median, nearestRank, summarize } from '../../bench/stats.ts'

describe('median', () => {
  test.each([
    { samples: [5], want: 5 },
    { samples: [3, 1, 2], want: 2 },
    { samples: [4, 1, 3, 2], want: 2.5 },
    { samples: [10, 10, 10, 90], want: 10 },
  ])('$samples → $want', ({ samples, want }) => expect(median(samples)).toBe(want))
  test('no samples is an error', () => expect(() => median([])).toThrow(/no samples/))
})

describe('nearestRank (p95)', () => {
  const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1)
  test.each([
    { n: 1, want: 1 },
    { n: 2, want: 2 },
    { n: 3, want: 3 },
    { n: 19, want: 19 },
    { n: 20, want: 19 },
    { n: 21, want: 20 },
    { n: 100, want: 95 },
  ])('p95 of 1..$n is $want', ({ n, want }) => expect(nearestRank(oneTo(n), 0.95)).toBe(want))
  test('q outside (0, 1] is an error', () => expect(() => nearestRank([1], 0)).toThrow(/q must be/))
})

describe('summarize', () => {
  test('n, median, p95, min, max of unsorted samples', () =>
    expect(summarize([30, 10, 20, 40, 1000])).toEqual({
      n: 5,
      median: 30,
      p95: 1000,
      min: 10,
      max: 1000,
    }))
  test('a NaN sample is an error, not a silent figure', () =>
    expect(() => summarize([1, Number.NaN])).toThrow(/finite/))
})
