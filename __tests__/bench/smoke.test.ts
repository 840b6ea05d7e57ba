// The benchmark runs and reports: a quick cold-start and bundle-size run (no Docker, no
// cluster) through `node bench/run.ts`, as `npm run bench` does. It asserts the shape
// of what it prints and writes — columns, rows, sample sizes, the machine — never a
// timing.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Row } from '../../bench/figures.ts'
import { TABLE_HEADER } from '../../bench/table.ts'
import { ROOT } from '../../testbed/action-runner.ts'

const QUICK_N = 3

describe('npm run bench -- --quick --only cold-start,bundle-size', () => {
  const dir = mkdtempSync(join(tmpdir(), 'd2p-bench-smoke-'))
  const out = join(dir, 'results.json')
  let stdout = ''
  let results: {
    runs: {
      id: number
      machine: Record<string, unknown>
      quick: boolean
      commit: string
      distMatchesCommit: boolean
      covers: string[]
      scenarios: Record<string, { details: Record<string, unknown> }>
    }[]
    rows: (Row & { run: number })[]
    table: string
  }

  beforeAll(async () => {
    const r = await promisify(execFile)(
      process.execPath,
      [join(ROOT, 'bench', 'run.ts'), '--quick', '--only', 'cold-start,bundle-size', '--out', out],
      { cwd: ROOT, timeout: 120_000 },
    )
    stdout = r.stdout
    results = JSON.parse(readFileSync(out, 'utf8'))
  }, 150_000)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  test('prints the machine and a table with dock2pod and kubectl side by side', () => {
    expect(stdout).toMatch(/^Machine: .+, \d+ cores, /m)
    expect(stdout).toContain(`| ${TABLE_HEADER.join(' | ')} |`)
    expect(TABLE_HEADER).toEqual(['Scenario', 'Measure', 'dock2pod', 'kubectl', 'Notes'])
    expect(stdout).toContain(results.table)
  })

  test('writes results.json with the machine the figures came from, one run (--out)', () => {
    expect(results.runs).toHaveLength(1)
    const run = results.runs[0]!
    expect(run.quick).toBe(true)
    expect(run.covers).toEqual(['cold-start', 'bundle-size'])
    expect(results.rows.every((r) => r.run === run.id)).toBe(true)
    expect(run.machine).toEqual(
      expect.objectContaining({
        cpu: expect.any(String),
        cores: expect.any(Number),
        memoryGB: expect.any(Number),
        node: process.version,
        kubernetes: expect.stringMatching(/^v1\.\d+\.\d+$/),
        buildx: expect.stringMatching(/^v\d/),
        containerd: expect.any(String),
        date: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      }),
    )
    expect(Object.keys(run.scenarios)).toEqual(['cold-start', 'bundle-size'])
    expect(run.commit).toMatch(/^[0-9a-f]{40}$/)
    expect(typeof run.distMatchesCommit).toBe('boolean')
  })

  test('cold start: check mode, deploy mode (KUBECONFIG and the kubeconfig input), the client’s share of it and the node baseline, each over the quick sample size; each deploy row timed its Cluster line', () => {
    const rows = results.rows.filter((r) => r.scenario === 'cold-start')
    expect(rows.map((r) => r.measure)).toEqual([
      'Cold start, check mode (spawn → first line)',
      'Cold start, deploy mode (spawn → first line)',
      'Cold start, deploy mode: of it, loading the Kubernetes client',
      'Cold start, deploy mode, `kubeconfig` input (spawn → first line)',
      'Baseline: `node -e 0` (spawn → exit)',
    ])
    for (const r of rows) {
      expect(r.dock2pod).toMatchObject({ kind: 'distribution', unit: 'ms', n: QUICK_N })
      expect(results.table).toContain(`n=${QUICK_N})`)
    }
    expect(rows[1]!.kubectl).toMatchObject({ kind: 'distribution', n: QUICK_N })
    // each row timed the line it names: deploy mode's own first line, not the
    // ::add-mask:: lines the kubeconfig input's secrets print before it
    const firstLines = results.runs[0]!.scenarios['cold-start']!.details.firstLines as Record<
      string,
      string
    >
    expect(firstLines.check).toMatch(/^Checking all files of the workspace/)
    expect(firstLines.deploy).toMatch(/^Cluster https:\/\/127\.0\.0\.1:9 \(context /)
    expect(firstLines.deployInput).toMatch(/^Cluster https:\/\/127\.0\.0\.1:9 \(context /)

    // the client's part, from the action's own debug line: a part of each run it came from
    const samples = results.runs[0]!.scenarios['cold-start']!.details.samplesMs as Record<
      string,
      number[]
    >
    expect(samples.clientLoad).toHaveLength(QUICK_N)
    samples.clientLoad!.forEach((ms, i) => {
      expect(ms).toBeGreaterThan(0)
      expect(ms).toBeLessThan(samples.deploy![i]!)
    })
  })

  test('bundle size: every figure states its sample size; the client chunk is the one holding client-node', () => {
    const rows = results.rows.filter((r) => r.scenario === 'bundle-size')
    expect(rows).toHaveLength(3)
    for (const r of rows) expect(r.dock2pod).toMatchObject({ kind: 'single', unit: 'bytes', n: 1 })
    const client = rows.find((r) => r.measure.includes('Kubernetes client chunk'))!
    const file = /^(\d+\.index\.js):/.exec(client.note ?? '')![1]!
    expect(readFileSync(join(ROOT, 'dist', file), 'utf8')).toContain(
      'kubernetes-client-javascript/',
    )
    expect(client.dock2pod).toMatchObject({ value: statSync(join(ROOT, 'dist', file)).size })
  })
})
