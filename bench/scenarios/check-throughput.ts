// The check's throughput: the bundle in check mode over a generated repository of 5,000
// files (bench/check-repo.ts), timed from spawn to exit, as the runner runs it. Two
// ways: `scope: all` (every file of the workspace), and `scope: changed` on a
// pull_request whose head commit changes 1 file in 100 (listed by `git diff`, no token;
// the charts, kustomize bases and skaffold.yaml around them are read too). No cluster,
// no Docker, no network: every reference is pinned, so no registry is asked for a digest.
// Files per second = the files the run listed (its "N candidate(s)" line) ÷ the run's
// wall time; the p95 column is the rate of the slow run at the 95th percentile of time.
// The note gives the run's CPU time (user + system, from usage-hook.mjs): on a busy
// machine the wall time is longer than the work.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { changedFiles, generateCheckRepo } from '../check-repo.ts'
import { missing, type Distribution, type Row } from '../figures.ts'
import { spawnTimed, USAGE_HOOK } from '../harness.ts'
import { runnerEnv } from '../runner-env.ts'
import type { Scenario } from '../scenario.ts'
import { median, nearestRank } from '../stats.ts'

export const CHECK_REPO_FILES = 5_000
const CHANGE_EVERY = 100

export const checkThroughput: Scenario = async (ctx) => {
  const n = ctx.n(10, 2)
  const work = mkdtempSync(join(tmpdir(), 'd2p-bench-check-'))
  ctx.onCleanup(async () => rmSync(work, { recursive: true, force: true }))
  const repo = join(work, 'repo')
  const files = generateCheckRepo(CHECK_REPO_FILES)
  for (const [path, text] of files) {
    mkdirSync(dirname(join(repo, path)), { recursive: true })
    writeFileSync(join(repo, path), text)
  }
  const git = (...args: string[]) =>
    execFileSync(
      'git',
      [
        '-c',
        'user.name=bench',
        '-c',
        'user.email=bench@example.com',
        '-c',
        'commit.gpgsign=false',
        ...args,
      ],
      { cwd: repo, encoding: 'utf8' },
    ).trim()
  git('init', '-q', '-b', 'main')
  git('add', '-A')
  git('commit', '-q', '-m', 'base')
  const base = git('rev-parse', 'HEAD')
  const changed = changedFiles(files, CHANGE_EVERY)
  for (const path of changed) writeFileSync(join(repo, path), `${files.get(path)}# changed\n`)
  git('commit', '-q', '-am', 'head')
  const head = git('rev-parse', 'HEAD')
  const event = join(work, 'event.json')
  writeFileSync(
    event,
    JSON.stringify({
      number: 7,
      pull_request: { number: 7, base: { sha: base, ref: 'main' }, head: { sha: head, ref: 'pr' } },
    }),
  )

  const runs = {
    all: () => runnerEnv({ mode: 'check', scope: 'all' }, { GITHUB_WORKSPACE: repo }),
    changed: () =>
      runnerEnv(
        { mode: 'check' },
        {
          GITHUB_WORKSPACE: repo,
          GITHUB_EVENT_NAME: 'pull_request',
          GITHUB_EVENT_PATH: event,
          GITHUB_SHA: head,
        },
      ),
  }
  type Key = keyof typeof runs
  const seconds: Record<Key, number[]> = { all: [], changed: [] }
  const cpu: Record<Key, number[]> = { all: [], changed: [] }
  const usageFile = join(work, 'usage.json')
  const listed: Partial<Record<Key, number>> = {}
  const checked: Partial<Record<Key, number>> = {}
  const summaries: Partial<Record<Key, string>> = {}
  for (let i = -1; i < n; i++) {
    for (const key of Object.keys(runs) as Key[]) {
      const env: NodeJS.ProcessEnv = {
        ...runs[key](),
        BENCH_USAGE_FILE: usageFile,
        NODE_OPTIONS: `--import=${USAGE_HOOK}`,
      }
      const p = await spawnTimed(process.execPath, [ctx.entry], { cwd: repo, env })
      const out = p.lines.map((l) => l.text).join('\n')
      if (p.code !== 0) throw new Error(`check ${key}: exit ${p.code}\n${out.slice(-2000)}`)
      const cand = /: (\d+) candidate\(s\)/.exec(out)
      const clean = /no :latest or untagged image in (\d+) files?/.exec(out)
      if (!cand || !clean) throw new Error(`check ${key}: unexpected output\n${out.slice(-2000)}`)
      listed[key] = Number(cand[1])
      checked[key] = Number(clean[1])
      summaries[key] ??= readFileSync(env.GITHUB_STEP_SUMMARY!, 'utf8').split('\n')[2]
      const u = JSON.parse(readFileSync(usageFile, 'utf8')) as { userUs: number; systemUs: number }
      if (i >= 0) {
        seconds[key].push((p.exitAt - p.startedAt) / 1000)
        cpu[key].push((u.userUs + u.systemUs) / 1e6)
      }
    }
  }
  ctx.log(`check throughput: ${JSON.stringify({ listed, checked })}`)

  const rate = (key: Key): Distribution => {
    const s = [...seconds[key]].sort((a, b) => a - b)
    const files = listed[key]!
    return {
      kind: 'distribution',
      unit: 'files/s',
      n: s.length,
      median: files / median(s),
      p95: files / nearestRank(s, 0.95),
      min: files / s[s.length - 1]!,
      max: files / s[0]!,
    }
  }
  const ms = (key: Key) =>
    `median run ${Math.round(median(seconds[key]) * 1000)} ms, ${median(cpu[key]).toFixed(2)} s CPU`
  const rows: Row[] = [
    {
      scenario: 'check-throughput',
      measure: `Check mode, ${CHECK_REPO_FILES.toLocaleString('en')} files, scope: all (spawn → exit)`,
      dock2pod: rate('all'),
      kubectl: missing('no check mode'),
      note: `${listed.all} files listed, ${checked.all} read for images; ${ms('all')}`,
    },
    {
      scenario: 'check-throughput',
      measure: `Check mode, ${CHECK_REPO_FILES.toLocaleString('en')} files, changed files only (spawn → exit)`,
      dock2pod: rate('changed'),
      kubectl: missing('no check mode'),
      note: `pull request changing ${changed.length} files (git diff); ${listed.changed} listed, ${checked.changed} read for images; ${ms('changed')}`,
    },
  ]
  return {
    rows,
    details: {
      n,
      cpuSeconds: cpu,
      files: CHECK_REPO_FILES,
      changed: changed.length,
      listed,
      checked,
      seconds,
      summaries,
    },
  }
}
