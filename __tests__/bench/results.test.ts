import { expect, test } from 'vitest'
import { missing, single, type Row } from '../../bench/figures.ts'
import type { Machine } from '../../bench/machine.ts'
import { mergeResults, type Results } from '../../bench/results.ts'

const machine = (date: string): Machine => ({
  cpu: 'x',
  cores: 2,
  memoryGB: 1,
  os: 'Linux',
  node: 'v24',
  kubectl: 'v1',
  date,
})
const row = (scenario: string, value: number): Row => ({
  scenario,
  measure: scenario,
  dock2pod: single(value, 'ms'),
  kubectl: missing('n/a'),
})
const results = (commit: string, rows: Row[], withRun: boolean): Results => {
  const run = {
    machine: machine(commit),
    command: `bench ${commit}`,
    entry: 'dist/index.js',
    commit,
    quick: false,
  }
  const scenarios = Object.fromEntries(
    [...new Set(rows.map((r) => r.scenario))].map((s) => [
      s,
      { seconds: 1, details: {}, ...(withRun ? { run } : {}) },
    ]),
  )
  return { ...run, totalSeconds: 1, rows, table: '', scenarios }
}

test('a run of one scenario keeps the other scenarios from the run that measured them', () => {
  const previous = results('old', [row('a', 1), row('b', 2), row('c', 3)], false)
  const current = results('new', [row('b', 20)], true)
  const merged = mergeResults(current, previous, ['a', 'b', 'c'])
  expect(merged.rows.map((r) => [r.scenario, (r.dock2pod as { value: number }).value])).toEqual([
    ['a', 1],
    ['b', 20],
    ['c', 3],
  ])
  expect(merged.commit).toBe('new')
  expect(merged.scenarios.a!.run!.commit).toBe('old')
  expect(merged.scenarios.b!.run!.commit).toBe('new')
  expect(merged.table).toContain('| b | b | 20.0 ms (n=1) |')
})

test('without a previous file, the run alone', () => {
  const current = results('new', [row('b', 20)], true)
  expect(mergeResults(current, undefined, ['a', 'b'])).toBe(current)
})
