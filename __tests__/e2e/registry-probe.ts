// What a registry holds, asked with fetch (never through the action's own client), and
// the processes a run may have left behind.
import { readdirSync, readFileSync } from 'node:fs'
import { expect } from 'vitest'

/** Every manifest type a registry may serve for a tag. */
export const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ')

/** The tags a repository has at a registry; none when the repository does not exist. */
export async function tagsAt(
  host: string,
  repo: string,
  headers: Record<string, string> = {},
): Promise<string[]> {
  const res = await fetch(`http://${host}/v2/${repo}/tags/list`, { headers })
  if (res.status === 404) return []
  expect(res.status).toBe(200)
  return (((await res.json()) as { tags: string[] | null }).tags ?? []).sort()
}

/** The digest the registry itself serves for a tag (`Docker-Content-Digest`). */
export async function registryDigest(
  host: string,
  repo: string,
  tag: string,
  headers: Record<string, string> = {},
): Promise<string> {
  const res = await fetch(`http://${host}/v2/${repo}/manifests/${tag}`, {
    method: 'HEAD',
    headers: { accept: ACCEPT, ...headers },
  })
  expect(res.status).toBe(200)
  return res.headers.get('docker-content-digest')!
}

/** The image config's labels, read from the registry. */
export async function configLabels(
  host: string,
  repo: string,
  digest: string,
): Promise<Record<string, string>> {
  let manifest = (await (
    await fetch(`http://${host}/v2/${repo}/manifests/${digest}`, { headers: { accept: ACCEPT } })
  ).json()) as {
    config?: { digest: string }
    manifests?: { digest: string; platform?: { os: string; architecture: string } }[]
  }
  // An image index (buildx pushes one with its attestations): the linux/amd64 image.
  const amd64 = manifest.manifests?.find(
    (m) => m.platform?.os === 'linux' && m.platform.architecture === 'amd64',
  )
  if (amd64)
    manifest = (await (
      await fetch(`http://${host}/v2/${repo}/manifests/${amd64.digest}`, {
        headers: { accept: ACCEPT },
      })
    ).json()) as typeof manifest
  const config = (await (
    await fetch(`http://${host}/v2/${repo}/blobs/${manifest.config!.digest}`)
  ).json()) as { config: { Labels: Record<string, string> } }
  return config.config.Labels
}

/** Live (not zombie) processes whose command line contains `needle`, as `pid: cmdline`. */
export function processesWith(needle: string): string[] {
  const found: string[] = []
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const state = stat.slice(stat.lastIndexOf(')') + 2)[0]
      if (cmdline.includes(needle) && state !== 'Z') found.push(`${pid}: ${cmdline.trim()}`)
    } catch {
      // Gone while we looked.
    }
  }
  return found
}

/** Poll `probe` until it holds or `ms` pass; returns its last value. */
export async function eventually<T>(probe: () => T, ok: (v: T) => boolean, ms: number): Promise<T> {
  const deadline = Date.now() + ms
  let v = probe()
  while (!ok(v) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100))
    v = probe()
  }
  return v
}
