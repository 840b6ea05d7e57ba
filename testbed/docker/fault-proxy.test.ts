// The fault proxy against a small fake upstream (no Docker needed): it forwards and
// rewrites Location, serves each kind of fault exactly as often as asked, and logs
// every request with what it served.
import { createServer, type Server } from 'node:http'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { startFaultProxy, type FaultProxy } from './fault-proxy.ts'

let upstream: Server
let target = ''
let proxy: FaultProxy
const received: { method: string; url: string; body: string; host: string }[] = []

beforeAll(async () => {
  upstream = createServer((req, res) => {
    let body = ''
    req.on('data', (d) => (body += d))
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, body, host: req.headers.host! })
      if (req.url!.startsWith('/v2/app/blobs/uploads/') && req.method === 'POST') {
        // As distribution does when configured with an absolute URL of its own.
        res.writeHead(202, { location: `http://${target}/v2/app/blobs/uploads/u1?_state=x` })
        res.end()
        return
      }
      res.writeHead(200, { 'content-type': 'text/plain', 'docker-content-digest': 'sha256:abc' })
      res.end(`ok ${req.method} ${req.url}`)
    })
  })
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r))
  target = `127.0.0.1:${(upstream.address() as { port: number }).port}`
  proxy = await startFaultProxy(target)
})
afterAll(async () => {
  await proxy.stop()
  await new Promise((r) => upstream.close(r))
})
afterEach(async () => {
  proxy.clearFaults()
  proxy.clearLog()
  received.length = 0
  await proxy.setDown(false)
})

const url = (path: string) => `http://${proxy.host}${path}`

describe('fault proxy', () => {
  test('forwards method, path, body and Host; logs the status; rewrites Location to itself', async () => {
    const res = await fetch(url('/v2/app/blobs/uploads/'), { method: 'POST', body: 'data' })
    expect(res.status).toBe(202)
    expect(res.headers.get('location')).toBe(
      `http://${proxy.host}/v2/app/blobs/uploads/u1?_state=x`,
    )
    expect(received).toEqual([
      { method: 'POST', url: '/v2/app/blobs/uploads/', body: 'data', host: proxy.host },
    ])
    const get = await fetch(url('/v2/app/manifests/v1'))
    expect(await get.text()).toBe('ok GET /v2/app/manifests/v1')
    expect(
      proxy.log.map(({ method, path, status, injected }) => ({ method, path, status, injected })),
    ).toEqual([
      { method: 'POST', path: '/v2/app/blobs/uploads/', status: 202, injected: undefined },
      { method: 'GET', path: '/v2/app/manifests/v1', status: 200, injected: undefined },
    ])
  })

  test('the next N matching requests get the status, with Retry-After; then it recovers', async () => {
    proxy.inject({
      method: /^(PATCH|PUT)$/,
      path: /\/blobs\/uploads\//,
      status: 429,
      retryAfter: 2,
      times: 2,
    })
    const other = await fetch(url('/v2/app/blobs/uploads/u1'), { method: 'GET' })
    expect(other.status).toBe(200)
    const statuses: (number | null)[] = []
    for (let i = 0; i < 3; i++) {
      const r = await fetch(url('/v2/app/blobs/uploads/u1'), { method: 'PATCH', body: 'x' })
      statuses.push(r.status)
      if (r.status === 429) {
        expect(r.headers.get('retry-after')).toBe('2')
        expect(((await r.json()) as { errors: unknown[] }).errors).toHaveLength(1)
      } else await r.text()
    }
    expect(statuses).toEqual([429, 429, 200])
    expect(
      proxy.log.map((e) => [e.method, e.status, e.injected ?? '-', e.retryAfter ?? '-']),
    ).toEqual([
      ['GET', 200, '-', '-'],
      ['PATCH', 429, 'status', 2],
      ['PATCH', 429, 'status', 2],
      ['PATCH', 200, '-', '-'],
    ])
    // The injected answers never reached the registry.
    expect(received.filter((r) => r.method === 'PATCH')).toHaveLength(1)
  })

  test('a HEAD gets the status without a body; the user agent can be matched', async () => {
    proxy.inject({ method: 'HEAD', userAgent: /^docker\//, status: 503 })
    const mine = await fetch(url('/v2/app/manifests/v1'), { method: 'HEAD' })
    expect(mine.status).toBe(200)
    const dockers = await fetch(url('/v2/app/manifests/v1'), {
      method: 'HEAD',
      headers: { 'user-agent': 'docker/20.10.24 go/go1.19' },
    })
    expect(dockers.status).toBe(503)
    expect(proxy.log.map((e) => e.injected)).toEqual([undefined, 'status'])
  })

  test('drop: the connection closes without an answer', async () => {
    proxy.inject({ path: /manifests/, drop: true })
    await expect(fetch(url('/v2/app/manifests/v1'))).rejects.toThrow()
    expect(proxy.log).toMatchObject([{ method: 'GET', injected: 'drop' }])
    expect(proxy.log[0]!.status).toBeUndefined()
    expect(received).toEqual([])
  })

  test('delay: the answer comes no sooner than asked, then is the registry’s', async () => {
    proxy.inject({ path: /manifests/, delayMs: 300 })
    const started = Date.now()
    const res = await fetch(url('/v2/app/manifests/v1'))
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
    expect(res.status).toBe(200)
    expect(proxy.log).toMatchObject([{ injected: 'delay', status: 200 }])
  })

  test('down: close answers nothing and logs it; refuse refuses; up again works', async () => {
    await proxy.setDown('close')
    await expect(fetch(url('/v2/'))).rejects.toThrow()
    expect(proxy.log).toMatchObject([{ path: '/v2/', injected: 'down' }])
    await proxy.setDown('refuse')
    const refused = await fetch(url('/v2/')).catch((e: Error) => e)
    expect((refused as Error & { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED')
    await proxy.setDown(false)
    expect((await fetch(url('/v2/'))).status).toBe(200)
    expect(received.map((r) => r.url)).toEqual(['/v2/'])
  })
})
