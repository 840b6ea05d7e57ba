// The `kubeconfig` input, as pure functions: raw YAML or base64 of it, and the values in
// it that are secret (to mask before anything can print them).
//
// Parsed with js-yaml, the parser @kubernetes/client-node loads the kubeconfig with (the
// same copy: __tests__/dependencies.test.ts), so what is masked is what the client
// reads, and the run loads no other YAML parser for it.
import { load } from 'js-yaml'
import { InputError } from '../inputs.ts'

interface KubeconfigShape {
  clusters?: unknown
  contexts?: { name?: string; context?: { namespace?: string } }[]
  users?: { name?: string; user?: Record<string, unknown> }[]
}

function parseKubeconfig(text: string): KubeconfigShape | undefined {
  try {
    const doc = load(text)
    if (doc && typeof doc === 'object' && !Array.isArray(doc)) {
      const d = doc as KubeconfigShape
      if (d.clusters !== undefined || d.contexts !== undefined || d.users !== undefined) return d
    }
  } catch {
    // not YAML
  }
  return undefined
}

/** The kubeconfig as YAML text, from the input's raw YAML or base64. */
export function decodeKubeconfigInput(input: string): string {
  const text = input.trim()
  if (parseKubeconfig(text)) return text + '\n'
  const compact = text.replace(/\s+/g, '')
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(compact)) {
    const decoded = Buffer.from(compact, 'base64').toString('utf8')
    if (parseKubeconfig(decoded)) return decoded.trimEnd() + '\n'
  }
  throw new InputError(
    'kubeconfig',
    'is neither a kubeconfig (YAML with clusters, contexts and users) nor the base64 of one.',
  )
}

const SECRET_USER_FIELDS = ['token', 'password', 'client-key-data']
const SECRET_PROVIDER_FIELDS = ['id-token', 'refresh-token', 'access-token', 'client-secret']

/** Every value in a kubeconfig that must never appear in a log. */
export function kubeconfigSecrets(yamlText: string): string[] {
  const doc = parseKubeconfig(yamlText)
  const out = new Set<string>()
  // A number is a secret too (`password: 123456`): the client sends it as text.
  const add = (v: unknown) => {
    const text = typeof v === 'number' ? String(v) : v
    if (typeof text === 'string' && text.trim() !== '') out.add(text.trim())
  }
  for (const u of doc?.users ?? []) {
    const user = u?.user ?? {}
    for (const f of SECRET_USER_FIELDS) add(user[f])
    const provider = user['auth-provider'] as { config?: Record<string, unknown> } | undefined
    for (const f of SECRET_PROVIDER_FIELDS) add(provider?.config?.[f])
    const exec = user.exec as { env?: { value?: unknown }[] } | undefined
    for (const e of exec?.env ?? []) add(e?.value)
  }
  return [...out]
}
