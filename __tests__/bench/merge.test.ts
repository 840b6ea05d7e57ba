// bench/results.json as the record of several runs (bench/merge.ts): a run replaces the
// rows of what it covered, keeps the rest, and every row names its run.
import { describe, expect, test } from 'vitest'
import { SCENARIOS } from '../../bench/args.ts'
import { KIND_TEXT } from '../../bench/failure-rows.ts'
import { distribution, single, type Row } from '../../bench/figures.ts'
import { asResultsFile, coverage, mergeRun, type RunRecord } from '../../bench/merge.ts'
import { machine } from '../helpers/bench-machine.ts'

const runOf = (command: string, covers: string[]): Omit<RunRecord, 'id'> => ({
  machine,
  command,
  commit: 'c0ffee0000000000000000000000000000000000',
  distMatchesCommit: true,
  quick: false,
  totalSeconds: 60,
  covers,
})
const row = (scenario: string, measure: string, ms: number, part?: string): Row => ({
  scenario,
  ...(part ? { part } : {}),
  measure,
  dock2pod: distribution([ms], 'ms'),
  kubectl: single(1, 'ms'),
})
const fail = (kind: 'pull' | 'crash', ms: number) =>
  row('failure-latency', `Failure detected: ${KIND_TEXT[kind].what}`, ms, `failure-latency:${kind}`)

describe('coverage', () => {
  test('scenarios by name; failure-latency by reason when --kinds chose some', () => {
    expect(coverage(['cold-start', 'failure-latency'])).toEqual(['cold-start', 'failure-latency'])
    expect(coverage(['failure-latency'], ['pull'])).toEqual(['failure-latency:pull'])
  })
})

describe('mergeRun', () => {
  const first = mergeRun(
    undefined,
    runOf('npm run bench -- --only cold-start,failure-latency', ['cold-start', 'failure-latency']),
    [row('cold-start', 'Cold start', 400), fail('pull', 600), fail('crash', 200)],
    SCENARIOS,
  )

  test('a run of some reasons replaces only those reasons’ rows, and says it is run 2', () => {
    const next = mergeRun(
      first,
      runOf('npm run bench -- --only failure-latency --kinds pull', ['failure-latency:pull']),
      [fail('pull', 30)],
      SCENARIOS,
    )
    expect(next.runs.map((r) => r.id)).toEqual([1, 2])
    const byMeasure = Object.fromEntries(next.rows.map((r) => [r.measure, r]))
    expect(byMeasure[`Failure detected: ${KIND_TEXT.pull.what}`]).toMatchObject({ run: 2 })
    expect(byMeasure[`Failure detected: ${KIND_TEXT.crash.what}`]).toMatchObject({ run: 1 })
    expect(byMeasure['Cold start']).toMatchObject({ run: 1 })
    expect(next.rows).toHaveLength(3)
    expect(next.table).toContain('30.0 ms')
    expect(next.table).not.toContain('600 ms')
  })

  test('a run of a whole scenario replaces all its rows; a run left without rows drops out', () => {
    const next = mergeRun(
      first,
      runOf('npm run bench -- --only cold-start,failure-latency', [
        'cold-start',
        'failure-latency',
      ]),
      [row('cold-start', 'Cold start', 380), fail('crash', 190)],
      SCENARIOS,
    )
    expect(next.runs.map((r) => r.id)).toEqual([2])
    expect(next.rows.map((r) => r.measure)).not.toContain(
      `Failure detected: ${KIND_TEXT.pull.what}`,
    )
  })

  test('rows keep the scenarios’ order whatever order the runs came in', () => {
    const next = mergeRun(
      first,
      runOf('npm run bench -- --only bundle-size', ['bundle-size']),
      [row('bundle-size', 'Bundle', 1)],
      SCENARIOS,
    )
    expect(next.rows.map((r) => r.scenario)).toEqual([
      'cold-start',
      'bundle-size',
      'failure-latency',
      'failure-latency',
    ])
  })

  test('an interrupted run no longer names what a later run measured', () => {
    const cut = mergeRun(
      undefined,
      { ...runOf('npm run bench', ['cold-start']), notRun: ['api-cost', 'overhead'] },
      [row('cold-start', 'Cold start', 400)],
      SCENARIOS,
    )
    const next = mergeRun(
      cut,
      runOf('npm run bench -- --only api-cost', ['api-cost']),
      [row('api-cost', 'Requests', 21)],
      SCENARIOS,
    )
    expect(next.runs[0]!.notRun).toEqual(['overhead'])
  })
})

describe('asResultsFile', () => {
  test('the one-run shape of before is run 1; its failure rows get their reason back', () => {
    const old = {
      ...runOf('npm run bench -- --only failure-latency', []),
      rows: [
        {
          scenario: 'failure-latency',
          measure: `Failure detected: ${KIND_TEXT.crash.what}`,
          dock2pod: distribution([200], 'ms'),
          kubectl: single(1, 'ms'),
        },
      ],
    }
    const f = asResultsFile(old)
    expect(f.runs).toHaveLength(1)
    expect(f.runs[0]).toMatchObject({ id: 1, covers: ['failure-latency'] })
    expect(f.rows[0]).toMatchObject({ run: 1, part: 'failure-latency:crash' })
    const next = mergeRun(f, runOf('x', ['failure-latency:crash']), [fail('crash', 100)], SCENARIOS)
    expect(next.rows).toHaveLength(1)
    expect(next.rows[0]!.run).toBe(2)
  })
  test('an old run of some reasons (--kinds) covers those reasons, not the scenario', () => {
    const f = asResultsFile({
      ...runOf('npm run bench -- --only failure-latency --kinds crash', []),
      rows: [fail('crash', 100)],
    })
    expect(f.runs[0]!.covers).toEqual(['failure-latency:crash'])
  })
})
