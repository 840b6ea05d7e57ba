// What every scenario gets and gives back.
import type { Testbed } from '../testbed/index.ts'
import type { BenchOptions } from './args.ts'
import type { Row } from './figures.ts'

export interface ScenarioContext {
  opts: BenchOptions
  /** The bundle under test (absolute path). */
  entry: string
  /** The real test bed (engine, registries, BuildKit, cluster), started on first use. */
  testbed: () => Promise<Testbed>
  log: (line: string) => void
  /** Sample size: `--runs` if given, else `full`, or `quick` with --quick. */
  n: (full: number, quick: number) => number
  /** One result per key for the whole bench run (the test bed, a rollout two scenarios share). */
  memo: <T>(key: string, make: () => Promise<T>) => Promise<T>
  /** Run at the end of the bench run, last registered first. */
  onCleanup: (fn: () => Promise<void>) => void
}

export interface ScenarioResult {
  rows: Row[]
  /** Everything else worth keeping in results.json: raw samples, conditions. */
  details: Record<string, unknown>
}

export type Scenario = (ctx: ScenarioContext) => Promise<ScenarioResult>
