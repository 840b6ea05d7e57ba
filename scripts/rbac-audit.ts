// Compare what dock2pod asks of the API server with what examples/rbac.yaml grants.
// `requestAttributes` reads a request of the test cluster's log the way the API
// server's authorizer does (k8s.io/apiserver RequestInfoFactory: verb, API group,
// resource, subresource, namespace, name); `roleGrants` expands a Role's rules; and
// `auditRole` answers which requests the Role would deny and which of its grants no
// request used. All pure, so the rules are checked by tables; the e2e test feeds it
// the request log of real deploy runs.
import { parseAllDocuments } from 'yaml'

/** What the request log of the test cluster records (testbed/kube/faults.ts). */
export interface LoggedRequest {
  method: string
  path: string
  /** The raw query string, without `?`. */
  query: string
}

export type RequestAttributes =
  | {
      kind: 'resource'
      verb: string
      /** '' is the core group. */
      apiGroup: string
      resource: string
      subresource: string
      namespace: string
      name: string
    }
  | { kind: 'non-resource'; verb: string; path: string }

export interface PolicyRule {
  apiGroups?: string[]
  resources?: string[]
  verbs: string[]
  resourceNames?: string[]
  nonResourceURLs?: string[]
}

const METHOD_VERBS: Record<string, string> = {
  GET: 'get',
  HEAD: 'get',
  POST: 'create',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
}
// Paths under a namespace that are the namespace's own subresources, not resources in it.
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize'])

function queryFlag(query: string, name: string): boolean {
  const v = new URLSearchParams(query).get(name)
  return v === '1' || v === 'true'
}

/** The authorizer's view of one request, or undefined for the test bed's own hooks. */
export function requestAttributes(req: LoggedRequest): RequestAttributes | undefined {
  const path = req.path.split('?')[0]!
  if (path.startsWith('/_testbed/')) return undefined
  const methodVerb = METHOD_VERBS[req.method.toUpperCase()] ?? req.method.toLowerCase()
  const parts = path.split('/').filter(Boolean)
  let apiGroup: string
  let rest: string[]
  if (parts[0] === 'api' && parts.length >= 3) {
    apiGroup = ''
    rest = parts.slice(2)
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    apiGroup = parts[1]!
    rest = parts.slice(3)
  } else {
    // Discovery (/api, /apis, /apis/apps/v1), /version, /openapi/…: no resource.
    return { kind: 'non-resource', verb: methodVerb, path }
  }
  let verb = methodVerb
  if (rest[0] === 'watch') {
    // The deprecated /watch/ prefix.
    verb = 'watch'
    rest = rest.slice(1)
  }
  let namespace = ''
  if (rest[0] === 'namespaces' && rest.length > 1) {
    namespace = rest[1]!
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2]!)) rest = rest.slice(2)
  }
  const [resource = '', name = '', ...sub] = rest
  if (verb === 'get' && name === '') verb = queryFlag(req.query, 'watch') ? 'watch' : 'list'
  else if (verb === 'get' && queryFlag(req.query, 'watch')) verb = 'watch'
  if (verb === 'delete' && name === '') verb = 'deletecollection'
  return { kind: 'resource', verb, apiGroup, resource, subresource: sub.join('/'), namespace, name }
}

const has = (list: string[] | undefined, value: string) =>
  !!list && (list.includes('*') || list.includes(value))

function ruleAllows(rule: PolicyRule, a: RequestAttributes): boolean {
  if (!has(rule.verbs, a.verb)) return false
  if (a.kind === 'non-resource')
    return !!rule.nonResourceURLs?.some(
      (u) => u === '*' || u === a.path || (u.endsWith('*') && a.path.startsWith(u.slice(0, -1))),
    )
  if (!has(rule.apiGroups, a.apiGroup)) return false
  const full = a.subresource ? `${a.resource}/${a.subresource}` : a.resource
  const resources = rule.resources ?? []
  const resourceOk =
    resources.includes('*') ||
    resources.includes(full) ||
    (a.subresource !== '' && resources.includes(`${a.resource}/*`)) ||
    (a.subresource !== '' && resources.includes(`*/${a.subresource}`))
  if (!resourceOk) return false
  if (rule.resourceNames?.length) return rule.resourceNames.includes(a.name)
  return true
}

export function isAllowed(rules: PolicyRule[], a: RequestAttributes): boolean {
  return rules.some((r) => ruleAllows(r, a))
}

/** The Role of a multi-document manifest (examples/rbac.yaml), by name or the only one. */
export function roleFromManifests(
  text: string,
  name?: string,
): { name: string; namespace?: string; rules: PolicyRule[] } {
  const roles = parseAllDocuments(text)
    .map(
      (d) =>
        d.toJS() as {
          kind?: string
          metadata?: { name?: string; namespace?: string }
          rules?: PolicyRule[]
        },
    )
    .filter((o) => o?.kind === 'Role' || o?.kind === 'ClusterRole')
  const cluster = roles.find((r) => r.kind === 'ClusterRole')
  if (cluster)
    throw new Error(`ClusterRole ${cluster.metadata?.name}: dock2pod needs nothing cluster-wide`)
  const picked = name ? roles.filter((r) => r.metadata?.name === name) : roles
  if (picked.length !== 1)
    throw new Error(`expected one Role${name ? ` named ${name}` : ''}, found ${picked.length}`)
  const role = picked[0]!
  return {
    name: role.metadata?.name ?? '',
    ...(role.metadata?.namespace ? { namespace: role.metadata.namespace } : {}),
    rules: role.rules ?? [],
  }
}

/** `verb group/resource[/subresource]`, the unit both sides are compared in. */
export function grantKey(verb: string, apiGroup: string, resource: string): string {
  return `${verb} ${apiGroup === '' ? 'core' : apiGroup}/${resource}`
}

/** Every (verb, group, resource) a Role grants; wildcards stay as `*`. */
export function roleGrants(rules: PolicyRule[]): string[] {
  const out = new Set<string>()
  for (const r of rules)
    for (const g of r.apiGroups ?? [])
      for (const res of r.resources ?? []) for (const v of r.verbs) out.add(grantKey(v, g, res))
  return [...out].sort()
}

export interface RoleAudit {
  /** Requests the Role would refuse, as grant keys (`patch apps/deployments`). */
  denied: string[]
  /** Grants of the Role that no request used: the docs ask for more than the code needs. */
  unused: string[]
  /** Discovery and other non-resource requests (every authenticated user may make them). */
  nonResource: string[]
  /** Requests made into another namespace than the Role's. */
  otherNamespace: string[]
}

export function auditRole(
  role: { namespace?: string; rules: PolicyRule[] },
  requests: LoggedRequest[],
): RoleAudit {
  const denied = new Set<string>()
  const used = new Set<string>()
  const nonResource = new Set<string>()
  const otherNamespace = new Set<string>()
  for (const req of requests) {
    const a = requestAttributes(req)
    if (!a) continue
    if (a.kind === 'non-resource') {
      nonResource.add(`${a.verb} ${a.path}`)
      continue
    }
    const full = a.subresource ? `${a.resource}/${a.subresource}` : a.resource
    const key = grantKey(a.verb, a.apiGroup, full)
    // A Role grants nothing outside its namespace, and nothing cluster-scoped.
    if (!a.namespace || (role.namespace && a.namespace !== role.namespace))
      otherNamespace.add(`${key} (${a.namespace || 'cluster-scoped'})`)
    if (isAllowed(role.rules, a)) used.add(key)
    else denied.add(key)
  }
  const unused = roleGrants(role.rules).filter((g) => !used.has(g))
  return {
    denied: [...denied].sort(),
    unused,
    nonResource: [...nonResource].sort(),
    otherNamespace: [...otherNamespace].sort(),
  }
}
