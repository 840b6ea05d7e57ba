import { describe, expect, test } from 'vitest'
import {
  describeSources,
  findDeadlineExceeded,
  findOtherWriter,
  findPatch,
  findSettled,
  findStatusComplete,
  firstFailure,
  firstReplicaSetFailure,
  subSecondTime,
  type KubeObject,
  type ObservedEvent,
} from '../../bench/journal.ts'

const NEW = 'reg/app:v2@sha256:2'
const OLD = 'reg/app:v1@sha256:1'

type Entry = Omit<ObservedEvent, 'arrivedAt'>

/** A journal whose arrival times count up from 1000 ms in steps of 1000. */
function journal(...entries: Entry[]): ObservedEvent[] {
  return entries.map((e, i) => ({ ...e, arrivedAt: (i + 1) * 1000 }))
}

interface PodOpts {
  ready?: boolean
  waiting?: string
  terminated?: number
  lastTerminated?: number
  terminating?: boolean
}

function pod(name: string, image: string, opts: PodOpts = {}): KubeObject {
  const state =
    opts.terminated !== undefined
      ? { terminated: { exitCode: opts.terminated } }
      : opts.waiting
        ? { waiting: { reason: opts.waiting } }
        : { running: {} }
  return {
    metadata: {
      name,
      namespace: 'a',
      ...(opts.terminating ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
    },
    spec: { containers: [{ name: 'app', image }] },
    status: {
      conditions: [{ type: 'Ready', status: opts.ready ? 'True' : 'False' }],
      containerStatuses: [
        {
          name: 'app',
          state,
          ...(opts.lastTerminated !== undefined
            ? { lastState: { terminated: { exitCode: opts.lastTerminated } } }
            : {}),
        },
      ],
    },
  }
}

function deployment(generation: number, status: Record<string, unknown> = {}, image = NEW) {
  return {
    metadata: { name: 'web', namespace: 'a', generation },
    spec: { template: { spec: { containers: [{ name: 'app', image }] } } },
    status,
  }
}

function kubeEvent(reason: string, podName: string, eventTime?: string): KubeObject {
  return {
    metadata: { name: `${podName}.1`, namespace: 'a' },
    reason,
    involvedObject: { kind: 'Pod', name: podName },
    lastTimestamp: '2026-01-01T00:00:01Z',
    ...(eventTime ? { eventTime } : {}),
  }
}

const P = (type: ObservedEvent['type'], object: KubeObject): Entry => ({
  resource: 'pods',
  type,
  object,
})
const D = (object: KubeObject): Entry => ({ resource: 'deployments', type: 'MODIFIED', object })
const E = (object: KubeObject): Entry => ({ resource: 'events', type: 'ADDED', object })

describe('subSecondTime', () => {
  test('a MicroTime is read to the millisecond', () =>
    expect(subSecondTime('2026-01-01T00:00:01.250000Z')).toBe(Date.UTC(2026, 0, 1, 0, 0, 1, 250)))
  test('whole seconds are too coarse: undefined', () =>
    expect(subSecondTime('2026-01-01T00:00:01Z')).toBeUndefined())
  test('absent or not a string: undefined', () => {
    expect(subSecondTime(undefined)).toBeUndefined()
    expect(subSecondTime(null)).toBeUndefined()
  })
})

describe('findPatch', () => {
  const events = journal(
    D(deployment(1, {}, OLD)),
    D(deployment(2)),
    D(deployment(2, { replicas: 1 })),
  )
  test('the first change to a newer generation, with its image, on the observer clock', () =>
    expect(findPatch(events, 'web', 1)).toEqual({
      at: 2000,
      source: 'observer',
      index: 1,
      image: NEW,
      generation: 2,
    }))
  test('none when the generation never moved', () =>
    expect(findPatch(events, 'web', 2)).toBeUndefined())
  test('another Deployment is not it', () => expect(findPatch(events, 'api', 1)).toBeUndefined())
})

describe('firstFailure', () => {
  const pull = journal(
    P('ADDED', pod('old', OLD, { waiting: 'ErrImagePull' })),
    P('MODIFIED', pod('new', NEW, { waiting: 'ContainerCreating' })),
    P('MODIFIED', pod('new', NEW, { waiting: 'ErrImagePull' })),
    P('MODIFIED', pod('new', NEW, { waiting: 'ImagePullBackOff' })),
  )
  test('the first Pod status of the new image in one of the waiting states', () =>
    expect(firstFailure(pull, NEW, { waiting: ['ErrImagePull', 'ImagePullBackOff'] })).toEqual({
      at: 3000,
      source: 'observer',
      index: 2,
      reason: 'ErrImagePull',
      pod: 'new',
    }))
  test('one state only', () =>
    expect(firstFailure(pull, NEW, { waiting: ['ImagePullBackOff'] })?.at).toBe(4000))
  test('never reported', () =>
    expect(firstFailure(pull, NEW, { waiting: ['CrashLoopBackOff'] })).toBeUndefined())

  const crash = journal(
    P('ADDED', pod('new', NEW)),
    P('MODIFIED', pod('new', NEW, { lastTerminated: 0 })),
    P('MODIFIED', pod('new', NEW, { lastTerminated: 3 })),
    P('MODIFIED', pod('new', NEW, { waiting: 'CrashLoopBackOff', lastTerminated: 3 })),
  )
  test('exited: a non-zero exit code in the current or last state', () =>
    expect(firstFailure(crash, NEW, { exited: true, waiting: ['CrashLoopBackOff'] })).toMatchObject(
      {
        at: 3000,
        reason: 'Exited 3',
      },
    ))
  test('an exit code of 0 proves nothing', () =>
    expect(firstFailure(crash.slice(0, 2), NEW, { exited: true })).toBeUndefined())
  test('without exited, the back-off', () =>
    expect(firstFailure(crash, NEW, { waiting: ['CrashLoopBackOff'] })?.reason).toBe(
      'CrashLoopBackOff',
    ))

  test('a kubelet Event about a Pod of the image, timed by its sub-second eventTime', () => {
    const events = journal(
      P('ADDED', pod('new', NEW)),
      E(kubeEvent('Failed', 'new', '1970-01-01T00:00:01.500000Z')),
      P('MODIFIED', pod('new', NEW, { waiting: 'ErrImagePull' })),
    )
    expect(
      firstFailure(events, NEW, { waiting: ['ErrImagePull'], eventReasons: ['Failed'] }),
    ).toEqual({
      at: 1500,
      source: 'cluster',
      index: 1,
      reason: 'Event Failed',
      pod: 'new',
    })
  })
  test('an Event with whole-second times only is timed by its arrival', () => {
    const events = journal(P('ADDED', pod('new', NEW)), E(kubeEvent('Failed', 'new')))
    expect(firstFailure(events, NEW, { eventReasons: ['Failed'] })).toMatchObject({
      at: 2000,
      source: 'observer',
    })
  })
  test('an Event about a Pod of another image is not it', () => {
    const events = journal(P('ADDED', pod('old', OLD)), E(kubeEvent('Failed', 'old')))
    expect(firstFailure(events, NEW, { eventReasons: ['Failed'] })).toBeUndefined()
  })
  test('a later arrival with an earlier cluster time wins', () => {
    const events = journal(
      P('ADDED', pod('new', NEW)),
      P('MODIFIED', pod('new', NEW, { waiting: 'ErrImagePull' })), // 2000
      E(kubeEvent('Failed', 'new', '1970-01-01T00:00:01.800000Z')), // arrives 3000
    )
    expect(
      firstFailure(events, NEW, { waiting: ['ErrImagePull'], eventReasons: ['Failed'] }),
    ).toMatchObject({ at: 1800, source: 'cluster' })
  })
})

describe("firstFailure: the catalogue's other proofs", () => {
  const withStatus = (name: string, status: Record<string, unknown>): KubeObject => ({
    metadata: { name, namespace: 'a' },
    spec: { containers: [{ name: 'app', image: NEW }] },
    status,
  })
  const term = (exitCode: number, reason?: string) => ({
    terminated: { exitCode, ...(reason ? { reason } : {}) },
  })

  test('terminatedReasons: OOMKilled in the current or last state, whatever the exit code', () => {
    const events = journal(
      P('ADDED', pod('new', NEW)),
      P('MODIFIED', withStatus('new', { containerStatuses: [{ name: 'app', state: term(1) }] })),
      P(
        'MODIFIED',
        withStatus('new', {
          containerStatuses: [
            { name: 'app', state: { running: {} }, lastState: term(137, 'OOMKilled') },
          ],
        }),
      ),
    )
    expect(firstFailure(events, NEW, { terminatedReasons: ['OOMKilled'] })).toMatchObject({
      at: 3000,
      reason: 'Exited 137 (OOMKilled)',
    })
  })

  test('initContainers: an init container that exited non-zero, named', () => {
    const events = journal(
      P('ADDED', pod('new', NEW)),
      P(
        'MODIFIED',
        withStatus('new', {
          initContainerStatuses: [{ name: 'migrate', state: term(5, 'Error') }],
          containerStatuses: [{ name: 'app', state: { waiting: { reason: 'PodInitializing' } } }],
        }),
      ),
    )
    expect(firstFailure(events, NEW, { exited: true })).toBeUndefined()
    expect(firstFailure(events, NEW, { exited: true, initContainers: true })).toMatchObject({
      at: 2000,
      reason: 'init container migrate: Exited 5 (Error)',
    })
  })

  test('unschedulable: the PodScheduled condition False with reason Unschedulable', () => {
    const events = journal(
      P(
        'ADDED',
        withStatus('new', {
          conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulerError' }],
        }),
      ),
      P(
        'MODIFIED',
        withStatus('new', {
          conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }],
        }),
      ),
    )
    expect(firstFailure(events, NEW, { unschedulable: true })).toMatchObject({
      at: 2000,
      reason: 'PodScheduled False (Unschedulable)',
    })
    expect(firstFailure(events, NEW, { exited: true })).toBeUndefined()
  })

  test("the scheduler's FailedScheduling Event carries a sub-second eventTime", () => {
    const events = journal(
      P('ADDED', pod('new', NEW)),
      E(kubeEvent('FailedScheduling', 'new', '1970-01-01T00:00:01.250000Z')),
    )
    expect(
      firstFailure(events, NEW, { unschedulable: true, eventReasons: ['FailedScheduling'] }),
    ).toMatchObject({ at: 1250, source: 'cluster', reason: 'Event FailedScheduling' })
  })

  test('eventMessage: only the Unhealthy Events of that probe', () => {
    const unhealthy = (message: string, name: string): KubeObject => ({
      ...kubeEvent('Unhealthy', 'new'),
      metadata: { name, namespace: 'a' },
      message,
    })
    const events = journal(
      P('ADDED', pod('new', NEW)),
      E(unhealthy('Readiness probe failed: HTTP probe failed with statuscode: 404', 'e1')),
      E(unhealthy('Liveness probe failed: HTTP probe failed with statuscode: 404', 'e2')),
    )
    const proof = (probe: string) =>
      firstFailure(events, NEW, {
        eventReasons: ['Unhealthy'],
        eventMessage: new RegExp(`^${probe} probe failed`),
      })
    expect(proof('Liveness')).toMatchObject({ at: 3000, reason: 'Event Unhealthy' })
    expect(proof('Readiness')?.at).toBe(2000)
    expect(proof('Startup')).toBeUndefined()
  })

  test("an Event that arrives before its Pod on the Pods' watch still counts", () => {
    const events = journal(E(kubeEvent('Failed', 'new')), P('ADDED', pod('new', NEW)))
    expect(firstFailure(events, NEW, { eventReasons: ['Failed'] })).toMatchObject({ at: 1000 })
  })
})

describe('firstReplicaSetFailure', () => {
  const rs = (name: string, image: string, conditions: unknown[] = []): Entry => ({
    resource: 'replicasets',
    type: 'MODIFIED',
    object: {
      metadata: { name, namespace: 'a' },
      spec: { template: { spec: { containers: [{ name: 'app', image }] } } },
      status: { conditions },
    },
  })
  const failedCreate = (name: string, eventTime?: string): Entry =>
    E({
      ...kubeEvent('FailedCreate', name, eventTime),
      involvedObject: { kind: 'ReplicaSet', name },
    })
  const refused = [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate' }]

  test("the new ReplicaSet's ReplicaFailure condition, or the controller's Event, whichever first", () => {
    const events = journal(
      rs('web-old', OLD, refused),
      rs('web-new', NEW),
      failedCreate('web-new'),
      rs('web-new', NEW, refused),
    )
    expect(firstReplicaSetFailure(events, NEW)).toEqual({
      at: 3000,
      source: 'observer',
      index: 2,
      reason: 'Event FailedCreate',
      pod: 'web-new',
    })
    expect(firstReplicaSetFailure(events.slice(0, 2), NEW)).toBeUndefined()
    expect(firstReplicaSetFailure([...events.slice(0, 2), events[3]!], NEW)).toMatchObject({
      at: 4000,
      reason: 'ReplicaFailure FailedCreate',
    })
  })
  test('a FailedCreate Event about another ReplicaSet is not it', () =>
    expect(
      firstReplicaSetFailure(journal(rs('web-new', NEW), failedCreate('web-old')), NEW),
    ).toBeUndefined())
  test('a False condition proves nothing', () =>
    expect(
      firstReplicaSetFailure(
        journal(rs('web-new', NEW, [{ type: 'ReplicaFailure', status: 'False' }])),
        NEW,
      ),
    ).toBeUndefined())

  // Which admission refused the Pod: the condition's or the Event's message says.
  const LIMIT =
    'pods "web-new-x" is forbidden: maximum memory usage per Container is 64Mi, but limit is 128Mi'
  const PSA =
    'pods "web-new-x" is forbidden: violates PodSecurity "restricted:latest": runAsNonRoot != true'
  const QUOTA = 'pods "web-new-x" is forbidden: exceeded quota: pods, requested: pods=1'
  const saying = (message: string) => [
    { type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message },
  ]
  const eventSaying = (message: string): Entry => {
    const e = failedCreate('web-new')
    return { ...e, object: { ...e.object, message } }
  }
  test.each([
    {
      what: 'condition, LimitRange',
      entry: rs('web-new', NEW, saying(LIMIT)),
      message: /maximum memory usage per Container is 64Mi/,
      at: 2000,
    },
    {
      what: 'condition, PodSecurity',
      entry: rs('web-new', NEW, saying(PSA)),
      message: /violates PodSecurity/,
      at: 2000,
    },
    {
      what: 'Event, PodSecurity',
      entry: eventSaying(PSA),
      message: /violates PodSecurity/,
      at: 2000,
    },
    {
      what: 'condition, a quota is not PodSecurity',
      entry: rs('web-new', NEW, saying(QUOTA)),
      message: /violates PodSecurity/,
      at: undefined,
    },
    {
      what: 'Event, a quota is not a LimitRange',
      entry: eventSaying(QUOTA),
      message: /maximum memory usage/,
      at: undefined,
    },
    {
      what: 'Event without a message',
      entry: failedCreate('web-new'),
      message: /violates PodSecurity/,
      at: undefined,
    },
    {
      what: 'no message asked: any refusal',
      entry: eventSaying(QUOTA),
      message: undefined,
      at: 2000,
    },
  ])('message: $what', ({ entry, message, at }) =>
    expect(firstReplicaSetFailure(journal(rs('web-new', NEW), entry), NEW, message)?.at).toBe(at),
  )
})

describe('findOtherWriter', () => {
  const written = (generation: number, ...managers: string[]): Entry =>
    D({
      ...deployment(generation),
      metadata: {
        name: 'web',
        namespace: 'a',
        generation,
        managedFields: managers.map((manager) => ({ manager, operation: 'Update' })),
      },
    })
  test.each([
    {
      what: "the first generation above dock2pod's patch with the other manager",
      events: [
        written(2, 'kube-controller-manager', 'dock2pod'),
        written(2, 'dock2pod'),
        written(3, 'dock2pod', 'ops-team'),
      ],
      want: { at: 3000, index: 2, reason: 'Deployment generation 3 by ops-team' },
    },
    {
      what: "another manager on dock2pod's own generation is not a later change",
      events: [written(2, 'dock2pod', 'ops-team')],
      want: undefined,
    },
    {
      what: 'a later generation by dock2pod alone (its rollback) is not another writer',
      events: [written(2, 'dock2pod'), written(3, 'dock2pod')],
      want: undefined,
    },
    {
      what: 'a manager of another name is not it',
      events: [written(3, 'dock2pod', 'kubectl-edit')],
      want: undefined,
    },
  ])('$what', ({ events, want }) => {
    const got = findOtherWriter(journal(...events), 'web', 2, 'ops-team')
    if (want === undefined) expect(got).toBeUndefined()
    else expect(got).toMatchObject({ ...want, source: 'observer', pod: 'web' })
  })
  test('another Deployment is not it', () =>
    expect(findOtherWriter(journal(written(3, 'ops-team')), 'api', 2, 'ops-team')).toBeUndefined())
})

describe('findSettled', () => {
  // Two replicas, surge 1: new-1 Ready, old-1 told to go, new-2 Ready, old-2 told to go, both removed.
  const events = journal(
    P('ADDED', pod('old-1', OLD, { ready: true })), // 0
    P('ADDED', pod('old-2', OLD, { ready: true })), // 1
    D(deployment(2)), // 2: the patch
    P('ADDED', pod('new-1', NEW)), // 3
    P('MODIFIED', pod('new-1', NEW, { ready: true })), // 4
    P('MODIFIED', pod('old-1', OLD, { ready: true, terminating: true })), // 5
    P('ADDED', pod('new-2', NEW)), // 6
    P('MODIFIED', pod('new-2', NEW, { ready: true })), // 7
    P('MODIFIED', pod('old-2', OLD, { ready: true, terminating: true })), // 8
    P('DELETED', pod('old-1', OLD, { ready: true, terminating: true })), // 9
    P('DELETED', pod('old-2', OLD, { ready: true, terminating: true })), // 10
  )
  test('all new Ready and the last old one terminating', () =>
    expect(findSettled(events, NEW, 2, 2)?.index).toBe(8))
  test('untilDeleted: the last old one removed', () =>
    expect(findSettled(events, NEW, 2, 2, { untilDeleted: true })?.index).toBe(10))
  test('not settled while fewer new Pods are Ready than wanted', () =>
    expect(findSettled(events, NEW, 3, 2)).toBeUndefined())
  test('a new Pod that stops being Ready is not counted', () =>
    expect(
      findSettled([...events.slice(0, 8), ...journal(P('MODIFIED', pod('new-2', NEW)))], NEW, 2, 2),
    ).toBeUndefined())
})

describe('findStatusComplete and findDeadlineExceeded', () => {
  const done = { observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 2 }
  const events = journal(
    D(
      deployment(2, {
        observedGeneration: 1,
        replicas: 2,
        updatedReplicas: 0,
        availableReplicas: 2,
      }),
    ),
    D(
      deployment(2, {
        observedGeneration: 2,
        replicas: 3,
        updatedReplicas: 2,
        availableReplicas: 3,
      }),
    ),
    D(deployment(2, done)),
    D(
      deployment(2, {
        conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
      }),
    ),
    D(deployment(3, { ...done, observedGeneration: 2 }, OLD)),
    D(deployment(3, { ...done, observedGeneration: 3 }, OLD)),
  )
  test('complete: generation observed, all updated and available, no old replica', () =>
    expect(findStatusComplete(events, 'web', 2, 2)?.index).toBe(2))
  test('with an image: only a status of a template running it (the rollback)', () =>
    expect(findStatusComplete(events, 'web', 3, 2, OLD)?.index).toBe(5))
  test('the progress deadline condition', () =>
    expect(findDeadlineExceeded(events, 'web')?.index).toBe(3))
})

describe('describeSources', () => {
  test('says which clock timed the moments', () => {
    expect(describeSources([{ source: 'observer' }])).toMatch(/observer's arrival/)
    expect(describeSources([{ source: 'cluster' }])).toMatch(/sub-second/)
    expect(describeSources([{ source: 'cluster' }, { source: 'observer' }])).toMatch(
      /eventTime in 1, the observer's arrival time in 1/,
    )
  })
})
