import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import {
  assessRollout,
  deploymentStatus,
  findNewReplicaSet,
  latestClusterTime,
  progressLine,
  templatesEqual,
  timeoutDiagnosis,
  type RolloutSnapshot,
} from '../../src/kube/rollout-state.ts'
import type { Deployment, KubeEvent, Pod, ReplicaSet } from '../../src/kube/types.ts'

const fixtures = JSON.parse(
  readFileSync(new URL('../fixtures/kube/pods.json', import.meta.url), 'utf8'),
) as Record<string, { pod: Pod; events: KubeEvent[] }>

const IMAGE = 'registry.example.com:5000/acme/web:v2@sha256:' + 'a'.repeat(64)
const template = (image: string) => ({
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'web', image, resources: {} }] },
})

function deployment(
  status: Partial<NonNullable<Deployment['status']>>,
  opts: { generation?: number; replicas?: number; image?: string } = {},
): Deployment {
  return {
    metadata: {
      name: 'web',
      namespace: 'default',
      uid: 'uid-deploy',
      generation: opts.generation ?? 2,
      annotations: { 'deployment.kubernetes.io/revision': '2' },
    },
    spec: {
      replicas: opts.replicas ?? 3,
      selector: { matchLabels: { app: 'web' } },
      template: template(opts.image ?? IMAGE),
      progressDeadlineSeconds: 600,
    },
    status: { observedGeneration: 2, ...status },
  }
}

function replicaSet(name: string, hash: string, image: string, created: string): ReplicaSet {
  return {
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-rs-${hash === '7d9f8b6c5' ? 'new' : hash}`,
      creationTimestamp: created,
      labels: { app: 'web', 'pod-template-hash': hash },
      ownerReferences: [{ kind: 'Deployment', name: 'web', uid: 'uid-deploy', controller: true }],
    },
    spec: {
      replicas: 3,
      template: {
        ...template(image),
        metadata: { labels: { app: 'web', 'pod-template-hash': hash } },
      },
    },
  }
}

const newRs = replicaSet('web-7d9f8b6c5', '7d9f8b6c5', IMAGE, '2025-03-04T10:00:00Z')
const oldRs = replicaSet('web-5c6d7e8f9', '5c6d7e8f9', 'acme/web:v1', '2025-03-01T10:00:00Z')

function readyPod(i: number): Pod {
  const p = structuredClone(fixtures.ready!.pod)
  p.metadata.name = `web-7d9f8b6c5-ready${i}`
  p.metadata.uid = `uid-ready-${i}`
  return p
}

const limits = { graceMs: 0, readyGraceMs: 120_000 }
const snap = (over: Partial<RolloutSnapshot>): RolloutSnapshot => ({
  deployment: deployment({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 }),
  replicaSets: [oldRs, newRs],
  pods: [readyPod(1), readyPod(2), readyPod(3)],
  events: [],
  ...over,
})

describe("deploymentStatus: kubectl's rollout status, as data", () => {
  test.each([
    {
      name: 'spec change not yet observed',
      d: deployment({ observedGeneration: 1 }, { generation: 2 }),
      done: false,
      message: 'waiting for the spec update to be observed',
    },
    {
      name: 'some replicas not updated',
      d: deployment({ replicas: 3, updatedReplicas: 1, availableReplicas: 1 }),
      done: false,
      message: '1 out of 3 new replicas have been updated',
    },
    {
      name: 'old replicas pending termination',
      d: deployment({ replicas: 4, updatedReplicas: 3, availableReplicas: 3 }),
      done: false,
      message: '1 old replicas are pending termination',
    },
    {
      name: 'updated but not available',
      d: deployment({ replicas: 3, updatedReplicas: 3, availableReplicas: 2 }),
      done: false,
      message: '2 of 3 updated replicas are available',
    },
    {
      name: 'done',
      d: deployment({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 }),
      done: true,
      message: 'deployment "web" successfully rolled out',
    },
    {
      name: 'observed generation ahead (kubectl: <=)',
      d: deployment(
        { observedGeneration: 3, replicas: 3, updatedReplicas: 3, availableReplicas: 3 },
        { generation: 2 },
      ),
      done: true,
      message: 'deployment "web" successfully rolled out',
    },
    {
      name: 'scaled to zero',
      d: deployment({}, { replicas: 0 }),
      done: true,
      message: 'deployment "web" successfully rolled out',
    },
  ])('$name', ({ d, done, message }) => {
    expect(deploymentStatus(d)).toEqual({ done, timedOut: false, message })
  })

  test('ProgressDeadlineExceeded, once observed', () => {
    const d = deployment({
      conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
    })
    expect(deploymentStatus(d).timedOut).toBe(true)
    d.status!.observedGeneration = 1
    expect(deploymentStatus(d).timedOut).toBe(false)
  })
})

describe('findNewReplicaSet', () => {
  test('the one whose template equals the deployment’s, ignoring the hash label', () => {
    expect(findNewReplicaSet(deployment({}), [oldRs, newRs])?.metadata.name).toBe('web-7d9f8b6c5')
  })
  test('after a rollback the old ReplicaSet is the new one again', () => {
    const d = deployment({}, { image: 'acme/web:v1' })
    expect(findNewReplicaSet(d, [newRs, oldRs])?.metadata.name).toBe('web-5c6d7e8f9')
  })
  test('the oldest of several equal ones', () => {
    const twin = { ...structuredClone(newRs), metadata: { ...newRs.metadata, name: 'web-twin' } }
    twin.metadata.creationTimestamp = '2025-03-05T00:00:00Z'
    expect(findNewReplicaSet(deployment({}), [twin, newRs])?.metadata.name).toBe('web-7d9f8b6c5')
  })
  test('not one owned by another deployment', () => {
    const foreign = structuredClone(newRs)
    foreign.metadata.ownerReferences = [{ kind: 'Deployment', uid: 'other', controller: true }]
    expect(findNewReplicaSet(deployment({}), [foreign])).toBeUndefined()
  })
  test('a new version of the Deployment with another template finds another ReplicaSet', () => {
    // Each template's normal form is kept per object: a new object is compared afresh.
    const d = deployment({})
    expect(findNewReplicaSet(d, [oldRs, newRs])?.metadata.name).toBe('web-7d9f8b6c5')
    const rolledBack = structuredClone(d)
    rolledBack.spec!.template = template('acme/web:v1')
    expect(findNewReplicaSet(rolledBack, [oldRs, newRs])?.metadata.name).toBe('web-5c6d7e8f9')
    expect(findNewReplicaSet(d, [oldRs, newRs])?.metadata.name).toBe('web-7d9f8b6c5')
  })
  test('empty and absent fields compare equal, as apimachinery’s semantic equality has it', () => {
    expect(
      templatesEqual(
        { metadata: { labels: { app: 'web' }, annotations: {} }, spec: { containers: [] } },
        { metadata: { labels: { app: 'web', 'pod-template-hash': 'x' } }, spec: {} },
      ),
    ).toBe(true)
  })
  test('only the pod-template-hash label is ignored, a template whose one label it is equals one without labels, and neither template is changed', () => {
    const hashed = {
      metadata: { labels: { 'pod-template-hash': 'x' } },
      spec: { containers: [{ name: 'app', image: 'acme/web:v2' }] },
    }
    const bare = { spec: { containers: [{ name: 'app', image: 'acme/web:v2' }] } }
    const before = structuredClone(hashed)
    expect(templatesEqual(hashed, bare)).toBe(true)
    expect(hashed).toEqual(before)
    expect(
      templatesEqual(
        { metadata: { labels: { app: 'web', 'pod-template-hash': 'x' } } },
        { metadata: { labels: { app: 'api', 'pod-template-hash': 'x' } } },
      ),
    ).toBe(false)
    expect(
      templatesEqual(
        {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'a', image: 'v1' }] },
        },
        {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'a', image: 'v2' }] },
        },
      ),
    ).toBe(false)
  })
})

describe('assessRollout', () => {
  const now = Date.parse('2025-03-04T10:00:45Z')

  test('done: kubectl says so and every new pod is Ready', () => {
    const v = assessRollout(snap({}), limits, now)
    expect(v.state).toBe('done')
    expect(v.progress).toMatchObject({ revision: '2', ready: 3, newReplicaSet: 'web-7d9f8b6c5' })
  })

  test('not done while a new pod is not Ready yet, even if the status says so', () => {
    const starting = structuredClone(fixtures.starting!.pod)
    const v = assessRollout(snap({ pods: [readyPod(1), readyPod(2), starting] }), limits, now)
    expect(v.state).toBe('progress')
  })

  test('the new ReplicaSet refused its Pods (ReplicaFailure: a quota): FailedCreate with the API server’s words', () => {
    const refused: ReplicaSet = {
      ...newRs,
      status: {
        replicas: 0,
        conditions: [
          {
            type: 'ReplicaFailure',
            status: 'True',
            reason: 'FailedCreate',
            message:
              'pods "web-7d9f8b6c5-x" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=1, limited: pods=1',
            lastTransitionTime: '2025-03-04T10:00:02Z',
          },
        ],
      },
    }
    const v = assessRollout(
      snap({
        deployment: deployment({ replicas: 3, updatedReplicas: 0, availableReplicas: 3 }),
        replicaSets: [oldRs, refused],
        pods: [],
      }),
      limits,
      now,
    )
    expect(v).toMatchObject({
      state: 'failed',
      diagnosis: {
        reason: 'FailedCreate',
        message: expect.stringContaining('exceeded quota: pods'),
        since: '2025-03-04T10:00:02Z',
      },
    })
    // Within grace it is a pending problem, as for a Pod.
    const later = assessRollout(
      snap({ replicaSets: [oldRs, refused], pods: [] }),
      { ...limits, graceMs: 60_000 },
      now,
    )
    expect(later).toMatchObject({ state: 'progress', pending: { reason: 'FailedCreate' } })
  })

  test('not done while our watch has not seen the pods yet', () => {
    expect(assessRollout(snap({ pods: [readyPod(1)] }), limits, now).state).toBe('progress')
  })

  test('pods of old ReplicaSets do not count, failing or not', () => {
    const crashing = structuredClone(fixtures['crash-loop']!)
    crashing.pod.metadata.ownerReferences![0]!.uid = 'uid-rs-5c6d7e8f9'
    crashing.pod.metadata.labels!['pod-template-hash'] = '5c6d7e8f9'
    const v = assessRollout(
      snap({
        pods: [readyPod(1), readyPod(2), readyPod(3), crashing.pod],
        events: crashing.events,
      }),
      limits,
      now,
    )
    expect(v.state).toBe('done')
  })

  test.each([
    ['image-pull-backoff', 'ImagePullBackOff'],
    ['crash-loop', 'CrashLoopBackOff'],
    ['oom-killed', 'OOMKilled'],
    ['unschedulable', 'Unschedulable'],
    ['invalid-image-name', 'InvalidImageName'],
    ['create-container-config-error', 'CreateContainerConfigError'],
  ])('grace 0s: %s fails at once', (name, reason) => {
    const { pod, events } = fixtures[name]!
    const v = assessRollout(
      snap({
        deployment: deployment({ replicas: 3, updatedReplicas: 1, availableReplicas: 0 }),
        pods: [pod],
        events,
      }),
      limits,
      undefined,
    )
    expect(v).toMatchObject({ state: 'failed', diagnosis: { reason, pod: pod.metadata.name } })
  })

  test('within the grace, in cluster time: progress, with the time left to recheck', () => {
    const { pod, events } = fixtures['image-pull-backoff']!
    // In ImagePullBackOff since 10:00:03; the cluster's clock says 10:00:45: 42 s of 60.
    const v = assessRollout(
      snap({ pods: [pod], events }),
      { graceMs: 60_000, readyGraceMs: 0 },
      now,
    )
    expect(v).toMatchObject({
      state: 'progress',
      pending: { reason: 'ImagePullBackOff' },
      recheckInMs: 18_000,
    })
    expect(progressLine('web', v)).toBe(
      'web: 3/3 updated, 0 ready (web-7d9f8b6c5-x2k4p: ImagePullBackOff, within grace)',
    )
  })

  test('past the grace: failed', () => {
    const { pod, events } = fixtures['image-pull-backoff']!
    const v = assessRollout(
      snap({ pods: [pod], events }),
      { graceMs: 30_000, readyGraceMs: 0 },
      now,
    )
    expect(v.state).toBe('failed')
  })

  test('without a clock reading, the latest timestamp the cluster stamped is "now", not an event\'s', () => {
    const { pod, events } = fixtures['image-pull-backoff']!
    // The pod's conditions say 10:00:01; the events' lastTimestamp 10:00:30 is not a
    // clock reading (anyone who may create events writes it).
    expect(latestClusterTime({ replicaSets: [], pods: [pod], events })).toBe(
      Date.parse('2025-03-04T10:00:01Z'),
    )
    // In ImagePullBackOff "since 10:00:03", after "now": it counts from now, the whole grace left.
    const v = assessRollout(
      snap({ pods: [pod], events }),
      { graceMs: 28_000, readyGraceMs: 0 },
      undefined,
    )
    expect(v).toMatchObject({ state: 'progress', recheckInMs: 28_000 })
  })

  test('a failing readiness probe is bounded by ready-grace, not grace', () => {
    const { pod, events } = fixtures['readiness-failing']!
    const at = Date.parse('2025-03-04T10:02:30Z')
    expect(
      assessRollout(snap({ pods: [pod], events }), { graceMs: 0, readyGraceMs: 150_000 }, at).state,
    ).toBe('progress')
    expect(
      assessRollout(snap({ pods: [pod], events }), { graceMs: 0, readyGraceMs: 120_000 }, at),
    ).toMatchObject({ state: 'failed', diagnosis: { reason: 'ReadinessProbeFailed' } })
  })

  test('ProgressDeadlineExceeded fails, with the pod’s problem when there is one', () => {
    const d = deployment({
      conditions: [
        {
          type: 'Progressing',
          status: 'False',
          reason: 'ProgressDeadlineExceeded',
          message: 'ReplicaSet "web-7d9f8b6c5" has timed out progressing.',
        },
      ],
    })
    expect(assessRollout(snap({ deployment: d, pods: [] }), limits, now)).toMatchObject({
      state: 'failed',
      diagnosis: {
        reason: 'ProgressDeadlineExceeded',
        message: 'ReplicaSet "web-7d9f8b6c5" has timed out progressing.',
      },
    })
    const { pod, events } = fixtures['readiness-failing']!
    expect(assessRollout(snap({ deployment: d, pods: [pod], events }), limits, now)).toMatchObject({
      state: 'failed',
      diagnosis: { reason: 'ReadinessProbeFailed' },
    })
  })

  test('before the controller observed the change, nothing about the old pods counts', () => {
    const v = assessRollout(
      snap({ deployment: deployment({ observedGeneration: 1 }, { generation: 2 }) }),
      limits,
      now,
    )
    expect(v).toMatchObject({ state: 'progress', progress: { observed: false } })
    expect(progressLine('web', v)).toBe('web: waiting for the controller to see the change')
  })

  test('timeoutDiagnosis says where it stood', () => {
    const v = assessRollout(
      snap({ deployment: deployment({ replicas: 3, updatedReplicas: 1, availableReplicas: 1 }) }),
      limits,
      now,
    )
    expect(timeoutDiagnosis(v, 600_000)).toEqual({
      reason: 'Timeout',
      message: 'not ready after 600s (timeout): 1 out of 3 new replicas have been updated',
    })
  })
})

describe('forged timestamps never decide the verdict', () => {
  // Anyone who may create Events in the namespace writes their timestamps. The pods
  // here are healthy but for a readiness probe still failing 25 s after start (of a
  // 120 s ready-grace); a forged Warning claims more.
  const started = Date.parse('2025-03-04T10:00:05Z')
  const clock = started + 25_000
  const probing = () => structuredClone(fixtures['readiness-failing']!.pod)
  const forged = (over: Partial<KubeEvent>): KubeEvent => ({
    ...structuredClone(fixtures['readiness-failing']!.events[0]!),
    ...over,
  })

  test.each([
    ['lastTimestamp in 2030', { lastTimestamp: '2030-01-01T00:00:00Z' }],
    ['firstTimestamp in 1970', { firstTimestamp: '1970-01-01T00:00:00Z' }],
    ['firstTimestamp before the pod was created', { firstTimestamp: '2025-03-01T00:00:00Z' }],
    [
      'eventTime in 2030, no other time',
      {
        firstTimestamp: undefined,
        lastTimestamp: undefined,
        eventTime: '2030-01-01T00:00:00.000000Z',
      },
    ],
    [
      'both in 2030',
      { firstTimestamp: '2030-01-01T00:00:00Z', lastTimestamp: '2030-06-01T00:00:00Z' },
    ],
  ])('%s: in progress at 25 s of 120 by the action’s clock', (_, over) => {
    const events = [forged(over as Partial<KubeEvent>)]
    const v = assessRollout(snap({ pods: [probing()], events }), limits, clock)
    expect(v.state).toBe('progress')
  })

  test.each([
    ['lastTimestamp in 2030', { lastTimestamp: '2030-01-01T00:00:00Z' }],
    ['firstTimestamp in 1970', { firstTimestamp: '1970-01-01T00:00:00Z' }],
  ])('%s: in progress with the clock read from the snapshot, as the wait reads it', (_, over) => {
    const events = [forged(over as Partial<KubeEvent>)]
    expect(latestClusterTime({ replicaSets: [], pods: [probing()], events })).toBe(started)
    expect(assessRollout(snap({ pods: [probing()], events }), limits, undefined).state).toBe(
      'progress',
    )
  })

  test('a healthy rollout with a 2030 Warning about its pod is done', () => {
    const events = [forged({ lastTimestamp: '2030-01-01T00:00:00Z', type: 'Warning' })]
    expect(assessRollout(snap({ events }), limits, undefined).state).toBe('done')
  })

  test('a probe genuinely failing past ready-grace still fails, timed from the pod', () => {
    // Forged to 1970, the start is bounded by the container's start (10:00:05): 121 s at 10:02:06.
    const events = [forged({ firstTimestamp: '1970-01-01T00:00:00Z' })]
    const v = assessRollout(
      snap({ pods: [probing()], events }),
      limits,
      Date.parse('2025-03-04T10:02:06Z'),
    )
    expect(v).toMatchObject({ state: 'failed', diagnosis: { reason: 'ReadinessProbeFailed' } })
    expect(v.state === 'failed' && v.diagnosis.message).toMatch(
      /\(for 121s, longer than ready-grace 120s\)/,
    )
  })
})
