import { describe, expect, test } from 'vitest'
import { ApiError } from './errors.ts'
import {
  formatRequirements,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  requirementsOf,
  selectorFilter,
} from './selectors.ts'
import type { KubeObject } from './store.ts'

const labels = { app: 'web', tier: 'front', 'pod-template-hash': 'abc12', n: '5' }

describe('label selectors', () => {
  test.each([
    { sel: '', match: true },
    { sel: 'app=web', match: true },
    { sel: 'app==web', match: true },
    { sel: 'app = web', match: true },
    { sel: 'app=api', match: false },
    { sel: 'app!=api', match: true },
    { sel: 'missing!=x', match: true },
    { sel: 'app!=web', match: false },
    { sel: 'app in (api,web)', match: true },
    { sel: 'app in (api, db)', match: false },
    { sel: 'missing in (a)', match: false },
    { sel: 'app notin (api,db)', match: true },
    { sel: 'app notin (web)', match: false },
    { sel: 'missing notin (web)', match: true },
    { sel: 'tier', match: true },
    { sel: 'missing', match: false },
    { sel: '!missing', match: true },
    { sel: '!tier', match: false },
    { sel: 'app=web,tier=front', match: true },
    { sel: 'app=web,tier in (back)', match: false },
    { sel: 'app in (web,api),!missing,tier', match: true },
    { sel: 'n>3', match: true },
    { sel: 'n<3', match: false },
    { sel: 'pod-template-hash=abc12', match: true },
  ])('$sel → $match', ({ sel, match }) => {
    expect(matchesLabels(labels, parseLabelSelector(sel))).toBe(match)
  })

  test.each(['app in ()', 'a=b,,c=d', 'in (x', 'app=bad value', '-bad=x'])(
    'rejects %j with 400',
    (sel) => {
      expect(() => parseLabelSelector(sel)).toThrow(ApiError)
      try {
        parseLabelSelector(sel)
      } catch (e) {
        expect((e as ApiError).code).toBe(400)
      }
    },
  )

  test('structured selectors: matchLabels and matchExpressions', () => {
    const reqs = requirementsOf({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['front', 'back'] },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    })
    expect(matchesLabels(labels, reqs)).toBe(true)
    expect(matchesLabels({ app: 'web', tier: 'db' }, reqs)).toBe(false)
    expect(formatRequirements(reqs)).toBe('app=web,!legacy,tier in (back,front)')
  })
})

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web-1',
    namespace: 'default',
    uid: 'u1',
    resourceVersion: '1',
    creationTimestamp: '',
  },
  spec: { nodeName: 'node-1' },
  status: { phase: 'Running' },
} as KubeObject
const event = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: {
    name: 'e1',
    namespace: 'default',
    uid: 'u2',
    resourceVersion: '2',
    creationTimestamp: '',
  },
  involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'default', uid: 'u1' },
  reason: 'Pulled',
} as KubeObject

describe('field selectors', () => {
  test.each([
    { resource: 'pods', obj: pod, sel: 'metadata.name=web-1', match: true },
    { resource: 'pods', obj: pod, sel: 'metadata.name!=web-1', match: false },
    { resource: 'pods', obj: pod, sel: 'metadata.namespace==default', match: true },
    { resource: 'pods', obj: pod, sel: 'spec.nodeName=node-1,status.phase=Running', match: true },
    { resource: 'pods', obj: pod, sel: 'status.phase!=Running', match: false },
    { resource: 'pods', obj: pod, sel: 'spec.nodeName=', match: false },
    {
      resource: 'events',
      obj: event,
      sel: 'involvedObject.kind=Pod,involvedObject.name=web-1',
      match: true,
    },
    {
      resource: 'events',
      obj: event,
      sel: 'involvedObject.uid=u1,involvedObject.namespace=default',
      match: true,
    },
    { resource: 'events', obj: event, sel: 'involvedObject.name=other', match: false },
  ])('$resource $sel → $match', ({ resource, obj, sel, match }) => {
    expect(matchesFields(obj, resource, parseFieldSelector(sel, resource))).toBe(match)
  })

  test('an unknown field is a 400 naming it', () => {
    expect(() => parseFieldSelector('spec.nodeName=x', 'deployments')).toThrow(
      'field label not supported: spec.nodeName',
    )
  })

  test('selectorFilter combines labels and fields, and is undefined without either', () => {
    expect(selectorFilter('pods', null, null)).toBeUndefined()
    const f = selectorFilter('pods', 'app', 'metadata.name=web-1')!
    expect(f({ ...pod, metadata: { ...pod.metadata, labels: { app: 'x' } } })).toBe(true)
    expect(f(pod)).toBe(false)
  })
})
