import { describe, expect, test } from 'vitest'
import { credentialsFor, normalizeRegistryKey } from './credentials.ts'
import { parseImageReference, registryEndpoint } from './image-ref.ts'
import { behaviourFromLabels } from './behaviour.ts'

const D = 'sha256:' + 'a'.repeat(64)

describe('parseImageReference', () => {
  test.each([
    {
      ref: 'nginx',
      registry: 'docker.io',
      repository: 'library/nginx',
      tag: 'latest',
      normalized: 'docker.io/library/nginx:latest',
    },
    {
      ref: 'nginx:1.25',
      registry: 'docker.io',
      repository: 'library/nginx',
      tag: '1.25',
      normalized: 'docker.io/library/nginx:1.25',
    },
    {
      ref: 'bitnami/redis:7',
      registry: 'docker.io',
      repository: 'bitnami/redis',
      tag: '7',
      normalized: 'docker.io/bitnami/redis:7',
    },
    {
      ref: '127.0.0.1:5000/app',
      registry: '127.0.0.1:5000',
      repository: 'app',
      tag: 'latest',
      normalized: '127.0.0.1:5000/app:latest',
    },
    {
      ref: '127.0.0.1:5000/team/app:v1',
      registry: '127.0.0.1:5000',
      repository: 'team/app',
      tag: 'v1',
      normalized: '127.0.0.1:5000/team/app:v1',
    },
    {
      ref: `localhost:5000/app@${D}`,
      registry: 'localhost:5000',
      repository: 'app',
      tag: undefined,
      digest: D,
      normalized: `localhost:5000/app@${D}`,
    },
    {
      ref: `ghcr.io/o/app:1.2@${D}`,
      registry: 'ghcr.io',
      repository: 'o/app',
      tag: '1.2',
      digest: D,
      normalized: `ghcr.io/o/app:1.2@${D}`,
    },
    {
      ref: 'localhost/app',
      registry: 'localhost',
      repository: 'app',
      tag: 'latest',
      normalized: 'localhost/app:latest',
    },
  ])('$ref', ({ ref, ...want }) => {
    expect(parseImageReference(ref)).toMatchObject(want)
  })
  test.each([
    '',
    'UPPER/app',
    'app:',
    'app@sha256:123',
    '127.0.0.1:5000/',
    'a//b',
    'app:tag:more',
    ' app',
  ])('invalid %j', (ref) => {
    expect(() => parseImageReference(ref)).toThrow(
      `couldn't parse image name "${ref}": invalid reference format`,
    )
  })
  test('endpoints: http for loopback registries, https otherwise', () => {
    expect(registryEndpoint('127.0.0.1:5000')).toBe('http://127.0.0.1:5000')
    expect(registryEndpoint('localhost:5000')).toBe('http://localhost:5000')
    expect(registryEndpoint('ghcr.io')).toBe('https://ghcr.io')
    expect(registryEndpoint('docker.io')).toBe('https://registry-1.docker.io')
    expect(registryEndpoint('reg.lan:5000', ['reg.lan:5000'])).toBe('http://reg.lan:5000')
  })
})

describe('pull secrets', () => {
  const secret = (auths: Record<string, unknown>) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's', uid: '', resourceVersion: '', creationTimestamp: '' },
    type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': Buffer.from(JSON.stringify({ auths })).toString('base64') },
  })
  test('auth and username/password forms, keys normalized', () => {
    const s = secret({
      'http://127.0.0.1:5000/v2/': { auth: Buffer.from('u:p:x').toString('base64') },
      'https://index.docker.io/v1/': { username: 'hub', password: 'pw' },
    })
    expect(credentialsFor('127.0.0.1:5000', [s])).toEqual([{ username: 'u', password: 'p:x' }])
    expect(credentialsFor('docker.io', [s])).toEqual([{ username: 'hub', password: 'pw' }])
    expect(credentialsFor('ghcr.io', [s])).toEqual([])
    expect(normalizeRegistryKey('HTTPS://Reg.Example:443/path')).toBe('reg.example:443')
  })
})

describe('behaviour labels', () => {
  test('defaults: ready at once, runs forever', () => {
    expect(behaviourFromLabels(undefined)).toEqual({
      readyAfterMs: 0,
      exitAfterMs: undefined,
      exitCode: 1,
      oomAfterMs: undefined,
      logLines: [],
    })
  })
  test('every label', () => {
    expect(
      behaviourFromLabels({
        'dock2pod.test/ready-after': '2s',
        'dock2pod.test/exit-after': '1m',
        'dock2pod.test/exit-code': '3',
        'dock2pod.test/oom-after': '500ms',
        'dock2pod.test/log': 'starting\\nboom',
      }),
    ).toEqual({
      readyAfterMs: 2000,
      exitAfterMs: 60_000,
      exitCode: 3,
      oomAfterMs: 500,
      logLines: ['starting', 'boom'],
    })
    expect(behaviourFromLabels({ 'dock2pod.test/ready': 'never' }).readyAfterMs).toBeUndefined()
  })
})
