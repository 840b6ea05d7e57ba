import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import {
  configKeyHost,
  credentialSource,
  credentialsFor,
  decodeAuth,
  parseHelperOutput,
  readDockerConfig,
  type DockerConfig,
  type HelperRunner,
} from '../../src/registry/credentials.ts'

const b64 = (s: string) => Buffer.from(s).toString('base64')

describe('credentialSource: the docker CLI order', () => {
  const config: DockerConfig = {
    auths: {
      'https://index.docker.io/v1/': { auth: b64('hubuser:hubpw') },
      'ghcr.io': { auth: b64('gh:token:with:colons') },
      'https://registry.example.com': { identitytoken: 'refresh-me' },
      'legacy.example.com': { username: 'u', password: 'p' },
      'empty.example.com': {},
    },
    credHelpers: { '123.dkr.ecr.us-east-1.amazonaws.com': 'ecr-login', 'ghcr.io': '' },
  }
  test.each([
    {
      name: 'Docker Hub by its key',
      domain: 'docker.io',
      source: {
        from: 'auths',
        key: 'https://index.docker.io/v1/',
        credential: { kind: 'basic', username: 'hubuser', password: 'hubpw' },
      },
    },
    {
      name: 'auth with colons in the password',
      domain: 'ghcr.io',
      source: {
        from: 'auths',
        key: 'ghcr.io',
        credential: { kind: 'basic', username: 'gh', password: 'token:with:colons' },
      },
    },
    {
      name: 'identity token',
      domain: 'registry.example.com',
      source: {
        from: 'auths',
        key: 'https://registry.example.com',
        credential: { kind: 'identity', token: 'refresh-me' },
      },
    },
    {
      name: 'username/password fields',
      domain: 'legacy.example.com',
      source: {
        from: 'auths',
        key: 'legacy.example.com',
        credential: { kind: 'basic', username: 'u', password: 'p' },
      },
    },
    {
      name: 'credHelpers for the host',
      domain: '123.dkr.ecr.us-east-1.amazonaws.com',
      source: {
        from: 'helper',
        helper: 'ecr-login',
        serverUrl: '123.dkr.ecr.us-east-1.amazonaws.com',
      },
    },
    { name: 'an entry without credentials', domain: 'empty.example.com', source: undefined },
    { name: 'unknown host', domain: 'quay.io', source: undefined },
  ])('$name', ({ domain, source }) => expect(credentialSource(config, domain)).toEqual(source))

  test('credsStore serves every host not in credHelpers; Hub by its v1 URL', () => {
    const c: DockerConfig = { credsStore: 'desktop', credHelpers: { 'gcr.io': 'gcloud' } }
    expect(credentialSource(c, 'docker.io')).toEqual({
      from: 'helper',
      helper: 'desktop',
      serverUrl: 'https://index.docker.io/v1/',
    })
    expect(credentialSource(c, 'gcr.io')).toEqual({
      from: 'helper',
      helper: 'gcloud',
      serverUrl: 'gcr.io',
    })
  })
})

test.each([
  { key: 'https://index.docker.io/v1/', host: 'docker.io' },
  { key: 'registry-1.docker.io', host: 'docker.io' },
  { key: 'http://localhost:5000/v2/', host: 'localhost:5000' },
  { key: 'GHCR.io', host: 'ghcr.io' },
])('configKeyHost($key)', ({ key, host }) => expect(configKeyHost(key)).toBe(host))

test('decodeAuth refuses an auth without a user', () => {
  expect(decodeAuth(b64(':pw'))).toBeUndefined()
  expect(decodeAuth(b64('nocolon'))).toBeUndefined()
})

test.each([
  {
    out: '{"ServerURL":"ghcr.io","Username":"u","Secret":"s"}',
    cred: { kind: 'basic', username: 'u', password: 's' },
  },
  {
    out: '{"ServerURL":"x","Username":"<token>","Secret":"rt"}',
    cred: { kind: 'identity', token: 'rt' },
  },
  { out: '{"ServerURL":"x","Username":"","Secret":""}', cred: undefined },
])('parseHelperOutput $out', ({ out, cred }) => expect(parseHelperOutput(out)).toEqual(cred))

describe('credentialsFor', () => {
  test('asks the helper with the server on stdin', async () => {
    const calls: [string, string][] = []
    const runHelper: HelperRunner = async (helper, server) => {
      calls.push([helper, server])
      return { exitCode: 0, stdout: '{"Username":"AWS","Secret":"tok"}', stderr: '' }
    }
    const cred = await credentialsFor('1.dkr.ecr.eu-west-1.amazonaws.com', {
      config: { credHelpers: { '1.dkr.ecr.eu-west-1.amazonaws.com': 'ecr-login' } },
      runHelper,
    })
    expect(cred).toEqual({ kind: 'basic', username: 'AWS', password: 'tok' })
    expect(calls).toEqual([['ecr-login', '1.dkr.ecr.eu-west-1.amazonaws.com']])
  })

  test('a helper that does not know the server: anonymous', async () => {
    const runHelper: HelperRunner = async () => ({
      exitCode: 1,
      stdout: 'credentials not found in native keychain',
      stderr: '',
    })
    expect(
      await credentialsFor('ghcr.io', { config: { credsStore: 'pass' }, runHelper }),
    ).toBeUndefined()
  })

  test('a helper that cannot run: an error naming it', async () => {
    const runHelper: HelperRunner = async () => ({
      exitCode: 127,
      stdout: '',
      stderr: 'Unable to locate executable',
    })
    await expect(
      credentialsFor('ghcr.io', { config: { credsStore: 'pass' }, runHelper }),
    ).rejects.toThrow(/docker-credential-pass failed for ghcr.io/)
  })

  test('readDockerConfig reads $DOCKER_CONFIG/config.json; none is empty', () => {
    const dir = mkdtempSync(join(tmpdir(), 'd2p-cfg-'))
    expect(readDockerConfig({ DOCKER_CONFIG: dir })).toEqual({})
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ auths: { 'a.io': { auth: b64('u:p') } } }),
    )
    expect(readDockerConfig({ DOCKER_CONFIG: dir }).auths?.['a.io']).toEqual({ auth: b64('u:p') })
    writeFileSync(join(dir, 'config.json'), '{not json')
    expect(() => readDockerConfig({ DOCKER_CONFIG: dir })).toThrow(/config.json is not valid JSON/)
    rmSync(dir, { recursive: true, force: true })
  })
})
