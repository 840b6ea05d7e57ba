// Runs the committed bundle (`node dist/index.js`) the way the GitHub Actions runner
// does — INPUT_* with action.yml's defaults, GITHUB_OUTPUT/STATE/STEP_SUMMARY files,
// an event payload, workflow commands on stdout — and parses back what a workflow
// would see: outputs, annotations, masks, the job summary, the exit code. Tests, the
// demo and the benchmarks all drive the action through here.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'
import { captureRun } from './capture.ts'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

export interface Annotation {
  level: 'error' | 'warning' | 'notice'
  message: string
  file?: string
  line?: number
  col?: number
  endLine?: number
  endColumn?: number
  title?: string
}

export interface ActionRun {
  exitCode: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  annotations: Annotation[]
  /** Values the action masked with ::add-mask::. */
  masks: string[]
  summary: string
  /** Saved with core.saveState (or printed as `::save-state`), handed to post as STATE_*. */
  state: Record<string, string>
  /** Extra env the action exported with core.exportVariable. */
  exported: Record<string, string>
  durationMs: number
}

export interface RunOptions {
  inputs?: Record<string, string>
  /** Working directory = GITHUB_WORKSPACE. */
  workspace?: string
  eventName?: string
  event?: Record<string, unknown>
  sha?: string
  ref?: string
  /** Extra environment (DOCKER_HOST, KUBECONFIG, …); PATH here is prepended. */
  env?: Record<string, string>
  /** Directories put first on PATH (e.g. the one with the docker CLI that builds here). */
  path?: string[]
  githubToken?: string
  /** STATE_* for a post run. */
  state?: Record<string, string>
  /** Which entry to run; default dist/index.js (the committed bundle). */
  entry?: string
  /**
   * Send `signal` once stdout matches `when`, or once `when()` holds (asked every 10 ms,
   * one question at a time: for what only the test can see, such as a request held at a
   * fault proxy).
   */
  cancel?: { when: RegExp | (() => boolean | Promise<boolean>); signal?: NodeJS.Signals }
  /** Called for every stdout line as it arrives (progress, latency probes). */
  onLine?: (line: string) => void
  timeoutMs?: number
}

let actionYamlCache: { inputs: Record<string, { default?: string }> } | undefined
function actionInputs(): Record<string, { default?: string }> {
  actionYamlCache ??= parseYaml(readFileSync(join(ROOT, 'action.yml'), 'utf8'))
  return actionYamlCache!.inputs
}

/** The runner's name for an input's variable: spaces become '_', upper case, '-' kept. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

function unescapeData(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}
function unescapeProperty(s: string): string {
  return unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',')
}

/** A workflow command the runner would run (stop-commands and its resume token left out). */
export interface WorkflowCommand {
  command: string
  properties: Record<string, string>
  data: string
}

/** The commands the runner registers (ActionCommandManager); others are plain text. */
const RUNNER_COMMANDS = new Set([
  'set-env',
  'set-output',
  'save-state',
  'add-path',
  'add-mask',
  'add-matcher',
  'remove-matcher',
  'debug',
  'warning',
  'error',
  'notice',
  'group',
  'endgroup',
  'echo',
  'stop-commands',
])

/**
 * The characters .NET's `String.TrimStart()` removes (`Char.IsWhiteSpace`), which the
 * runner applies to a line before it looks for `::`. JavaScript's `trimStart()` differs:
 * it keeps U+0085 (NEL) and removes U+FEFF, so the harness must not use it.
 */
export const DOTNET_WHITESPACE = [
  ...Array.from({ length: 5 }, (_, i) => 0x09 + i), // U+0009–U+000D
  0x20,
  0x85,
  0xa0,
  0x1680,
  ...Array.from({ length: 11 }, (_, i) => 0x2000 + i), // U+2000–U+200A
  0x2028,
  0x2029,
  0x202f,
  0x205f,
  0x3000,
].map((c) => String.fromCharCode(c))

const DOTNET_WHITESPACE_SET = new Set(DOTNET_WHITESPACE)

/** .NET's `String.TrimStart()`: drop the leading characters `Char.IsWhiteSpace` accepts. */
export function dotnetTrimStart(s: string): string {
  let i = 0
  while (i < s.length && DOTNET_WHITESPACE_SET.has(s[i]!)) i++
  return s.slice(i)
}

/**
 * One line as the runner reads it: `::cmd k=v,k=v::data` at the start after white space
 * (ActionCommand.TryParseV2, which trims with .NET's TrimStart), else the legacy
 * `##[cmd k=v;k=v]data` anywhere (TryParse).
 */
function parseCommandLine(line: string, extra: string | undefined): WorkflowCommand | undefined {
  const known = (c: string) => RUNNER_COMMANDS.has(c.toLowerCase()) || c === extra
  const v2 = dotnetTrimStart(line)
  if (v2.startsWith('::')) {
    const end = v2.indexOf('::', 2)
    if (end > 0) {
      const info = v2.slice(2, end)
      const sp = info.indexOf(' ')
      const command = sp < 0 ? info : info.slice(0, sp)
      if (known(command)) {
        const properties: Record<string, string> = {}
        for (const kv of (sp < 0 ? '' : info.slice(sp + 1)).split(',').filter(Boolean)) {
          const eq = kv.indexOf('=')
          if (eq > 0) properties[kv.slice(0, eq).trim()] = unescapeProperty(kv.slice(eq + 1))
        }
        return { command, properties, data: unescapeData(v2.slice(end + 2)) }
      }
    }
  }
  const at = line.indexOf('##[')
  if (at < 0) return undefined
  const rb = line.indexOf(']', at)
  if (rb < 0) return undefined
  const info = line.slice(at + 3, rb)
  const sp = info.indexOf(' ')
  const command = sp < 0 ? info : info.slice(0, sp)
  if (!known(command)) return undefined
  const unescapeV1 = (v: string) =>
    v
      .replace(/%3B/g, ';')
      .replace(/%0D/g, '\r')
      .replace(/%0A/g, '\n')
      .replace(/%5D/g, ']')
      .replace(/%25/g, '%')
  const properties: Record<string, string> = {}
  for (const kv of (sp < 0 ? '' : info.slice(sp + 1)).split(';').filter(Boolean)) {
    const eq = kv.indexOf('=')
    if (eq > 0) properties[kv.slice(0, eq).trim()] = unescapeV1(kv.slice(eq + 1))
  }
  return { command, properties, data: unescapeV1(line.slice(rb + 1)) }
}

/**
 * Parse stdout as the runner does: lines end at \n, \r\n or \r (.NET's
 * StreamReader.ReadLine; NEL, U+2028 and U+2029 do not end a line); `::stop-commands::T`
 * makes every line plain text until `::T::`. `commands` is every command run, in order.
 */
export function parseWorkflowCommands(stdout: string): {
  annotations: Annotation[]
  masks: string[]
  commands: WorkflowCommand[]
  /** Commands were stopped and never resumed: the rest of the step would run none. */
  stoppedAtEnd: boolean
} {
  const annotations: Annotation[] = []
  const masks: string[] = []
  const commands: WorkflowCommand[] = []
  let stopToken: string | undefined
  for (const line of stdout.split(/\r\n|\r|\n/)) {
    const c = parseCommandLine(line, stopToken)
    if (!c) continue
    if (stopToken !== undefined) {
      if (c.command === stopToken) stopToken = undefined
      continue
    }
    if (c.command === 'stop-commands') {
      stopToken = c.data
      continue
    }
    commands.push(c)
    if (c.command === 'add-mask') {
      masks.push(c.data)
      continue
    }
    if (c.command !== 'error' && c.command !== 'warning' && c.command !== 'notice') continue
    const a: Annotation = { level: c.command, message: c.data }
    for (const [k, v] of Object.entries(c.properties)) {
      if (k === 'file' || k === 'title') a[k] = v
      else if (k === 'line' || k === 'col' || k === 'endLine' || k === 'endColumn') a[k] = Number(v)
    }
    annotations.push(a)
  }
  return { annotations, masks, commands, stoppedAtEnd: stopToken !== undefined }
}

/** Parse a GITHUB_OUTPUT / GITHUB_STATE / GITHUB_ENV file (`name<<delim` blocks or `name=value`). */
export function parseFileCommands(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delim] = heredoc
      const value: string[] = []
      for (i++; i < lines.length && lines[i] !== delim; i++) value.push(lines[i]!)
      out[name!] = value.join('\n')
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1)
    }
  }
  return out
}

export async function runAction(opts: RunOptions = {}): Promise<ActionRun> {
  const tmp = mkdtempSync(join(tmpdir(), 'd2p-runner-'))
  const files = {
    output: join(tmp, 'output'),
    state: join(tmp, 'state'),
    summary: join(tmp, 'summary'),
    env: join(tmp, 'env'),
    path: join(tmp, 'path'),
    event: join(tmp, 'event.json'),
  }
  for (const f of [files.output, files.state, files.summary, files.env, files.path])
    writeFileSync(f, '')
  const sha = opts.sha ?? '0123456789abcdef0123456789abcdef01234567'
  const eventName = opts.eventName ?? 'push'
  writeFileSync(files.event, JSON.stringify(opts.event ?? {}))
  const workspace = opts.workspace ?? ROOT
  const githubToken = opts.githubToken ?? ''

  // Start from a clean environment: nothing of the caller's INPUT_/GITHUB_/STATE_ leaks in.
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !/^(INPUT_|GITHUB_|STATE_|RUNNER_|ACTIONS_)/.test(k)) env[k] = v
  }
  for (const [name, spec] of Object.entries(actionInputs())) {
    let value = opts.inputs?.[name] ?? spec.default ?? ''
    if (value === '${{ github.token }}') value = githubToken
    env[inputEnvName(name)] = String(value)
  }
  for (const name of Object.keys(opts.inputs ?? {})) {
    if (!(name in actionInputs()))
      throw new Error(`runAction: "${name}" is not an input of action.yml`)
  }
  for (const [k, v] of Object.entries(opts.state ?? {})) env[`STATE_${k}`] = v
  Object.assign(env, {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_ENV: files.env,
    GITHUB_PATH: files.path,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_EVENT_NAME: eventName,
    GITHUB_SHA: sha,
    GITHUB_REF: opts.ref ?? 'refs/heads/main',
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_REPOSITORY_OWNER: 'acme',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_NUMBER: '7',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_ACTOR: 'octocat',
    GITHUB_WORKFLOW: 'deploy',
    GITHUB_JOB: 'deploy',
    GITHUB_ACTION: 'dock2pod',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_GRAPHQL_URL: 'https://api.github.com/graphql',
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_TEMP: tmp,
    RUNNER_TOOL_CACHE: join(tmp, 'toolcache'),
  })
  if (githubToken) env.GITHUB_TOKEN = githubToken
  Object.assign(env, opts.env ?? {})
  const extraPath = [...(opts.path ?? [])]
  if (opts.env?.PATH) extraPath.push(opts.env.PATH)
  env.PATH = [...extraPath, process.env.PATH ?? ''].filter(Boolean).join(':')

  const entry = opts.entry ?? join(ROOT, 'dist', 'index.js')
  const started = performance.now()
  // The runner starts the action with its own node (24); so do we: the one running us.
  const child = spawn(process.execPath, [entry], {
    cwd: workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  let pending = ''
  let cancelled = false
  const cancel = () => {
    cancelled = true
    // An answer that came after the exit signals nothing.
    if (child.exitCode === null && child.signalCode === null)
      child.kill(opts.cancel!.signal ?? 'SIGTERM')
  }
  const when = opts.cancel?.when
  let asking = false
  const poll =
    typeof when === 'function'
      ? setInterval(() => {
          if (cancelled || asking) return
          asking = true
          void Promise.resolve()
            .then(when)
            .then(
              (holds) => {
                if (holds && !cancelled) cancel()
              },
              () => undefined,
            )
            .finally(() => (asking = false))
        }, 10)
      : undefined
  child.stdout.setEncoding('utf8')
  child.stderr.setEncoding('utf8')
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk
    pending += chunk
    let nl: number
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl)
      pending = pending.slice(nl + 1)
      opts.onLine?.(line)
      if (when instanceof RegExp && !cancelled && when.test(line)) cancel()
    }
  })
  child.stderr.on('data', (chunk: string) => (stderr += chunk))
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 600_000)
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((res) =>
    child.on('close', (code, sig) => res([code, sig])),
  )
  clearTimeout(timer)
  clearInterval(poll)
  const durationMs = performance.now() - started
  const { annotations, masks, commands } = parseWorkflowCommands(stdout)
  // The runner still honours the deprecated `::save-state name=…::` on stdout: whatever
  // a step prints that way reaches post as STATE_* too.
  const printedState = Object.fromEntries(
    commands
      .filter((c) => c.command === 'save-state' && c.properties.name)
      .map((c) => [c.properties.name!, c.data]),
  )
  const result: ActionRun = {
    exitCode,
    signal,
    stdout,
    stderr,
    outputs: parseFileCommands(readFileSync(files.output, 'utf8')),
    annotations,
    masks,
    summary: readFileSync(files.summary, 'utf8'),
    state: { ...printedState, ...parseFileCommands(readFileSync(files.state, 'utf8')) },
    exported: parseFileCommands(readFileSync(files.env, 'utf8')),
    durationMs,
  }
  rmSync(tmp, { recursive: true, force: true })
  // For the suite-wide secret-leak check (D2P_CAPTURE_DIR, set by the e2e global setup).
  captureRun(
    [opts.state ? 'post' : 'main', opts.inputs?.mode, opts.inputs?.image, opts.inputs?.deployment]
      .filter(Boolean)
      .join(' '),
    [
      visibleText(result),
      // Not shown to a reader, but kept on the runner's disk between main and post.
      ...Object.values(result.state),
      ...annotations.map((a) => [a.title, a.file, a.message].filter(Boolean).join(' ')),
    ].join('\n'),
    env,
  )
  return result
}

/** Run main, then post with the state main saved, as the runner does for runs.post. */
export async function runActionWithPost(
  opts: RunOptions = {},
): Promise<{ main: ActionRun; post: ActionRun }> {
  const main = await runAction(opts)
  const post = await runAction({ ...opts, cancel: undefined, state: main.state })
  return { main, post }
}

/**
 * Everything a run printed or wrote where a workflow's reader could see it. The
 * runner swallows `::add-mask::` lines (they carry the secret to mask, and are never
 * shown), so they are left out; every other line counts.
 */
export function visibleText(run: ActionRun): string {
  const stdout = run.stdout
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n')
  return [
    stdout,
    run.stderr,
    run.summary,
    ...Object.values(run.outputs),
    ...Object.values(run.exported),
  ].join('\n')
}
