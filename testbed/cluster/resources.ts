// The resource types the simulated API server serves. Discovery, the HTTP routes and
// the store all read this one table.
export interface ResourceType {
  /** '' for the core group. */
  group: string
  version: string
  /** Plural, lowercase, as in the URL: `deployments`. */
  resource: string
  kind: string
  singular: string
  shortNames: string[]
  namespaced: boolean
  /** metadata.generation is kept and bumped on spec changes. */
  hasGeneration: boolean
  /** Subresources served beside the object. */
  subresources: string[]
  verbs: string[]
}

const allVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']

export const RESOURCES: readonly ResourceType[] = [
  {
    group: '',
    version: 'v1',
    resource: 'namespaces',
    kind: 'Namespace',
    singular: 'namespace',
    shortNames: ['ns'],
    namespaced: false,
    hasGeneration: false,
    subresources: ['status'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  },
  {
    group: '',
    version: 'v1',
    resource: 'nodes',
    kind: 'Node',
    singular: 'node',
    shortNames: ['no'],
    namespaced: false,
    hasGeneration: false,
    subresources: ['status'],
    verbs: allVerbs,
  },
  {
    group: '',
    version: 'v1',
    resource: 'pods',
    kind: 'Pod',
    singular: 'pod',
    shortNames: ['po'],
    namespaced: true,
    hasGeneration: false,
    subresources: ['status', 'log'],
    verbs: allVerbs,
  },
  {
    group: '',
    version: 'v1',
    resource: 'events',
    kind: 'Event',
    singular: 'event',
    shortNames: ['ev'],
    namespaced: true,
    hasGeneration: false,
    subresources: [],
    verbs: allVerbs,
  },
  {
    group: '',
    version: 'v1',
    resource: 'secrets',
    kind: 'Secret',
    singular: 'secret',
    shortNames: [],
    namespaced: true,
    hasGeneration: false,
    subresources: [],
    verbs: allVerbs,
  },
  {
    group: '',
    version: 'v1',
    resource: 'serviceaccounts',
    kind: 'ServiceAccount',
    singular: 'serviceaccount',
    shortNames: ['sa'],
    namespaced: true,
    hasGeneration: false,
    subresources: [],
    verbs: allVerbs,
  },
  {
    group: 'apps',
    version: 'v1',
    resource: 'deployments',
    kind: 'Deployment',
    singular: 'deployment',
    shortNames: ['deploy'],
    namespaced: true,
    hasGeneration: true,
    subresources: ['status', 'scale'],
    verbs: allVerbs,
  },
  {
    group: 'apps',
    version: 'v1',
    resource: 'replicasets',
    kind: 'ReplicaSet',
    singular: 'replicaset',
    shortNames: ['rs'],
    namespaced: true,
    hasGeneration: true,
    subresources: ['status', 'scale'],
    verbs: allVerbs,
  },
]

export function resourceType(group: string, resource: string): ResourceType | undefined {
  return RESOURCES.find((r) => r.group === group && r.resource === resource)
}

export function apiVersionOf(t: ResourceType): string {
  return t.group ? `${t.group}/${t.version}` : t.version
}
