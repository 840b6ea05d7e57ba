// The suggested fix with a digest: where a registry answers, name the digest the tag
// points to now, so the fix is a copy-paste. Bounded in time as a whole and safe
// offline: a resolver that fails, hangs or is missing leaves the generic fix.
import { parseImageReference } from '../image/reference.ts'
import type { Finding } from './findings.ts'

/** `nginx:1.27` → `sha256:…`, or undefined. Must honour the signal. */
export type DigestResolver = (ref: string, signal: AbortSignal) => Promise<string | undefined>

export async function suggestDigests(
  findings: Finding[],
  resolve: DigestResolver | undefined,
  budgetMs = 3_000,
): Promise<void> {
  if (!resolve) return
  const targets = findings.filter(
    (f) =>
      f.severity === 'error' &&
      (f.reason === 'latest' || f.reason === 'untagged' || f.reason === 'denied-tag'),
  )
  if (targets.length === 0) return
  const controller = new AbortController()
  const digests = new Map<string, Promise<string | undefined>>()
  for (const f of targets) {
    if (!digests.has(f.image))
      digests.set(
        f.image,
        resolve(f.image, controller.signal).then(
          (d) => (d && /^sha256:[0-9a-f]{64}$/.test(d) ? d : undefined),
          () => undefined,
        ),
      )
  }
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<'timeout'>((res) => {
    timer = setTimeout(() => res('timeout'), budgetMs)
  })
  const resolved = new Map<string, string>()
  const all = Promise.all(
    [...digests].map(async ([image, p]) => {
      const d = await p
      if (d) resolved.set(image, d)
    }),
  )
  await Promise.race([all, deadline])
  clearTimeout(timer)
  controller.abort()
  for (const f of targets) {
    const d = resolved.get(f.image)
    if (d) {
      f.digest = d
      f.fix = `pin the digest: ${f.image.split('@')[0]}@${d}`
    }
  }
}

/**
 * The registry client (src/registry/client.ts) as a resolver: no retries, each request
 * also cut by the caller's signal. An untagged reference is resolved as :latest, which
 * is what it pulls. Loaded only when there is something to resolve.
 */
export function registryDigestResolver(): DigestResolver {
  return async (text, signal) => {
    const { resolveDigest } = await import('../registry/client.ts')
    const ref = parseImageReference(text)
    const withTag = ref.tag === undefined ? { ...ref, tag: 'latest' } : ref
    const descriptor = await resolveDigest(withTag, {
      retries: 0,
      timeoutMs: 3_000,
      fetch: (input, init) =>
        fetch(input, {
          ...init,
          signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal,
        }),
    })
    return descriptor.digest
  }
}
