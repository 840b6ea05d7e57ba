// A fault-injecting HTTP reverse proxy in front of a real test registry, on 127.0.0.1
// (Docker treats it as insecure-allowed like the registry itself). Tests push and pull
// through it and tell it to misbehave: answer the next N matching requests with a
// status (500, 503, 429 with Retry-After), drop the connection, delay, or be down
// altogether. Every request is logged — method, path, status, whether a fault was
// served — so a test proves the fault happened rather than assuming it.
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

export interface FaultRule {
  /** Request method, exactly (`HEAD`) or as a pattern (/^(PATCH|PUT)$/); any when absent. */
  method?: string | RegExp
  /** Matched against the path with its query; any when absent. */
  path?: RegExp
  /** Matched against the User-Agent (our client is `node`, docker says `docker/…`). */
  userAgent?: RegExp
  /** How many requests this rule answers; default 1, Infinity for every one. */
  times?: number
  /** Answer with this status instead of the registry's. */
  status?: number
  /** Seconds, sent as Retry-After with `status`. */
  retryAfter?: number
  /** The body for `status`; default a registry-style JSON error. */
  body?: string
  /** Close the connection without an answer. */
  drop?: boolean
  /** Wait this long first, then do the rest (forward, answer `status`, or drop). */
  delayMs?: number
}

export interface ProxyLogEntry {
  /** Epoch ms when the request arrived. */
  time: number
  method: string
  /** Path with query. */
  path: string
  userAgent: string
  /** The status the client got; undefined when the connection was dropped. */
  status?: number
  /** The fault served, if any. */
  injected?: 'status' | 'drop' | 'delay' | 'down'
  /** Retry-After sent with an injected status, seconds. */
  retryAfter?: number
}

export interface FaultProxy {
  /** `127.0.0.1:PORT`, to use as a registry host. */
  host: string
  /** The registry behind it, `127.0.0.1:PORT`. */
  target: string
  /** Every request, oldest first. */
  readonly log: ProxyLogEntry[]
  /** Queue a fault; rules are tried in the order given, each until its `times` run out. */
  inject(rule: FaultRule): void
  /** Drop every queued fault. */
  clearFaults(): void
  clearLog(): void
  /**
   * Down: `close` answers every request by closing its connection (logged as `down`);
   * `refuse` stops listening, so connections are refused (nothing to log). `false` is up.
   */
  setDown(mode: 'close' | 'refuse' | false): Promise<void>
  stop(): Promise<void>
}

const DEFAULT_BODY = (status: number) =>
  JSON.stringify({
    errors: [{ code: 'UNKNOWN', message: `injected by the fault proxy (${status})`, detail: null }],
  })

function matches(rule: FaultRule, req: IncomingMessage): boolean {
  const method = req.method ?? ''
  if (rule.method !== undefined) {
    if (typeof rule.method === 'string' ? rule.method !== method : !rule.method.test(method))
      return false
  }
  if (rule.path && !rule.path.test(req.url ?? '')) return false
  if (rule.userAgent && !rule.userAgent.test(req.headers['user-agent'] ?? '')) return false
  return true
}

/** Start a proxy in front of `target` (`host:port` of an HTTP registry). */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const [targetHost, targetPort] = [
    target.slice(0, target.lastIndexOf(':')),
    Number(target.slice(target.lastIndexOf(':') + 1)),
  ]
  const rules: { rule: FaultRule; left: number }[] = []
  const log: ProxyLogEntry[] = []
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()
  let down: 'close' | 'refuse' | false = false
  let host = ''

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t)
        resolve()
      }, ms)
      timers.add(t)
    })

  const takeRule = (req: IncomingMessage): FaultRule | undefined => {
    const r = rules.find((x) => x.left > 0 && matches(x.rule, req))
    if (!r) return undefined
    r.left--
    return r.rule
  }

  const forward = (req: IncomingMessage, res: ServerResponse, entry: ProxyLogEntry) => {
    const upstream = request(
      {
        host: targetHost,
        port: targetPort,
        method: req.method,
        path: req.url,
        // The Host header stays the proxy's: the registry builds its absolute URLs
        // (Location of an upload) from it.
        headers: req.headers,
      },
      (up) => {
        const headers = { ...up.headers }
        // Whatever still names the registry itself is rewritten to come back through us.
        const location = headers.location
        if (typeof location === 'string')
          headers.location = location.replace(`//${target}/`, `//${host}/`)
        entry.status = up.statusCode
        res.writeHead(up.statusCode ?? 502, headers)
        up.pipe(res)
      },
    )
    upstream.on('error', () => {
      entry.status = 502
      if (!res.headersSent) res.writeHead(502).end()
      else res.destroy()
    })
    req.pipe(upstream)
  }

  const server = createServer((req, res) => {
    const entry: ProxyLogEntry = {
      time: Date.now(),
      method: req.method ?? '',
      path: req.url ?? '',
      userAgent: req.headers['user-agent'] ?? '',
    }
    log.push(entry)
    if (down === 'close') {
      entry.injected = 'down'
      req.socket.destroy()
      return
    }
    const rule = takeRule(req)
    void (async () => {
      if (rule?.delayMs) {
        entry.injected = 'delay'
        await sleep(rule.delayMs)
        if (req.socket.destroyed) return
      }
      if (rule?.drop) {
        entry.injected = 'drop'
        req.socket.destroy()
        return
      }
      if (rule?.status) {
        entry.injected = 'status'
        entry.status = rule.status
        // The request's body is not read: close after answering, as a failing server would.
        req.resume()
        const headers: Record<string, string> = {
          'content-type': 'application/json',
          connection: 'close',
          'docker-distribution-api-version': 'registry/2.0',
        }
        if (rule.retryAfter !== undefined) {
          headers['retry-after'] = String(rule.retryAfter)
          entry.retryAfter = rule.retryAfter
        }
        res.writeHead(rule.status, headers)
        res.end(req.method === 'HEAD' ? undefined : (rule.body ?? DEFAULT_BODY(rule.status)))
        return
      }
      forward(req, res, entry)
    })()
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject)
        resolve((server.address() as { port: number }).port)
      })
    })
  const close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy()
      server.close(() => resolve())
    })

  const port = await listen(0)
  host = `127.0.0.1:${port}`

  return {
    host,
    target,
    log,
    inject(rule) {
      rules.push({ rule, left: rule.times ?? 1 })
    },
    clearFaults() {
      rules.length = 0
    },
    clearLog() {
      log.length = 0
    },
    async setDown(mode) {
      if (mode === 'refuse' && down !== 'refuse') await close()
      if (mode !== 'refuse' && down === 'refuse') await listen(port)
      down = mode
    },
    async stop() {
      for (const t of timers) clearTimeout(t)
      timers.clear()
      if (down !== 'refuse') await close()
      down = 'refuse'
    },
  }
}
