import { describe, expect, test } from 'vitest'
import {
  findDeadlineExceeded,
  findPatch,
  findSettled,
  findStatusComplete,
  firstWaiting,
  type JournalEvent,
} from '../../bench/journal.ts'

const META = { uid: 'u', resourceVersion: '1', creationTimestamp: '2026-01-01T00:00:00Z' }
const NEW = 'reg/app:v2@sha256:2'
const OLD = 'reg/app:v1@sha256:1'

/** A journal whose rv, clusterTime (×10) and wallTime count up from 1. */
function journal(
  ...entries: Omit<JournalEvent, 'rv' | 'clusterTime' | 'wallTime'>[]
): JournalEvent[] {
  return entries.map((e, i) => ({ ...e, rv: i + 1, clusterTime: (i + 1) * 10, wallTime: i + 1 }))
}

function pod(
  name: string,
  image: string,
  opts: { ready?: boolean; waiting?: string; terminating?: boolean; ns?: string } = {},
) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...META,
      name,
      namespace: opts.ns ?? 'a',
      ...(opts.terminating ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
    },
    spec: { containers: [{ name: 'app', image }] },
    status: {
      conditions: [{ type: 'Ready', status: opts.ready ? 'True' : 'False' }],
      containerStatuses: [
        {
          name: 'app',
          state: opts.waiting ? { waiting: { reason: opts.waiting } } : { running: {} },
        },
      ],
    },
  }
}

function deployment(generation: number, status: Record<string, unknown> = {}, image = NEW) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { ...META, name: 'web', namespace: 'a', generation },
    spec: { template: { spec: { containers: [{ name: 'app', image }] } } },
    status,
  }
}

const P = (type: JournalEvent['type'], object: ReturnType<typeof pod>) => ({
  type,
  key: '/pods',
  object,
})
const D = (object: ReturnType<typeof deployment>) => ({
  type: 'MODIFIED' as const,
  key: 'apps/deployments',
  object,
})

describe('findPatch', () => {
  const events = journal(
    D(deployment(1, {}, OLD)),
    D(deployment(2)),
    D(deployment(2, { replicas: 1 })),
  )
  test('the first change to a newer generation, with its image', () =>
    expect(findPatch(events, 'a', 'web', 1)).toEqual({
      rv: 2,
      clusterTime: 20,
      wallTime: 2,
      image: NEW,
      generation: 2,
    }))
  test('none when the generation never moved', () =>
    expect(findPatch(events, 'a', 'web', 2)).toBeUndefined())
  test('another namespace is not it', () =>
    expect(findPatch(events, 'b', 'web', 1)).toBeUndefined())
})

describe('firstWaiting', () => {
  const events = journal(
    P('ADDED', pod('old', OLD, { waiting: 'ErrImagePull' })),
    P('ADDED', pod('other-ns', NEW, { waiting: 'ErrImagePull', ns: 'b' })),
    P('MODIFIED', pod('new', NEW, { waiting: 'ContainerCreating' })),
    P('MODIFIED', pod('new', NEW, { waiting: 'ErrImagePull' })),
    P('MODIFIED', pod('new', NEW, { waiting: 'ImagePullBackOff' })),
  )
  test('the first Pod of the new image in one of the states, in its namespace', () =>
    expect(firstWaiting(events, 'a', NEW, ['ErrImagePull', 'ImagePullBackOff'])).toEqual({
      rv: 4,
      clusterTime: 40,
      wallTime: 4,
      reason: 'ErrImagePull',
      pod: 'new',
    }))
  test('one state only', () =>
    expect(firstWaiting(events, 'a', NEW, ['ImagePullBackOff'])?.rv).toBe(5))
  test('never reported', () =>
    expect(firstWaiting(events, 'a', NEW, ['CrashLoopBackOff'])).toBeUndefined())
})

describe('findSettled', () => {
  // Two replicas, surge 1: new-1 Ready, old-1 told to go, new-2 Ready, old-2 told to go, both removed.
  const events = journal(
    P('ADDED', pod('old-1', OLD, { ready: true })), // 1
    P('ADDED', pod('old-2', OLD, { ready: true })), // 2
    D(deployment(2)), // 3: the patch
    P('ADDED', pod('new-1', NEW)), // 4
    P('MODIFIED', pod('new-1', NEW, { ready: true })), // 5
    P('MODIFIED', pod('old-1', OLD, { ready: true, terminating: true })), // 6
    P('ADDED', pod('new-2', NEW)), // 7
    P('MODIFIED', pod('new-2', NEW, { ready: true })), // 8
    P('MODIFIED', pod('old-2', OLD, { ready: true, terminating: true })), // 9
    P('DELETED', pod('old-1', OLD, { ready: true, terminating: true })), // 10
    P('DELETED', pod('old-2', OLD, { ready: true, terminating: true })), // 11
  )
  test('all new Ready and the last old one terminating', () =>
    expect(findSettled(events, 'a', NEW, 2, 3)?.rv).toBe(9))
  test('untilDeleted: the last old one removed', () =>
    expect(findSettled(events, 'a', NEW, 2, 3, { untilDeleted: true })?.rv).toBe(11))
  test('not settled while fewer new Pods are Ready than wanted', () =>
    expect(findSettled(events, 'a', NEW, 3, 3)).toBeUndefined())
  test('a new Pod that stops being Ready is not counted', () =>
    expect(
      findSettled(
        [
          ...events.slice(0, 8),
          ...journal(P('MODIFIED', pod('new-2', NEW))).map((e) => ({ ...e, rv: 8.5 })),
        ],
        'a',
        NEW,
        2,
        3,
      ),
    ).toBeUndefined())
})

describe('findStatusComplete and findDeadlineExceeded', () => {
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
    D(
      deployment(2, {
        observedGeneration: 2,
        replicas: 2,
        updatedReplicas: 2,
        availableReplicas: 2,
      }),
    ),
    D(
      deployment(2, {
        conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
      }),
    ),
  )
  test('complete: generation observed, all updated and available, no old replica', () =>
    expect(findStatusComplete(events, 'a', 'web', 2, 2)?.rv).toBe(3))
  test('the progress deadline condition', () =>
    expect(findDeadlineExceeded(events, 'a', 'web')?.rv).toBe(4))
})
