import { describe, expect, test } from 'vitest'
import {
  countRequests,
  describeCounts,
  inNamespace,
  requestKind,
  routeCounts,
  splitSideBySide,
  watchResumes,
} from '../../bench/requests.ts'

describe('requestKind', () => {
  test.each([
    { method: 'GET', path: '/apis/apps/v1/namespaces/a/deployments/web', query: '', want: 'get' },
    {
      method: 'GET',
      path: '/apis/apps/v1/namespaces/a/deployments',
      query: 'fieldSelector=x',
      want: 'list',
    },
    {
      method: 'GET',
      path: '/api/v1/namespaces/a/pods',
      query: 'labelSelector=x&watch=true&resourceVersion=5',
      want: 'watch',
    },
    { method: 'GET', path: '/api/v1/namespaces/a/pods', query: 'watch=1', want: 'watch' },
    { method: 'GET', path: '/api/v1/namespaces/a/pods/p/log', query: 'previous=true', want: 'get' },
    {
      method: 'PATCH',
      path: '/apis/apps/v1/namespaces/a/deployments/web',
      query: 'dryRun=All',
      want: 'write',
    },
    { method: 'GET', path: '/version', query: 'timeout=5s', want: 'discovery' },
    { method: 'GET', path: '/apis', query: '', want: 'discovery' },
  ] as const)('$method $path?$query → $want', ({ want, ...r }) => expect(requestKind(r)).toBe(want))
})

describe('countRequests', () => {
  const log = [
    { method: 'GET', path: '/api/v1/namespaces/a/pods', query: 'watch=true' },
    { method: 'GET', path: '/api/v1/namespaces/a/pods', query: '' },
    { method: 'PATCH', path: '/apis/apps/v1/namespaces/b/deployments/web', query: '' },
    { method: 'GET', path: '/version', query: '' },
  ]
  test('by kind, with the total', () =>
    expect(countRequests(log)).toEqual({
      watch: 1,
      list: 1,
      get: 0,
      write: 1,
      discovery: 1,
      total: 4,
    }))
  test('described for a note', () =>
    expect(describeCounts(countRequests(log))).toBe('1 watch, 1 list, 1 write, 1 discovery'))
  test('inNamespace keeps one namespace, and not a namespace named like its prefix', () =>
    expect(
      inNamespace([...log, { method: 'GET', path: '/api/v1/namespaces/ab/pods', query: '' }], 'a'),
    ).toHaveLength(2))
})

describe('splitSideBySide: two tools rolling out at once, each request to the one that sent it', () => {
  const ssar = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews'
  const log = [
    { method: 'POST', path: ssar },
    { method: 'POST', path: ssar },
    { method: 'GET', path: '/apis/apps/v1/namespaces/d/deployments/app' },
    { method: 'PATCH', path: '/apis/apps/v1/namespaces/d/deployments/app' },
    { method: 'GET', path: '/api/v1/namespaces/d/pods' },
    { method: 'GET', path: '/api' },
    { method: 'GET', path: '/apis' },
    { method: 'GET', path: '/apis/apps/v1/namespaces/k/deployments/app' },
    { method: 'PATCH', path: '/apis/apps/v1/namespaces/k/deployments/app' },
    { method: 'DELETE', path: '/api/v1/nodes/n1' },
  ]
  const split = splitSideBySide(log, 'd', 'k')
  test("the access reviews, which name no namespace in the path, are dock2pod's", () =>
    expect(split.dock2pod.map((r) => `${r.method} ${r.path.split('/').at(-1)}`)).toEqual([
      'POST selfsubjectaccessreviews',
      'POST selfsubjectaccessreviews',
      'GET app',
      'PATCH app',
      'GET pods',
    ]))
  test("discovery and kubectl's own namespace are kubectl's", () =>
    expect(split.kubectl.map((r) => r.path)).toEqual([
      '/api',
      '/apis',
      '/apis/apps/v1/namespaces/k/deployments/app',
      '/apis/apps/v1/namespaces/k/deployments/app',
    ]))
  test('a request of neither kind is left unknown, not given to either', () =>
    expect(split.unknown).toEqual([{ method: 'DELETE', path: '/api/v1/nodes/n1' }]))
})

describe('routeCounts and watchResumes: what the requests were', () => {
  const at = (s: number) => new Date(Date.parse('2026-11-26T20:00:00Z') + s * 1000).toISOString()
  const entry = (method: string, path: string, query: string, s = 0) => ({
    time: at(s),
    method,
    path,
    query,
    contentType: '',
    status: 200,
  })
  const pods = '/api/v1/namespaces/a/pods'
  const deploy = '/apis/apps/v1/namespaces/a/deployments'
  const log = [
    entry('GET', deploy, 'fieldSelector=metadata.name%3Dweb'),
    entry('GET', deploy, 'fieldSelector=metadata.name%3Dweb&watch=true&resourceVersion=5', 1),
    entry('GET', pods, 'labelSelector=app%3Dweb&watch=true', 1),
    entry('GET', pods, 'labelSelector=app%3Dweb&watch=true&resourceVersion=9', 31),
    entry('GET', pods, 'labelSelector=app%3Dweb&watch=true&resourceVersion=12', 61.5),
    // Another stream of the same resource: not a resume of the first.
    entry('GET', pods, 'labelSelector=app%3Dapi&watch=true', 2),
    entry('PATCH', `${deploy}/web`, 'dryRun=All&fieldManager=dock2pod'),
    entry('PATCH', `${deploy}/web`, 'fieldManager=dock2pod'),
    entry('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', ''),
    entry('GET', `${pods}/web-1/log`, 'previous=true'),
  ]

  test('each request by method and resource, dry runs apart', () =>
    expect(routeCounts(log)).toEqual({
      'WATCH pods': 4,
      'LIST deployments': 1,
      'PATCH deployments': 1,
      'PATCH deployments (dry run)': 1,
      'GET pods/log': 1,
      'POST selfsubjectaccessreviews': 1,
      'WATCH deployments': 1,
    }))

  test('a stream opened again counts as resumed, with the median time between its opens', () =>
    expect(watchResumes(log)).toEqual({ streams: 3, resumed: 2, medianGapSeconds: 30.25 }))

  test('no watch at all', () =>
    expect(watchResumes(log.slice(0, 1))).toEqual({
      streams: 0,
      resumed: 0,
      medianGapSeconds: undefined,
    }))
})
