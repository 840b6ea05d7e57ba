// What a registry sends is read up to a bound: a manifest up to the OCI distribution
// spec's 4 MiB, a token service's answer up to 1 MiB; more is refused as it streams.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { readBounded, RegistryClient } from '../../src/registry/client.ts'
import { LIMITS } from '../../src/util/bounds.ts'

const stream = (sizes: number[]) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (const n of sizes) c.enqueue(new Uint8Array(n).fill(0x61))
      c.close()
    },
  })

describe('readBounded', () => {
  test('at the bound: the whole body', async () => {
    const b = await readBounded(new Response(stream([6, 4])), 10, 'x')
    expect(b.toString()).toBe('a'.repeat(10))
  })
  test('one byte beyond, streamed without a length: refused', async () => {
    await expect(readBounded(new Response(stream([6, 5])), 10, 'the thing')).rejects.toThrow(
      'the thing is larger than 10 bytes; refused unread',
    )
  })
  test('a Content-Length beyond: refused before reading', async () => {
    const res = new Response(stream([1]), { headers: { 'content-length': '11' } })
    await expect(readBounded(res, 10, 'x')).rejects.toThrow(/larger than 10 bytes/)
  })
})

/** A manifest of exactly `size` bytes of JSON. */
function manifestOf(size: number): Buffer {
  const head = '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","x":"'
  return Buffer.from(head + 'p'.repeat(size - head.length - 2) + '"}')
}

// Megabytes through a local socket: generous timeouts below, no assertion on time.
describe('a registry sending a huge manifest', () => {
  let server: Server
  let host = ''
  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url!, 'http://x')
      if (url.pathname === '/v2/') return void res.writeHead(200).end()
      const tag = url.pathname.split('/').pop()
      const body =
        tag === 'at' ? manifestOf(LIMITS.manifestBytes) : manifestOf(LIMITS.manifestBytes + 1)
      const headers: Record<string, string> = {
        'content-type': 'application/vnd.oci.image.manifest.v1+json',
      }
      if (tag !== 'chunked') headers['content-length'] = String(body.length)
      res.writeHead(200, headers)
      res.end(req.method === 'HEAD' ? undefined : body)
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((r) => server.close(() => r())))

  const client = () => new RegistryClient({ credentials: async () => undefined, retries: 0 })
  const ref = (tag: string) => ({ registry: host, repository: 'acme/app', tag })

  test(`${LIMITS.manifestBytes} bytes: read`, { timeout: 60_000 }, async () => {
    const m = await client().getManifest(ref('at'))
    expect(m.size).toBe(LIMITS.manifestBytes)
  })
  test.each(['over', 'chunked'])(
    'one byte more (%s): refused',
    { timeout: 60_000 },
    async (tag) => {
      await expect(client().getManifest(ref(tag))).rejects.toThrow(
        /the manifest is larger than 4194304 bytes; refused unread/,
      )
    },
  )
})
