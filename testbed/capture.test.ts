// The secret-leak check's own logic: which secrets a run is handed, and that a leak is
// found and reported without the secret in the report.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { stringify } from 'yaml'
import { CAPTURE_ENV, captureRun, checkCaptured, secretsOf } from './capture.ts'

let dir = ''
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'd2p-capture-test-'))
})
afterEach(() => {
  delete process.env[CAPTURE_ENV]
  rmSync(dir, { recursive: true, force: true })
})

const kubeconfig = stringify({
  users: [
    { name: 'u', user: { token: 'bearer-token-123456' } },
    { name: 'c', user: { 'client-key-data': 'S0VZLURBVEEtMTIzNDU2' } },
  ],
})

test('secretsOf: password and its base64 user:password, tokens, kubeconfig input and file, Docker config', () => {
  const file = join(dir, 'kubeconfig')
  writeFileSync(file, stringify({ users: [{ user: { token: 'file-token-abcdefgh' } }] }))
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({ auths: { r: { auth: 'b3RoZXI6Y3JlZGVudGlhbA==' } } }),
  )
  const secrets = secretsOf({
    INPUT_USERNAME: 'dock',
    INPUT_PASSWORD: 'pw-secret',
    'INPUT_GITHUB-TOKEN': 'ghs_0123456789',
    GITHUB_TOKEN: 'ghs_0123456789',
    INPUT_KUBECONFIG: Buffer.from(kubeconfig).toString('base64'),
    KUBECONFIG: `${file}:/no/such/file`,
    DOCKER_CONFIG: dir,
  })
  expect(secrets.sort()).toEqual(
    [
      'pw-secret',
      Buffer.from('dock:pw-secret').toString('base64'),
      'ghs_0123456789',
      'bearer-token-123456',
      'S0VZLURBVEEtMTIzNDU2',
      'file-token-abcdefgh',
      'b3RoZXI6Y3JlZGVudGlhbA==',
    ].sort(),
  )
  // Short values are not looked for (false alarms), garbage kubeconfigs are skipped.
  expect(secretsOf({ INPUT_PASSWORD: 'x', INPUT_KUBECONFIG: 'this: is: not: yaml: [' })).toEqual([])
})

test('checkCaptured: every secret against every run, the held pairs counted apart; a leak is reported masked', () => {
  process.env[CAPTURE_ENV] = dir
  captureRun('main clean', 'nothing to see', { INPUT_PASSWORD: 'pw-secret-1' })
  captureRun('main leaky', 'login with pw-secret-1 and extra-secret', {})
  captureRun('post', 'fine', {})
  const report = checkCaptured(dir, ['extra-secret'])
  // Only the first run was handed a secret: one held pair, 3 runs × 2 secrets searched.
  expect(report).toMatchObject({ runs: 3, secrets: 2, held: 1, searches: 6 })
  expect(report.leaks).toHaveLength(2)
  expect(report.leaks.join('\n')).not.toMatch(/pw-secret-1|extra-secret/)
  expect(report.leaks[0]).toBe('"main leaky": "login with *** and ***"')
})

test('nothing is captured without D2P_CAPTURE_DIR', () => {
  captureRun('main', 'pw-secret-1', { INPUT_PASSWORD: 'pw-secret-1' })
  expect(checkCaptured(dir)).toMatchObject({ runs: 0, leaks: [] })
})
