// `npm run bench`: dock2pod side by side with `kubectl rollout status` on the test bed
// (shared/TESTBED.md). Starts what the chosen scenarios need, runs them one after the
// other, prints a Markdown table and writes bench/results.json. Options: see args.ts.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startDockerTestbed, type DockerTestbed } from '../testbed/docker/index.ts'
import { parseBenchArgs, SCENARIOS, UsageError, type ScenarioName } from './args.ts'
import type { Row } from './figures.ts'
import { DEFAULT_ENTRY } from './harness.ts'
import { describeMachine, machineInfo } from './machine.ts'
import type { Scenario, ScenarioContext } from './scenario.ts'
import { apiCost } from './scenarios/api-cost.ts'
import { bundleSize } from './scenarios/bundle-size.ts'
import { checkThroughput } from './scenarios/check-throughput.ts'
import { coldStart } from './scenarios/cold-start.ts'
import { failureLatency } from './scenarios/failure-latency.ts'
import { overhead } from './scenarios/overhead.ts'
import { runnerCost } from './scenarios/runner-cost.ts'
import { successLatency } from './scenarios/success-latency.ts'
import { mergeResults, type Results, type RunInfo, type ScenarioRecord } from './results.ts'
import { renderTable } from './table.ts'

const SCENARIO_RUNS: Record<ScenarioName, Scenario> = {
  'cold-start': coldStart,
  'bundle-size': bundleSize,
  'failure-latency': failureLatency,
  'success-latency': successLatency,
  'api-cost': apiCost,
  'runner-cost': runnerCost,
  overhead,
  'check-throughput': checkThroughput,
}

async function main(): Promise<number> {
  let opts
  try {
    opts = parseBenchArgs(process.argv.slice(2))
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    console.error(err.message)
    return 2
  }
  const here = dirname(fileURLToPath(import.meta.url))
  const out = resolve(opts.out ?? join(here, 'results.json'))
  const entry = resolve(opts.entry ?? DEFAULT_ENTRY)
  const machine = machineInfo()
  const log = (line: string) => console.error(`[bench] ${line}`)
  log(`${describeMachine(machine)}; bundle ${entry}${opts.quick ? '; --quick' : ''}`)

  let docker: Promise<DockerTestbed> | undefined
  const memos = new Map<string, Promise<unknown>>()
  const cleanups: (() => Promise<void>)[] = []
  const ctx: ScenarioContext = {
    opts,
    entry,
    log,
    docker: () => (docker ??= startDockerTestbed()),
    n: (full, quick) => (opts.quick ? quick : full),
    memo: <T>(key: string, make: () => Promise<T>) => {
      if (!memos.has(key)) memos.set(key, make())
      return memos.get(key) as Promise<T>
    },
    onCleanup: (fn) => cleanups.push(fn),
  }
  const rows: Row[] = []
  const scenarios: Record<string, ScenarioRecord> = {}
  const started = performance.now()
  try {
    for (const name of opts.only) {
      const t0 = performance.now()
      log(`${name}…`)
      const result = await SCENARIO_RUNS[name](ctx)
      rows.push(...result.rows)
      const seconds = (performance.now() - t0) / 1000
      scenarios[name] = { seconds, details: result.details }
      log(`${name} done in ${seconds.toFixed(1)} s`)
    }
  } finally {
    for (const fn of cleanups.reverse())
      await fn().catch((e: unknown) => log(`cleanup: ${String(e)}`))
    if (docker) await (await docker).stop()
  }
  const run: RunInfo = {
    machine,
    command: benchCommand(process.argv.slice(2)),
    entry,
    commit: gitCommit(),
    quick: opts.quick,
  }
  for (const s of Object.values(scenarios)) s.run = run
  const current: Results = {
    ...run,
    totalSeconds: (performance.now() - started) / 1000,
    rows,
    table: renderTable(rows),
    scenarios,
  }
  // A run of some scenarios keeps the others' rows from the runs that measured them.
  const results = mergeResults(current, readPrevious(out), SCENARIOS)
  const table = current.table
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`)
  console.log(`Machine: ${describeMachine(machine)}\n`)
  console.log(table)
  log(`wrote ${out} (${current.totalSeconds.toFixed(0)} s in all)`)
  return 0
}

/** results.json as it is, when there is one to keep rows from. */
function readPrevious(path: string): Results | undefined {
  if (!existsSync(path)) return undefined
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Results
  } catch {
    return undefined
  }
}

/** The command to run this again, as a reader would type it. */
function benchCommand(argv: readonly string[]): string {
  return argv.length ? `npm run bench -- ${argv.join(' ')}` : 'npm run bench'
}

/** The commit measured, and whether dist/ differs from it. */
function gitCommit(): string {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: dirname(fileURLToPath(import.meta.url)),
        encoding: 'utf8',
      }).trim()
    const dirty = git('status', '--porcelain', '--', '../dist') !== ''
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' (dist/ modified)' : ''}`
  } catch {
    return 'unknown'
  }
}

process.exitCode = await main()
