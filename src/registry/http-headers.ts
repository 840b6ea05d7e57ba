// Pure readers of what a registry says in its headers, and where a registry lives.

export interface Challenge {
  /** Lower case: `bearer`, `basic`. */
  scheme: string
  /** Parameter names lower case: `realm`, `service`, `scope`. */
  params: Record<string, string>
}

/**
 * Parse a `WWW-Authenticate` header (RFC 7235): one or more challenges, each a scheme
 * and comma-separated `name=value` or `name="quoted value"` parameters. Commas inside
 * quotes (a scope listing several actions) stay in the value.
 */
export function parseWwwAuthenticate(header: string): Challenge[] {
  const out: Challenge[] = []
  const token = /[A-Za-z0-9!#$%&'*+.^_`|~-]+/y
  const quoted = /"((?:[^"\\]|\\.)*)"/y
  // Lenient: some registries send an unquoted realm URL, which is not an RFC token.
  const bare = /[^,\s"]+/y
  let i = 0
  const skip = (chars: RegExp) => {
    while (i < header.length && chars.test(header[i]!)) i++
  }
  while (i < header.length) {
    skip(/[\s,]/)
    token.lastIndex = i
    const t = token.exec(header)
    if (!t) {
      i++
      continue
    }
    i = token.lastIndex
    skip(/\s/)
    if (header[i] !== '=') {
      out.push({ scheme: t[0].toLowerCase(), params: {} })
      continue
    }
    i++
    skip(/\s/)
    let value: string
    quoted.lastIndex = i
    const q = quoted.exec(header)
    if (q) {
      value = q[1]!.replace(/\\(.)/g, '$1')
      i = quoted.lastIndex
    } else {
      bare.lastIndex = i
      const v = bare.exec(header)
      value = v ? v[0] : ''
      i = v ? bare.lastIndex : i
    }
    const current = out[out.length - 1]
    if (current) current.params[t[0].toLowerCase()] = value
  }
  return out
}

/** Hosts docker talks plain HTTP to by default: loopback. */
export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '')
  return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name)
}

/** Where a registry domain (`docker.io`, `ghcr.io`, `127.0.0.1:5000`) serves the v2 API. */
export function registryBaseUrl(domain: string): string {
  const host = domain === 'docker.io' ? 'registry-1.docker.io' : domain
  return `${isLoopbackHost(host) ? 'http' : 'https'}://${host}`
}

/** The media types a client accepts for a manifest: Docker v2 and OCI, images and indexes. */
export const MANIFEST_MEDIA_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
]
