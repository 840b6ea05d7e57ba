// Discovery documents, built from the resource table: `/version`, the legacy
// `/api`, `/apis`, `/api/v1`, `/apis/<group>/<version>` lists, and the aggregated
// `apidiscovery.k8s.io/v2` lists kubectl 1.30+ asks for first. Pure.
import { RESOURCES, apiVersionOf, type ResourceType } from './resources.ts'

export const SERVER_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-dock2pod-testbed',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2025-01-01T00:00:00Z',
  goVersion: 'go1.23.4',
  compiler: 'gc',
  platform: 'linux/amd64',
}

export const AGGREGATED_DISCOVERY_TYPE =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList'

/** Resources in `kubectl get all`. */
const CATEGORIES: Record<string, string[]> = {
  pods: ['all'],
  deployments: ['all'],
  replicasets: ['all'],
}

interface SubresourceInfo {
  verbs: string[]
  group: string
  version: string
  kind: string
}

function subresourceInfo(t: ResourceType, sub: string): SubresourceInfo {
  switch (sub) {
    case 'status':
      return { verbs: ['get', 'patch', 'update'], group: t.group, version: t.version, kind: t.kind }
    case 'scale':
      return {
        verbs: ['get', 'patch', 'update'],
        group: 'autoscaling',
        version: 'v1',
        kind: 'Scale',
      }
    case 'log':
      return { verbs: ['get'], group: '', version: 'v1', kind: 'Pod' }
    default:
      return { verbs: ['get'], group: t.group, version: t.version, kind: t.kind }
  }
}

const groups = (): string[] => [...new Set(RESOURCES.map((r) => r.group).filter((g) => g !== ''))]

export function apiVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  }
}

function groupEntry(group: string): Record<string, unknown> {
  const versions = [...new Set(RESOURCES.filter((r) => r.group === group).map((r) => r.version))]
  const gv = versions.map((v) => ({ groupVersion: `${group}/${v}`, version: v }))
  return { name: group, versions: gv, preferredVersion: gv[0] }
}

export function apiGroupList(): Record<string, unknown> {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups().map(groupEntry) }
}

/** `/apis/<group>` or undefined when the group is not served. */
export function apiGroup(group: string): Record<string, unknown> | undefined {
  if (!groups().includes(group)) return undefined
  return { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(group) }
}

/** `/api/v1` or `/apis/<group>/<version>`, or undefined when not served. */
export function apiResourceList(
  group: string,
  version: string,
): Record<string, unknown> | undefined {
  const types = RESOURCES.filter((r) => r.group === group && r.version === version)
  if (types.length === 0) return undefined
  const resources: Record<string, unknown>[] = []
  for (const t of types) {
    resources.push({
      name: t.resource,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: t.verbs,
      ...(t.shortNames.length ? { shortNames: t.shortNames } : {}),
      ...(CATEGORIES[t.resource] ? { categories: CATEGORIES[t.resource] } : {}),
      storageVersionHash: Buffer.from(`${t.group}/${t.resource}`).toString('base64').slice(0, 11),
    })
    for (const sub of t.subresources) {
      const info = subresourceInfo(t, sub)
      resources.push({
        name: `${t.resource}/${sub}`,
        singularName: '',
        namespaced: t.namespaced,
        ...(info.group !== t.group || sub === 'scale'
          ? { group: info.group, version: info.version }
          : {}),
        kind: info.kind,
        verbs: info.verbs,
      })
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf(types[0]!),
    resources,
  }
}

function discoveryGroup(group: string): Record<string, unknown> {
  const types = RESOURCES.filter((r) => r.group === group)
  const versions = [...new Set(types.map((r) => r.version))]
  return {
    metadata: { name: group, creationTimestamp: null },
    versions: versions.map((version) => ({
      version,
      resources: types
        .filter((t) => t.version === version)
        .map((t) => ({
          resource: t.resource,
          responseKind: { group: t.group, version: t.version, kind: t.kind },
          scope: t.namespaced ? 'Namespaced' : 'Cluster',
          singularResource: t.singular,
          verbs: t.verbs,
          ...(t.shortNames.length ? { shortNames: t.shortNames } : {}),
          ...(CATEGORIES[t.resource] ? { categories: CATEGORIES[t.resource] } : {}),
          ...(t.subresources.length
            ? {
                subresources: t.subresources.map((sub) => {
                  const info = subresourceInfo(t, sub)
                  return {
                    subresource: sub,
                    responseKind: { group: info.group, version: info.version, kind: info.kind },
                    verbs: info.verbs,
                  }
                }),
              }
            : {}),
        })),
      freshness: 'Current',
    })),
  }
}

/** Aggregated discovery for `/api` (core only) or `/apis` (every named group). */
export function aggregatedDiscovery(core: boolean): Record<string, unknown> {
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: core ? [discoveryGroup('')] : groups().map(discoveryGroup),
  }
}

/** Does this Accept header ask for aggregated discovery (v2, or v2beta1 which we answer as v2)? */
export function wantsAggregated(accept: string | undefined): boolean {
  return (accept ?? '')
    .split(',')
    .some((part) => /g=apidiscovery\.k8s\.io/.test(part) && /v=v2(;|$|\s)/.test(part))
}

// ---------------------------------------------------------------- OpenAPI v3

const gvPath = (t: ResourceType) => (t.group ? `apis/${t.group}/${t.version}` : `api/${t.version}`)

/**
 * `/openapi/v3`: the index of group-version documents. kubectl reads it to learn that the
 * server validates fields itself (`fieldValidation` on PATCH), and then sends no
 * schema-validated body of its own; without it `kubectl replace/apply/create -f` fail.
 */
export function openApiV3Index(): Record<string, unknown> {
  const paths: Record<string, { serverRelativeURL: string }> = {}
  for (const t of RESOURCES) {
    const gv = gvPath(t)
    paths[gv] = {
      serverRelativeURL: `/openapi/v3/${gv}?hash=${Buffer.from(gv).toString('hex').toUpperCase()}`,
    }
  }
  return { paths }
}

const param = (name: string, where: 'path' | 'query') => ({
  name,
  in: where,
  ...(where === 'path' ? { required: true } : {}),
  schema: { type: 'string', uniqueItems: true },
})

/**
 * `/openapi/v3/<gv>`: paths with their operations and the GVK extension, and the
 * query parameters kubectl probes for. No schemas: kubectl then computes patches from
 * its own compiled-in types, as it does for built-in kinds.
 */
export function openApiV3Document(gv: string): Record<string, unknown> | undefined {
  const types = RESOURCES.filter((t) => gvPath(t) === gv)
  if (types.length === 0) return undefined
  const paths: Record<string, unknown> = {}
  const writeParams = ['dryRun', 'fieldManager', 'fieldValidation'].map((n) => param(n, 'query'))
  for (const t of types) {
    const gvk = { group: t.group, version: t.version, kind: t.kind }
    const base = t.namespaced
      ? `/${gv}/namespaces/{namespace}/${t.resource}`
      : `/${gv}/${t.resource}`
    const op = (action: string, extra: unknown[] = []) => ({
      operationId: `${action}${t.kind}`,
      'x-kubernetes-action': action,
      'x-kubernetes-group-version-kind': gvk,
      parameters: extra,
      responses: { '200': { description: 'OK' } },
    })
    const nsParam = t.namespaced ? [param('namespace', 'path')] : []
    paths[base] = {
      parameters: nsParam,
      get: op('list'),
      post: op('post', writeParams),
      ...(t.verbs.includes('deletecollection') ? { delete: op('deletecollection') } : {}),
    }
    paths[`${base}/{name}`] = {
      parameters: [param('name', 'path'), ...nsParam],
      get: op('get'),
      put: op('put', writeParams),
      patch: op('patch', [...writeParams, param('force', 'query')]),
      delete: op('delete', [param('dryRun', 'query')]),
    }
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: SERVER_VERSION.gitVersion },
    paths,
    components: { schemas: {} },
  }
}
