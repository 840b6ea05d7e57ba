// Image references as containerd normalizes them: [registry[:port]/]repo[:tag][@digest],
// docker.io and library/ by default, `latest` when neither tag nor digest is given.
// Never split on ':' alone: `127.0.0.1:5000/app` has a port, not a tag.

export interface ImageReference {
  /** Registry host[:port] as written (`docker.io` for Docker Hub). */
  registry: string
  /** Repository path inside the registry, e.g. `library/nginx`. */
  repository: string
  tag?: string
  digest?: string
  /** The fully qualified form containerd reports: `docker.io/library/nginx:1.25`. */
  normalized: string
  /** `registry/repository`, the prefix of an imageID. */
  name: string
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*$/
const TAG = /^[\w][\w.-]{0,127}$/
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/
const HOST =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::\d+)?$/

export class InvalidReferenceError extends Error {}

/** Parse and normalize; throws InvalidReferenceError with containerd's wording. */
export function parseImageReference(ref: string): ImageReference {
  const bad = () =>
    new InvalidReferenceError(`couldn't parse image name "${ref}": invalid reference format`)
  if (!ref || ref !== ref.trim() || ref.length > 255 + 128 + 80) throw bad()
  let rest = ref
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at >= 0) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
    if (!DIGEST.test(digest)) throw bad()
    if (digest.startsWith('sha256:') && !/^sha256:[a-f0-9]{64}$/.test(digest)) throw bad()
  }
  let tag: string | undefined
  const lastSlash = rest.lastIndexOf('/')
  const colon = rest.indexOf(':', lastSlash + 1)
  if (colon >= 0) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
    if (!TAG.test(tag)) throw bad()
  }
  const parts = rest.split('/')
  let registry = 'docker.io'
  const first = parts[0]!
  if (
    parts.length > 1 &&
    (first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('['))
  ) {
    registry = first
    parts.shift()
    if (!HOST.test(registry)) throw bad()
  }
  if (parts.length === 0 || parts.some((p) => !COMPONENT.test(p))) throw bad()
  if (registry === 'docker.io' && parts.length === 1) parts.unshift('library')
  if (registry === 'index.docker.io') registry = 'docker.io'
  const repository = parts.join('/')
  if (!tag && !digest) tag = 'latest'
  const name = `${registry}/${repository}`
  const normalized = `${name}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`
  return { registry, repository, tag, digest, normalized, name }
}

/** The scheme and host a client talks to for a registry. */
export function registryEndpoint(registry: string, insecure: string[] = []): string {
  if (registry === 'docker.io') return 'https://registry-1.docker.io'
  const host = registry.replace(/:\d+$/, '').replace(/^\[|\]$/g, '')
  const plain =
    host === 'localhost' || host === '::1' || /^127\./.test(host) || insecure.includes(registry)
  return `${plain ? 'http' : 'https'}://${registry}`
}
