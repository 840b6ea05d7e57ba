// `npm run bench`: dock2pod side by side with `kubectl rollout status` on the real test
// bed (shared/TESTBED.md: real kube-apiserver, controllers, scheduler, a kubelet with
// containerd, buildx with BuildKit). Starts the test bed once if a chosen scenario needs
// it, runs the scenarios one after the other, prints a Markdown table and records the run
// in bench/results.json, its rows replacing those of what it covered (merge.ts; `--fresh`
// starts the file over). With `--out <file>`, that file holds this run alone. Options:
// see args.ts.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { benchTestbed } from './harness.ts'
import { parseBenchArgs, SCENARIOS, UsageError, type ScenarioName } from './args.ts'
import { missing, type Row } from './figures.ts'
import { DEFAULT_ENTRY } from './harness.ts'
import { describeMachine, machineInfo } from './machine.ts'
import { asResultsFile, coverage, mergeRun } from './merge.ts'
import type { Scenario, ScenarioContext } from './scenario.ts'
import { apiCost } from './scenarios/api-cost.ts'
import { bundleSize } from './scenarios/bundle-size.ts'
import { coldStart } from './scenarios/cold-start.ts'
import { failureLatency } from './scenarios/failure-latency.ts'
import { overhead } from './scenarios/overhead.ts'
import { runnerCost } from './scenarios/runner-cost.ts'
import { successLatency } from './scenarios/success-latency.ts'
import { checkThroughput } from './scenarios/check-throughput.ts'
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

  const memos = new Map<string, Promise<unknown>>()
  const cleanups: (() => Promise<void>)[] = []
  const ctx: ScenarioContext = {
    opts,
    entry,
    log,
    testbed: () => benchTestbed(ctx),
    n: (full, quick) => opts.runs ?? (opts.quick ? quick : full),
    memo: <T>(key: string, make: () => Promise<T>) => {
      if (!memos.has(key)) memos.set(key, make())
      return memos.get(key) as Promise<T>
    },
    onCleanup: (fn) => cleanups.push(fn),
  }
  // The runs recorded before this one: kept, but for the rows this run replaces.
  const base =
    opts.out === undefined && !opts.fresh && existsSync(out)
      ? asResultsFile(JSON.parse(readFileSync(out, 'utf8')))
      : undefined
  const write = (notRun: string[] = []) => {
    const reached = opts.only.filter((s) => s in scenarios)
    const run = {
      machine,
      command: benchCommand(process.argv.slice(2)),
      entry,
      ...gitCommit(),
      quick: opts.quick,
      runs: opts.runs ?? null,
      ...(notRun.length ? { notRun } : {}),
      totalSeconds: (performance.now() - started) / 1000,
      covers: coverage(reached, opts.kinds),
      scenarios,
    }
    const results = mergeRun(base, run, rows, SCENARIOS)
    writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`)
    return run
  }
  let interrupted = false
  let cleaned: Promise<void> | undefined
  const cleanUp = () =>
    (cleaned ??= (async () => {
      for (const fn of cleanups.reverse())
        await fn().catch((e: unknown) => log(`cleanup: ${String(e)}`))
    })())
  // Interrupted: stop the test bed (its processes, mounts, bridge) before leaving.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.once(signal, () => {
      interrupted = true
      log(`${signal}: stopping the test bed`)
      void cleanUp().then(() => process.exit(130))
    })
  const rows: Row[] = []
  const failed: string[] = []
  const scenarios: Record<string, { seconds: number; details: Record<string, unknown> }> = {}
  const started = performance.now()
  try {
    for (const name of opts.only) {
      const t0 = performance.now()
      log(`${name}…`)
      if (interrupted) break
      let result
      try {
        result = await SCENARIO_RUNS[name](ctx)
      } catch (err) {
        // One scenario failing costs its rows, not the run: the error is the row.
        const why = `failed: ${String(err instanceof Error ? err.message : err).slice(0, 500)}`
        log(`${name} ${why}`)
        failed.push(name)
        result = {
          rows: [{ scenario: name, measure: name, dock2pod: missing(why), kubectl: missing(why) }],
          details: { error: String(err instanceof Error ? (err.stack ?? err.message) : err) },
        }
      }
      // A scenario cut short by the signal measured nothing worth keeping.
      if (interrupted) break
      rows.push(...result.rows)
      const seconds = (performance.now() - t0) / 1000
      scenarios[name] = { seconds, details: result.details }
      log(`${name} done in ${seconds.toFixed(1)} s`)
      // After every scenario, so an interrupted run keeps what it measured.
      write(opts.only.filter((s) => !(s in scenarios)))
    }
  } finally {
    await cleanUp()
  }
  const table = renderTable(rows)
  // Scenarios a signal kept from running stay named, whichever write comes last.
  const results = write(opts.only.filter((s) => !(s in scenarios)))
  console.log(`Machine: ${describeMachine(machine)}\n`)
  console.log(table)
  log(`wrote ${out} (${results.totalSeconds.toFixed(0)} s in all)`)
  if (failed.length) log(`failed: ${failed.join(', ')}`)
  return failed.length ? 1 : 0
}

/** The command to run this again, as a reader would type it. */
function benchCommand(argv: readonly string[]): string {
  return argv.length ? `npm run bench -- ${argv.join(' ')}` : 'npm run bench'
}

/**
 * The commit measured, and whether the bundle run (dist/) is the one committed there:
 * `distMatchesCommit` false means dist/ had uncommitted changes (a local `npm run
 * bundle`), so the figures are of that bundle, not of the commit's.
 */
function gitCommit(): { commit: string; distMatchesCommit: boolean | null } {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: dirname(fileURLToPath(import.meta.url)),
        encoding: 'utf8',
      }).trim()
    const dirty = git('status', '--porcelain', '--', '../dist') !== ''
    return { commit: git('rev-parse', 'HEAD'), distMatchesCommit: !dirty }
  } catch {
    return { commit: 'unknown', distMatchesCommit: null }
  }
}

process.exitCode = await main()
