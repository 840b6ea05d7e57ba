// bench/results.json as the record of several bench runs, pure. A full `npm run bench`
// takes hours on the 2-core machine, so the scenarios are run in parts (`--only`,
// `--kinds`): each new run replaces the rows of what it covered, keeps the rest, and
// every row names the run it came from. A row's figures (dock2pod beside kubectl) always
// come from one run; comparing rows of different runs is what the rules forbid, and the
// table says which run each row is of.
import { KIND_TEXT, KINDS } from './failure-rows.ts'
import type { Row } from './figures.ts'
import type { Machine } from './machine.ts'
import { renderTable } from './table.ts'

export interface RunRecord {
  /** 1, 2, …: the order runs were recorded in. */
  id: number
  machine: Machine
  command: string
  entry?: string
  commit: string
  distMatchesCommit: boolean | null
  quick: boolean
  runs?: number | null
  /** Scenarios chosen but not reached: the run was interrupted. */
  notRun?: string[]
  totalSeconds: number
  /**
   * What this run measured, and so replaced: scenario names, or `failure-latency:<kind>`
   * when `--kinds` chose some reasons only.
   */
  covers: string[]
  /** Per scenario: its seconds and raw samples. */
  scenarios?: Record<string, unknown>
}

export interface RecordedRow extends Row {
  /** The id of the run it came from. */
  run: number
}

export interface ResultsFile {
  runs: RunRecord[]
  rows: RecordedRow[]
  /** All rows as the Markdown table (for a reader of the JSON). */
  table: string
}

/** What a run covers, from its `--only` scenarios and `--kinds`. */
export function coverage(only: readonly string[], kinds?: readonly string[]): string[] {
  return only.flatMap((s) =>
    s === 'failure-latency' && kinds ? kinds.map((k) => `${s}:${k}`) : [s],
  )
}

function covered(row: Row, covers: readonly string[]): boolean {
  return covers.includes(row.scenario) || (row.part !== undefined && covers.includes(row.part))
}

/**
 * A results.json of any shape this bench has written: the one-run shape of before
 * (`machine`, `command`, `rows` at the top) becomes run 1, covering its scenarios.
 */
export function asResultsFile(json: unknown): ResultsFile {
  if (Array.isArray((json as Partial<ResultsFile>).runs)) return json as ResultsFile
  const {
    rows,
    table: _,
    ...rest
  } = json as Omit<RunRecord, 'id' | 'covers'> & { rows: Row[]; table?: string }
  const parted = rows.map(withPart)
  // A run of some reasons only (`--kinds`) covers those; any other run, its scenarios.
  const covers = [
    ...new Set(
      parted.map((r) => (rest.command.includes('--kinds') ? (r.part ?? r.scenario) : r.scenario)),
    ),
  ]
  const run: RunRecord = { ...rest, id: 1, covers }
  return { runs: [run], rows: parted.map((r) => ({ ...r, run: 1 })), table: renderTable(rows) }
}

/** A failure row of before `part` existed: its reason found by its measure's text. */
function withPart(r: Row): Row {
  if (r.part || r.scenario !== 'failure-latency') return r
  const what = r.measure.slice(r.measure.indexOf(': ') + 2)
  const kind = KINDS.find((k) => KIND_TEXT[k].what === what)
  return kind ? { ...r, part: `failure-latency:${kind}` } : r
}

/**
 * `base` with `run` added: the rows of what it covers replace the earlier ones, runs left
 * with no row and nothing to say (an interrupted run names what it never reached) drop
 * out. Rows keep `order`'s order of scenarios, the earlier rows' order within one.
 */
export function mergeRun(
  base: ResultsFile | undefined,
  run: Omit<RunRecord, 'id'>,
  rows: readonly Row[],
  order: readonly string[],
): ResultsFile {
  const earlier = base ?? { runs: [], rows: [], table: '' }
  const id = Math.max(0, ...earlier.runs.map((r) => r.id)) + 1
  const kept = earlier.rows.filter((r) => !covered(r, run.covers))
  const all: RecordedRow[] = [...kept, ...rows.map((r) => ({ ...r, run: id }))]
  const rank = (s: string) => {
    const i = order.indexOf(s)
    return i < 0 ? order.length : i
  }
  // Stable: within a scenario, the earlier rows first, then this run's.
  const sorted = all
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank(a.r.scenario) - rank(b.r.scenario) || a.i - b.i)
    .map((x) => x.r)
  const withRows = new Set(sorted.map((r) => r.run))
  const runs = [...earlier.runs, { ...run, id }]
    .map((r) => (r.id === id ? r : withoutReached(r, run.covers)))
    .filter((r) => r.id === id || withRows.has(r.id) || r.notRun?.length)
  return { runs, rows: sorted, table: renderTable(sorted) }
}

/** An earlier run no longer says it never reached what a later run has measured. */
function withoutReached(r: RunRecord, covers: readonly string[]): RunRecord {
  if (!r.notRun) return r
  const notRun = r.notRun.filter((s) => !covers.includes(s))
  const { notRun: _, ...rest } = r
  return notRun.length ? { ...rest, notRun } : rest
}
