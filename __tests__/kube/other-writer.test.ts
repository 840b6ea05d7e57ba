import { describe, expect, test } from 'vitest'
import {
  describeWriter,
  MAX_CHANGES,
  otherWrite,
  otherWriterDiagnosis,
  specChanges,
  type OtherWrite,
} from '../../src/kube/other-writer.ts'
import type { ManagedFieldsEntry, Workload } from '../../src/kube/types.ts'

const OURS = `r.example/web:2@sha256:${'c'.repeat(64)}`
const spec = (image: string, replicas = 2) => ({
  replicas,
  selector: { matchLabels: { app: 'web' } },
  template: {
    metadata: { labels: { app: 'web' } },
    spec: {
      containers: [
        { name: 'web', image, ports: [{ containerPort: 8080 }] },
        { name: 'proxy', image: 'r.example/proxy:1' },
      ],
    },
  },
})

const entry = (
  manager: string,
  time: string,
  fields: Record<string, unknown> = { 'f:spec': { 'f:replicas': {} } },
  more: Partial<ManagedFieldsEntry> = {},
): ManagedFieldsEntry => ({
  manager,
  operation: 'Update',
  apiVersion: 'apps/v1',
  time,
  fieldsType: 'FieldsV1',
  fieldsV1: fields,
  ...more,
})

const IMAGE_FIELDS = {
  'f:spec': {
    'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { 'f:image': {} } } } },
  },
}
const REVISION_FIELDS = {
  'f:metadata': { 'f:annotations': { 'f:deployment.kubernetes.io/revision': {} } },
}

/** As dock2pod's patch left it: generation 5. */
const ours: Workload = {
  metadata: {
    name: 'web',
    namespace: 'prod',
    uid: 'u1',
    generation: 5,
    managedFields: [
      entry('kubectl-client-side-apply', '2026-11-20T10:00:00Z', {
        'f:spec': { 'f:replicas': {}, 'f:template': {} },
      }),
      entry('dock2pod', '2026-11-26T07:00:00Z', IMAGE_FIELDS),
      entry('kube-controller-manager', '2026-11-26T07:00:00Z', REVISION_FIELDS),
      entry(
        'kube-controller-manager',
        '2026-11-26T07:00:01Z',
        { 'f:status': {} },
        {
          subresource: 'status',
        },
      ),
    ],
  },
  spec: spec(OURS),
}

/** `ours` with the changes of `change` applied to a copy. */
function now(change: (w: Workload) => void): Workload {
  const w = structuredClone(ours)
  change(w)
  return w
}
const containers = (w: Workload) => w.spec!.template!.spec!.containers!

describe('otherWrite: who changed the workload after our write, and what', () => {
  test.each<{ name: string; now: Workload; want: Partial<OtherWrite> | undefined }>([
    {
      name: 'the same generation (the controller wrote status and the revision): nobody',
      now: now((w) => {
        w.metadata.managedFields![2]!.time = '2026-11-26T07:00:09Z'
        w.metadata.managedFields![3]!.time = '2026-11-26T07:00:09Z'
      }),
      want: undefined,
    },
    {
      name: 'kubectl set image by ops-team: its entry, the image field',
      now: now((w) => {
        w.metadata.generation = 6
        containers(w)[0]!.image = 'r.example/web:hotfix'
        w.metadata.managedFields!.push(
          entry('ops-team', '2026-11-26T07:00:30Z', IMAGE_FIELDS),
          entry(
            'kube-controller-manager',
            '2026-11-26T07:00:31Z',
            { 'f:status': {} },
            {
              subresource: 'status',
            },
          ),
        )
        w.metadata.managedFields![2]!.time = '2026-11-26T07:00:31Z'
      }),
      want: {
        ourGeneration: 5,
        generation: 6,
        writers: [{ manager: 'ops-team', operation: 'Update', time: '2026-11-26T07:00:30Z' }],
        changes: [
          {
            field: 'spec.template.spec.containers[web].image',
            ours: OURS,
            theirs: 'r.example/web:hotfix',
          },
        ],
      },
    },
    {
      name: 'kubectl scale or an autoscaler (the scale subresource): the template is ours, the wait goes on',
      now: now((w) => {
        w.metadata.generation = 6
        w.spec!.replicas = 5
        w.metadata.managedFields!.push(
          entry('kubectl', '2026-11-26T07:00:40Z', undefined, { subresource: 'scale' }),
        )
      }),
      want: undefined,
    },
    {
      name: 'a new strategy and deadline, the template untouched: the wait goes on',
      now: now((w) => {
        w.metadata.generation = 6
        Object.assign(w.spec!, {
          progressDeadlineSeconds: 900,
          strategy: { type: 'Recreate' },
        })
        w.metadata.managedFields!.push(entry('ops-team', '2026-11-26T07:00:40Z'))
      }),
      want: undefined,
    },
    {
      name: 'paused by someone else: the rollout stops being ours',
      now: now((w) => {
        w.metadata.generation = 6
        Object.assign(w.spec!, { paused: true })
        w.metadata.managedFields!.push(
          entry('ops-team', '2026-11-26T07:00:40Z', { 'f:spec': { 'f:paused': {} } }),
        )
      }),
      want: {
        writers: [{ manager: 'ops-team', operation: 'Update', time: '2026-11-26T07:00:40Z' }],
        changes: [{ field: 'spec.paused', ours: '(none)', theirs: 'true' }],
      },
    },
    {
      name: 'a scale, then an image: both writers and both fields',
      now: now((w) => {
        w.metadata.generation = 7
        w.spec!.replicas = 5
        containers(w)[0]!.image = 'r.example/web:hotfix'
        w.metadata.managedFields!.push(
          entry('hpa', '2026-11-26T07:00:40Z', undefined, { subresource: 'scale' }),
          entry('ops-team', '2026-11-26T07:00:50Z', IMAGE_FIELDS),
        )
      }),
      want: {
        writers: [
          { manager: 'hpa', operation: 'Update', subresource: 'scale' },
          { manager: 'ops-team', operation: 'Update', time: '2026-11-26T07:00:50Z' },
        ],
        changes: [
          { field: 'spec.replicas', ours: '2', theirs: '5' },
          {
            field: 'spec.template.spec.containers[web].image',
            ours: OURS,
            theirs: 'r.example/web:hotfix',
          },
        ],
      },
    },
    {
      name: 'a manager that wrote before us writes again (a GitOps re-apply): its newer entry',
      now: now((w) => {
        w.metadata.generation = 7
        containers(w)[0]!.image = 'r.example/web:1'
        w.metadata.managedFields![0]!.time = '2026-11-26T07:01:00Z'
        w.metadata.managedFields![0]!.operation = 'Update'
      }),
      want: {
        writers: [
          {
            manager: 'kubectl-client-side-apply',
            operation: 'Update',
            time: '2026-11-26T07:01:00Z',
          },
        ],
      },
    },
    {
      name: 'another dock2pod run: our own manager, a newer time',
      now: now((w) => {
        w.metadata.generation = 6
        containers(w)[0]!.image = 'r.example/web:3'
        w.metadata.managedFields![1]!.time = '2026-11-26T07:02:00Z'
      }),
      want: {
        writers: [{ manager: 'dock2pod', operation: 'Update', time: '2026-11-26T07:02:00Z' }],
      },
    },
    {
      name: 'no managedFields (a server that keeps none): no writers, the changes still',
      now: now((w) => {
        w.metadata.generation = 6
        delete w.metadata.managedFields
        containers(w)[1]!.image = 'r.example/proxy:2'
      }),
      want: {
        writers: [],
        changes: [
          {
            field: 'spec.template.spec.containers[proxy].image',
            ours: 'r.example/proxy:1',
            theirs: 'r.example/proxy:2',
          },
        ],
      },
    },
    {
      name: 'deleted and created again (another uid): not a change of our object',
      now: now((w) => {
        w.metadata.uid = 'u2'
        w.metadata.generation = 9
      }),
      want: undefined,
    },
  ])('$name', ({ now, want }) => {
    const got = otherWrite(ours, now)
    if (want === undefined) expect(got).toBeUndefined()
    else expect(got).toMatchObject(want)
  })

  test('without a generation on either side: nothing to compare', () => {
    const noGen = now((w) => delete w.metadata.generation)
    expect(otherWrite(noGen, ours)).toBeUndefined()
    expect(otherWrite(ours, noGen)).toBeUndefined()
  })
})

describe('specChanges', () => {
  test.each([
    {
      name: 'a container added, one removed, by name',
      a: { containers: [{ name: 'web', image: 'a' }] },
      b: { containers: [{ name: 'log', image: 'l' }] },
      want: [
        { field: 'spec.containers[web]', ours: '{"name":"web","image":"a"}', theirs: '(none)' },
        { field: 'spec.containers[log]', ours: '(none)', theirs: '{"name":"log","image":"l"}' },
      ],
    },
    {
      name: 'a list without names is one value',
      a: { args: ['--a'] },
      b: { args: ['--b'] },
      want: [{ field: 'spec.args', ours: '["--a"]', theirs: '["--b"]' }],
    },
    {
      name: 'a field set where there was none, and a nested one',
      a: { template: { spec: { containers: [{ name: 'web' }] } } },
      b: { paused: true, template: { spec: { containers: [{ name: 'web', env: [] }] } } },
      want: [
        { field: 'spec.paused', ours: '(none)', theirs: 'true' },
        { field: 'spec.template.spec.containers[web].env', ours: '(none)', theirs: '[]' },
      ],
    },
    { name: 'equal: nothing', a: spec('x'), b: spec('x'), want: [] },
  ])('$name', ({ a, b, want }) => {
    expect(specChanges(a, b)).toEqual(want)
  })

  test('a long value is cut', () => {
    const [c] = specChanges({ image: 'x'.repeat(1000) }, { image: 'y' })
    expect(c!.ours).toBe(`${'x'.repeat(300)}… (cut, 1000 characters)`)
  })
})

describe('otherWriterDiagnosis', () => {
  test('names the writers, lists the fields, says the wait stopped', () => {
    const d = otherWriterDiagnosis('Deployment', 'prod', 'web', {
      ourGeneration: 5,
      generation: 6,
      writers: [
        { manager: 'ops-team', operation: 'Update', time: '2026-11-26T07:00:30Z' },
        { manager: 'hpa', operation: 'Update', subresource: 'scale' },
      ],
      changes: [{ field: 'spec.replicas', ours: '2', theirs: '5' }],
    })
    expect(d).toMatchObject({
      reason: 'ChangedByAnotherWriter',
      message:
        "Deployment prod/web was changed by ops-team (Update at 2026-11-26T07:00:30Z), hpa (Update of scale) while dock2pod waited for its rollout: generation 6, past the 5 of dock2pod's change. dock2pod stopped waiting, since what rolls out now is not its own.",
      changes: ['spec.replicas: 2 → 5'],
    })
    expect(d.hint).toContain('concurrency:')
  })

  test('no writer named, and more fields than it lists', () => {
    const changes = Array.from({ length: MAX_CHANGES + 3 }, (_, i) => ({
      field: `spec.f${i}`,
      ours: '1',
      theirs: '2',
    }))
    const d = otherWriterDiagnosis('StatefulSet', 'prod', 'db', {
      ourGeneration: 1,
      generation: 2,
      writers: [],
      changes,
    })
    expect(d.message).toContain('changed by a writer its metadata.managedFields do not name')
    expect(d.changes).toHaveLength(MAX_CHANGES + 1)
    expect(d.changes!.at(-1)).toBe('… and 3 more fields')
  })

  test('describeWriter', () => {
    expect(describeWriter({ manager: 'argocd-controller', operation: 'Apply' })).toBe(
      'argocd-controller (Apply)',
    )
  })
})
