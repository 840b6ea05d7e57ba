// What a child process can see: docker (and a credential helper, and git) get the
// runner's environment minus the action's inputs, post's state and the runner's tokens;
// build secrets reach docker by the name buildx reads. Checked by a `docker` on PATH
// that prints the environment it was given, as a Dockerfile linked to
// /proc/self/environ would.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { docker } from '../../src/image-build/docker.ts'
import { childEnv } from '../../src/util/exec.ts'

const WITHHELD = {
  INPUT_PASSWORD: 'pw-input',
  'INPUT_GITHUB-TOKEN': 'ghs_input',
  INPUT_KUBECONFIG: 'kubeconfig-input',
  INPUT_SECRETS: 'NPM=npm-secret',
  input_lowercase: 'lower',
  STATE_kubeconfigFile: '/tmp/x',
  GITHUB_TOKEN: 'ghs_env',
  ACTIONS_RUNTIME_TOKEN: 'runtime',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc',
  ACTIONS_ID_TOKEN_REQUEST_URL: 'https://oidc',
}

describe('childEnv', () => {
  test('drops every input, state and token; keeps the rest; adds what is asked by name', () => {
    const env = childEnv(
      { DOCK2POD_SECRET_0: 's3cret' },
      { ...WITHHELD, PATH: '/bin', HOME: '/home/runner', DOCKER_CONFIG: '/d', GITHUB_SHA: 'abc' },
    )
    expect(env).toEqual({
      PATH: '/bin',
      HOME: '/home/runner',
      DOCKER_CONFIG: '/d',
      GITHUB_SHA: 'abc',
      DOCK2POD_SECRET_0: 's3cret',
    })
  })
})

describe('docker() hands docker no input and no token', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'd2p-env-'))
    const fake = join(dir, 'docker')
    writeFileSync(fake, '#!/bin/sh\nexec env\n')
    chmodSync(fake, 0o755)
    vi.stubEnv('PATH', `${dir}:${process.env.PATH ?? ''}`)
    for (const [k, v] of Object.entries(WITHHELD)) vi.stubEnv(k, v)
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
  })
  afterEach(() => {
    vi.unstubAllEnvs()
    vi.restoreAllMocks()
    rmSync(dir, { recursive: true, force: true })
  })

  test.each([
    ['quiet call', { quiet: true }],
    ['logged call', {}],
  ])('%s', async (_, call) => {
    const r = await docker(['version'], { ...call, env: { DOCK2POD_SECRET_0: 'build-secret' } })
    const seen = new Map(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    )
    for (const k of Object.keys(WITHHELD)) expect(seen.has(k), k).toBe(false)
    for (const v of Object.values(WITHHELD)) expect(r.stdout).not.toContain(v)
    expect(seen.get('DOCK2POD_SECRET_0')).toBe('build-secret')
    expect(seen.get('PATH')).toContain(dir)
  })
})
