import { describe, expect, test } from 'vitest'
import { distribution, missing } from '../../bench/figures.ts'
import type { ResultsFile, RunRecord } from '../../bench/merge.ts'
import { renderPerformance } from '../../bench/report.ts'
import { renderTable } from '../../bench/table.ts'
import { machine } from '../helpers/bench-machine.ts'

const rows = [
  {
    scenario: 'failure-latency',
    measure: 'Failure detected',
    dock2pod: distribution([100, 200, 300], 'ms'),
    kubectl: missing('not run'),
    note: 'from the observer',
  },
]
const run: RunRecord = {
  id: 1,
  machine,
  command: 'npm run bench',
  commit: '0123456789abcdef0123456789abcdef01234567',
  distMatchesCommit: true,
  quick: false,
  totalSeconds: 1260,
  covers: ['failure-latency'],
}
const results: ResultsFile = {
  runs: [run],
  rows: rows.map((r) => ({ ...r, run: 1 })),
  table: renderTable(rows),
}

describe('renderPerformance', () => {
  test('names the command, the machine and its components, the commit, then the table', () => {
    const text = renderPerformance(results)
    expect(text).toContain('`npm run bench`')
    expect(text).toContain('Kubernetes v1.34.4, containerd 1.6.20~ds1')
    expect(text).toContain('buildx v0.38.2')
    expect(text).toContain('the committed `dist/` of `0123456`')
    expect(text).toContain('21 minutes')
    expect(text).not.toContain('--quick')
    expect(text).toContain('| failure-latency (run 1) | Failure detected |')
    expect(text).toContain('started 2026-11-26 01:00 UTC')
  })
  test('a machine all runs share is named once, not per run', () => {
    const two: ResultsFile = {
      ...results,
      runs: [run, { ...run, id: 2, command: 'npm run bench -- --only cold-start' }],
    }
    const text = renderPerformance(two)
    expect(text.split('Kubernetes v1.34.4').length - 1).toBe(1)
    expect(text).toContain('The rows come from 2 bench runs')
    const other = { ...two, runs: [run, { ...run, id: 2, machine: { ...machine, cores: 4 } }] }
    expect(renderPerformance(other).split('Kubernetes v1.34.4').length - 1).toBe(2)
  })
  test('says when dist/ was not the commit’s, and when the run was a quick one', () => {
    const text = renderPerformance({
      ...results,
      runs: [{ ...run, distMatchesCommit: false, quick: true }],
    })
    expect(text).toContain('a `dist/` that differs from commit `0123456`')
    expect(text).toContain('A `--quick` run')
  })
  test('names the scenarios an interrupted run never reached', () =>
    expect(renderPerformance({ ...results, runs: [{ ...run, notRun: ['overhead'] }] })).toContain(
      'The run was interrupted before overhead: no figures for them.',
    ))
})
