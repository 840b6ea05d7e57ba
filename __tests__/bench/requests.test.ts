import { describe, expect, test } from 'vitest'
import { countRequests, describeCounts, inNamespace, requestKind } from '../../bench/requests.ts'

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
