import { describe, expect, test } from 'vitest'
import { ApiError } from './errors.ts'
import { applyJsonPatch, applyMergePatch, applyPatch, applyStrategicMergePatch } from './patch.ts'

const podSpec = (containers: unknown[], extra: Record<string, unknown> = {}) => ({
  spec: { containers, ...extra },
})

describe('strategic merge patch', () => {
  test.each([
    {
      name: 'merges containers by name, keeping the fields the patch does not name',
      doc: podSpec([
        { name: 'a', image: 'x:1', ports: [{ containerPort: 80 }] },
        { name: 'b', image: 'y:1' },
      ]),
      patch: podSpec([{ name: 'b', image: 'y:2' }]),
      want: podSpec([
        { name: 'a', image: 'x:1', ports: [{ containerPort: 80 }] },
        { name: 'b', image: 'y:2' },
      ]),
    },
    {
      name: 'appends a container with a new name',
      doc: podSpec([{ name: 'a', image: 'x:1' }]),
      patch: podSpec([{ name: 'c', image: 'z:1' }]),
      want: podSpec([
        { name: 'a', image: 'x:1' },
        { name: 'c', image: 'z:1' },
      ]),
    },
    {
      name: '$patch: delete removes the element with that merge key',
      doc: podSpec([
        { name: 'a', image: 'x:1' },
        { name: 'b', image: 'y:1' },
      ]),
      patch: podSpec([{ name: 'a', $patch: 'delete' }]),
      want: podSpec([{ name: 'b', image: 'y:1' }]),
    },
    {
      name: 'a {$patch: replace} element replaces the whole list',
      doc: podSpec([
        { name: 'a', image: 'x:1' },
        { name: 'b', image: 'y:1' },
      ]),
      patch: podSpec([{ $patch: 'replace' }, { name: 'c', image: 'z:1' }]),
      want: podSpec([{ name: 'c', image: 'z:1' }]),
    },
    {
      name: '$patch: replace on a map replaces the map',
      doc: { spec: { selector: { matchLabels: { a: '1', b: '2' } } } },
      patch: { spec: { selector: { $patch: 'replace', matchLabels: { c: '3' } } } },
      want: { spec: { selector: { matchLabels: { c: '3' } } } },
    },
    {
      name: '$patch: delete on a map removes it',
      doc: {
        spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } }, replicas: 2 },
      },
      patch: { spec: { strategy: { $patch: 'delete' } } },
      want: { spec: { replicas: 2 } },
    },
    {
      name: 'null deletes a key, also inside a merged list element',
      doc: podSpec([{ name: 'a', image: 'x:1', command: ['sh'] }], { nodeName: 'n1' }),
      patch: { spec: { nodeName: null, containers: [{ name: 'a', command: null }] } },
      want: podSpec([{ name: 'a', image: 'x:1' }]),
    },
    {
      name: 'env merges by name',
      doc: podSpec([
        {
          name: 'a',
          env: [
            { name: 'X', value: '1' },
            { name: 'Y', value: '2' },
          ],
        },
      ]),
      patch: podSpec([
        {
          name: 'a',
          env: [
            { name: 'Y', value: '3' },
            { name: 'Z', value: '4' },
          ],
        },
      ]),
      want: podSpec([
        {
          name: 'a',
          env: [
            { name: 'X', value: '1' },
            { name: 'Y', value: '3' },
            { name: 'Z', value: '4' },
          ],
        },
      ]),
    },
    {
      name: 'ports merge by containerPort, volumeMounts by mountPath',
      doc: podSpec([
        {
          name: 'a',
          ports: [{ containerPort: 80, name: 'http' }],
          volumeMounts: [{ mountPath: '/d', name: 'v' }],
        },
      ]),
      patch: podSpec([
        {
          name: 'a',
          ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 443 }],
          volumeMounts: [{ mountPath: '/d', readOnly: true }],
        },
      ]),
      want: podSpec([
        {
          name: 'a',
          ports: [{ containerPort: 80, name: 'http', protocol: 'TCP' }, { containerPort: 443 }],
          volumeMounts: [{ mountPath: '/d', name: 'v', readOnly: true }],
        },
      ]),
    },
    {
      name: 'imagePullSecrets, volumes and initContainers merge by name',
      doc: podSpec([], {
        imagePullSecrets: [{ name: 'r1' }],
        volumes: [{ name: 'v', emptyDir: {} }],
        initContainers: [{ name: 'i', image: 'a' }],
      }),
      patch: podSpec([], {
        imagePullSecrets: [{ name: 'r2' }],
        volumes: [{ name: 'v', emptyDir: { medium: 'Memory' } }],
        initContainers: [{ name: 'i', image: 'b' }],
      }),
      want: podSpec([], {
        imagePullSecrets: [{ name: 'r1' }, { name: 'r2' }],
        volumes: [{ name: 'v', emptyDir: { medium: 'Memory' } }],
        initContainers: [{ name: 'i', image: 'b' }],
      }),
    },
    {
      name: 'lists without a merge key are replaced (args, command, tolerations)',
      doc: podSpec([{ name: 'a', args: ['1', '2'] }], { tolerations: [{ key: 'a' }] }),
      patch: podSpec([{ name: 'a', args: ['3'] }], { tolerations: [{ key: 'b' }] }),
      want: podSpec([{ name: 'a', args: ['3'] }], { tolerations: [{ key: 'b' }] }),
    },
    {
      name: '$setElementOrder orders the merged list (as kubectl set image sends it)',
      doc: podSpec([
        { name: 'b', image: 'y:1' },
        { name: 'a', image: 'x:1' },
      ]),
      patch: {
        spec: {
          '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }],
          containers: [{ name: 'a', image: 'x:2' }],
        },
      },
      want: podSpec([
        { name: 'a', image: 'x:2' },
        { name: 'b', image: 'y:1' },
      ]),
    },
    {
      name: '$retainKeys drops the keys not listed',
      doc: { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%' } } } },
      patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
      want: { spec: { strategy: { type: 'Recreate' } } },
    },
    {
      name: 'finalizers merge as a set; $deleteFromPrimitiveList removes',
      doc: { metadata: { finalizers: ['a', 'b'] } },
      patch: { metadata: { finalizers: ['c', 'a'], '$deleteFromPrimitiveList/finalizers': ['b'] } },
      want: { metadata: { finalizers: ['a', 'c'] } },
    },
    {
      name: 'status conditions merge by type',
      doc: {
        status: {
          conditions: [
            { type: 'Available', status: 'False' },
            { type: 'Progressing', status: 'True' },
          ],
        },
      },
      patch: { status: { conditions: [{ type: 'Available', status: 'True' }] } },
      want: {
        status: {
          conditions: [
            { type: 'Available', status: 'True' },
            { type: 'Progressing', status: 'True' },
          ],
        },
      },
    },
    {
      name: 'maps merge recursively; scalars replace',
      doc: { metadata: { labels: { a: '1' }, annotations: { x: 'y' } }, spec: { replicas: 1 } },
      patch: { metadata: { labels: { b: '2' } }, spec: { replicas: 3 } },
      want: {
        metadata: { labels: { a: '1', b: '2' }, annotations: { x: 'y' } },
        spec: { replicas: 3 },
      },
    },
  ])('$name', ({ doc, patch, want }) => {
    const before = structuredClone(doc)
    expect(applyStrategicMergePatch(doc, patch)).toEqual(want)
    expect(doc).toEqual(before)
  })

  test('an element without its merge key is a 400', () => {
    expect(() => applyStrategicMergePatch(podSpec([]), podSpec([{ image: 'x' }]))).toThrow(
      /does not contain declared merge key: name/,
    )
  })
})

describe('JSON merge patch (RFC 7386)', () => {
  // The examples of RFC 7386, appendix A.
  test.each([
    { doc: { a: 'b' }, patch: { a: 'c' }, want: { a: 'c' } },
    { doc: { a: 'b' }, patch: { b: 'c' }, want: { a: 'b', b: 'c' } },
    { doc: { a: 'b' }, patch: { a: null }, want: {} },
    { doc: { a: 'b', b: 'c' }, patch: { a: null }, want: { b: 'c' } },
    { doc: { a: ['b'] }, patch: { a: 'c' }, want: { a: 'c' } },
    { doc: { a: 'c' }, patch: { a: ['b'] }, want: { a: ['b'] } },
    { doc: { a: { b: 'c' } }, patch: { a: { b: 'd', c: null } }, want: { a: { b: 'd' } } },
    { doc: { a: [{ b: 'c' }] }, patch: { a: [1] }, want: { a: [1] } },
    { doc: ['a', 'b'], patch: ['c', 'd'], want: ['c', 'd'] },
    { doc: { a: 'b' }, patch: ['c'], want: ['c'] },
    { doc: { a: 'foo' }, patch: null, want: null },
    { doc: { a: 'foo' }, patch: 'bar', want: 'bar' },
    { doc: { e: null }, patch: { a: 1 }, want: { e: null, a: 1 } },
    { doc: [1, 2], patch: { a: 'b', c: null }, want: { a: 'b' } },
    { doc: {}, patch: { a: { bb: { ccc: null } } }, want: { a: { bb: {} } } },
    {
      doc: { spec: { template: { spec: { containers: [{ name: 'a' }, { name: 'b' }] } } } },
      patch: { spec: { template: { spec: { containers: [{ name: 'c' }] } } } },
      want: { spec: { template: { spec: { containers: [{ name: 'c' }] } } } },
    },
  ])('$doc + $patch', ({ doc, patch, want }) => {
    expect(applyMergePatch(doc, patch)).toEqual(want)
  })
})

describe('JSON patch (RFC 6902)', () => {
  const doc = {
    metadata: { name: 'web', labels: { 'a/b': '1' } },
    spec: { replicas: 1, list: ['x', 'y'] },
  }
  test.each([
    {
      name: 'add a key',
      ops: [{ op: 'add', path: '/spec/paused', value: true }],
      want: { ...doc, spec: { ...doc.spec, paused: true } },
    },
    {
      name: 'add to the end with -',
      ops: [{ op: 'add', path: '/spec/list/-', value: 'z' }],
      want: { ...doc, spec: { ...doc.spec, list: ['x', 'y', 'z'] } },
    },
    {
      name: 'add at an index inserts',
      ops: [{ op: 'add', path: '/spec/list/0', value: 'w' }],
      want: { ...doc, spec: { ...doc.spec, list: ['w', 'x', 'y'] } },
    },
    {
      name: 'remove an element',
      ops: [{ op: 'remove', path: '/spec/list/0' }],
      want: { ...doc, spec: { ...doc.spec, list: ['y'] } },
    },
    {
      name: 'replace',
      ops: [{ op: 'replace', path: '/spec/replicas', value: 3 }],
      want: { ...doc, spec: { ...doc.spec, replicas: 3 } },
    },
    {
      name: 'escaped pointer ~1',
      ops: [{ op: 'replace', path: '/metadata/labels/a~1b', value: '2' }],
      want: { ...doc, metadata: { ...doc.metadata, labels: { 'a/b': '2' } } },
    },
    {
      name: 'move',
      ops: [{ op: 'move', from: '/spec/replicas', path: '/spec/count' }],
      want: { ...doc, spec: { list: ['x', 'y'], count: 1 } },
    },
    {
      name: 'copy',
      ops: [{ op: 'copy', from: '/spec/replicas', path: '/spec/count' }],
      want: { ...doc, spec: { ...doc.spec, count: 1 } },
    },
    {
      name: 'test that passes, then replace',
      ops: [
        { op: 'test', path: '/spec/replicas', value: 1 },
        { op: 'replace', path: '/spec/replicas', value: 2 },
      ],
      want: { ...doc, spec: { ...doc.spec, replicas: 2 } },
    },
  ])('$name', ({ ops, want }) => {
    expect(applyJsonPatch(doc, ops)).toEqual(want)
  })

  test.each([
    { name: 'failed test', ops: [{ op: 'test', path: '/spec/replicas', value: 2 }] },
    { name: 'replace of a missing key', ops: [{ op: 'replace', path: '/spec/missing', value: 2 }] },
    { name: 'remove of a missing key', ops: [{ op: 'remove', path: '/spec/missing' }] },
    { name: 'index out of range', ops: [{ op: 'add', path: '/spec/list/5', value: 'q' }] },
  ])('$name answers 422 and changes nothing', ({ ops }) => {
    const before = structuredClone(doc)
    let err: unknown
    try {
      applyJsonPatch(doc, ops)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).code).toBe(422)
    expect(doc).toEqual(before)
  })
})

describe('applyPatch dispatch', () => {
  test.each([
    { type: 'application/json-patch+json', patch: [{ op: 'replace', path: '/a', value: 2 }] },
    { type: 'application/merge-patch+json', patch: { a: 2 } },
    { type: 'application/strategic-merge-patch+json', patch: { a: 2 } },
  ])('$type', ({ type, patch }) => {
    expect(applyPatch(type, { a: 1 }, patch)).toEqual({ a: 2 })
  })

  test('an unknown patch type is 415', () => {
    expect(() => applyPatch('application/apply-patch+yaml', {}, {})).toThrow(
      expect.objectContaining({ code: 415 }),
    )
  })
})
