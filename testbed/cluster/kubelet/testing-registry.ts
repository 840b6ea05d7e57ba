// An in-process Registry API v2 server for the kubelet's tests: enough of
// distribution's push and pull endpoints for pushTestImage and the kubelet's pulls,
// with optional Basic or Bearer-token auth. The real registry is used where available.
import { createHash, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface TestRegistry {
  host: string
  user?: string
  password?: string
  /** Requests seen, `METHOD path`. */
  requests: string[]
  /** Drop a blob (to simulate a broken image). */
  deleteBlob(repo: string, digest: string): void
  /** The stored manifest for repo:tag, parsed. */
  manifest(
    repo: string,
    tag: string,
  ): { config: { digest: string }; layers: { digest: string }[] } | undefined
  stop(): Promise<void>
}

const sha256 = (b: Uint8Array) => `sha256:${createHash('sha256').update(b).digest('hex')}`

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

export async function startTestRegistry(
  opts: {
    auth?: 'basic' | 'bearer'
    /** hand out no-access tokens to anonymous clients */ anonymousTokens?: boolean
  } = {},
): Promise<TestRegistry> {
  const user = 'tester'
  const password = 'secret-' + randomUUID().slice(0, 8)
  const blobs = new Map<string, Buffer>()
  const manifests = new Map<string, { body: Buffer; type: string }>()
  const uploads = new Set<string>()
  const tokens = new Set<string>()
  const requests: string[] = []
  let host = ''

  const errors = (
    res: ServerResponse,
    status: number,
    code: string,
    message: string,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
    res.end(JSON.stringify({ errors: [{ code, message, detail: null }] }))
  }

  const authorized = (req: IncomingMessage, scope: string): boolean | Record<string, string> => {
    if (!opts.auth) return true
    const h = req.headers.authorization ?? ''
    const basic = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
    if (opts.auth === 'basic')
      return h === basic || { 'WWW-Authenticate': 'Basic realm="Registry Realm"' }
    if (h.startsWith('Bearer ') && tokens.has(h.slice(7))) return true
    return {
      'WWW-Authenticate': `Bearer realm="http://${host}/token",service="test-registry",scope="${scope}"`,
    }
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', `http://${host}`)
    requests.push(`${req.method} ${url.pathname}`)
    const body = await readBody(req)
    if (url.pathname === '/token') {
      const basic = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
      if (req.headers.authorization === undefined && opts.anonymousTokens) {
        // Anonymous tokens that carry no access, as on Docker Hub.
        res.writeHead(200, { 'Content-Type': 'application/json' })
        return res.end(JSON.stringify({ token: 'anonymous' }))
      }
      if (req.headers.authorization !== basic)
        return errors(res, 401, 'UNAUTHORIZED', 'authentication required')
      const t = randomUUID()
      tokens.add(t)
      res.writeHead(200, { 'Content-Type': 'application/json' })
      return res.end(JSON.stringify({ token: t, access_token: t }))
    }
    const m = /^\/v2\/(.+?)\/(manifests|blobs\/uploads|blobs)\/?(.*)$/.exec(url.pathname)
    if (url.pathname === '/v2/' || !m) {
      const ok = authorized(req, '')
      if (ok !== true)
        return errors(
          res,
          401,
          'UNAUTHORIZED',
          'authentication required',
          ok as Record<string, string>,
        )
      res.writeHead(url.pathname === '/v2/' ? 200 : 404, { 'Content-Type': 'application/json' })
      return res.end('{}')
    }
    const [, repo, kind, ref] = m
    const write = req.method !== 'GET' && req.method !== 'HEAD'
    const ok = authorized(req, `repository:${repo}:${write ? 'pull,push' : 'pull'}`)
    if (ok !== true) {
      if (opts.auth === 'bearer')
        return errors(
          res,
          401,
          'UNAUTHORIZED',
          'authentication required',
          ok as Record<string, string>,
        )
      return errors(
        res,
        401,
        'UNAUTHORIZED',
        'authentication required',
        ok as Record<string, string>,
      )
    }
    if (kind === 'blobs/uploads') {
      if (req.method === 'POST') {
        const id = randomUUID()
        uploads.add(id)
        res.writeHead(202, {
          Location: `/v2/${repo}/blobs/uploads/${id}`,
          'Docker-Upload-UUID': id,
          'Content-Length': '0',
        })
        return res.end()
      }
      if (req.method === 'PUT' && uploads.has(ref!)) {
        const digest = url.searchParams.get('digest') ?? ''
        if (sha256(body) !== digest)
          return errors(
            res,
            400,
            'DIGEST_INVALID',
            'provided digest did not match uploaded content',
          )
        uploads.delete(ref!)
        blobs.set(`${repo}@${digest}`, body)
        res.writeHead(201, {
          Location: `/v2/${repo}/blobs/${digest}`,
          'Docker-Content-Digest': digest,
          'Content-Length': '0',
        })
        return res.end()
      }
      return errors(res, 404, 'BLOB_UPLOAD_UNKNOWN', 'blob upload unknown to registry')
    }
    if (kind === 'blobs') {
      const blob = blobs.get(`${repo}@${ref}`)
      if (!blob) return errors(res, 404, 'BLOB_UNKNOWN', 'blob unknown to registry')
      res.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'Content-Length': String(blob.length),
        'Docker-Content-Digest': ref!,
      })
      return res.end(req.method === 'HEAD' ? undefined : blob)
    }
    if (req.method === 'PUT') {
      const type = req.headers['content-type'] ?? 'application/vnd.oci.image.manifest.v1+json'
      const digest = sha256(body)
      manifests.set(`${repo}@${digest}`, { body, type })
      if (!ref!.startsWith('sha256:')) manifests.set(`${repo}:${ref}`, { body, type })
      res.writeHead(201, {
        Location: `/v2/${repo}/manifests/${digest}`,
        'Docker-Content-Digest': digest,
        'Content-Length': '0',
      })
      return res.end()
    }
    const found = manifests.get(ref!.startsWith('sha256:') ? `${repo}@${ref}` : `${repo}:${ref}`)
    if (!found) return errors(res, 404, 'MANIFEST_UNKNOWN', 'manifest unknown')
    res.writeHead(200, {
      'Content-Type': found.type,
      'Docker-Content-Digest': sha256(found.body),
      'Content-Length': String(found.body.length),
    })
    res.end(req.method === 'HEAD' ? undefined : found.body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    host,
    ...(opts.auth ? { user, password } : {}),
    requests,
    deleteBlob: (repo, digest) => void blobs.delete(`${repo}@${digest}`),
    manifest: (repo, tag) => {
      const m = manifests.get(`${repo}:${tag}`)
      return m ? JSON.parse(m.body.toString('utf8')) : undefined
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
