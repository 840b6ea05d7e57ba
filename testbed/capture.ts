// The suite-wide secret-leak check. With D2P_CAPTURE_DIR set (the e2e global setup sets
// it), every run of the action appends what a workflow's reader could see — stdout
// without ::add-mask:: lines, stderr, annotations, the job summary, outputs, exported
// variables — and the secrets that run was handed: its password and github-token inputs
// (and the base64 `user:password` a Docker config holds), the bearer tokens, passwords
// and client keys of the kubeconfig it was given (input or KUBECONFIG file), and the
// credentials in its Docker config. At the end of the run every secret any run was
// handed is looked for in every run's text; the figure that counts is `held`: the
// (run, secret) pairs where the run was handed the secret it is searched for.
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'

export const CAPTURE_ENV = 'D2P_CAPTURE_DIR'

/** Shorter values are not secrets we can look for without false alarms. */
const MIN_SECRET_LENGTH = 8

interface CapturedRun {
  /** Enough to find the run again: the entry, the image input, the deployment. */
  label: string
  text: string
  secrets: string[]
}

function kubeconfigSecrets(text: string): string[] {
  let doc: unknown
  try {
    const raw = /^[A-Za-z0-9+/=\s]+$/.test(text.trim())
      ? Buffer.from(text, 'base64').toString('utf8')
      : text
    doc = parseYaml(raw)
  } catch {
    return []
  }
  const users = (doc as { users?: { user?: Record<string, unknown> }[] } | null)?.users
  if (!Array.isArray(users)) return []
  const out: string[] = []
  for (const u of users) {
    for (const key of ['token', 'password', 'client-key-data']) {
      const v = u?.user?.[key]
      if (typeof v === 'string') out.push(v)
    }
  }
  return out
}

function dockerConfigSecrets(dir: string | undefined): string[] {
  if (!dir) return []
  try {
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as {
      auths?: Record<string, { auth?: string; password?: string; identitytoken?: string }>
    }
    return Object.values(config.auths ?? {}).flatMap((a) =>
      [a.auth, a.password, a.identitytoken].filter((v): v is string => typeof v === 'string'),
    )
  } catch {
    return []
  }
}

/** The secrets a run's environment hands the action. */
export function secretsOf(env: Record<string, string>): string[] {
  const secrets: string[] = []
  const password = env['INPUT_PASSWORD'] ?? ''
  const username = env['INPUT_USERNAME'] ?? ''
  secrets.push(password, env['INPUT_GITHUB-TOKEN'] ?? '', env.GITHUB_TOKEN ?? '')
  if (username && password) secrets.push(Buffer.from(`${username}:${password}`).toString('base64'))
  if (env['INPUT_KUBECONFIG']) secrets.push(...kubeconfigSecrets(env['INPUT_KUBECONFIG']))
  for (const file of (env.KUBECONFIG ?? '').split(':').filter(Boolean)) {
    try {
      secrets.push(...kubeconfigSecrets(readFileSync(file, 'utf8')))
    } catch {
      // A missing file is the action's to report.
    }
  }
  secrets.push(...dockerConfigSecrets(env.DOCKER_CONFIG))
  return [...new Set(secrets.filter((s) => s.length >= MIN_SECRET_LENGTH))]
}

/** Append one run's visible text and secrets (no-op unless D2P_CAPTURE_DIR is set). */
export function captureRun(label: string, text: string, env: Record<string, string>): void {
  const dir = process.env[CAPTURE_ENV]
  if (!dir) return
  const record: CapturedRun = { label, text, secrets: secretsOf(env) }
  appendFileSync(join(dir, `runs-${process.pid}.jsonl`), `${JSON.stringify(record)}\n`, {
    mode: 0o600,
  })
}

export interface LeakReport {
  runs: number
  /** Distinct secrets over all runs (and `extra`). */
  secrets: number
  /** Σ over runs of the secrets that run was handed: the searches that test a run's own secrets. */
  held: number
  /** runs × secrets: every secret is also looked for in every other run's text. */
  searches: number
  /** Where a secret showed, with the secret itself replaced by ***. */
  leaks: string[]
}

/** Look for every secret (handed to any run, plus `extra`) in every captured run. */
export function checkCaptured(dir: string, extra: string[] = []): LeakReport {
  const runs: CapturedRun[] = []
  if (existsSync(dir)) {
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.jsonl'))) {
      for (const line of readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean))
        runs.push(JSON.parse(line) as CapturedRun)
    }
  }
  const secrets = [
    ...new Set(
      [...extra, ...runs.flatMap((r) => r.secrets)].filter((s) => s.length >= MIN_SECRET_LENGTH),
    ),
  ]
  const leaks: string[] = []
  for (const run of runs) {
    for (const secret of secrets) {
      const at = run.text.indexOf(secret)
      if (at < 0) continue
      const context = run.text.slice(Math.max(0, at - 60), at + secret.length + 60)
      // Every secret masked in the report, not only the one found.
      const masked = secrets.reduce((text, s) => text.split(s).join('***'), context)
      leaks.push(`${JSON.stringify(run.label)}: ${JSON.stringify(masked)}`)
    }
  }
  return {
    runs: runs.length,
    secrets: secrets.length,
    held: runs.reduce(
      (n, r) => n + new Set(r.secrets.filter((s) => s.length >= MIN_SECRET_LENGTH)).size,
      0,
    ),
    searches: runs.length * secrets.length,
    leaks,
  }
}
