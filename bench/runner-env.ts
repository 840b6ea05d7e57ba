// The environment the Actions runner gives a JavaScript action (INPUT_* with
// action.yml's defaults, the GITHUB_* files), for the cold-start runs that spawn the
// bundle themselves to time it from spawn to first line. The other scenarios go through
// testbed/action-runner.ts.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { inputEnvName, ROOT } from '../testbed/action-runner.ts'

// Each call makes a folder of runner files; they all go when the bench process exits.
const made: string[] = []
process.once('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true })
})

export function runnerEnv(
  inputs: Record<string, string>,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const spec = parseYaml(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>
  }
  const dir = mkdtempSync(join(tmpdir(), 'd2p-bench-runner-'))
  made.push(dir)
  const files = ['output', 'state', 'summary', 'env', 'path'].map((f) => join(dir, f))
  for (const f of files) writeFileSync(f, '')
  writeFileSync(join(dir, 'event.json'), '{}')
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env))
    if (!/^(INPUT_|GITHUB_|STATE_|RUNNER_|ACTIONS_|NODE_OPTIONS)/.test(k)) env[k] = v
  for (const [name, s] of Object.entries(spec.inputs)) {
    const value = inputs[name] ?? s.default ?? ''
    env[inputEnvName(name)] = value === '${{ github.token }}' ? '' : value
  }
  Object.assign(env, {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: files[0],
    GITHUB_STATE: files[1],
    GITHUB_STEP_SUMMARY: files[2],
    GITHUB_ENV: files[3],
    GITHUB_PATH: files[4],
    GITHUB_EVENT_PATH: join(dir, 'event.json'),
    GITHUB_EVENT_NAME: 'push',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_RUN_ID: '4242',
    GITHUB_SERVER_URL: 'https://github.com',
    RUNNER_TEMP: dir,
    ...extra,
  })
  return env
}
