import { describe, expect, test } from 'vitest'
import { assessSoak, soakBaseline } from '../../src/kube/soak.ts'
import type { ContainerStatus, KubeEvent, Pod } from '../../src/kube/types.ts'

// Pods as the kubelet reports them: a Ready Pod at the rollout's completion, then what
// became of it during the soak.
const READY_AT = '2025-03-04T10:00:10Z'

function pod(
  over: {
    uid?: string
    ready?: boolean
    readyMessage?: string
    container?: Partial<ContainerStatus>
    status?: Partial<NonNullable<Pod['status']>>
    deleting?: boolean
  } = {},
): Pod {
  const uid = over.uid ?? 'uid-1'
  return {
    metadata: {
      name: `web-abc-${uid}`,
      namespace: 'default',
      uid,
      creationTimestamp: '2025-03-04T10:00:00Z',
      ...(over.deleting ? { deletionTimestamp: '2025-03-04T10:00:20Z' } : {}),
    },
    status: {
      phase: 'Running',
      conditions: [
        {
          type: 'Ready',
          status: over.ready === false ? 'False' : 'True',
          lastTransitionTime: over.ready === false ? '2025-03-04T10:00:15Z' : READY_AT,
          ...(over.ready === false
            ? {
                reason: 'ContainersNotReady',
                message: over.readyMessage ?? 'containers with unready status: [web]',
              }
            : {}),
        },
      ],
      containerStatuses: [
        {
          name: 'web',
          image: 'r/web:v2',
          ready: over.ready !== false,
          restartCount: 0,
          state: { running: { startedAt: '2025-03-04T10:00:05Z' } },
          ...over.container,
        },
      ],
      ...over.status,
    },
  }
}

const crashed = {
  exitCode: 1,
  reason: 'Error',
  startedAt: '2025-03-04T10:00:05Z',
  finishedAt: '2025-03-04T10:00:14Z',
}

const unhealthy: KubeEvent = {
  metadata: { name: 'e1' },
  involvedObject: {
    kind: 'Pod',
    name: 'web-abc-uid-1',
    uid: 'uid-1',
    fieldPath: 'spec.containers{web}',
  },
  reason: 'Unhealthy',
  type: 'Warning',
  message: 'Readiness probe failed: HTTP probe failed with statuscode: 503',
  firstTimestamp: '2025-03-04T10:00:13Z',
  lastTimestamp: '2025-03-04T10:00:15Z',
}

describe('soakBaseline', () => {
  test('records each Pod by uid with its containers’ restart counts, leaving out Pods being deleted', () => {
    const b = soakBaseline([
      pod({ container: { restartCount: 2 } }),
      pod({ uid: 'uid-2', deleting: true }),
    ])
    expect([...b]).toEqual([['uid-1', { name: 'web-abc-uid-1', restarts: { web: 2 } }]])
  })
})

describe('assessSoak: what fails a soak', () => {
  const baseline = soakBaseline([pod()])

  test.each([
    {
      name: 'nothing changed: passes',
      now: [pod()],
      want: undefined,
    },
    {
      name: 'a container restarted after a crash (running again, not Ready yet): Crashed with the exit code',
      now: [
        pod({
          ready: false,
          container: { restartCount: 1, lastState: { terminated: crashed } },
        }),
      ],
      want: {
        reason: 'Crashed',
        pod: 'web-abc-uid-1',
        container: 'web',
        exitCode: 1,
        restartCount: 1,
        since: '2025-03-04T10:00:14Z',
        message: expect.stringMatching(
          /^the container exited with code 1 \(Error\) and was restarted once during the soak/,
        ),
      },
    },
    {
      name: 'a container that has just exited (not restarted yet): Crashed',
      now: [pod({ ready: false, container: { state: { terminated: crashed } } })],
      want: {
        reason: 'Crashed',
        exitCode: 1,
        message: expect.stringMatching(/^the container exited with code 1/),
      },
    },
    {
      name: 'a container in back-off after its crash: CrashLoopBackOff',
      now: [
        pod({
          ready: false,
          container: {
            restartCount: 1,
            state: {
              waiting: {
                reason: 'CrashLoopBackOff',
                message: 'back-off 10s restarting failed container=web',
              },
            },
            lastState: { terminated: crashed },
          },
        }),
      ],
      want: {
        reason: 'CrashLoopBackOff',
        exitCode: 1,
        restartCount: 1,
        message: expect.stringContaining('back-off 10s'),
      },
    },
    {
      name: 'a container killed by its memory limit: OOMKilled',
      now: [
        pod({
          container: {
            restartCount: 1,
            lastState: { terminated: { ...crashed, exitCode: 137, reason: 'OOMKilled' } },
          },
        }),
      ],
      want: { reason: 'OOMKilled', exitCode: 137 },
    },
    {
      name: 'a Pod the kubelet evicted: Evicted with its message',
      now: [
        pod({
          ready: false,
          status: {
            phase: 'Failed',
            reason: 'Evicted',
            message: 'The node was low on resource: memory.',
          },
        }),
      ],
      want: {
        reason: 'Evicted',
        message: expect.stringMatching(/^The node was low on resource: memory\. \(Evicted/),
      },
    },
    {
      name: 'a Pod evicted through the Eviction API, seen last while terminating: Evicted',
      gone: [
        pod({
          deleting: true,
          status: {
            conditions: [
              {
                type: 'DisruptionTarget',
                status: 'True',
                reason: 'EvictionByEvictionAPI',
                message: 'Eviction API: evicting',
                lastTransitionTime: '2025-03-04T10:00:18Z',
              },
            ],
          },
        }),
      ],
      now: [],
      want: {
        reason: 'Evicted',
        since: '2025-03-04T10:00:18Z',
        message: expect.stringContaining('EvictionByEvictionAPI'),
      },
    },
    {
      name: 'a Pod deleted without a failure (its containers stop): passes',
      now: [
        pod({
          deleting: true,
          ready: false,
          container: { state: { terminated: { ...crashed, exitCode: 143 } } },
        }),
      ],
      want: undefined,
    },
    {
      name: 'a Pod that was Ready and is not, its readiness probe failing: ReadinessProbeFailed',
      now: [pod({ ready: false, container: { ready: false } })],
      events: [unhealthy],
      want: {
        reason: 'ReadinessProbeFailed',
        message: expect.stringMatching(
          /^Readiness probe failed: HTTP probe failed with statuscode: 503 \(during the soak/,
        ),
      },
    },
    {
      name: 'a Pod that was Ready and is not, without a probe event: Unready with the condition',
      now: [pod({ ready: false, readyMessage: 'containers with unready status: [web]' })],
      want: {
        reason: 'Unready',
        since: '2025-03-04T10:00:15Z',
        message: expect.stringContaining('containers with unready status: [web]'),
      },
    },
    {
      name: 'a replacement Pod starting up, not Ready yet: passes',
      now: [pod(), pod({ uid: 'uid-9', ready: false, container: { ready: false } })],
      events: [
        {
          ...unhealthy,
          involvedObject: { ...unhealthy.involvedObject, uid: 'uid-9', name: 'web-abc-uid-9' },
        },
      ],
      want: undefined,
    },
    {
      name: 'a replacement Pod in a crash loop: CrashLoopBackOff',
      now: [
        pod(),
        pod({
          uid: 'uid-9',
          ready: false,
          container: {
            restartCount: 3,
            state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } },
            lastState: { terminated: crashed },
          },
        }),
      ],
      want: {
        reason: 'CrashLoopBackOff',
        pod: 'web-abc-uid-9',
        message: expect.stringContaining('a replacement Pod'),
      },
    },
  ] as { name: string; now: Pod[]; gone?: Pod[]; events?: KubeEvent[]; want: unknown }[])(
    '$name',
    ({ now, gone, events, want }) => {
      const got = assessSoak(baseline, now, events ?? [], gone ?? [])
      if (want === undefined) expect(got).toBeUndefined()
      else expect(got).toMatchObject(want as object)
    },
  )

  test('a container that had restarted before the rollout completed fails only on a further restart', () => {
    const before = soakBaseline([
      pod({ container: { restartCount: 2, lastState: { terminated: crashed } } }),
    ])
    const same = pod({ container: { restartCount: 2, lastState: { terminated: crashed } } })
    expect(assessSoak(before, [same], [])).toBeUndefined()
    const again = pod({ container: { restartCount: 3, lastState: { terminated: crashed } } })
    expect(assessSoak(before, [again], [])).toMatchObject({ reason: 'Crashed', restartCount: 3 })
  })

  test('a finished init container is not a restart', () => {
    const withInit = (p: Pod): Pod => ({
      ...p,
      status: {
        ...p.status,
        initContainerStatuses: [
          {
            name: 'migrate',
            restartCount: 0,
            state: { terminated: { exitCode: 0, reason: 'Completed' } },
          },
        ],
      },
    })
    const b = soakBaseline([withInit(pod())])
    expect(assessSoak(b, [withInit(pod())], [])).toBeUndefined()
  })
})
