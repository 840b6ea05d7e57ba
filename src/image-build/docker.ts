// Every docker CLI call goes through `docker()`: an argument array (no shell ever sees
// an input), output captured and streamed to the log (never read as workflow commands),
// a password only ever on stdin, secrets only in the child's environment. A cancel
// kills the call's process group (src/util/exec.ts).
import { childEnv, execArgs } from '../util/exec.ts'
import { VerbatimStream } from '../util/verbatim-log.ts'

export interface DockerResult {
  exitCode: number
  stdout: string
  stderr: string
}

export interface DockerCall {
  /** Written to docker's stdin (the password of `login --password-stdin`). */
  input?: Buffer
  /**
   * Added to docker's environment by name: the build secrets buildx reads. Nothing else
   * of ours reaches it (no INPUT_*, no token: src/util/exec.ts childEnv).
   */
  env?: Record<string, string>
  /** Capture only; print neither the command nor its output. */
  quiet?: boolean
}

/** How a command line is shown in the log: one line, each argument quoted when needed. */
export function formatCommand(args: string[]): string {
  // JSON quoting: unambiguous, and a newline shows as \n instead of starting a line.
  const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))
  return ['docker', ...args].map(quote).join(' ')
}

/**
 * Run `docker <args>` from PATH, as the runner's own steps would. Never throws on exit
 * codes; throws CancelledError when the run is cancelled meanwhile.
 */
export async function docker(args: string[], call: DockerCall = {}): Promise<DockerResult> {
  const env = childEnv(call.env)
  if (call.quiet)
    return execArgs('docker', args, { env, ...(call.input ? { input: call.input } : {}) })
  // The command on one line, JSON-quoted (a build arg's newline shows as \n), and the
  // output as it comes; progress and errors come on stderr, in order with stdout. A
  // registry's error or a RUN step's output holding `::error::` stays text.
  const log = new VerbatimStream()
  log.push(`[command]${formatCommand(args)}\n`)
  try {
    return await execArgs('docker', args, {
      env,
      ...(call.input ? { input: call.input } : {}),
      onStdout: (d) => log.push(d),
      onStderr: (d) => log.push(d),
    })
  } finally {
    log.end()
  }
}

/** The version in `docker buildx version` output (`github.com/docker/buildx v0.12.1 …`). */
export function parseBuildxVersion(stdout: string): string | undefined {
  return /\bv?(\d+\.\d+\.\d+)(?:[-+][\w.]+)?/.exec(stdout)?.[1]
}

/** Whether `version` (x.y.z) is at least `min`. */
export function versionAtLeast(version: string, min: string): boolean {
  const a = version.split('.').map(Number)
  const b = min.split('.').map(Number)
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0)
  return true
}

/** buildx's version, or the reason it cannot be used (not installed, broken). */
export async function probeBuildx(): Promise<{ version?: string; problem?: string }> {
  const r = await docker(['buildx', 'version'], { quiet: true })
  if (r.exitCode !== 0) {
    const why = (r.stderr.trim() || r.stdout.trim()).split('\n')[0] ?? ''
    return { problem: why || `exit code ${r.exitCode}` }
  }
  const version = parseBuildxVersion(r.stdout)
  return version ? { version } : { problem: `unrecognised version "${r.stdout.trim()}"` }
}

export class LoginError extends Error {
  override name = 'LoginError'
}

/** What a failed `docker login` means for the user, from docker's stderr. */
export function loginFailureMessage(registry: string, username: string, stderr: string): string {
  const where = registry || 'Docker Hub'
  const said = stderr.trim().split('\n').filter(Boolean).pop() ?? ''
  if (
    /\b401\b|unauthori[sz]ed|incorrect username or password|denied|invalid credentials/i.test(said)
  )
    return `docker login to ${where} refused the credentials of inputs 'username' ("${username}") and 'password': ${said}. Check both for this registry; nothing was built or pushed.`
  return `docker login to ${where} failed: ${said || 'no message'}. Nothing was built or pushed.`
}

/** `docker login` with the password on stdin; it never reaches argv or the log. */
export async function login(registry: string, username: string, password: string): Promise<void> {
  const args = ['login', '--username', username, '--password-stdin']
  if (registry) args.push('--', registry)
  const r = await docker(args, { input: Buffer.from(password) })
  if (r.exitCode !== 0) throw new LoginError(loginFailureMessage(registry, username, r.stderr))
}

/** `docker logout`, for post; a failure is the caller's to report. */
export async function logout(registry: string): Promise<void> {
  const args = ['logout']
  // Docker Hub is logout's default; saveDockerLogout stores it as docker.io. `--` ends
  // the options: the host comes from state, which post does not trust to be one.
  if (registry && registry !== 'docker.io') args.push('--', registry)
  const r = await docker(args)
  if (r.exitCode !== 0)
    throw new Error(`docker logout ${registry} failed: ${r.stderr.trim() || `exit ${r.exitCode}`}`)
}
