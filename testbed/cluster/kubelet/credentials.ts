// Registry credentials from image pull secrets, as the kubelet's credential keyring
// reads them: kubernetes.io/dockerconfigjson (`auths`) and the legacy dockercfg.
import type { KubeObject } from '../store.ts'

export interface RegistryCredential {
  username: string
  password: string
}

/** Reduce `https://index.docker.io/v1/`, `docker.io`, `http://h:5000/v2/` to a host key. */
export function normalizeRegistryKey(key: string): string {
  let host = key.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '')
  if (
    host === 'index.docker.io' ||
    host === 'registry-1.docker.io' ||
    host === 'registry.hub.docker.com'
  )
    host = 'docker.io'
  return host.toLowerCase()
}

function decode(b64: string | undefined): string | undefined {
  if (b64 === undefined) return undefined
  try {
    return Buffer.from(b64, 'base64').toString('utf8')
  } catch {
    return undefined
  }
}

interface AuthEntry {
  auth?: string
  username?: string
  password?: string
}

function entryToCredential(e: AuthEntry): RegistryCredential | undefined {
  if (e.username !== undefined && e.password !== undefined)
    return { username: e.username, password: e.password }
  const raw = decode(e.auth)
  if (!raw) return undefined
  const i = raw.indexOf(':')
  if (i < 0) return undefined
  return { username: raw.slice(0, i), password: raw.slice(i + 1) }
}

/** The auths of one secret, keyed by normalized registry host. */
export function secretAuths(secret: KubeObject): Map<string, RegistryCredential> {
  const out = new Map<string, RegistryCredential>()
  const data = (secret.data ?? {}) as Record<string, string>
  const stringData = (secret.stringData ?? {}) as Record<string, string>
  let entries: Record<string, AuthEntry> | undefined
  try {
    if (secret.type === 'kubernetes.io/dockerconfigjson') {
      const text = stringData['.dockerconfigjson'] ?? decode(data['.dockerconfigjson'])
      entries = text ? JSON.parse(text).auths : undefined
    } else if (secret.type === 'kubernetes.io/dockercfg') {
      const text = stringData['.dockercfg'] ?? decode(data['.dockercfg'])
      entries = text ? JSON.parse(text) : undefined
    }
  } catch {
    return out
  }
  for (const [k, v] of Object.entries(entries ?? {})) {
    const cred = entryToCredential(v ?? {})
    if (cred) out.set(normalizeRegistryKey(k), cred)
  }
  return out
}

/** Every credential the secrets hold for `registry`, in secret order. */
export function credentialsFor(registry: string, secrets: KubeObject[]): RegistryCredential[] {
  const host = normalizeRegistryKey(registry)
  const out: RegistryCredential[] = []
  for (const s of secrets) {
    const c = secretAuths(s).get(host)
    if (c) out.push(c)
  }
  return out
}
