// Dependencies of @kubernetes/client-node that a run loads only when its kubeconfig
// needs them: the legacy auth providers' libraries and the SOCKS proxy's.
//
// client-node's config.js imports them statically, so without this every deploy-mode
// run parsed and ran them at start (about 450 kB of the client's 1.62 MB chunk:
// docs/performance.md, "Cold start"), though a kubeconfig with a token, a client
// certificate, an exec plugin or a service account uses none of them. In the bundle,
// client-node's imports of these packages resolve to stand-ins (written by
// scripts/deferred-deps.ts) that register a loader here and hold the real exports
// once it has run; connect() (client.ts) runs the loaders the kubeconfig's current
// user and cluster need, before the first request. Outside the bundle (the unit tests
// run src/) nothing registers, and client-node has loaded the real packages itself.

/** The deferred packages. What makes client-node use each: a user with auth-provider
 *  `oidc` (openid-client, in its oidc_auth.js), `azure` or `gcp` (jsonpath-plus, in
 *  azure_auth.js and gcp_auth.js), a cluster whose proxy-url is socks4/socks5 (socks and
 *  socks-proxy-agent, in config.js). */
export const DEFERRED_PACKAGES = [
  'openid-client',
  'jsonpath-plus',
  'socks',
  'socks-proxy-agent',
] as const

export type DeferredPackage = (typeof DEFERRED_PACKAGES)[number]

/** client-node's auth providers (user.auth-provider.name) and the package each uses. */
const AUTH_PROVIDER_PACKAGE: Record<string, DeferredPackage> = {
  oidc: 'openid-client',
  azure: 'jsonpath-plus',
  gcp: 'jsonpath-plus',
}

/** The deferred packages client-node will use for this user and cluster (as client-node
 *  loaded them: `authProvider`, `proxyUrl`). */
export function deferredFor(
  user: { authProvider?: { name?: string } } | null | undefined,
  cluster: { proxyUrl?: string } | null | undefined,
): DeferredPackage[] {
  const out = new Set<DeferredPackage>()
  const provider = user?.authProvider?.name
  if (provider && Object.hasOwn(AUTH_PROVIDER_PACKAGE, provider))
    out.add(AUTH_PROVIDER_PACKAGE[provider]!)
  // client-node's own test: `cluster.proxyUrl.startsWith('socks')`
  if (cluster?.proxyUrl?.startsWith('socks')) {
    out.add('socks')
    out.add('socks-proxy-agent')
  }
  return [...out]
}

const loaders = new Map<string, () => Promise<void>>()

/** Called by the bundle's stand-in for `name` when client-node is loaded. */
export function registerDeferred(name: string, load: () => Promise<void>): void {
  loaders.set(name, load)
}

/** Load `names` through their stand-ins; the names that were loaded so. */
export async function loadDeferred(names: readonly string[]): Promise<string[]> {
  const loaded: string[] = []
  // One after the other: socks-proxy-agent imports socks.
  for (const name of names) {
    const load = loaders.get(name)
    if (!load) continue
    await load()
    loaded.push(name)
  }
  return loaded
}
