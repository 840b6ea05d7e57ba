// The pure half of `manifests`: YAML with positions, the image rewrite, the apply order
// and a refused apply as one sentence naming the field manager.
import { describe, expect, test } from 'vitest'
import { parseImageReference } from '../../src/image/reference.ts'
import { KubeError } from '../../src/kube/errors.ts'
import { conflictManagers, describeApplyError } from '../../src/manifests/conflict.ts'
import { applyOrder } from '../../src/manifests/order.ts'
import { ManifestError, parseManifests, type KubeObject } from '../../src/manifests/parse.ts'
import { pinImages } from '../../src/manifests/rewrite.ts'

describe('parseManifests', () => {
  test('every document with the line it starts on; empty documents and Lists', () => {
    const text = [
      '# settings',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: a}',
      '---',
      '---',
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  - {apiVersion: v1, kind: Service, metadata: {name: b}}',
      '---',
      '',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: c}',
    ].join('\n')
    const out = parseManifests([{ file: 'k8s/all.yaml', text }])
    expect(out.map((o) => [o.obj.kind, o.obj.metadata.name, o.line])).toEqual([
      ['ConfigMap', 'a', 2],
      ['Service', 'b', 7],
      ['Deployment', 'c', 13],
    ])
    expect(out[0]!.file).toBe('k8s/all.yaml')
  })

  test.each([
    {
      name: 'a YAML error',
      text: 'kind: ConfigMap\nmetadata: {name: a\n',
      line: 3,
      msg: /not valid YAML/,
    },
    { name: 'no kind', text: 'apiVersion: v1\nmetadata: {name: a}\n', line: 1, msg: /no kind/ },
    {
      name: 'no name',
      text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Secret\nmetadata: {generateName: s-}\n',
      line: 5,
      msg: /Secret has no metadata.name/,
    },
    { name: 'a list at the top', text: '- a\n- b\n', line: 1, msg: /must be a mapping/ },
  ])('$name: on its file and line', ({ text, line, msg }) => {
    let err: unknown
    try {
      parseManifests([{ file: 'k8s/x.yaml', text }])
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(ManifestError)
    expect((err as ManifestError).file).toBe('k8s/x.yaml')
    expect((err as ManifestError).line).toBe(line)
    expect((err as ManifestError).message).toMatch(msg)
  })

  test("kustomize's output carries no line: its lines are not the user's", () => {
    const [o] = parseManifests(
      [
        {
          file: 'k8s/kustomization.yaml',
          text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n',
        },
      ],
      true,
    )
    expect(o!.line).toBeUndefined()
  })
})

describe('pinImages', () => {
  const repo = parseImageReference('localhost:5000/acme/web:v2')
  const ref = 'localhost:5000/acme/web:v2@sha256:' + 'a'.repeat(64)
  const obj = (containers: unknown[], initContainers: unknown[] = []): KubeObject => ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'x' },
    spec: {
      jobTemplate: { spec: { template: { spec: { containers, initContainers } } } },
      // Not a container: left alone even though it names the image.
      note: 'localhost:5000/acme/web',
    },
  })
  test.each([
    ['no tag', 'localhost:5000/acme/web', true],
    ['another tag', 'localhost:5000/acme/web:v1', true],
    ['a digest', 'localhost:5000/acme/web@sha256:' + 'b'.repeat(64), true],
    ['another repository', 'localhost:5000/acme/webhook:v1', false],
    ['another registry', 'ghcr.io/acme/web:v1', false],
    ['the sidecar', 'docker.io/library/nginx:1.27', false],
  ])('%s: %s rewritten=%s', (_n, image, rewritten) => {
    const { obj: out, changed } = pinImages(
      obj([{ name: 'c', image }], [{ name: 'i', image }]),
      repo,
      ref,
    )
    const spec = (
      out.spec as {
        jobTemplate: {
          spec: {
            template: {
              spec: { containers: { image: string }[]; initContainers: { image: string }[] }
            }
          }
        }
      }
    ).jobTemplate.spec.template.spec
    expect(spec.containers[0]!.image).toBe(rewritten ? ref : image)
    expect(spec.initContainers[0]!.image).toBe(rewritten ? ref : image)
    expect(changed.length).toBe(rewritten ? 2 : 0)
    expect((out.spec as { note: string }).note).toBe('localhost:5000/acme/web')
  })
})

test('applyOrder: Namespaces and CRDs, config, Services, the rest, workloads; stable within', () => {
  const o = (kind: string, name = kind) => ({ obj: { apiVersion: 'v1', kind, metadata: { name } } })
  const input = [
    o('Deployment', 'web'),
    o('Ingress'),
    o('Service'),
    o('StatefulSet'),
    o('RoleBinding'),
    o('ConfigMap'),
    o('CustomResourceDefinition'),
    o('Namespace'),
    o('Deployment', 'api'),
  ]
  expect(applyOrder(input).map((x) => x.obj.metadata.name)).toEqual([
    'CustomResourceDefinition',
    'Namespace',
    'RoleBinding',
    'ConfigMap',
    'Service',
    'Ingress',
    'web',
    'StatefulSet',
    'api',
  ])
  // A kind named like an Object property is one of the rest, in its place.
  const odd = [o('Deployment', 'web'), o('constructor'), o('Service')]
  expect(applyOrder(odd).map((x) => x.obj.metadata.name)).toEqual(['Service', 'constructor', 'web'])
})

describe('a refused apply', () => {
  // The 409 the API server answers a server-side apply (captured from kube-apiserver 1.34).
  const conflict = new KubeError(409, 'Apply failed with 1 conflict', {
    status: {
      kind: 'Status',
      status: 'Failure',
      reason: 'Conflict',
      code: 409,
      message: 'Apply failed with 1 conflict: conflict with "ops-team" using v1: .data.mode',
      details: {
        causes: [
          {
            type: 'FieldManagerConflict',
            message: 'conflict with "ops-team" using v1',
            field: '.data.mode',
          },
        ],
      },
    },
  })
  const target = { kind: 'ConfigMap', resource: 'configmaps', namespace: 'shop', name: 'settings' }

  test('a field conflict names the manager and the field, and the way out', () => {
    expect(conflictManagers(conflict)).toEqual(['ops-team'])
    const message = describeApplyError(conflict, target, 'https://k')
    expect(message).toContain('ConfigMap shop/settings')
    expect(message).toContain('.data.mode is owned by field manager "ops-team"')
    expect(message).toContain('force-conflicts: true')
  })

  test('the manager is found in the message when there are no causes', () => {
    const bare = new KubeError(409, 'x', {
      status: {
        message:
          'Apply failed with 2 conflicts: conflict with "a" using v1: .x\nconflict with "b" using v1: .y',
      },
    })
    expect(conflictManagers(bare)).toEqual(['a', 'b'])
  })

  test('an invalid object quotes the API server', () => {
    const invalid = new KubeError(422, 'x', {
      status: { message: 'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1' },
    })
    expect(describeApplyError(invalid, target, 'https://k')).toBe(
      'The API server refused ConfigMap shop/settings: Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1',
    )
  })
})
