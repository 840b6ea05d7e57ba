// How many connections the run opens to the API server: client.ts sends every request and
// watch of a run through one connection pool, where client-node alone builds a new one
// (and so a new connection, and over TLS a new handshake) for every request. Against a
// local HTTP server standing in for the API server, the real client-node underneath.
import { createServer, type Server, type ServerResponse } from 'node:http'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { KubeApi } from '../../src/kube/api.ts'
import { localKubeApi } from '../helpers/local-kube-api.ts'

let server: Server
let connections = 0
const watches = new Set<ServerResponse>()
let api: KubeApi

beforeAll(async () => {
  server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json')
    if (req.url?.includes('watch=true')) {
      // A quiet watch: headers now, events never; held open until the test ends it.
      res.writeHead(200)
      res.flushHeaders()
      watches.add(res)
      res.on('close', () => watches.delete(res))
      return
    }
    res.end(JSON.stringify({ kind: 'PodList', metadata: { resourceVersion: '7' }, items: [] }))
  })
  server.on('connection', () => connections++)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  api = await localKubeApi(server)
})
afterAll(async () => {
  for (const w of watches) w.destroy()
  server.closeAllConnections()
  await new Promise<void>((r) => server.close(() => r()))
})

test('six requests one after another reuse the connections of one pool', async () => {
  connections = 0
  for (let i = 0; i < 6; i++) await api.list('pods', 'ns', {})
  // One, or two when the first is not yet back in the pool as the second goes out;
  // client-node's pool per request opens six.
  expect(connections).toBeLessThanOrEqual(2)
})

test('three watches at once open at most three connections; three lists after them at most one more', async () => {
  connections = 0
  await api.list('pods', 'ns', {})
  const before = connections
  const cancels = await Promise.all(
    [1, 2, 3].map(() =>
      api.watch(
        'pods',
        'ns',
        {},
        () => {},
        () => {},
      ),
    ),
  )
  await expect.poll(() => watches.size).toBe(3)
  // A watch holds its connection; the list's idle one may serve the first of them.
  expect(connections - before).toBeLessThanOrEqual(3)
  for (const c of cancels) c()
  await expect.poll(() => watches.size).toBe(0)
  const afterWatches = connections
  for (let i = 0; i < 3; i++) await api.list('pods', 'ns', {})
  // With a pool per request, each of these lists opened a connection of its own.
  expect(connections - afterWatches).toBeLessThanOrEqual(1)
})
