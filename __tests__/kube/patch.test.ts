import { expect, test } from 'vitest'
import { containerImages, imagePatch, rollbackPatch } from '../../src/kube/patch.ts'

const change = {
  commit: '0123456789abcdef0123',
  runUrl: 'https://github.com/acme/app/actions/runs/42',
}
const ref = 'localhost:5000/acme/app:v2@sha256:' + 'c'.repeat(64)

test('imagePatch: containers by name, the record on the Deployment’s own metadata', () => {
  expect(imagePatch(['app', 'worker'], ref, change, '1234')).toEqual({
    metadata: {
      resourceVersion: '1234',
      annotations: {
        'kubernetes.io/change-cause': `dock2pod: set image app, worker=${ref} (commit 0123456789ab)`,
        'dock2pod.io/commit': change.commit,
        'dock2pod.io/run-url': change.runUrl,
      },
    },
    spec: {
      template: {
        spec: {
          containers: [
            { name: 'app', image: ref },
            { name: 'worker', image: ref },
          ],
        },
      },
    },
  })
})

test('imagePatch never touches the pod template’s metadata', () => {
  const body = imagePatch(['app'], ref, change) as { spec: { template: Record<string, unknown> } }
  expect(Object.keys(body.spec.template)).toEqual(['spec'])
  expect(body).not.toHaveProperty('metadata.resourceVersion')
})

test('rollbackPatch: the whole previous template, replacing, guarded by resourceVersion', () => {
  const previous = {
    metadata: { labels: { app: 'app' } },
    spec: { containers: [{ name: 'app', image: 'localhost:5000/acme/app:v1' }] },
  }
  const body = rollbackPatch(previous, '99', 'dock2pod: rolled back', change)
  expect(body).toEqual({
    metadata: {
      resourceVersion: '99',
      annotations: {
        'kubernetes.io/change-cause': 'dock2pod: rolled back',
        'dock2pod.io/commit': change.commit,
        'dock2pod.io/run-url': change.runUrl,
      },
    },
    spec: { template: { ...previous, $patch: 'replace' } },
  })
  // The caller's template is not changed.
  expect(previous).not.toHaveProperty('$patch')
})

test('containerImages', () => {
  expect(
    containerImages(
      {
        spec: {
          containers: [
            { name: 'a', image: 'x:1' },
            { name: 'b', image: 'y:2' },
          ],
        },
      },
      ['b'],
    ),
  ).toEqual({ b: 'y:2' })
})
