// What docs/performance.md shows of a bench run, pure: the run's conditions in one line,
// then the table (scripts/performance-table.ts puts it between the doc's markers).
import type { Row } from './figures.ts'
import { describeMachine, type Machine } from './machine.ts'
import { renderTable } from './table.ts'

export interface BenchResults {
  machine: Machine
  command: string
  commit: string
  distMatchesCommit: boolean | null
  quick: boolean
  runs?: number | null
  /** Scenarios chosen but not reached: the run was interrupted. */
  notRun?: string[]
  totalSeconds: number
  rows: Row[]
}

export function renderPerformance(r: BenchResults): string {
  const dist =
    r.distMatchesCommit === true
      ? `the committed \`dist/\` of \`${r.commit.slice(0, 7)}\``
      : r.distMatchesCommit === false
        ? `a \`dist/\` that differs from commit \`${r.commit.slice(0, 7)}\``
        : `commit ${r.commit}`
  const head = [
    `Last run: \`${r.command}\` on ${describeMachine(r.machine)}; ${dist}; ${Math.round(r.totalSeconds / 60)} minutes in all.`,
    r.quick ? ' A `--quick` run: small samples, a smoke run rather than figures to publish.' : '',
    r.notRun?.length
      ? ` The run was interrupted before ${r.notRun.join(', ')}: no figures for them.`
      : '',
    ' Medians, with p95 and the sample size n; the kubectl column is the pinned `kubectl` doing the same job, as the row says.',
  ].join('')
  return `${head}\n\n${renderTable(r.rows)}`
}
