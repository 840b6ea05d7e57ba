// results.json across runs: `--only` runs some scenarios, and the file keeps the rows of
// the others from the run that measured them. Each scenario's entry records the run it
// came from (machine, command, bundle, commit), so every row stays traceable. Pure.
import type { Row } from './figures.ts'
import type { Machine } from './machine.ts'
import { renderTable } from './table.ts'

export interface RunInfo {
  machine: Machine
  command: string
  entry: string
  commit: string
  quick: boolean
}

export interface ScenarioRecord {
  seconds: number
  details: Record<string, unknown>
  /** The run this scenario's rows come from (absent in files written before it was kept). */
  run?: RunInfo
}

export interface Results extends RunInfo {
  totalSeconds: number
  rows: Row[]
  table: string
  scenarios: Record<string, ScenarioRecord>
}

/**
 * The results to write: this run's scenarios, and from `previous` every scenario this
 * run did not measure, in `order`. Without `previous`, this run alone.
 */
export function mergeResults(
  current: Results,
  previous: Results | undefined,
  order: readonly string[],
): Results {
  if (!previous) return current
  const ran = new Set(Object.keys(current.scenarios))
  const pick = (name: string) =>
    ran.has(name)
      ? current.rows.filter((r) => r.scenario === name)
      : previous.rows.filter((r) => r.scenario === name)
  const names = order.filter((n) => ran.has(n) || n in previous.scenarios)
  const rows = names.flatMap(pick)
  const scenarios: Record<string, ScenarioRecord> = {}
  for (const n of names) {
    const kept = ran.has(n) ? current.scenarios[n]! : previous.scenarios[n]!
    scenarios[n] = kept.run || ran.has(n) ? kept : { ...kept, run: runInfo(previous) }
  }
  return { ...current, rows, table: renderTable(rows), scenarios }
}

export function runInfo(r: RunInfo): RunInfo {
  return {
    machine: r.machine,
    command: r.command,
    entry: r.entry,
    commit: r.commit,
    quick: r.quick,
  }
}
