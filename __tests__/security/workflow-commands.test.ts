// No text the action did not write becomes a workflow command. The runner splits stdout
// at \r and \n (.NET StreamReader.ReadLine), trims each line with .NET's TrimStart() and
// reads `::cmd::` at the start, or `##[cmd]` anywhere. Every character TrimStart removes
// is tried in every kind of untrusted text, through the code that prints it; the
// runner's view of stdout comes from the harness (testbed/action-runner.ts), whose own
// reading of those characters is tested first.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '@actions/core'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import {
  DOTNET_WHITESPACE,
  dotnetTrimStart,
  parseWorkflowCommands,
} from '../../testbed/action-runner.ts'
import { docker } from '../../src/image-build/docker.ts'
import { runCheck } from '../../src/check/index.ts'
import { renderAnnotation, type DeploymentResult } from '../../src/report/deploy.ts'
import { hasWorkflowCommand, infoVerbatim } from '../../src/util/verbatim-log.ts'
import { captureStdout } from './stdout.ts'

const hex = (c: string) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`
const CHARS = DOTNET_WHITESPACE.map((c) => [hex(c), c] as const)

/** What an attacker prints: each starts a line with `c`, after \r and after \n. */
const attacks = (c: string) => [
  `\r${c}::stop-commands::pwned`,
  `${c}::save-state name=kubeconfigFile::/etc/passwd`,
  `x\n${c}${c}::error::pwned`,
  `${c}::add-mask::x`,
]

/** The commands a runner would run on `stdout`, our own stop/resume pairs left out. */
function commandsIn(stdout: string) {
  const parsed = parseWorkflowCommands(stdout)
  return { ...parsed, names: parsed.commands.map((c) => c.command) }
}

describe('the harness reads lines as the runner does', () => {
  test('the 25 characters of .NET Char.IsWhiteSpace, no more', () => {
    expect(DOTNET_WHITESPACE).toHaveLength(25)
    // JavaScript's trimStart removes U+FEFF, which .NET keeps, and keeps NEL.
    expect(dotnetTrimStart('\ufeff::x')).toBe('\ufeff::x')
    expect(dotnetTrimStart('\u0085\u3000 ::x')).toBe('::x')
    expect(dotnetTrimStart('\u200b::x')).toBe('\u200b::x')
  })

  test.each(CHARS)('%s before :: starts a command', (_, c) => {
    const p = commandsIn(`${c}::error::x\n\r${c}::stop-commands::t\n::error::hidden\n`)
    expect(p.annotations).toEqual([{ level: 'error', message: 'x' }])
    expect(p.stoppedAtEnd).toBe(true)
  })

  test('U+FEFF and U+200B before :: do not (not .NET white space)', () => {
    expect(commandsIn('\ufeff::error::x\n\u200b::error::y\n').names).toEqual([])
  })
})

describe('hasWorkflowCommand sees a command after every such character', () => {
  test.each(CHARS)('%s', (_, c) => {
    for (const a of attacks(c)) expect(hasWorkflowCommand(a)).toBe(true)
  })
})

const stdout = captureStdout()
afterEach(() => vi.unstubAllEnvs())

describe('build output: docker’s stdout and stderr, streamed', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'd2p-cmd-'))
    writeFileSync(
      join(dir, 'docker'),
      '#!/bin/sh\nprintf "%s" "$PAYLOAD"\nprintf "%s" "$PAYLOAD" >&2\n',
    )
    chmodSync(join(dir, 'docker'), 0o755)
    vi.stubEnv('PATH', `${dir}:${process.env.PATH ?? ''}`)
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  test.each(CHARS)('%s', async (_, c) => {
    const payload = `#5 [2/2] RUN ./evil\n${attacks(c).join('\n')}\n#5 DONE`
    vi.stubEnv('PAYLOAD', payload)
    const r = await docker(['build', '.'])
    expect(r.stdout).toBe(payload)
    stdout.add('::notice::after\n')
    const p = commandsIn(stdout.text())
    expect(p.names).toEqual(['notice'])
    expect(p.stoppedAtEnd).toBe(false)
    expect(stdout.text()).toContain(payload)
  })
})

describe('log lines built from cluster and registry text (infoVerbatim)', () => {
  // What kube/index.ts and build/index.ts print: an API error on retry, an image a
  // Deployment ran before (any string the cluster holds), a digest the registry gave.
  const lines = (u: string) => [
    `The API server answered ${u}; trying again in 1s.`,
    `Patched ns/web: ${u} → r/app:v1@sha256:0`,
    `Resolved r/app:v1 to ${u}`,
    `web: rolling back to ${u}`,
  ]
  test.each(CHARS)('%s', (_, c) => {
    for (const a of attacks(c)) for (const l of lines(a)) infoVerbatim(l)
    stdout.add('::notice::after\n')
    expect(commandsIn(stdout.text()).names).toEqual(['notice'])
  })
})

describe('Pod logs and events in the failure annotation (core.error escapes line breaks)', () => {
  const result = (u: string): DeploymentResult => ({
    namespace: 'ns',
    name: 'web',
    container: 'web',
    previousImage: u,
    image: 'r/app:v1',
    revision: '2',
    readyReplicas: 0,
    desiredReplicas: 1,
    seconds: 3,
    status: 'rolled-back',
    diagnosis: {
      reason: 'CrashLoopBackOff',
      pod: 'web-1',
      container: 'web',
      message: u,
      event: `Back-off: ${u}`,
      logs: [u, `panic: ${u}`, u],
    },
  })
  test.each(CHARS)('%s', (_, c) => {
    // A NEL does not end a line for the runner, and core escapes \r and \n: the
    // whole message stays the data of one ::error:: line.
    for (const a of attacks(c)) core.error(renderAnnotation(result(a)), { title: 'deployment/web' })
    const p = commandsIn(stdout.text())
    expect(p.names).toEqual(attacks(c).map(() => 'error'))
    expect(p.annotations.map((a) => a.message)).toEqual(
      attacks(c).map((a) => renderAnnotation(result(a))),
    )
  })

  test('an error message (setFailed) and a warning: one command each', () => {
    for (const [, c] of CHARS) {
      core.setFailed(`registry said: ${attacks(c).join('\n')}`)
      core.warning(`Clean-up incomplete: ${attacks(c).join('\r')}`)
    }
    expect(commandsIn(stdout.text()).names).toEqual(CHARS.flatMap(() => ['error', 'warning']))
    process.exitCode = 0
  })
})

describe('check mode: file names and YAML values', () => {
  let root: string
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'd2p-cmd-ws-'))
    vi.stubEnv('GITHUB_OUTPUT', join(root, '..', `${root.split('/').pop()}-out`))
    writeFileSync(process.env.GITHUB_OUTPUT!, '')
    vi.stubEnv('GITHUB_STEP_SUMMARY', '')
  })
  afterEach(() => {
    rmSync(root, { recursive: true, force: true })
    rmSync(process.env.GITHUB_OUTPUT!, { force: true })
    process.exitCode = 0
  })

  test('a file name starting with each character, in the "larger than 1 MiB" line', async () => {
    // At the workspace's root: the name starts the log line.
    const big = `# ${'x'.repeat(1024 * 1024)}\n`
    for (const [, c] of CHARS) writeFileSync(join(root, `${c}::error::pwned.yaml`), big)
    await runCheck(
      { scope: 'all', denyTags: [], allowImages: [], builtImages: 'notice', githubToken: '' },
      { eventName: 'push', ref: '', sha: '', pathKind: () => undefined },
      { root },
    )
    const p = commandsIn(stdout.text())
    expect(p.names).toEqual(['notice'])
    for (const [, c] of CHARS) expect(stdout.text()).toContain(`\n${c}::error::pwned.yaml: skipped`)
  })

  test('YAML values and file names in findings: one annotation per finding', async () => {
    mkdirSync(join(root, 'deploy'))
    for (const [name, c] of CHARS) {
      // A double-quoted scalar may hold any character, line breaks too.
      const esc = `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
      const image = `${esc}::stop-commands::x\\n${esc}::error::pwned\\r${esc}::add-mask::m:latest`
      writeFileSync(
        join(root, 'deploy', `${c}::error::${name}.yaml`),
        `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: "${image}"\n`,
      )
    }
    await runCheck(
      { scope: 'all', denyTags: [], allowImages: [], builtImages: 'notice', githubToken: '' },
      { eventName: 'push', ref: '', sha: '', pathKind: () => undefined },
      { root },
    )
    const p = commandsIn(stdout.text())
    expect(p.stoppedAtEnd).toBe(false)
    const files = p.annotations.filter((a) => a.file).map((a) => a.file)
    expect(files).toHaveLength(CHARS.length)
    for (const [name, c] of CHARS) expect(files).toContain(`deploy/${c}::error::${name}.yaml`)
    // core.debug's `read as …` lines and the closing notice: escaped data, like annotations.
    expect(new Set(p.names)).toEqual(new Set(['debug', 'warning', 'notice']))
    expect(p.commands.filter((c) => c.command === 'debug')).toHaveLength(CHARS.length)
  })
})

describe('one way to print a log line', () => {
  // core.info, console.* and stdout.write print a line as it is; untrusted text must go
  // through infoVerbatim or VerbatimStream. src/check/index.ts's two core.info lines
  // (owned by the check's issue) interpolate only counts, the event name and the PR
  // number, which the runner writes.
  const ALLOWED = new Map([['src/check/index.ts', 2]])
  test('no core.info, console or stdout.write outside src/util/verbatim-log.ts', async () => {
    const { readdirSync, readFileSync } = await import('node:fs')
    const { ROOT } = await import('../../testbed/action-runner.ts')
    const files = (readdirSync(join(ROOT, 'src'), { recursive: true }) as string[]).filter((f) =>
      f.endsWith('.ts'),
    )
    const found = new Map<string, number>()
    for (const f of files) {
      const rel = `src/${f}`
      if (rel === 'src/util/verbatim-log.ts') continue
      const hits = readFileSync(join(ROOT, rel), 'utf8')
        .split('\n')
        .filter((l) => !/^\s*(\/\/|\*)/.test(l))
        .filter((l) => /\bcore\.info\(|\bconsole\.\w+\(|\bstdout\.write\(/.test(l)).length
      if (hits) found.set(rel, hits)
    }
    expect(found).toEqual(ALLOWED)
  })
})

describe('the harness hands post what a step printed as ::save-state, as the runner does', () => {
  test.each(CHARS.filter(([n]) => n === 'U+0085' || n === 'U+0020'))(
    '%s + ::save-state reaches post’s state',
    async (_, c) => {
      const { runAction } = await import('../../testbed/action-runner.ts')
      const dir = mkdtempSync(join(tmpdir(), 'd2p-harness-'))
      try {
        const entry = join(dir, 'entry.mjs')
        writeFileSync(
          entry,
          `process.stdout.write(${JSON.stringify(`x\r${c}::save-state name=kubeconfigFile::/victim\n`)})\n`,
        )
        vi.restoreAllMocks() // the child's stdout is its own; ours stays quiet anyway
        const r = await runAction({ entry, workspace: dir })
        expect(r.state.kubeconfigFile).toBe('/victim')
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  )
})
