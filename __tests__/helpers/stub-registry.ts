// A registry of our own on 127.0.0.1 for unit tests that run the bundle: it answers the
// v2 ping and HEAD/GET of the manifests it is given, 404 for any other, and records
// every request. Loopback registries are spoken to over plain HTTP, as docker does.
import { createHash } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface StubRegistry {
  /** `127.0.0.1:<port>`, a registry domain for image references. */
  host: string
  /** `METHOD path` of every request, in order. */
  requests: string[]
  close(): Promise<void>
}

/** An image manifest body and its digest, as a registry serves it. */
export function stubManifest(seed: string): { body: string; digest: string } {
  const body = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: `sha256:${createHash('sha256').update(seed).digest('hex')}`,
      size: seed.length,
    },
    layers: [],
  })
  return { body, digest: `sha256:${createHash('sha256').update(body).digest('hex')}` }
}

/** `manifests` maps `repository:tag` to a manifest body. */
export async function startStubRegistry(
  manifests: Record<string, string> = {},
): Promise<StubRegistry> {
  const requests: string[] = []
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`)
    const path = new URL(req.url ?? '/', 'http://stub').pathname
    if (path === '/v2/' || path === '/v2') {
      res.writeHead(200, { 'docker-distribution-api-version': 'registry/2.0' }).end('{}')
      return
    }
    const m = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(path)
    const body = m ? manifests[`${m[1]}:${m[2]}`] : undefined
    if (body === undefined || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'unknown' }] }))
      return
    }
    res.writeHead(200, {
      'content-type': 'application/vnd.oci.image.manifest.v1+json',
      'content-length': Buffer.byteLength(body),
      'docker-content-digest': `sha256:${createHash('sha256').update(body).digest('hex')}`,
    })
    res.end(req.method === 'HEAD' ? undefined : body)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return {
    host: `127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}

/**
 * Environment for a run of the bundle that must not reach beyond loopback whatever the
 * machine's network: Node's fetch sends every other request to a proxy that is not
 * there, so it fails at once instead of asking a public registry.
 */
export const NO_NETWORK_ENV: Record<string, string> = {
  NODE_USE_ENV_PROXY: '1',
  HTTPS_PROXY: 'http://127.0.0.1:9',
  HTTP_PROXY: 'http://127.0.0.1:9',
  NO_PROXY: '127.0.0.1,localhost',
}
