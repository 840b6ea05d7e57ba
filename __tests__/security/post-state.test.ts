// post trusts nothing in state it did not write: a step before it that printed
// `::save-state name=kubeconfigFile::/some/file` (or edited GITHUB_STATE) must not make
// post delete that file, nor pass an option to `docker logout`. post runs here
// in-process, with STATE_* as the runner sets them, a real temp dir as RUNNER_TEMP and a
// `docker` on PATH that records its arguments.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { post } from '../../src/post.ts'
import { captureStdout } from './stdout.ts'
import { dockerLogoutRegistry, kubeconfigFile, kubeconfigFileName } from '../../src/state.ts'

let top: string
let temp: string
let victim: string
let calls: string
const own = () => join(temp, kubeconfigFileName('0123456789ab'))

beforeEach(() => {
  top = mkdtempSync(join(tmpdir(), 'd2p-post-'))
  temp = join(top, 'runner-temp')
  mkdirSync(temp)
  victim = join(top, 'victim.txt')
  writeFileSync(victim, 'keep me')
  calls = join(top, 'docker-calls')
  const bin = join(top, 'bin')
  mkdirSync(bin)
  writeFileSync(join(bin, 'docker'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${calls}'\n`)
  chmodSync(join(bin, 'docker'), 0o755)
  vi.stubEnv('PATH', `${bin}:${process.env.PATH ?? ''}`)
  vi.stubEnv('RUNNER_TEMP', temp)
})
const stdout = captureStdout()
afterEach(() => {
  vi.unstubAllEnvs()
  rmSync(top, { recursive: true, force: true })
})

const dockerCalls = () => (existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : [])

describe('kubeconfigFile: only a file of ours, directly in RUNNER_TEMP', () => {
  test('our own file', () => expect(kubeconfigFile(temp, own())).toBe(own()))
  test.each([
    ['a file outside', () => victim],
    ['/etc/passwd', () => '/etc/passwd'],
    ['our name, another folder', () => join(top, kubeconfigFileName('0123456789ab'))],
    ['our name, a subfolder', () => join(temp, 'sub', kubeconfigFileName('0123456789ab'))],
    ['../ out of RUNNER_TEMP', () => join(temp, '..', 'victim.txt')],
    ['../ back in under our name', () => join(temp, 'x', '..', '..', 'victim.txt')],
    ['another name in RUNNER_TEMP', () => join(temp, 'dock2pod-build-x')],
    ['not hex', () => join(temp, 'dock2pod-kubeconfig-../../victim.yaml')],
    ['relative', () => kubeconfigFileName('0123456789ab')],
    ['RUNNER_TEMP itself', () => temp],
  ])('%s is refused', (_, path) => expect(kubeconfigFile(temp, path())).toBeUndefined())
})

describe('dockerLogoutRegistry: only a host[:port]', () => {
  test.each(['docker.io', 'ghcr.io', 'localhost:5000', '10.0.0.1:443', 'my-registry.example.com'])(
    '%s',
    (h) => expect(dockerLogoutRegistry(h)).toBe(h),
  )
  test.each([
    '--config=/tmp/evil',
    '-H',
    '--help',
    'ghcr.io/acme',
    'ghcr.io --config /x',
    'host;rm -rf /',
    'https://ghcr.io',
    'a\nb',
    '',
  ])('%j is refused', (h) => expect(dockerLogoutRegistry(h)).toBeUndefined())
})

describe('post', () => {
  test('a forged kubeconfigFile naming a file outside: the file stays', async () => {
    vi.stubEnv('STATE_kubeconfigFile', victim)
    await post()
    expect(readFileSync(victim, 'utf8')).toBe('keep me')
    expect(stdout.text()).toMatch(/::warning::Skipped removing the kubeconfig/)
  })

  test('our name, but a symlink to the victim: neither is followed nor deleted', async () => {
    symlinkSync(victim, own())
    vi.stubEnv('STATE_kubeconfigFile', own())
    await post()
    expect(readFileSync(victim, 'utf8')).toBe('keep me')
  })

  test('our own file is removed', async () => {
    writeFileSync(own(), 'apiVersion: v1\n')
    vi.stubEnv('STATE_kubeconfigFile', own())
    await post()
    expect(existsSync(own())).toBe(false)
  })

  test('a forged registry that is an option: no docker call at all', async () => {
    vi.stubEnv('STATE_dockerLogout', '--config=/tmp/evil')
    await post()
    expect(dockerCalls()).toEqual([])
    expect(stdout.text()).toMatch(/::warning::Skipped docker logout/)
  })

  test('a real registry: logout with the options ended before it', async () => {
    vi.stubEnv('STATE_dockerLogout', 'ghcr.io')
    await post()
    expect(dockerCalls()).toEqual(['logout -- ghcr.io'])
  })

  test('Docker Hub: logout with no argument', async () => {
    vi.stubEnv('STATE_dockerLogout', 'docker.io')
    await post()
    expect(dockerCalls()).toEqual(['logout'])
  })
})
