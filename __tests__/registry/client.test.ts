// The registry client against a small fake registry in this process (node:http): the
// bearer-token flow, basic auth, retries, HEAD without a digest. Waits are recorded,
// never slept.
import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { RegistryClient, RegistryError, resolveDigest } from '../../src/registry/client.ts'
import type { Credential } from '../../src/registry/credentials.ts'

interface Fake {
  host: string
  requests: { method: string; path: string; authorization?: string; body?: string }[]
  /** Answer the next requests with these statuses (and Retry-After) before the real answer. */
  faults: { status: number; retryAfter?: string }[]
  auth: 'bearer' | 'basic' | 'none'
  headDigest: boolean
  close(): Promise<void>
}

const image = {
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  config: {
    mediaType: 'application/vnd.oci.image.config.v1+json',
    digest: `sha256:${'c'.repeat(64)}`,
    size: 100,
  },
  layers: [
    {
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
      digest: `sha256:${'1'.repeat(64)}`,
      size: 1000,
    },
    {
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
      digest: `sha256:${'2'.repeat(64)}`,
      size: 24,
    },
  ],
}
const imageRaw = Buffer.from(JSON.stringify(image))
const imageDigest = `sha256:${createHash('sha256').update(imageRaw).digest('hex')}`
const index = {
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.index.v1+json',
  manifests: [
    {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: imageDigest,
      size: imageRaw.length,
      platform: { os: 'linux', architecture: 'amd64' },
    },
    {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: `sha256:${'a'.repeat(64)}`,
      size: 5,
      platform: { os: 'unknown', architecture: 'unknown' },
    },
  ],
}
const indexRaw = Buffer.from(JSON.stringify(index))
const indexDigest = `sha256:${createHash('sha256').update(indexRaw).digest('hex')}`

const USER = 'ci'
const PASSWORD = 'pa55'
const TOKEN = 'tok-123'

async function startFake(): Promise<Fake> {
  const fake = { requests: [], faults: [], auth: 'bearer', headDigest: true } as unknown as Fake
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      const url = new URL(req.url!, 'http://x')
      fake.requests.push({
        method: req.method!,
        path: url.pathname + url.search,
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        ...(body ? { body } : {}),
      })
      const fault = fake.faults.shift()
      if (fault) {
        if (fault.retryAfter) res.setHeader('retry-after', fault.retryAfter)
        res.writeHead(fault.status).end()
        return
      }
      const basic = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`
      if (url.pathname === '/token') {
        const ok =
          req.method === 'POST'
            ? new URLSearchParams(body).get('refresh_token') === 'refresh-1'
            : req.headers.authorization === undefined || req.headers.authorization === basic
        if (!ok) return void res.writeHead(401).end()
        res.writeHead(200, { 'content-type': 'application/json' })
        return void res.end(
          JSON.stringify(req.method === 'POST' ? { access_token: TOKEN } : { token: TOKEN }),
        )
      }
      if (url.pathname === '/v2/') return void res.writeHead(fake.auth === 'none' ? 200 : 401).end()
      const authorised =
        fake.auth === 'none' ||
        (fake.auth === 'bearer' && req.headers.authorization === `Bearer ${TOKEN}`) ||
        (fake.auth === 'basic' && req.headers.authorization === basic)
      if (!authorised) {
        res.setHeader(
          'www-authenticate',
          fake.auth === 'bearer'
            ? `Bearer realm="http://${fake.host}/token",service="fake-registry",scope="repository:acme/app:pull"`
            : 'Basic realm="fake"',
        )
        return void res.writeHead(401).end()
      }
      const m = /^\/v2\/acme\/app\/manifests\/(.+)$/.exec(url.pathname)
      const served =
        m?.[1] === 'v1' || m?.[1] === imageDigest
          ? imageRaw
          : m?.[1] === 'multi' || m?.[1] === indexDigest
            ? indexRaw
            : undefined
      if (!served) return void res.writeHead(404).end()
      const isIndex = served === indexRaw
      const headers: Record<string, string> = {
        'content-type': isIndex ? index.mediaType : image.mediaType,
        'content-length': String(served.length),
      }
      if (fake.headDigest || req.method === 'GET')
        headers['docker-content-digest'] = isIndex ? indexDigest : imageDigest
      if (req.method === 'HEAD' && !fake.headDigest) delete headers['docker-content-digest']
      res.writeHead(200, headers)
      res.end(req.method === 'HEAD' ? undefined : served)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  fake.host = `127.0.0.1:${(server.address() as AddressInfo).port}`
  fake.close = () => new Promise((r) => server.close(() => r()))
  return fake
}

let fake: Fake
let waits: number[]
beforeEach(async () => {
  fake = await startFake()
  waits = []
})
afterEach(() => fake.close())

const client = (credential?: Credential, over = {}) =>
  new RegistryClient({
    credentials: async () => credential,
    sleep: async (ms) => void waits.push(ms),
    backoffMs: 100,
    retries: 2,
    ...over,
  })
const ref = (reference: { tag?: string; digest?: string }) => ({
  registry: fake.host,
  repository: 'acme/app',
  ...reference,
})

describe('bearer-token flow', () => {
  test('401 → token with basic credentials → HEAD with the token; the token is reused', async () => {
    const c = client({ kind: 'basic', username: USER, password: PASSWORD })
    expect(await c.resolveDigest(ref({ tag: 'v1' }))).toEqual({
      digest: imageDigest,
      mediaType: image.mediaType,
      size: imageRaw.length,
    })
    await c.resolveDigest(ref({ tag: 'v1' }))
    const basic = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`
    expect(fake.requests.map((r) => [r.method, r.path, r.authorization])).toEqual([
      ['HEAD', '/v2/acme/app/manifests/v1', undefined],
      ['GET', '/token?service=fake-registry&scope=repository%3Aacme%2Fapp%3Apull', basic],
      ['HEAD', '/v2/acme/app/manifests/v1', `Bearer ${TOKEN}`],
      ['HEAD', '/v2/acme/app/manifests/v1', `Bearer ${TOKEN}`],
    ])
  })

  test('anonymous: the token request carries no credentials', async () => {
    expect((await client().resolveDigest(ref({ tag: 'v1' }))).digest).toBe(imageDigest)
    expect(fake.requests[1]).toMatchObject({
      method: 'GET',
      path: expect.stringMatching(/^\/token\?/),
    })
    expect(fake.requests[1]!.authorization).toBeUndefined()
  })

  test('an identity token is exchanged by POST (OAuth2 refresh_token)', async () => {
    expect(
      (await client({ kind: 'identity', token: 'refresh-1' }).resolveDigest(ref({ tag: 'v1' })))
        .digest,
    ).toBe(imageDigest)
    const post = new URLSearchParams(fake.requests[1]!.body)
    expect(fake.requests[1]!.method).toBe('POST')
    expect(Object.fromEntries(post)).toMatchObject({
      grant_type: 'refresh_token',
      refresh_token: 'refresh-1',
      service: 'fake-registry',
      scope: 'repository:acme/app:pull',
    })
  })

  test('wrong credentials at the token service: unauthorized, naming the registry', async () => {
    const err = await client({ kind: 'basic', username: USER, password: 'nope' })
      .resolveDigest(ref({ tag: 'v1' }))
      .catch((e) => e)
    expect(err).toBeInstanceOf(RegistryError)
    expect(err).toMatchObject({ kind: 'unauthorized', status: 401 })
    expect(err.message).toContain(fake.host)
    expect(err.message).not.toContain('nope')
  })
})

describe('basic challenge', () => {
  test('answered with the credentials', async () => {
    fake.auth = 'basic'
    expect(
      (
        await client({ kind: 'basic', username: USER, password: PASSWORD }).resolveDigest(
          ref({ tag: 'v1' }),
        )
      ).digest,
    ).toBe(imageDigest)
  })
  test('without credentials: a clear unauthorized error, one attempt', async () => {
    fake.auth = 'basic'
    await expect(client().resolveDigest(ref({ tag: 'v1' }))).rejects.toMatchObject({
      kind: 'unauthorized',
      message: expect.stringMatching(/needs a login/),
    })
    expect(fake.requests).toHaveLength(1)
  })
  test('refused credentials: unauthorized after one retry with them', async () => {
    fake.auth = 'basic'
    await expect(
      client({ kind: 'basic', username: USER, password: 'bad' }).resolveDigest(ref({ tag: 'v1' })),
    ).rejects.toMatchObject({
      kind: 'unauthorized',
      message: expect.stringMatching(/refused the credentials/),
    })
    expect(fake.requests).toHaveLength(2)
  })
})

describe('retries', () => {
  test('5xx twice, then the answer: backs off 100, 200 ms', async () => {
    fake.auth = 'none'
    fake.faults.push({ status: 503 }, { status: 502 })
    expect((await client().resolveDigest(ref({ tag: 'v1' }))).digest).toBe(imageDigest)
    expect(waits).toEqual([100, 200])
  })
  test('429 with Retry-After is honoured, and capped', async () => {
    fake.auth = 'none'
    fake.faults.push({ status: 429, retryAfter: '2' }, { status: 429, retryAfter: '3600' })
    expect(
      (await client(undefined, { maxWaitMs: 5000 }).resolveDigest(ref({ tag: 'v1' }))).digest,
    ).toBe(imageDigest)
    expect(waits).toEqual([2000, 5000])
  })
  test('a registry that keeps failing: an error after retries + 1 attempts', async () => {
    fake.auth = 'none'
    fake.faults.push(...Array.from({ length: 10 }, () => ({ status: 500 })))
    await expect(client().resolveDigest(ref({ tag: 'v1' }))).rejects.toMatchObject({
      kind: 'server',
      status: 500,
    })
    expect(fake.requests).toHaveLength(3)
    expect(waits).toEqual([100, 200])
  })
  test('nothing listening: unreachable, after the same bounded retries', async () => {
    await fake.close()
    const err = await client()
      .resolveDigest(ref({ tag: 'v1' }))
      .catch((e) => e)
    expect(err).toMatchObject({ kind: 'unreachable' })
    expect(err.message).toMatch(/ECONNREFUSED/)
    expect(waits).toEqual([100, 200])
    fake = await startFake()
  })
})

describe('manifests', () => {
  test('HEAD without Docker-Content-Digest: GET and hash', async () => {
    fake.auth = 'none'
    fake.headDigest = false
    expect((await client().resolveDigest(ref({ tag: 'v1' }))).digest).toBe(imageDigest)
    expect(fake.requests.map((r) => r.method)).toEqual(['HEAD', 'GET'])
  })
  test('an index resolves to its own digest; its size is the first platform image', async () => {
    fake.auth = 'none'
    const c = client()
    expect(await c.resolveDigest(ref({ tag: 'multi' }))).toMatchObject({
      digest: indexDigest,
      mediaType: index.mediaType,
    })
    expect(await c.imageSize(ref({ tag: 'multi' }))).toBe(1124)
  })
  test('a digest is confirmed to exist; an unknown tag is not-found', async () => {
    fake.auth = 'none'
    expect(
      (await resolveDigest(ref({ digest: imageDigest }), { credentials: async () => undefined }))
        .digest,
    ).toBe(imageDigest)
    await expect(client().resolveDigest(ref({ tag: 'v2' }))).rejects.toMatchObject({
      kind: 'not-found',
      status: 404,
    })
  })
  test('ping: a 401 from /v2/ still means the registry is there', async () => {
    await expect(client().ping(fake.host)).resolves.toBeUndefined()
  })
})
