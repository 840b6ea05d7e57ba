// Is this image reference acceptable? Pure: the same rules serve the PR check (every
// place an image is named) and deploy mode (the Dockerfile it builds, its own tag).
//
// A reference fails when it can change under the same text: no tag (which means
// :latest), :latest, or a tag listed in deny-tags. A digest pins the content, so a
// digest-pinned reference passes whatever its tag says. allow-images exempts images by
// glob, matched against the repository as written and as normalised.
import {
  ImageReferenceError,
  canonicalRepository,
  formatReference,
  parseImageReference,
  registryDomain,
  repositoryName,
  type ImageReference,
} from '../image/reference.ts'

export interface Policy {
  /** Tags refused besides `latest` and no tag. */
  denyTags: string[]
  /** Globs of images exempt from the check. */
  allowImages: string[]
}

export type FailReason = 'untagged' | 'latest' | 'denied-tag'

export type Verdict =
  | { status: 'pass'; ref: ImageReference; why: 'digest' | 'tag' | 'allowed' }
  | { status: 'fail'; ref: ImageReference; reason: FailReason }
  | { status: 'invalid'; message: string }

/** Judge one reference, as written (after any variable substitution). */
export function judgeReference(text: string, policy: Policy): Verdict {
  let ref: ImageReference
  try {
    ref = parseImageReference(text)
  } catch (err) {
    if (err instanceof ImageReferenceError) return { status: 'invalid', message: err.message }
    throw err
  }
  if (ref.digest) return { status: 'pass', ref, why: 'digest' }
  if (isAllowedImage(ref, policy.allowImages)) return { status: 'pass', ref, why: 'allowed' }
  if (ref.tag === undefined) return { status: 'fail', ref, reason: 'untagged' }
  if (ref.tag === 'latest') return { status: 'fail', ref, reason: 'latest' }
  if (policy.denyTags.includes(ref.tag)) return { status: 'fail', ref, reason: 'denied-tag' }
  return { status: 'pass', ref, why: 'tag' }
}

/** One line saying why a reference fails. */
export function describeFailure(reason: FailReason, ref: ImageReference): string {
  switch (reason) {
    case 'untagged':
      return `${repositoryName(ref)} has no tag, which means :latest`
    case 'latest':
      return `${formatReference(ref)} uses the mutable tag :latest`
    case 'denied-tag':
      return `${formatReference(ref)} uses the tag :${ref.tag}, refused by deny-tags`
  }
}

/**
 * The names an allow-images glob is matched against: the repository as written
 * (`nginx`, `ghcr.io/acme/app`), normalised (`docker.io/library/nginx`), Docker Hub's
 * familiar forms (`nginx`, `docker.io/nginx`), and the whole reference as written
 * (`nginx:latest`).
 */
export function allowCandidates(ref: ImageReference): string[] {
  const names = new Set([repositoryName(ref), canonicalRepository(ref), formatReference(ref)])
  if (registryDomain(ref) === 'docker.io') {
    // Docker Hub's familiar forms: `nginx` and `docker.io/nginx` for docker.io/library/nginx.
    const familiar = ref.repository.replace(/^library\/(?=[^/]+$)/, '')
    names.add(familiar)
    names.add(`docker.io/${familiar}`)
  }
  return [...names]
}

export function isAllowedImage(ref: ImageReference, globs: string[]): boolean {
  if (globs.length === 0) return false
  const names = allowCandidates(ref)
  return globs.some((g) => {
    const re = globToRegExp(g)
    return names.some((n) => re.test(n))
  })
}

/** `*` is any run within one path element, `**` crosses `/`, `?` one character. */
export function globToRegExp(glob: string): RegExp {
  let re = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*'
      i++
    } else if (c === '*') re += '[^/]*'
    else if (c === '?') re += '[^/]'
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${re}$`)
}

/**
 * The inline ignore comment. `# dock2pod-ignore` is the documented form;
 * `# dock2pod: ignore` is accepted too. Anything after it (a reason) is allowed.
 */
const IGNORE_COMMENT = /#\s*dock2pod(?:-ignore|:\s*ignore)(?![\w-])/

/**
 * Whether a finding on `line` (1-based) is silenced: the comment at the end of that
 * line, or alone on the line just above it. `alsoAbove` lists other lines whose line
 * above counts too (the first line of a multi-line instruction, the key that owns a
 * values map).
 */
export function isIgnoredAt(lines: string[], line: number, alsoAbove: number[] = []): boolean {
  const at = lines[line - 1]
  if (at !== undefined && IGNORE_COMMENT.test(at)) return true
  for (const l of [line, ...alsoAbove]) {
    const above = lines[l - 2]
    if (above !== undefined && /^\s*#/.test(above) && IGNORE_COMMENT.test(above)) return true
  }
  return false
}
