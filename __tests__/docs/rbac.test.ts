// examples/rbac.yaml grants exactly what deploy mode needs, and the reading of request
// logs that the e2e RBAC test relies on is the API server's own: these tables pin both.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { parseAllDocuments, parseDocument } from 'yaml'
import { RBAC_EXAMPLE_URL } from '../../src/kube/describe-error.ts'
import { ROOT } from '../../testbed/action-runner.ts'
import {
  auditRole,
  isAllowed,
  requestAttributes,
  roleFromManifests,
  roleGrants,
  type LoggedRequest,
} from '../../scripts/rbac-audit.ts'

const manifests = readFileSync(join(ROOT, 'examples/rbac.yaml'), 'utf8')
const role = roleFromManifests(manifests)
const req = (method: string, path: string, query = ''): LoggedRequest => ({ method, path, query })

describe('requestAttributes reads a request as the authorizer does', () => {
  test.each([
    [
      req('GET', '/apis/apps/v1/namespaces/prod/deployments/web'),
      'get',
      'apps',
      'deployments',
      '',
      'prod',
      'web',
    ],
    [
      req('GET', '/apis/apps/v1/namespaces/prod/deployments'),
      'list',
      'apps',
      'deployments',
      '',
      'prod',
      '',
    ],
    [
      req(
        'GET',
        '/apis/apps/v1/namespaces/prod/replicasets',
        'labelSelector=app%3Dweb&watch=1&resourceVersion=12',
      ),
      'watch',
      'apps',
      'replicasets',
      '',
      'prod',
      '',
    ],
    [req('GET', '/api/v1/namespaces/prod/pods', 'watch=true'), 'watch', '', 'pods', '', 'prod', ''],
    [req('GET', '/api/v1/namespaces/prod/pods', 'watch=false'), 'list', '', 'pods', '', 'prod', ''],
    [
      req('GET', '/api/v1/namespaces/prod/pods/web-1/log', 'container=web&tailLines=20'),
      'get',
      '',
      'pods',
      'log',
      'prod',
      'web-1',
    ],
    [
      req('GET', '/api/v1/namespaces/prod/events', 'fieldSelector=involvedObject.uid%3Dabc'),
      'list',
      '',
      'events',
      '',
      'prod',
      '',
    ],
    [
      req('PATCH', '/apis/apps/v1/namespaces/prod/deployments/web'),
      'patch',
      'apps',
      'deployments',
      '',
      'prod',
      'web',
    ],
    [
      req('PUT', '/apis/apps/v1/namespaces/prod/deployments/web/status'),
      'update',
      'apps',
      'deployments',
      'status',
      'prod',
      'web',
    ],
    [req('POST', '/api/v1/namespaces/prod/secrets'), 'create', '', 'secrets', '', 'prod', ''],
    [req('DELETE', '/api/v1/namespaces/prod/pods'), 'deletecollection', '', 'pods', '', 'prod', ''],
    [
      req('DELETE', '/api/v1/namespaces/prod/pods/web-1'),
      'delete',
      '',
      'pods',
      '',
      'prod',
      'web-1',
    ],
    [req('GET', '/api/v1/watch/namespaces/prod/pods'), 'watch', '', 'pods', '', 'prod', ''],
    [req('GET', '/api/v1/namespaces/prod'), 'get', '', 'namespaces', '', 'prod', 'prod'],
    [req('GET', '/api/v1/nodes'), 'list', '', 'nodes', '', '', ''],
  ])('%o', (r, verb, apiGroup, resource, subresource, namespace, name) => {
    expect(requestAttributes(r)).toEqual({
      kind: 'resource',
      verb,
      apiGroup,
      resource,
      subresource,
      namespace,
      name,
    })
  })

  test.each(['/api', '/apis', '/apis/apps/v1', '/api/v1', '/version', '/openapi/v3'])(
    'discovery %s is no resource',
    (path) =>
      expect(requestAttributes(req('GET', path))).toMatchObject({
        kind: 'non-resource',
        verb: 'get',
        path,
      }),
  )

  test("the test bed's hooks are not the action's requests", () => {
    expect(requestAttributes(req('GET', '/_testbed/requests'))).toBeUndefined()
  })
})

describe('examples/rbac.yaml', () => {
  test('grants exactly what deploy mode needs, and nothing cluster-wide', () => {
    expect(roleGrants(role.rules)).toEqual(
      [
        ...['get', 'list', 'watch', 'patch'].map((v) => `${v} apps/deployments`),
        // Listed and watched, never fetched one by one: no `get`.
        ...['list', 'watch'].map((v) => `${v} apps/replicasets`),
        ...['list', 'watch'].map((v) => `${v} core/pods`),
        ...['list', 'watch'].map((v) => `${v} core/events`),
        'get core/pods/log',
      ].sort(),
    )
    const kinds = parseAllDocuments(manifests).map((d) => (d.toJS() as { kind: string }).kind)
    expect(kinds.sort()).toEqual(['Role', 'RoleBinding', 'ServiceAccount'])
    expect(manifests).not.toMatch(/kind: ClusterRole/)
    for (const r of role.rules) {
      expect(r.verbs).not.toContain('*')
      expect(r.resources).not.toContain('*')
    }
  })

  test('names the rules StatefulSets and DaemonSets add, as YAML a user can paste', () => {
    // Every run of commented list items (`#   - …` and its `#     …` lines) is one rule to paste.
    const snippets = manifests
      .split(/\n(?!# {5})/)
      .map((chunk) => chunk.split('\n').filter((l) => /^# {3}(- | {2})/.test(l)))
      .filter((lines) => lines.length > 0)
      .map((lines) => parseDocument(lines.map((l) => l.slice(4)).join('\n')).toJS() as unknown[])
    expect(snippets).toEqual([
      [
        {
          apiGroups: ['apps'],
          resources: ['statefulsets', 'daemonsets'],
          verbs: ['get', 'list', 'watch', 'patch'],
        },
      ],
      [{ apiGroups: [''], resources: ['pods'], verbs: ['delete'] }],
    ])
  })

  test('is where the 403 advice points', () => {
    expect(RBAC_EXAMPLE_URL).toMatch(
      /^https:\/\/github\.com\/acme\/dock2pod\/blob\/v1\/examples\/rbac\.yaml$/,
    )
  })

  test('binds that Role in its own namespace', () => {
    const docs = parseAllDocuments(manifests).map((d) => d.toJS())
    const binding = docs.find((d) => d.kind === 'RoleBinding')
    const sa = docs.find((d) => d.kind === 'ServiceAccount')
    expect(binding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: role.name,
    })
    expect(binding.metadata.namespace).toBe(role.namespace)
    expect(binding.subjects).toEqual([
      { kind: 'ServiceAccount', name: sa.metadata.name, namespace: role.namespace },
    ])
  })

  test.each([
    ['patch the image', req('PATCH', '/apis/apps/v1/namespaces/production/deployments/web'), true],
    ['read the last log lines', req('GET', '/api/v1/namespaces/production/pods/web-1/log'), true],
    ['watch events', req('GET', '/api/v1/namespaces/production/events', 'watch=1'), true],
    ['get one pod by name', req('GET', '/api/v1/namespaces/production/pods/web-1'), false],
    ['read a secret', req('GET', '/api/v1/namespaces/production/secrets/regcred'), false],
    ['delete a pod', req('DELETE', '/api/v1/namespaces/production/pods/web-1'), false],
    ['exec into a pod', req('POST', '/api/v1/namespaces/production/pods/web-1/exec'), false],
    [
      'patch a replicaset',
      req('PATCH', '/apis/apps/v1/namespaces/production/replicasets/web-1'),
      false,
    ],
    [
      'update the deployment',
      req('PUT', '/apis/apps/v1/namespaces/production/deployments/web'),
      false,
    ],
    [
      'events of events.k8s.io',
      req('GET', '/apis/events.k8s.io/v1/namespaces/production/events'),
      false,
    ],
  ])('%s: %s', (_, r, allowed) => {
    expect(isAllowed(role.rules, requestAttributes(r)!)).toBe(allowed)
  })
})

describe('auditRole', () => {
  // The requests of one deploy as the deploy code makes them (prepare, patch, watch,
  // diagnose with logs, roll back): the shape the e2e test gets from the request log.
  const ns = '/namespaces/production'
  const deployRun: LoggedRequest[] = [
    req('GET', '/apis/apps/v1'),
    req('GET', `/apis/apps/v1${ns}/deployments/web`),
    req('PATCH', `/apis/apps/v1${ns}/deployments/web`),
    req('GET', `/apis/apps/v1${ns}/deployments`, 'fieldSelector=metadata.name%3Dweb'),
    req('GET', `/apis/apps/v1${ns}/deployments`, 'fieldSelector=metadata.name%3Dweb&watch=1'),
    req('GET', `/apis/apps/v1${ns}/replicasets`, 'labelSelector=app%3Dweb'),
    req('GET', `/apis/apps/v1${ns}/replicasets`, 'labelSelector=app%3Dweb&watch=1'),
    req('GET', `/api/v1${ns}/pods`, 'labelSelector=app%3Dweb'),
    req('GET', `/api/v1${ns}/pods`, 'labelSelector=app%3Dweb&watch=1'),
    req('GET', `/api/v1${ns}/events`),
    req('GET', `/api/v1${ns}/events`, 'watch=1'),
    req('GET', `/api/v1${ns}/pods/web-abc-1/log`, 'tailLines=20&previous=true'),
    req('PATCH', `/apis/apps/v1${ns}/deployments/web`),
    req('GET', '/_testbed/requests'),
  ]

  test('a run that uses every grant and nothing else passes', () => {
    expect(auditRole(role, deployRun)).toEqual({
      denied: [],
      unused: [],
      nonResource: ['get /apis/apps/v1'],
      otherNamespace: [],
    })
  })

  test('a request the Role lacks is denied; a grant no request used is unused', () => {
    const run = [
      ...deployRun.filter((r) => !r.path.endsWith('/log')),
      req('GET', `/api/v1${ns}/secrets/regcred`),
    ]
    const audit = auditRole(role, run)
    expect(audit.denied).toEqual(['get core/secrets'])
    expect(audit.unused).toEqual(['get core/pods/log'])
  })

  test('requests into another namespace or cluster-wide are named', () => {
    const audit = auditRole(role, [
      req('GET', '/apis/apps/v1/namespaces/staging/deployments/web'),
      req('GET', '/api/v1/nodes'),
    ])
    expect(audit.otherNamespace).toEqual([
      'get apps/deployments (staging)',
      'list core/nodes (cluster-scoped)',
    ])
  })

  test('a ClusterRole is refused outright', () => {
    expect(() => roleFromManifests('kind: ClusterRole\nmetadata: {name: x}\nrules: []\n')).toThrow(
      /nothing cluster-wide/,
    )
  })
})
