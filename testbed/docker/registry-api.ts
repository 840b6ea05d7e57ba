// A registry's manifests asked and deleted with fetch (never through the action's own
// client), to stage what happens at the registry after a rollout's patch.

/** Every manifest type a registry may serve for a tag. */
export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ')

/** `http://host/v2/<repo>/manifests/<reference>` (a tag or a digest). */
export function manifestUrl(host: string, repo: string, reference: string): string {
  return `http://${host}/v2/${repo}/manifests/${reference}`
}

/** The digest the registry itself serves for a tag (`Docker-Content-Digest`). */
export async function manifestDigest(host: string, repo: string, tag: string): Promise<string> {
  const res = await fetch(manifestUrl(host, repo, tag), {
    method: 'HEAD',
    headers: { accept: MANIFEST_ACCEPT },
  })
  const digest = res.headers.get('docker-content-digest')
  if (res.status !== 200 || !digest)
    throw new Error(`HEAD manifest ${repo}:${tag} at ${host}: ${res.status}`)
  return digest
}

/** `DELETE /v2/<repo>/manifests/<digest>` at an open registry that allows deletes. */
export async function deleteManifest(host: string, repo: string, digest: string): Promise<void> {
  const res = await fetch(manifestUrl(host, repo, digest), { method: 'DELETE' })
  if (res.status !== 202) throw new Error(`DELETE manifest ${repo}@${digest}: ${res.status}`)
}
