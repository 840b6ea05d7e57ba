import { describe, expect, test } from 'vitest'
import { parseBenchArgs, SCENARIOS } from '../../bench/args.ts'

describe('parseBenchArgs', () => {
  test('no arguments: every scenario, full samples', () =>
    expect(parseBenchArgs([])).toEqual({ quick: false, only: [...SCENARIOS] }))
  test.each([
    { argv: ['--quick'], want: { quick: true, only: [...SCENARIOS] } },
    { argv: ['--only', 'cold-start'], want: { quick: false, only: ['cold-start'] } },
    {
      argv: ['--only=api-cost,cold-start', '--quick'],
      // In the order the benchmark runs them, not the order given.
      want: { quick: true, only: ['cold-start', 'api-cost'] },
    },
    {
      argv: ['--entry', '/tmp/x/dist/index.js', '--out', 'r.json'],
      want: { quick: false, only: [...SCENARIOS], entry: '/tmp/x/dist/index.js', out: 'r.json' },
    },
    { argv: ['--runs', '12'], want: { quick: false, only: [...SCENARIOS], runs: 12 } },
    { argv: ['--quick', '--runs=2'], want: { quick: true, only: [...SCENARIOS], runs: 2 } },
    {
      argv: ['--only', 'failure-latency', '--kinds', 'podsecurity,limitrange'],
      // In the catalogue's order, not the order given.
      want: { quick: false, only: ['failure-latency'], kinds: ['limitrange', 'podsecurity'] },
    },
    { argv: ['--kinds=soak'], want: { quick: false, only: [...SCENARIOS], kinds: ['soak'] } },
  ])('$argv', ({ argv, want }) => expect(parseBenchArgs(argv)).toEqual(want))
  test.each([
    { argv: ['--only', 'warp'], error: /unknown scenario "warp"/ },
    { argv: ['--only'], error: /--only needs a value/ },
    { argv: ['--fast'], error: /unknown argument "--fast"/ },
    { argv: ['--runs', '0'], error: /--runs: "0" is not a whole number of 1 or more/ },
    { argv: ['--runs', '2.5'], error: /--runs: "2.5"/ },
    { argv: ['--runs'], error: /--runs needs a value/ },
    { argv: ['--kinds', 'quota,typo'], error: /--kinds: unknown reason "typo"/ },
    { argv: ['--kinds'], error: /--kinds needs a value/ },
    { argv: ['--kinds', ','], error: /--kinds needs a value/ },
  ])('$argv is refused', ({ argv, error }) => expect(() => parseBenchArgs(argv)).toThrow(error))
})
