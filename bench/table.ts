// The results as a Markdown table, pure: one row per measure, dock2pod and kubectl side
// by side, each figure with its sample size.
import type { Cell, Row, Unit } from './figures.ts'

/** A number in its unit, rounded for reading (the JSON keeps full precision). */
export function formatValue(value: number, unit: Unit): string {
  const fixed = (x: number) =>
    Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2)
  switch (unit) {
    case 'ms':
      return Math.abs(value) >= 1000 ? `${fixed(value / 1000)} s` : `${fixed(value)} ms`
    case 's':
      return `${fixed(value)} s`
    case 'cpu-s':
      return `${fixed(value)} s CPU`
    case 'MB':
      return `${fixed(value)} MB`
    case 'bytes':
      return value >= 1e6
        ? `${fixed(value / 1e6)} MB`
        : value >= 1e3
          ? `${fixed(value / 1e3)} kB`
          : `${value} B`
    case 'requests':
      return Number.isInteger(value) ? `${value}` : fixed(value)
    case 'files/s':
      return `${Math.round(value).toLocaleString('en')} files/s`
  }
}

export function formatCell(cell: Cell): string {
  switch (cell.kind) {
    case 'distribution':
      return `${formatValue(cell.median, cell.unit)} (p95 ${formatValue(cell.p95, cell.unit)}, n=${cell.n})`
    case 'single':
      return `${formatValue(cell.value, cell.unit)} (n=${cell.n})`
    case 'missing':
      return `— (${cell.why})`
  }
}

const escape = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ')

export const TABLE_HEADER = ['Scenario', 'Measure', 'dock2pod', 'kubectl', 'Notes'] as const

/** Rows as a GitHub-flavoured Markdown table. */
export function renderTable(rows: readonly Row[]): string {
  const lines = [
    `| ${TABLE_HEADER.join(' | ')} |`,
    `| ${TABLE_HEADER.map(() => '---').join(' | ')} |`,
  ]
  for (const r of rows) {
    const cells = [
      r.scenario,
      r.measure,
      formatCell(r.dock2pod),
      formatCell(r.kubectl),
      r.note ?? '',
    ]
    lines.push(`| ${cells.map(escape).join(' | ')} |`)
  }
  return lines.join('\n')
}
