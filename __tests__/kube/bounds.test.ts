// Bounded reads of the cluster, against a local HTTP server standing in for the API
// server (the real client-node underneath): lists come in pages of 500 and keep only
// what the caller keeps; a crashed container's log is asked for by bytes and lines, and
// each quoted line is cut whatever the server sends.
import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { KubeApi } from '../../src/kube/api.ts'
import { localKubeApi } from '../helpers/local-kube-api.ts'
import { lastLogLines } from '../../src/kube/rollout.ts'
import type { KubeEvent } from '../../src/kube/types.ts'
import { LIMITS } from '../../src/util/bounds.ts'

const EVENTS = 20_000
const requests: URL[] = []
let server: Server
let api: KubeApi
let logBody = ''
/** What `previous=true` answers, when it differs from the current container's log. */
let previousLogBody: string | undefined

const event = (i: number): KubeEvent => ({
  metadata: { name: `e${i}`, namespace: 'ns', uid: `u${i}` },
  // One in a thousand is about a pod of ours.
  involvedObject: { kind: 'Pod', name: i % 1000 === 0 ? `web-abc-${i}` : `other-${i}` },
  reason: 'Pulled',
  message: 'x'.repeat(200),
})

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x')
    requests.push(url)
    if (url.pathname.endsWith('/log')) {
      // As kube-apiserver does: `Accept: text/plain` alone is not acceptable on pods/log.
      if (req.headers.accept === 'text/plain') {
        res.statusCode = 406
        res.end('{"kind":"Status","code":406}')
        return
      }
      res.setHeader('content-type', 'text/plain')
      const previous = url.searchParams.get('previous') === 'true'
      res.end(previous && previousLogBody !== undefined ? previousLogBody : logBody)
      return
    }
    // Pages as the API server cuts them; no limit, no pages (everything at once).
    const limit = Number(url.searchParams.get('limit') ?? EVENTS)
    const from = Number(url.searchParams.get('continue') ?? 0)
    const to = Math.min(EVENTS, from + limit)
    const items = Array.from({ length: to - from }, (_, k) => event(from + k))
    res.setHeader('content-type', 'application/json')
    res.end(
      JSON.stringify({
        kind: 'EventList',
        metadata: {
          resourceVersion: from === 0 ? '777' : 'later',
          ...(to < EVENTS ? { continue: String(to) } : {}),
        },
        items,
      }),
    )
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  api = await localKubeApi(server)
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

test(
  '20,000 events: read in pages of 500, only ours kept, the first page’s version',
  { timeout: 60_000 },
  async () => {
    requests.length = 0
    const list = await api.list<KubeEvent>(
      'events',
      'ns',
      { fieldSelector: 'involvedObject.kind=Pod' },
      (e) => e.involvedObject?.name?.startsWith('web-abc-') ?? false,
    )
    expect(list.items.map((e) => e.metadata?.name)).toEqual(
      Array.from({ length: EVENTS / 1000 }, (_, k) => `e${k * 1000}`),
    )
    expect(list.resourceVersion).toBe('777')
    expect(requests).toHaveLength(EVENTS / 500)
    for (const [i, r] of requests.entries()) {
      expect(r.searchParams.get('limit')).toBe('500')
      expect(r.searchParams.get('continue')).toBe(i === 0 ? null : String(i * 500))
      expect(r.searchParams.get('fieldSelector')).toBe('involvedObject.kind=Pod')
    }
  },
)

// 50 MiB through a local socket takes seconds on a busy machine: a generous timeout,
// no assertion on time.
test(
  'a crashed container’s log: asked for by lines and bytes, each line cut',
  { timeout: 60_000 },
  async () => {
    requests.length = 0
    // A server that ignores limitBytes still cannot make a quoted line long.
    logBody = `${'a'.repeat(50 * 1024 * 1024)}\nshort line\n${'b'.repeat(LIMITS.quotedLine)}\n${'c'.repeat(LIMITS.quotedLine + 1)}\n`
    const lines = await lastLogLines(api, 'ns', 'web-abc-1', 'web')
    expect(requests[0]!.searchParams.get('limitBytes')).toBe(String(LIMITS.podLogBytes))
    expect(requests[0]!.searchParams.get('tailLines')).toBe(String(LIMITS.podLogLines))
    expect(requests[0]!.searchParams.get('previous')).toBe('true')
    expect(lines).toEqual([
      `${'a'.repeat(LIMITS.quotedLine)}… (cut, ${50 * 1024 * 1024} characters)`,
      'short line',
      'b'.repeat(LIMITS.quotedLine), // at the limit: whole
      `${'c'.repeat(LIMITS.quotedLine)}… (cut, ${LIMITS.quotedLine + 1} characters)`,
    ])
  },
)

test('a previous container whose log the kubelet no longer has: the current one is read', async () => {
  requests.length = 0
  // The kubelet answers 200 with this line when it has removed that container.
  previousLogBody = 'unable to retrieve container logs for containerd://0123abcd'
  logBody = 'starting web\nfatal: DATABASE_URL is not set\n'
  try {
    const lines = await lastLogLines(api, 'ns', 'web-abc-1', 'web')
    expect(requests.map((r) => r.searchParams.get('previous'))).toEqual(['true', 'false'])
    expect(lines).toEqual(['starting web', 'fatal: DATABASE_URL is not set'])
  } finally {
    previousLogBody = undefined
  }
})
