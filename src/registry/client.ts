// A small client for the Registry HTTP API v2: what a manifest's digest is at the
// registry (the one a node will pull), the manifest itself, a blob. It authenticates as
// the docker CLI does (the runner's Docker config; bearer-token or basic challenge) and
// retries 5xx, 429 and failed connections a bounded number of times with back-off.
import { cut, LIMITS } from '../util/bounds.ts'
import { createHash } from 'node:crypto'
import {
  registryDomain,
  registryPath,
  formatReference,
  type ImageReference,
} from '../image/reference.ts'
import { cancelSignal } from '../cancel.ts'
import { parseRetryAfter, withRetry, type RetryPolicy } from '../util/retry.ts'
import { credentialsFor, type Credential } from './credentials.ts'
import { MANIFEST_MEDIA_TYPES, parseWwwAuthenticate, registryBaseUrl } from './http-headers.ts'

export interface RegistryClientOptions {
  fetch?: typeof fetch
  /** Credentials for a registry domain; default: the runner's Docker config. */
  credentials?: (domain: string) => Promise<Credential | undefined>
  /** Retries after the first attempt, for 5xx, 429 and failed connections. */
  retries?: number
  /** First back-off; doubles each retry. */
  backoffMs?: number
  /** The longest single wait, whatever Retry-After asks. */
  maxWaitMs?: number
  /** Per request. */
  timeoutMs?: number
  sleep?: (ms: number) => Promise<void>
  /** `http://host` or `https://host` for a domain; default: http for loopback only. */
  baseUrl?: (domain: string) => string
}

export type RegistryErrorKind =
  'unreachable' | 'unauthorized' | 'denied' | 'not-found' | 'server' | 'protocol'

export class RegistryError extends Error {
  override name = 'RegistryError'
  readonly kind: RegistryErrorKind
  readonly status?: number
  constructor(kind: RegistryErrorKind, message: string, status?: number) {
    // A registry's header or answer quoted in it is the registry's to make long.
    super(cut(message, 2 * LIMITS.quotedLine))
    this.kind = kind
    if (status !== undefined) this.status = status
  }
}

export interface ManifestDescriptor {
  /** `sha256:…` as the registry names it (Docker-Content-Digest). */
  digest: string
  mediaType: string
  /** Bytes of the manifest itself, when the registry said. */
  size?: number
}

export interface Manifest extends ManifestDescriptor {
  body: ManifestBody
  raw: Buffer
}

export interface ManifestBody {
  mediaType?: string
  config?: { digest: string; size: number; mediaType?: string }
  layers?: { digest: string; size: number }[]
  manifests?: {
    digest: string
    size: number
    mediaType?: string
    platform?: { os?: string; architecture?: string; variant?: string }
  }[]
}

const ACCEPT = MANIFEST_MEDIA_TYPES.join(', ')

/** Bytes an image manifest points at (config and layers, compressed as stored). */
export function imageContentSize(body: ManifestBody): number | undefined {
  if (!body.config || !body.layers) return undefined
  return body.layers.reduce((n, l) => n + l.size, body.config.size)
}

/** In an index, the first entry for a real platform (not an attestation's `unknown/unknown`). */
export function firstPlatformManifest(body: ManifestBody): ManifestBody['manifests'] {
  return (body.manifests ?? []).filter(
    (m) => m.platform?.os !== 'unknown' && m.platform?.architecture !== 'unknown',
  )
}

export class RegistryClient {
  private readonly opts: Required<Omit<RegistryClientOptions, 'credentials'>> & {
    credentials: (domain: string) => Promise<Credential | undefined>
  }
  /** Authorization header per `domain scope`, so a token is fetched once. */
  private readonly auth = new Map<string, string>()

  constructor(opts: RegistryClientOptions = {}) {
    this.opts = {
      fetch: opts.fetch ?? globalThis.fetch,
      credentials: opts.credentials ?? ((d) => credentialsFor(d)),
      retries: opts.retries ?? 3,
      backoffMs: opts.backoffMs ?? 500,
      maxWaitMs: opts.maxWaitMs ?? 30_000,
      timeoutMs: opts.timeoutMs ?? 30_000,
      sleep: opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
      baseUrl: opts.baseUrl ?? registryBaseUrl,
    }
  }

  /** Is the registry there at all? Any HTTP answer of /v2/ below 500 counts (401 too). */
  async ping(domain: string): Promise<void> {
    await this.send(
      domain,
      `${this.opts.baseUrl(domain)}/v2/`,
      { method: 'GET' },
      'registry:catalog:*',
      {
        anonymous: true,
      },
    )
  }

  /** The digest of `ref` at the registry: its tag's, or its digest confirmed to exist. */
  async resolveDigest(ref: ImageReference): Promise<ManifestDescriptor> {
    const url = this.manifestUrl(ref)
    const head = await this.send(
      registryDomain(ref),
      url,
      { method: 'HEAD', headers: { accept: ACCEPT } },
      pullScope(ref),
    )
    const digest = head.headers.get('docker-content-digest')
    if (head.ok && digest) {
      const size = Number(head.headers.get('content-length'))
      return {
        digest,
        mediaType: head.headers.get('content-type')?.split(';')[0]?.trim() ?? '',
        ...(size > 0 ? { size } : {}),
      }
    }
    // Some registries answer HEAD without the digest (or refuse HEAD): GET and hash.
    const m = await this.getManifest(ref)
    return { digest: m.digest, mediaType: m.mediaType, ...(m.size ? { size: m.size } : {}) }
  }

  async getManifest(ref: ImageReference): Promise<Manifest> {
    const res = await this.send(
      registryDomain(ref),
      this.manifestUrl(ref),
      { method: 'GET', headers: { accept: ACCEPT } },
      pullScope(ref),
    )
    const raw = await readBounded(
      res,
      LIMITS.manifestBytes,
      `${formatReference(ref)}: the manifest`,
    )
    const computed = `sha256:${createHash('sha256').update(raw).digest('hex')}`
    const digest = res.headers.get('docker-content-digest') ?? computed
    if (ref.digest && ref.digest.startsWith('sha256:') && computed !== ref.digest)
      throw new RegistryError(
        'protocol',
        `${formatReference(ref)}: the registry sent a manifest whose sha256 is ${computed}`,
      )
    let body: ManifestBody
    try {
      body = JSON.parse(raw.toString('utf8')) as ManifestBody
    } catch {
      throw new RegistryError('protocol', `${formatReference(ref)}: the manifest is not JSON`)
    }
    const mediaType = res.headers.get('content-type')?.split(';')[0]?.trim() || body.mediaType || ''
    return { digest, mediaType, size: raw.length, body, raw }
  }

  async getBlob(ref: ImageReference, digest: string): Promise<Buffer> {
    const res = await this.send(
      registryDomain(ref),
      `${this.opts.baseUrl(registryDomain(ref))}/v2/${registryPath(ref)}/blobs/${digest}`,
      { method: 'GET' },
      pullScope(ref),
    )
    return Buffer.from(await res.arrayBuffer())
  }

  /** The image's size as stored: of its first platform when `ref` is an index. */
  async imageSize(ref: ImageReference): Promise<number | undefined> {
    const m = await this.getManifest(ref)
    const direct = imageContentSize(m.body)
    if (direct !== undefined) return direct
    const first = firstPlatformManifest(m.body)?.[0]
    if (!first) return undefined
    const child = await this.getManifest({ ...ref, digest: first.digest })
    return imageContentSize(child.body)
  }

  private manifestUrl(ref: ImageReference): string {
    const domain = registryDomain(ref)
    const reference = ref.digest ?? ref.tag ?? 'latest'
    return `${this.opts.baseUrl(domain)}/v2/${registryPath(ref)}/manifests/${reference}`
  }

  /**
   * One request with authentication and retries. Answers 2xx, or 401 when `anonymous`;
   * anything else becomes a RegistryError saying what the registry said.
   */
  private async send(
    domain: string,
    url: string,
    init: RequestInit,
    scope: string,
    { anonymous = false } = {},
  ): Promise<Response> {
    const key = `${domain} ${scope}`
    let authenticated = false
    for (let attempt = 0; ; attempt++) {
      const headers = new Headers(init.headers)
      const authorization = this.auth.get(key)
      if (authorization && !anonymous) headers.set('authorization', authorization)
      const res = await this.fetchRetrying(domain, url, { ...init, headers })
      if (res.status === 401 && !anonymous && !authenticated && attempt === 0) {
        await res.body?.cancel()
        this.auth.set(key, await this.authorize(domain, res.headers.get('www-authenticate'), scope))
        authenticated = true
        continue
      }
      if (res.ok || (anonymous && res.status === 401)) return res
      await res.body?.cancel().catch(() => {})
      throw statusError(res.status, url, authenticated)
    }
  }

  /** fetch, retried on failed connections, 5xx and 429 with back-off (Retry-After honoured). */
  private async fetchRetrying(domain: string, url: string, init: RequestInit): Promise<Response> {
    const policy: RetryPolicy = {
      attempts: this.opts.retries + 1,
      baseDelayMs: this.opts.backoffMs,
      maxDelayMs: this.opts.maxWaitMs,
      maxRetryAfterMs: this.opts.maxWaitMs,
    }
    try {
      return await withRetry(
        async () => {
          let res: Response
          try {
            res = await this.opts.fetch(url, {
              ...init,
              signal: AbortSignal.any([AbortSignal.timeout(this.opts.timeoutMs), cancelSignal()]),
            })
          } catch (err) {
            // A cancelled run retries nothing: the abort's reason says in which phase.
            cancelSignal().throwIfAborted()
            throw new Unanswered(err)
          }
          cancelSignal().throwIfAborted()
          if (res.status === 429 || res.status >= 500) throw new RetryableAnswer(res)
          return res
        },
        policy,
        {
          transient: (err) => err instanceof Unanswered || err instanceof RetryableAnswer,
          retryAfterMs: (err) =>
            err instanceof RetryableAnswer
              ? parseRetryAfter(err.res.headers.get('retry-after'), Date.now())
              : undefined,
          sleep: async (ms) => {
            await this.opts.sleep(ms)
            cancelSignal().throwIfAborted()
          },
          onRetry: async (err) => {
            if (err instanceof RetryableAnswer) await err.res.body?.cancel().catch(() => {})
          },
        },
      )
    } catch (err) {
      // Out of tries: the last answer is the caller's to read, no answer is an error.
      if (err instanceof RetryableAnswer) return err.res
      if (err instanceof Unanswered)
        throw new RegistryError(
          'unreachable',
          `the registry ${domain} is unreachable (${url}): ${causeOf(err.cause)}`,
        )
      throw err
    }
  }

  /** The Authorization header that answers a 401's challenge. */
  private async authorize(domain: string, header: string | null, scope: string): Promise<string> {
    const challenges = parseWwwAuthenticate(header ?? '')
    const credential = await this.opts.credentials(domain)
    const bearer = challenges.find((c) => c.scheme === 'bearer')
    if (bearer?.params.realm) {
      return `Bearer ${await this.fetchToken(domain, bearer.params, scope, credential)}`
    }
    if (challenges.some((c) => c.scheme === 'basic')) {
      if (credential?.kind !== 'basic')
        throw new RegistryError(
          'unauthorized',
          `the registry ${domain} needs a login and the runner's Docker config has no credentials for it (give username and password, or log in before this step)`,
          401,
        )
      return basicHeader(credential)
    }
    throw new RegistryError(
      'protocol',
      `the registry ${domain} answered 401 without a challenge we know (${header ?? 'none'})`,
      401,
    )
  }

  /** The distribution token flow: GET the realm (basic auth when we have a login), or POST a refresh token. */
  private async fetchToken(
    domain: string,
    challenge: Record<string, string>,
    scope: string,
    credential: Credential | undefined,
  ): Promise<string> {
    const realm = new URL(challenge.realm!)
    const scopes = challenge.scope ? challenge.scope : scope
    let res: Response
    if (credential?.kind === 'identity') {
      const form = new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: credential.token,
        client_id: 'dock2pod',
        ...(challenge.service ? { service: challenge.service } : {}),
        scope: scopes,
      })
      res = await this.fetchRetrying(domain, realm.toString(), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      })
    } else {
      if (challenge.service) realm.searchParams.set('service', challenge.service)
      for (const s of scopes.split(' ')) realm.searchParams.append('scope', s)
      res = await this.fetchRetrying(domain, realm.toString(), {
        method: 'GET',
        headers: credential ? { authorization: basicHeader(credential) } : {},
      })
    }
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel().catch(() => {})
      throw new RegistryError(
        'unauthorized',
        credential
          ? `the token service of ${domain} refused the runner's credentials for it (${res.status})`
          : `the registry ${domain} refused an anonymous token (${res.status}); log in to it first`,
        res.status,
      )
    }
    if (!res.ok)
      throw new RegistryError(
        'server',
        `the token service of ${domain} answered ${res.status}`,
        res.status,
      )
    const text = (await readBounded(res, LIMITS.tokenBytes, `the token of ${domain}`)).toString()
    let body: { token?: string; access_token?: string }
    try {
      body = JSON.parse(text) as typeof body
    } catch {
      throw new RegistryError('protocol', `the token service of ${domain} answered no JSON`)
    }
    const token = body.token ?? body.access_token
    if (!token) throw new RegistryError('protocol', `the token service of ${domain} sent no token`)
    return token
  }
}

function pullScope(ref: ImageReference): string {
  return `repository:${registryPath(ref)}:pull`
}

function basicHeader(c: Credential): string {
  return c.kind === 'basic'
    ? `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`
    : ''
}

/** A 429 or 5xx, thrown inside the retry loop so that it is tried again. */
class RetryableAnswer extends Error {
  readonly res: Response
  constructor(res: Response) {
    super(`HTTP ${res.status}`)
    this.res = res
  }
}

/** No answer at all: refused, reset, timed out. */
class Unanswered extends Error {
  constructor(cause: unknown) {
    super('no answer', { cause })
  }
}

function causeOf(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause
    if (err.name === 'TimeoutError') return 'no answer in time'
    return cause?.code ?? cause?.message ?? err.message
  }
  return String(err)
}

function statusError(status: number, url: string, authenticated: boolean): RegistryError {
  const what = new URL(url).pathname
  if (status === 401)
    return new RegistryError(
      'unauthorized',
      authenticated
        ? `the registry refused the credentials for ${what} (401)`
        : `the registry needs a login for ${what} (401)`,
      401,
    )
  if (status === 403)
    return new RegistryError('denied', `the registry denied access to ${what} (403)`, 403)
  if (status === 404)
    return new RegistryError('not-found', `${what} does not exist at the registry (404)`, 404)
  if (status >= 500 || status === 429)
    return new RegistryError('server', `the registry kept failing for ${what} (${status})`, status)
  return new RegistryError('protocol', `the registry answered ${status} for ${what}`, status)
}

/** Resolve `ref`'s digest at its registry with a fresh client. */
export function resolveDigest(
  ref: ImageReference,
  opts: RegistryClientOptions = {},
): Promise<ManifestDescriptor> {
  return new RegistryClient(opts).resolveDigest(ref)
}

/**
 * A response body of at most `max` bytes, read as it streams: a registry that sends
 * more (or says it will) is refused once it passes the bound, not after it is all held.
 */
export async function readBounded(res: Response, max: number, what: string): Promise<Buffer> {
  const tooBig = () =>
    new RegistryError('protocol', `${what} is larger than ${max} bytes; refused unread`)
  if (Number(res.headers.get('content-length') ?? 0) > max) {
    await res.body?.cancel().catch(() => {})
    throw tooBig()
  }
  if (!res.body) return Buffer.alloc(0)
  const parts: Buffer[] = []
  let size = 0
  for await (const chunk of res.body) {
    size += chunk.length
    // Leaving the loop cancels the stream: the rest is never read.
    if (size > max) throw tooBig()
    parts.push(Buffer.from(chunk))
  }
  return Buffer.concat(parts)
}
