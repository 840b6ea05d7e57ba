// Docker image references, parsed by the grammar of distribution/reference:
//   [host[:port]/]path[:tag][@algorithm:hex]
// Pure: no I/O. The registry host is recognised the way the docker CLI does it: the
// first path element is a host when it has a '.' or a ':' or is 'localhost', so
// `localhost:5000/app` is an untagged image on a local registry, not `app` tagged
// `5000/app`.

export const DOCKER_HUB = 'docker.io'

export interface ImageReference {
  /** The host[:port] as written; '' when none was written (Docker Hub). */
  registry: string
  /** The path as written, without host: `acme/app`, or `nginx`. */
  repository: string
  tag?: string
  /** `sha256:<64 hex>` (or another algorithm). */
  digest?: string
}

/** An image reference that does not parse; the message says why. Not the built-in ReferenceError. */
export class ImageReferenceError extends Error {
  override name = 'ImageReferenceError'
}

const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])'
const hostPattern = new RegExp(
  `^(?:${domainComponent}(?:\\.${domainComponent})*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?$`,
)
const pathComponent = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/
const tagPattern = /^[\w][\w.-]{0,127}$/
const digestPattern = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-fA-F]{32,}$/
const sha256Pattern = /^sha256:[0-9a-f]{64}$/

/** Whether the first path element names a registry host, as the docker CLI decides. */
export function looksLikeHost(first: string): boolean {
  return (
    first.includes('.') ||
    first.includes(':') ||
    first === 'localhost' ||
    first !== first.toLowerCase()
  )
}

export function isValidTag(tag: string): boolean {
  return tagPattern.test(tag)
}

export function isValidRegistryHost(host: string): boolean {
  return hostPattern.test(host) && (!host.includes(':') || validPort(host))
}

function validPort(host: string): boolean {
  const m = /:(\d+)$/.exec(host)
  if (!m) return !/^\[/.test(host) || /\]$/.test(host)
  const port = Number(m[1])
  return port > 0 && port < 65536
}

/** Why a repository path is invalid, or undefined when it is fine. */
export function repositoryProblem(path: string): string | undefined {
  if (path === '') return 'is empty'
  if (path.length > 255) return 'is longer than 255 characters'
  // Characters no reference can hold are named before case: "<YOUR-IMAGE>" is a
  // placeholder, not an upper-case name.
  for (const part of path.split('/')) {
    if (part === '') return 'has an empty path element'
    if (!pathComponent.test(part.toLowerCase())) {
      const foreign = [...new Set(part.toLowerCase().replace(/[a-z0-9._-]/g, ''))]
      return foreign.length > 0
        ? `holds ${foreign.map((c) => JSON.stringify(c)).join(', ')}: an image name has only lowercase letters, digits and the separators ".", "_", "__" and "-"`
        : `has an invalid path element "${part}" (use a-z, 0-9 and single separators . _ __ -)`
    }
  }
  if (path !== path.toLowerCase()) return 'must be lowercase'
  return undefined
}

/** Parse a reference; throws ImageReferenceError with a precise reason. */
export function parseImageReference(text: string): ImageReference {
  const ref = text.trim()
  if (ref === '') throw new ImageReferenceError('is empty')
  if (/\s/.test(ref)) throw new ImageReferenceError('contains white space')
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ref))
    throw new ImageReferenceError('has a URL scheme; an image reference has none')
  let rest = ref
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at >= 0) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
    if (!digestPattern.test(digest))
      throw new ImageReferenceError(
        `has an invalid digest "${digest}" (expected sha256:<64 hex characters>)`,
      )
    if (digest.startsWith('sha256:') && !sha256Pattern.test(digest)) {
      throw new ImageReferenceError(
        `has an invalid digest "${digest}" (expected sha256:<64 lowercase hex characters>)`,
      )
    }
  }
  let registry = ''
  const slash = rest.indexOf('/')
  if (slash > 0 && looksLikeHost(rest.slice(0, slash))) {
    registry = rest.slice(0, slash)
    rest = rest.slice(slash + 1)
    if (!isValidRegistryHost(registry))
      throw new ImageReferenceError(`has an invalid registry host "${registry}"`)
  }
  let tag: string | undefined
  const colon = rest.lastIndexOf(':')
  if (colon >= 0) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
    if (!isValidTag(tag)) {
      throw new ImageReferenceError(
        `has an invalid tag "${tag}" (up to 128 of A-Z a-z 0-9 _ . -, not starting with . or -)`,
      )
    }
  }
  const problem = repositoryProblem(rest)
  // A predicate on the whole reference: callers write `"<text>" ${message}`.
  if (problem)
    throw new ImageReferenceError(
      rest === ref ? problem : `has the repository path "${rest}", which ${problem}`,
    )
  return {
    registry,
    repository: rest,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest ? { digest } : {}),
  }
}

/** `registry/repository[:tag][@digest]`, as written (no Docker Hub normalisation). */
export function formatReference(ref: ImageReference): string {
  return `${ref.registry ? `${ref.registry}/` : ''}${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`
}

/** The repository without tag or digest, as written: `ghcr.io/acme/app`. */
export function repositoryName(ref: ImageReference): string {
  return `${ref.registry ? `${ref.registry}/` : ''}${ref.repository}`
}

/** The host a client talks to: Docker Hub's names normalised to `docker.io`. */
export function registryDomain(ref: ImageReference): string {
  return ref.registry === '' ||
    ref.registry === 'index.docker.io' ||
    ref.registry === 'registry-1.docker.io'
    ? DOCKER_HUB
    : ref.registry
}

/** The path at the registry: Docker Hub's official images live under `library/`. */
export function registryPath(ref: ImageReference): string {
  return registryDomain(ref) === DOCKER_HUB && !ref.repository.includes('/')
    ? `library/${ref.repository}`
    : ref.repository
}

/** Fully qualified and comparable: `docker.io/library/nginx`. */
export function canonicalRepository(ref: ImageReference): string {
  return `${registryDomain(ref)}/${registryPath(ref)}`
}

/** The last path element, the default container name to look for: `app` of `acme/app`. */
export function lastPathElement(ref: ImageReference): string {
  const parts = ref.repository.split('/')
  return parts[parts.length - 1]!
}
