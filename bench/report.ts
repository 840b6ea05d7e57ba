// What docs/performance.md shows of the recorded bench runs, pure: each run's conditions
// in one line, then the table, each row naming its run (scripts/performance-table.ts puts
// it between the doc's markers).
import type { ResultsFile, RunRecord } from './merge.ts'
import { describeMachine } from './machine.ts'
import { renderTable } from './table.ts'

export function describeRun(r: RunRecord, withMachine = true): string {
  const dist =
    r.distMatchesCommit === true
      ? `the committed \`dist/\` of \`${r.commit.slice(0, 7)}\``
      : r.distMatchesCommit === false
        ? `a \`dist/\` that differs from commit \`${r.commit.slice(0, 7)}\``
        : `commit ${r.commit}`
  return [
    `**Run ${r.id}**: \`${r.command}\`${withMachine ? ` on ${describeMachine(r.machine)}` : ''}; started ${r.machine.date.slice(0, 10)} ${r.machine.date.slice(11, 16)} UTC; ${dist}; ${Math.round(r.totalSeconds / 60)} minutes in all.`,
    r.quick ? ' A `--quick` run: small samples, a smoke run rather than figures to publish.' : '',
    r.notRun?.length
      ? ` The run was interrupted before ${r.notRun.join(', ')}: no figures for them.`
      : '',
  ].join('')
}

export function renderPerformance(f: ResultsFile): string {
  // One machine and set of components for all: said once, not per run.
  const machines = new Set(f.runs.map((r) => describeMachine(r.machine)))
  const shared = machines.size === 1 ? [...machines][0] : undefined
  const runs = f.runs.map((r) => `- ${describeRun(r, !shared)}`).join('\n')
  const head = [
    f.runs.length > 1
      ? `The rows come from ${f.runs.length} bench runs; each row's first cell names its run, and its two columns are of that one run. Compare figures within a row, not across runs.`
      : 'The rows come from one bench run.',
    shared ? ` All ran on ${shared}.` : '',
  ].join('')
  return [
    head,
    runs,
    'Medians, with p95 and the sample size n; the kubectl column is the pinned `kubectl` doing the same job, as the row says.',
    renderTable(f.rows.map((r) => ({ ...r, scenario: `${r.scenario} (run ${r.run})` }))),
  ].join('\n\n')
}
