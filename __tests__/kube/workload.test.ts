// StatefulSets and DaemonSets: each kind's rollout-complete rule (kubectl's status
// viewers), how its new Pods are recognised, and what is refused before the build.
import { describe, expect, test } from 'vitest'
import {
  assessRollout,
  daemonSetStatus,
  statefulSetStatus,
  type RolloutSnapshot,
} from '../../src/kube/rollout-state.ts'
import type { LabelSelector, Pod, Workload } from '../../src/kube/types.ts'
import {
  newPodLabel,
  selectorMatcher,
  sharedSelector,
  unrollable,
  workloadKindOf,
} from '../../src/kube/workload.ts'

const template = {
  metadata: { labels: { app: 'db' } },
  spec: { containers: [{ name: 'db', image: 'r/db:v2' }] },
}

function sts(
  status: NonNullable<Workload['status']>,
  opts: { replicas?: number; partition?: number; generation?: number } = {},
): Workload {
  return {
    kind: 'StatefulSet',
    metadata: {
      name: 'db',
      namespace: 'default',
      uid: 'uid-sts',
      generation: opts.generation ?? 2,
    },
    spec: {
      replicas: opts.replicas ?? 3,
      selector: { matchLabels: { app: 'db' } },
      template,
      updateStrategy: {
        type: 'RollingUpdate',
        ...(opts.partition !== undefined ? { rollingUpdate: { partition: opts.partition } } : {}),
      },
    },
    status: { observedGeneration: 2, ...status },
  }
}

function ds(status: NonNullable<Workload['status']>, generation = 2): Workload {
  return {
    kind: 'DaemonSet',
    metadata: {
      name: 'agent',
      namespace: 'default',
      uid: 'uid-ds',
      generation,
      annotations: { 'deprecated.daemonset.template.generation': '2' },
    },
    spec: { selector: { matchLabels: { app: 'agent' } }, template },
    status: { observedGeneration: 2, ...status },
  }
}

describe('a StatefulSet is rolled out when', () => {
  const done = { currentRevision: 'db-2', updateRevision: 'db-2' }
  test.each([
    {
      name: 'the controller has not seen the change',
      s: sts({ ...done, readyReplicas: 3, updatedReplicas: 3 }, { generation: 3 }),
      done: false,
      message: /observed/,
    },
    {
      name: 'a Pod is not ready',
      s: sts({ ...done, readyReplicas: 2, updatedReplicas: 3 }),
      done: false,
      message: /1 pods to be ready/,
    },
    {
      name: 'revisions differ',
      s: sts({
        currentRevision: 'db-1',
        updateRevision: 'db-2',
        readyReplicas: 3,
        updatedReplicas: 2,
      }),
      done: false,
      message: /rolling update to complete 2 pods at revision db-2/,
    },
    {
      name: 'every Pod is on the update revision and ready',
      s: sts({ ...done, readyReplicas: 3, updatedReplicas: 3, currentReplicas: 3 }),
      done: true,
      message: /complete 3 pods at revision db-2/,
    },
    {
      name: 'a partition of 2 holds back two Pods, one updated',
      s: sts(
        { currentRevision: 'db-1', updateRevision: 'db-2', readyReplicas: 3, updatedReplicas: 0 },
        { partition: 2 },
      ),
      done: false,
      message: /0 out of 1 new pods/,
    },
    {
      name: 'a partition of 2: the Pods above it are updated',
      s: sts(
        { currentRevision: 'db-1', updateRevision: 'db-2', readyReplicas: 3, updatedReplicas: 1 },
        { partition: 2 },
      ),
      done: true,
      message: /partitioned roll out complete/,
    },
  ])('$name: done=$done', ({ s, done, message }) => {
    const st = statefulSetStatus(s)
    expect(st.done).toBe(done)
    expect(st.message).toMatch(message)
  })
})

describe('a DaemonSet is rolled out when', () => {
  test.each([
    {
      name: 'the controller has not seen the change',
      d: ds({ desiredNumberScheduled: 1, updatedNumberScheduled: 1, numberAvailable: 1 }, 3),
      done: false,
      message: /observed/,
    },
    {
      name: 'a node still runs the old Pod',
      d: ds({ desiredNumberScheduled: 2, updatedNumberScheduled: 1, numberAvailable: 2 }),
      done: false,
      message: /1 out of 2 new pods have been updated/,
    },
    {
      name: 'an updated Pod is not available',
      d: ds({ desiredNumberScheduled: 2, updatedNumberScheduled: 2, numberAvailable: 1 }),
      done: false,
      message: /1 of 2 updated pods are available/,
    },
    {
      name: 'every node runs an available new Pod',
      d: ds({ desiredNumberScheduled: 2, updatedNumberScheduled: 2, numberAvailable: 2 }),
      done: true,
      message: /successfully rolled out/,
    },
  ])('$name: done=$done', ({ d, done, message }) => {
    const st = daemonSetStatus(d)
    expect(st.done).toBe(done)
    expect(st.message).toMatch(message)
  })
})

describe('the new Pods', () => {
  test('of a StatefulSet carry its update revision; of a DaemonSet its template generation', () => {
    expect(newPodLabel('StatefulSet', sts({ updateRevision: 'db-7c9d' }))).toBe(
      'controller-revision-hash=db-7c9d',
    )
    expect(newPodLabel('DaemonSet', ds({}))).toBe('pod-template-generation=2')
    expect(newPodLabel('StatefulSet', sts({}))).toBeUndefined()
  })

  const pod = (
    name: string,
    labels: Record<string, string>,
    ready: boolean,
    owner = 'uid-sts',
  ): Pod => ({
    metadata: {
      name,
      uid: `uid-${name}`,
      creationTimestamp: '2026-01-01T00:00:00Z',
      labels: { app: 'db', ...labels },
      ownerReferences: [{ kind: 'StatefulSet', name: 'db', uid: owner, controller: true }],
    },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      containerStatuses: [
        { name: 'db', ready, state: { running: { startedAt: '2026-01-01T00:00:01Z' } } },
      ],
    },
  })

  test('a StatefulSet is done only once the Pods of its update revision are Ready', () => {
    const s = sts(
      {
        currentRevision: 'db-2',
        updateRevision: 'db-2',
        readyReplicas: 2,
        updatedReplicas: 2,
        currentReplicas: 2,
      },
      { replicas: 2 },
    )
    const snap = (pods: Pod[]): RolloutSnapshot => ({
      kind: 'StatefulSet',
      deployment: s,
      replicaSets: [],
      pods,
      events: [],
    })
    const limits = { graceMs: 0, readyGraceMs: 60_000 }
    const newer = { 'controller-revision-hash': 'db-2' }
    const v = assessRollout(
      snap([pod('db-0', newer, true), pod('db-1', newer, true)]),
      limits,
      undefined,
    )
    expect(v.state).toBe('done')
    expect(v.progress).toMatchObject({ desired: 2, updated: 2, ready: 2, revision: 'db-2' })
    // Not yet seen by the Pod watch: still in progress.
    expect(assessRollout(snap([pod('db-0', newer, true)]), limits, undefined).state).toBe(
      'progress',
    )
    // Another StatefulSet's Pods with the same labels do not count.
    expect(
      assessRollout(
        snap([pod('db-0', newer, true), pod('db-1', newer, true, 'uid-other')]),
        limits,
        undefined,
      ).state,
    ).toBe('progress')
  })

  test('a crashing Pod of the update revision fails the StatefulSet', () => {
    const s = sts({ currentRevision: 'db-1', updateRevision: 'db-2', readyReplicas: 2 })
    const crashing: Pod = {
      ...pod('db-2', { 'controller-revision-hash': 'db-2' }, false),
      status: {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'db',
            ready: false,
            restartCount: 3,
            state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } },
            lastState: {
              terminated: {
                exitCode: 3,
                startedAt: '2026-01-01T00:00:01Z',
                finishedAt: '2026-01-01T00:00:02Z',
              },
            },
          },
        ],
      },
    }
    const v = assessRollout(
      { kind: 'StatefulSet', deployment: s, replicaSets: [], pods: [crashing], events: [] },
      { graceMs: 0, readyGraceMs: 60_000 },
      undefined,
    )
    expect(v.state).toBe('failed')
    if (v.state === 'failed')
      expect(v.diagnosis).toMatchObject({ reason: 'CrashLoopBackOff', pod: 'db-2' })
  })
})

describe('refused before the build', () => {
  test.each([
    {
      kind: 'Deployment' as const,
      w: { metadata: { name: 'web' }, spec: { paused: true } },
      msg: /paused/,
    },
    {
      kind: 'StatefulSet' as const,
      w: { metadata: { name: 'db' }, spec: { updateStrategy: { type: 'OnDelete' } } },
      msg: /OnDelete/,
    },
    {
      kind: 'DaemonSet' as const,
      w: { metadata: { name: 'agent' }, spec: { updateStrategy: { type: 'OnDelete' } } },
      msg: /OnDelete/,
    },
  ])('$kind: $msg', ({ kind, w, msg }) => {
    expect(unrollable(kind, w)).toMatch(msg)
  })

  test.each([
    { kind: 'Deployment' as const, w: { metadata: { name: 'web' }, spec: {} } },
    { kind: 'StatefulSet' as const, w: { metadata: { name: 'db' }, spec: {} } },
    {
      kind: 'DaemonSet' as const,
      w: { metadata: { name: 'a' }, spec: { updateStrategy: { type: 'RollingUpdate' } } },
    },
  ])('$kind with a rolling update is accepted', ({ kind, w }) => {
    expect(unrollable(kind, w)).toBeUndefined()
  })
})

test.each([
  ['sts', 'StatefulSet'],
  ['statefulsets', 'StatefulSet'],
  ['ds', 'DaemonSet'],
  ['deploy', 'Deployment'],
  ['prod', undefined],
  ['constructor', undefined],
])('the word %s names %s', (word, kind) => {
  expect(workloadKindOf(word)).toBe(kind)
})

describe("a label selector, matched on our side as the API server's labelSelector", () => {
  const web = { app: 'web', tier: 'front' }
  test.each([
    [{ matchLabels: { app: 'web' } }, web, true],
    [{ matchLabels: { app: 'web', tier: 'back' } }, web, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'edge'] }] }, web, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }] }, web, false],
    [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }, web, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['back'] }] }, web, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, web, false],
    // NotIn holds where the key is absent, as in Kubernetes.
    [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, web, true],
    [{ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, web, true],
    [{ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, web, false],
    [{ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, web, true],
    [{ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, web, false],
    [
      { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'Exists' }] },
      web,
      true,
    ],
    [
      { matchLabels: { app: 'api' }, matchExpressions: [{ key: 'tier', operator: 'Exists' }] },
      web,
      false,
    ],
    [{ matchExpressions: [{ key: 'app', operator: 'Like', values: ['web'] }] }, web, false],
    [{}, web, true],
    [{ matchLabels: { app: 'web' } }, undefined, false],
  ] as const)('%j against %j: %s', (sel, labels, expected) => {
    const matches = selectorMatcher(sel as LabelSelector)
    expect(matches(labels as Record<string, string> | undefined)).toBe(expected)
  })
})

describe('one selector for the shared watches of several waits', () => {
  test('a matchLabels key they all require, as a set: every selector implies it', () => {
    const sels: LabelSelector[] = [
      { matchLabels: { app: 'web', tier: 'front' } },
      { matchLabels: { tier: 'back', app: 'api' } },
      { matchLabels: { app: 'web', tier: 'edge' } },
    ]
    const shared = sharedSelector(sels)
    expect(shared).toBe('app in (api,web)')
    // What each selector matches, the shared one matches too.
    const all = selectorMatcher({
      matchExpressions: [{ key: 'app', operator: 'In', values: ['api', 'web'] }],
    })
    for (const sel of sels) expect(all(sel.matchLabels)).toBe(true)
  })

  test('no key in common, or a selector of expressions only: the whole namespace', () => {
    expect(
      sharedSelector([{ matchLabels: { app: 'web' } }, { matchLabels: { name: 'api' } }]),
    ).toBe('')
    expect(
      sharedSelector([
        { matchLabels: { app: 'web' } },
        { matchExpressions: [{ key: 'app', operator: 'In', values: ['api'] }] },
      ]),
    ).toBe('')
    expect(sharedSelector([undefined, { matchLabels: { app: 'web' } }])).toBe('')
  })
})
