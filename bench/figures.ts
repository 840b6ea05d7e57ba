// What a result row holds: figures with their unit and sample size, side by side for
// dock2pod and kubectl. Shared by the scenarios, the table and results.json.
import { summarize, type Summary } from './stats.ts'

export type Unit = 'ms' | 's' | 'bytes' | 'MB' | 'requests' | 'cpu-s' | 'files/s'

/** Many samples: median and p95. */
export interface Distribution extends Summary {
  kind: 'distribution'
  unit: Unit
}

/** One measured value (or a total over n runs). */
export interface Single {
  kind: 'single'
  unit: Unit
  value: number
  n: number
}

/** Not measured, with why. */
export interface Missing {
  kind: 'missing'
  why: string
}

export type Cell = Distribution | Single | Missing

export interface Row {
  /** Which scenario (`--only` name) produced it. */
  scenario: string
  /**
   * The part of the scenario a partial run replaces it by (`failure-latency:<kind>`, as
   * `--kinds` chooses); none: only a run of the whole scenario does (merge.ts).
   */
  part?: string
  /** What is measured, short: the table's first column. */
  measure: string
  dock2pod: Cell
  kubectl: Cell
  /** Conditions (speed, replicas, what the kubectl column runs). */
  note?: string
}

export function distribution(samples: readonly number[], unit: Unit): Distribution {
  return { kind: 'distribution', unit, ...summarize(samples) }
}

export function single(value: number, unit: Unit, n = 1): Single {
  return { kind: 'single', unit, value, n }
}

export function missing(why: string): Missing {
  return { kind: 'missing', why }
}
