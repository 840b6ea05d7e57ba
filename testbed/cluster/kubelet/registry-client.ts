// A Registry HTTP API v2 client for the simulated kubelet: resolve a reference to a
// manifest (picking linux/amd64 from an index), fetch the config blob, authenticate
// anonymously first and then with each pull secret (Basic or Bearer token), and fail
// with containerd's wording so diagnoses read like a real node's.
import { createHash } from 'node:crypto'
import type { RegistryCredential } from './credentials.ts'
import { registryEndpoint, type ImageReference } from './image-ref.ts'

export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ')

const INDEX_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
])

export interface PulledImage {
  /** Digest of what the reference resolved to (an index's digest for an index). */
  digest: string
  /** Digest of the platform manifest actually unpacked. */
  manifestDigest: string
  configDigest: string
  /** The image config (`config.Labels` etc.). */
  config: { config?: { Labels?: Record<string, string> | null } } & Record<string, unknown>
  /** Config plus layers, bytes. */
  size: number
}

export type PullErrorKind = 'NotFound' | 'Unauthorized' | 'Unknown'

export class PullError extends Error {
  readonly kind: PullErrorKind
  constructor(kind: PullErrorKind, message: string) {
    super(message)
    this.kind = kind
  }
}

export interface PullOptions {
  credentials: RegistryCredential[]
  /** Registries spoken to over plain HTTP besides localhost/127.x. */
  insecureRegistries?: string[]
  fetch?: typeof fetch
  platform?: { os: string; architecture: string }
  /** Wall ms before one registry request is abandoned. Default 30000. */
  timeoutMs?: number
}

interface Challenge {
  scheme: 'basic' | 'bearer'
  params: Record<string, string>
}

export function parseWwwAuthenticate(header: string | null): Challenge | undefined {
  if (!header) return undefined
  const m = /^\s*(\w+)\s*(.*)$/.exec(header)
  if (!m) return undefined
  const scheme = m[1]!.toLowerCase()
  if (scheme !== 'basic' && scheme !== 'bearer') return undefined
  const params: Record<string, string> = {}
  for (const p of m[2]!.matchAll(/(\w+)="([^"]*)"/g)) params[p[1]!.toLowerCase()] = p[2]!
  return { scheme, params }
}

const sha256 = (b: Uint8Array) => `sha256:${createHash('sha256').update(b).digest('hex')}`

/** Pull `ref`'s manifest and config; throws PullError with containerd's message. */
export async function pullImage(ref: ImageReference, opts: PullOptions): Promise<PulledImage> {
  const doFetch = opts.fetch ?? fetch
  const base = registryEndpoint(ref.registry, opts.insecureRegistries)
  const platform = opts.platform ?? { os: 'linux', architecture: 'amd64' }
  const prefix = `failed to pull and unpack image "${ref.normalized}"`
  const resolvePrefix = `${prefix}: failed to resolve reference "${ref.normalized}"`
  let authHeader: string | undefined
  let lastChallenge: Challenge | undefined
  let tokenError: string | undefined

  async function authorize(
    challenge: Challenge,
    cred: RegistryCredential | undefined,
  ): Promise<string | undefined> {
    const basic = cred
      ? `Basic ${Buffer.from(`${cred.username}:${cred.password}`).toString('base64')}`
      : undefined
    if (challenge.scheme === 'basic') return basic
    const realm = challenge.params.realm
    if (!realm) return undefined
    const url = new URL(realm)
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service)
    url.searchParams.set('scope', challenge.params.scope ?? `repository:${ref.repository}:pull`)
    const res = await doFetch(url, { headers: basic ? { Authorization: basic } : {} })
    if (!res.ok) {
      // containerd's wording when the token server refuses us.
      tokenError = `failed to authorize: failed to fetch ${cred ? 'oauth' : 'anonymous'} token: unexpected status from GET request to ${url}: ${res.status} ${res.statusText}`
      return undefined
    }
    const body = (await res.json().catch(() => ({}))) as { token?: string; access_token?: string }
    const token = body.token ?? body.access_token
    return token ? `Bearer ${token}` : undefined
  }

  /** GET with the auth dance: as is, then each credential (anonymous first). */
  async function get(path: string, accept?: string, method = 'GET'): Promise<Response> {
    const url = `${base}/v2/${path}`
    const send = (auth?: string) =>
      doFetch(url, {
        method,
        headers: {
          ...(accept ? { Accept: accept } : {}),
          ...(auth ? { Authorization: auth } : {}),
        },
        signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
      })
    let res: Response
    try {
      res = await send(authHeader)
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause
      const { host, hostname } = new URL(url)
      const why =
        cause?.code === 'ECONNREFUSED'
          ? `dial tcp ${host}: connect: connection refused`
          : cause?.code === 'ENOTFOUND' || cause?.code === 'EAI_AGAIN'
            ? `dial tcp: lookup ${hostname}: no such host`
            : (err as Error).name === 'TimeoutError'
              ? `dial tcp ${host}: i/o timeout`
              : (cause?.message ?? (err as Error).message)
      throw new PullError(
        'Unknown',
        `${resolvePrefix}: failed to do request: Head "${url}": ${why}`,
      )
    }
    if (res.status !== 401) return res
    const challenge = parseWwwAuthenticate(res.headers.get('www-authenticate'))
    if (!challenge) return res
    lastChallenge = challenge
    for (const cred of [undefined, ...opts.credentials]) {
      if (challenge.scheme === 'basic' && !cred) continue
      const auth = await authorize(challenge, cred)
      if (!auth) continue
      const retry = await send(auth)
      if (retry.status !== 401) {
        authHeader = auth
        return retry
      }
    }
    return res
  }

  function fail(res: Response, url: string, what: string): never {
    if (res.status === 401 || res.status === 403) {
      if (tokenError) throw new PullError('Unauthorized', `${resolvePrefix}: ${tokenError}`)
      if (lastChallenge?.scheme === 'bearer' || res.status === 403) {
        throw new PullError(
          'Unauthorized',
          `${resolvePrefix}: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`,
        )
      }
      throw new PullError(
        'Unauthorized',
        `${resolvePrefix}: unexpected status from HEAD request to ${url}: 401 Unauthorized`,
      )
    }
    if (res.status === 404) {
      if (what === 'manifest')
        throw new PullError('NotFound', `${resolvePrefix}: ${ref.normalized}: not found`)
      throw new PullError('NotFound', `${prefix}: failed to copy: ${what}: not found`)
    }
    throw new PullError(
      'Unknown',
      `${resolvePrefix}: unexpected status from GET request to ${url}: ${res.status} ${res.statusText}`,
    )
  }

  async function fetchManifest(reference: string, expectDigest?: string) {
    const path = `${ref.repository}/manifests/${reference}`
    const res = await get(path, MANIFEST_ACCEPT)
    if (!res.ok) fail(res, `${base}/v2/${path}`, 'manifest')
    const bytes = new Uint8Array(await res.arrayBuffer())
    const digest = sha256(bytes)
    if (expectDigest && expectDigest !== digest) {
      throw new PullError(
        'Unknown',
        `${prefix}: failed to verify digest: expected ${expectDigest}, got ${digest}`,
      )
    }
    let body: Record<string, unknown>
    try {
      body = JSON.parse(Buffer.from(bytes).toString('utf8'))
    } catch {
      throw new PullError('Unknown', `${prefix}: failed to unmarshal manifest: invalid JSON`)
    }
    const mediaType =
      (body.mediaType as string) ?? res.headers.get('content-type')?.split(';')[0] ?? ''
    return { digest, body, mediaType }
  }

  const top = await fetchManifest(ref.digest ?? ref.tag ?? 'latest', ref.digest)
  let manifest = top
  if (INDEX_TYPES.has(top.mediaType) || Array.isArray(top.body.manifests)) {
    const entries = (top.body.manifests ?? []) as {
      digest: string
      platform?: { os?: string; architecture?: string }
    }[]
    const pick = entries.find(
      (m) => m.platform?.os === platform.os && m.platform?.architecture === platform.architecture,
    )
    if (!pick) {
      throw new PullError(
        'NotFound',
        `${prefix}: no match for platform in manifest ${top.digest}: not found`,
      )
    }
    manifest = await fetchManifest(pick.digest, pick.digest)
  }
  const cfgDesc = manifest.body.config as { digest?: string; size?: number } | undefined
  if (!cfgDesc?.digest)
    throw new PullError('Unknown', `${prefix}: manifest ${manifest.digest} has no config`)
  const blobPath = `${ref.repository}/blobs/${cfgDesc.digest}`
  const blob = await get(blobPath)
  if (!blob.ok) fail(blob, `${base}/v2/${blobPath}`, cfgDesc.digest)
  const cfgBytes = new Uint8Array(await blob.arrayBuffer())
  if (sha256(cfgBytes) !== cfgDesc.digest) {
    throw new PullError('Unknown', `${prefix}: failed to verify digest of config ${cfgDesc.digest}`)
  }
  let config: PulledImage['config']
  try {
    config = JSON.parse(Buffer.from(cfgBytes).toString('utf8'))
  } catch {
    throw new PullError('Unknown', `${prefix}: failed to unmarshal image config ${cfgDesc.digest}`)
  }
  const layers = (manifest.body.layers ?? []) as { digest?: string; size?: number }[]
  // Layers are not unpacked, but a missing one fails the pull as it would on a node.
  for (const l of layers) {
    if (!l.digest) continue
    const layerPath = `${ref.repository}/blobs/${l.digest}`
    const head = await get(layerPath, undefined, 'HEAD')
    if (!head.ok) fail(head, `${base}/v2/${layerPath}`, l.digest)
  }
  const size = cfgBytes.length + layers.reduce((n, l) => n + (l.size ?? 0), 0)
  return {
    digest: top.digest,
    manifestDigest: manifest.digest,
    configDigest: cfgDesc.digest,
    config,
    size,
  }
}
