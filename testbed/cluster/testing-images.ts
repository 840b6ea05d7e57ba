// Put test images into a registry without Docker: a minimal OCI image (config blob
// with config.Labels, one empty layer, manifest) pushed with plain Registry API v2
// requests. Works against the real `docker-registry` and the in-process fake.
import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'

export interface RegistryAuth {
  username: string
  password: string
}

export interface PushOptions {
  auth?: RegistryAuth
  /**
   * Push an image index with linux/amd64 (these labels) and linux/arm64 (these labels
   * plus `dock2pod.test/platform: arm64`) and tag the index; the digest returned is
   * the index's.
   */
  index?: boolean
}

const sha256 = (b: Uint8Array | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json'
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json'
const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip'

/** A client that answers 401 challenges (Basic or Bearer) with the given credentials. */
class PushClient {
  private readonly base: string
  private readonly auth?: RegistryAuth
  private header?: string

  constructor(host: string, auth?: RegistryAuth) {
    this.base = `http://${host}`
    this.auth = auth
  }

  async request(
    method: string,
    url: string,
    body?: Uint8Array | string,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const send = () =>
      fetch(url, {
        method,
        headers: { ...headers, ...(this.header ? { Authorization: this.header } : {}) },
        ...(body !== undefined ? { body } : {}),
      })
    let res = await send()
    if (res.status === 401 && this.auth) {
      const challenge = res.headers.get('www-authenticate') ?? ''
      const basic = `Basic ${Buffer.from(`${this.auth.username}:${this.auth.password}`).toString('base64')}`
      if (/^basic/i.test(challenge)) this.header = basic
      else if (/^bearer/i.test(challenge)) {
        const params = Object.fromEntries(
          [...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!.toLowerCase(), m[2]!]),
        )
        const tokenUrl = new URL(params.realm!)
        if (params.service) tokenUrl.searchParams.set('service', params.service)
        if (params.scope) tokenUrl.searchParams.set('scope', params.scope)
        const t = await fetch(tokenUrl, { headers: { Authorization: basic } })
        const j = (await t.json()) as { token?: string; access_token?: string }
        this.header = `Bearer ${j.token ?? j.access_token}`
      }
      res = await send()
    }
    return res
  }

  async pushBlob(
    repo: string,
    data: Uint8Array | string,
  ): Promise<{ digest: string; size: number }> {
    const digest = sha256(data)
    const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length
    const head = await this.request('HEAD', `${this.base}/v2/${repo}/blobs/${digest}`)
    if (head.ok) return { digest, size }
    const start = await this.request('POST', `${this.base}/v2/${repo}/blobs/uploads/`)
    if (start.status !== 202)
      throw new Error(
        `push ${repo}: starting a blob upload answered ${start.status}: ${await start.text()}`,
      )
    const url = new URL(start.headers.get('location') ?? '', this.base)
    url.searchParams.set('digest', digest)
    const put = await this.request('PUT', url.toString(), data, {
      'Content-Type': 'application/octet-stream',
    })
    if (put.status !== 201)
      throw new Error(
        `push ${repo}: uploading blob ${digest} answered ${put.status}: ${await put.text()}`,
      )
    return { digest, size }
  }

  async pushManifest(repo: string, ref: string, body: string, mediaType: string): Promise<string> {
    const res = await this.request('PUT', `${this.base}/v2/${repo}/manifests/${ref}`, body, {
      'Content-Type': mediaType,
    })
    if (res.status !== 201)
      throw new Error(`push ${repo}:${ref}: manifest answered ${res.status}: ${await res.text()}`)
    return sha256(body)
  }
}

async function pushPlatformImage(
  client: PushClient,
  repo: string,
  labels: Record<string, string>,
  architecture: string,
) {
  const layer = gzipSync(Buffer.alloc(1024))
  const layerDigest = sha256(layer)
  const config = JSON.stringify({
    created: '2024-01-01T00:00:00Z',
    architecture,
    os: 'linux',
    config: { Labels: labels, Cmd: ['/app'] },
    rootfs: { type: 'layers', diff_ids: [sha256(Buffer.alloc(1024))] },
  })
  const cfg = await client.pushBlob(repo, config)
  const lay = await client.pushBlob(repo, layer)
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: OCI_CONFIG, digest: cfg.digest, size: cfg.size },
    layers: [{ mediaType: OCI_LAYER, digest: layerDigest, size: lay.size }],
  })
  return { manifest, digest: sha256(manifest), size: Buffer.byteLength(manifest) }
}

/** Push a labelled test image as `repo:tag` to `registryHost` (host:port); returns its digest. */
export async function pushTestImage(
  registryHost: string,
  repo: string,
  tag: string,
  labels: Record<string, string> = {},
  opts: PushOptions = {},
): Promise<string> {
  const client = new PushClient(registryHost, opts.auth)
  if (!opts.index) {
    const img = await pushPlatformImage(client, repo, labels, 'amd64')
    return client.pushManifest(repo, tag, img.manifest, OCI_MANIFEST)
  }
  const amd = await pushPlatformImage(client, repo, labels, 'amd64')
  const arm = await pushPlatformImage(
    client,
    repo,
    { ...labels, 'dock2pod.test/platform': 'arm64' },
    'arm64',
  )
  for (const m of [amd, arm]) await client.pushManifest(repo, m.digest, m.manifest, OCI_MANIFEST)
  const index = JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: [
      {
        mediaType: OCI_MANIFEST,
        digest: arm.digest,
        size: arm.size,
        platform: { architecture: 'arm64', os: 'linux' },
      },
      {
        mediaType: OCI_MANIFEST,
        digest: amd.digest,
        size: amd.size,
        platform: { architecture: 'amd64', os: 'linux' },
      },
    ],
  })
  return client.pushManifest(repo, tag, index, OCI_INDEX)
}
