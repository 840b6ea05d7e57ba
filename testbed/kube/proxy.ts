// The test hooks in front of the real kube-apiserver: an HTTPS proxy that forwards every
// request unchanged (bodies, watches, and the upgraded streams of exec, attach and
// port-forward), keeps the request log (`GET`/`DELETE /_testbed/requests`) and applies
// fault injections (`POST`/`GET`/`DELETE /_testbed/faults`). Requests no fault matches
// pass through untouched. The hooks take the full-access token.
import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer, request, type Server } from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import { connect } from 'node:tls'
import { ApiError } from './status.ts'
import { Faults, faultError, type FaultRequest, type RequestLogEntry } from './faults.ts'

const REQUEST_LOG_LIMIT = 50_000

export interface HooksProxy {
  url: string
  faults: Faults
  stop(): Promise<void>
}

export interface HooksProxyOptions {
  upstream: string
  caPem: string
  certPem: string
  keyPem: string
  adminToken: string
}

const isWatch = (q: URLSearchParams) => q.get('watch') === 'true' || q.get('watch') === '1'

export async function startHooksProxy(o: HooksProxyOptions): Promise<HooksProxy> {
  const upstream = new URL(o.upstream)
  const faults = new Faults()
  const log: { entry: RequestLogEntry; res?: ServerResponse }[] = []
  const watches = new Set<ServerResponse>()
  const streams = new Set<Socket>()
  let dropTimer: NodeJS.Timeout | undefined
  /** After a compaction: watches from a resourceVersion at or below this answer 410. */
  let compactedAt = 0

  const dropWatches = () => {
    for (const w of watches) w.destroy()
    watches.clear()
  }
  const setDropInterval = (ms: number) => {
    if (dropTimer) clearInterval(dropTimer)
    dropTimer = undefined
    faults.dropEveryMs = ms > 0 ? ms : 0
    if (ms > 0) dropTimer = setInterval(dropWatches, ms)
  }
  const isAdmin = (h: string | undefined) => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(h ?? '')
    if (!m) return false
    const a = Buffer.from(m[1]!)
    const b = Buffer.from(o.adminToken)
    return a.length === b.length && timingSafeEqual(a, b)
  }
  const sendJson = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers })
    res.end(JSON.stringify(body))
  }
  const sendError = (res: ServerResponse, e: ApiError) => {
    const retry = e.details?.retryAfterSeconds
    sendJson(res, e.code, e.toStatus(), retry !== undefined ? { 'retry-after': String(retry) } : {})
  }
  const readBody = (req: IncomingMessage) =>
    new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => resolve(Buffer.concat(chunks)))
      req.on('error', reject)
    })

  /** The current resourceVersion of the cluster (a cheap list), for compaction. */
  const currentRv = () =>
    new Promise<number>((resolve) => {
      const r = request(
        new URL('/api/v1/namespaces?limit=1', upstream),
        { ca: o.caPem, headers: { authorization: `Bearer ${o.adminToken}` }, agent: false },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => {
            try {
              resolve(Number(JSON.parse(Buffer.concat(chunks).toString()).metadata.resourceVersion))
            } catch {
              resolve(0)
            }
          })
        },
      )
      r.on('error', () => resolve(0))
      r.end()
    })

  async function serveHooks(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
  ): Promise<void> {
    const method = req.method ?? 'GET'
    const body = await readBody(req)
    if (!isAdmin(req.headers.authorization))
      return sendError(
        res,
        new ApiError(403, 'Forbidden', `the test hooks take the full-access token`),
      )
    if (path === '/_testbed/requests') {
      if (method === 'GET')
        return sendJson(
          res,
          200,
          log.map(({ entry, res: r }) => ({
            ...entry,
            status: r?.headersSent ? r.statusCode : entry.status,
          })),
        )
      if (method === 'DELETE') {
        log.length = 0
        return sendJson(res, 200, [])
      }
    }
    if (path === '/_testbed/faults') {
      const describe = () => ({ ...faults.describe(), compactedAtResourceVersion: compactedAt })
      if (method === 'GET') return sendJson(res, 200, describe())
      if (method === 'DELETE') {
        faults.clear()
        setDropInterval(0)
        compactedAt = 0
        return sendJson(res, 200, describe())
      }
      if (method === 'POST') {
        let spec: FaultRequest
        try {
          spec = JSON.parse(body.toString('utf8')) as FaultRequest
        } catch {
          return sendError(res, new ApiError(400, 'BadRequest', 'faults: the body must be JSON'))
        }
        if (typeof spec !== 'object' || spec === null || Array.isArray(spec))
          return sendError(
            res,
            new ApiError(400, 'BadRequest', 'faults: the body must be a JSON object'),
          )
        try {
          faults.addRules(spec.rules)
        } catch (e) {
          if (e instanceof ApiError) return sendError(res, e)
          throw e
        }
        if (spec.dropWatchesEveryMs !== undefined) setDropInterval(Number(spec.dropWatchesEveryMs))
        if (spec.compact) compactedAt = await currentRv()
        if (spec.dropWatches) dropWatches()
        return sendJson(res, 200, describe())
      }
      return sendError(
        res,
        new ApiError(
          405,
          'MethodNotAllowed',
          'the server does not allow this method on the requested resource',
        ),
      )
    }
    return sendError(
      res,
      new ApiError(404, 'NotFound', 'the server could not find the requested resource'),
    )
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1')
    const path = url.pathname
    if (path.startsWith('/_testbed/')) return serveHooks(req, res, path)
    const method = (req.method ?? 'GET').toUpperCase()
    const query = url.search.replace(/^\?/, '')
    const entry: RequestLogEntry = {
      time: new Date().toISOString(),
      method,
      path,
      query,
      contentType: req.headers['content-type'] ?? '',
      status: 0,
    }
    log.push({ entry, res })
    if (log.length > REQUEST_LOG_LIMIT) log.splice(0, log.length - REQUEST_LOG_LIMIT)
    res.on('close', () => (entry.status = res.headersSent ? res.statusCode : 0))

    const d = faults.decide(method, path, query)
    if (d.delayMs > 0) await new Promise((r) => setTimeout(r, d.delayMs))
    if (d.status !== undefined) {
      await readBody(req).catch(() => undefined)
      return sendError(res, faultError(d, path.split('/').slice(-2).join(' ')))
    }
    const watch = isWatch(url.searchParams)
    const rv = Number(url.searchParams.get('resourceVersion') ?? '')
    if (watch && compactedAt > 0 && rv > 0 && rv <= compactedAt) {
      // As kube-apiserver answers a watch from a compacted revision: 200, then one ERROR event.
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify({
          type: 'ERROR',
          object: {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            message: `too old resource version: ${rv} (${compactedAt + 1})`,
            reason: 'Expired',
            code: 410,
          },
        }) + '\n',
      )
      return
    }
    const headers = { ...req.headers, host: upstream.host }
    const up = request(
      new URL(req.url ?? '/', upstream),
      { method, headers, ca: o.caPem, agent: false },
      (ur) => {
        res.writeHead(ur.statusCode ?? 502, ur.headers)
        // Node holds the headers until the first body byte; the API server sends a watch's
        // at once, and a client that waits for them (client-node's Watch does, before it
        // hands back the means to abort) must get them at once here too.
        res.flushHeaders()
        if (watch && (ur.statusCode ?? 0) < 300) {
          watches.add(res)
          res.on('close', () => watches.delete(res))
        }
        ur.pipe(res)
        ur.on('error', () => res.destroy())
      },
    )
    up.on('error', (e) => {
      if (!res.headersSent)
        sendError(res, new ApiError(502, 'InternalError', `testbed proxy: ${e.message}`))
      else res.destroy()
    })
    res.on('close', () => up.destroy())
    req.pipe(up)
  }

  const server: Server = createServer({ key: o.keyPem, cert: o.certPem }, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent)
        sendError(res, new ApiError(500, 'InternalError', `testbed proxy: ${String(e)}`))
      else res.destroy()
    })
  })
  // exec, attach, port-forward: the upgraded connection is piped as raw bytes.
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1')
    log.push({
      entry: {
        time: new Date().toISOString(),
        method: (req.method ?? 'GET').toUpperCase(),
        path: url.pathname,
        query: url.search.replace(/^\?/, ''),
        contentType: req.headers['content-type'] ?? '',
        status: 101,
      },
    })
    const up = connect(
      {
        host: upstream.hostname,
        port: Number(upstream.port),
        ca: o.caPem,
        servername: 'localhost',
      },
      () => {
        const lines = [`${req.method} ${req.url} HTTP/1.1`]
        for (let i = 0; i < req.rawHeaders.length; i += 2) {
          const k = req.rawHeaders[i]!
          lines.push(`${k}: ${k.toLowerCase() === 'host' ? upstream.host : req.rawHeaders[i + 1]}`)
        }
        up.write(lines.join('\r\n') + '\r\n\r\n')
        if (head.length) up.write(head)
        up.pipe(socket)
        socket.pipe(up)
      },
    )
    streams.add(socket)
    const close = () => {
      streams.delete(socket)
      up.destroy()
      socket.destroy()
    }
    up.on('error', close)
    socket.on('error', close)
    up.on('close', close)
    socket.on('close', close)
  })
  server.on('secureConnection', (s) => s.on('error', () => s.destroy()))
  server.on('clientError', (_e, s) => s.destroy())
  server.on('tlsClientError', (_e, s) => s.destroy())
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  return {
    url: `https://127.0.0.1:${port}`,
    faults,
    async stop() {
      setDropInterval(0)
      dropWatches()
      for (const s of streams) s.destroy()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
  }
}
