import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { diagnose, isUnauthorized, pullSecretHint } from '../../src/kube/diagnose.ts'
import type { KubeEvent, Pod } from '../../src/kube/types.ts'

// Pods and Events shaped as a real API server answers them (kubectl get -o json).
const fixtures = JSON.parse(
  readFileSync(new URL('../fixtures/kube/pods.json', import.meta.url), 'utf8'),
) as Record<string, { pod: Pod; events: KubeEvent[] }>

describe('diagnose: a table of pod states', () => {
  test.each([
    {
      name: 'image-pull-backoff',
      want: {
        reason: 'ImagePullBackOff',
        container: 'web',
        grace: 'grace',
        since: '2025-03-04T10:00:03Z',
        message: expect.stringMatching(/^Back-off pulling image/),
        // The registry's own words come from the latest Failed event, not "Error: …".
        event: expect.stringContaining(': not found'),
      },
    },
    {
      name: 'err-image-pull-unauthorized',
      want: {
        reason: 'ErrImagePull',
        hint: expect.stringContaining('add an imagePullSecret'),
        event: expect.stringContaining('401 Unauthorized'),
      },
    },
    {
      name: 'crash-loop',
      want: {
        reason: 'CrashLoopBackOff',
        exitCode: 3,
        restartCount: 3,
        since: '2025-03-04T10:00:41Z',
        grace: 'grace',
      },
    },
    { name: 'oom-killed', want: { reason: 'OOMKilled', exitCode: 137 } },
    {
      name: 'unschedulable',
      want: {
        reason: 'Unschedulable',
        message: expect.stringContaining('Insufficient cpu'),
        since: '2025-03-04T10:00:00Z',
      },
    },
    {
      name: 'readiness-failing',
      want: {
        reason: 'ReadinessProbeFailed',
        grace: 'ready-grace',
        since: '2025-03-04T10:00:10Z',
        message: 'Readiness probe failed: HTTP probe failed with statuscode: 503',
      },
    },
    {
      name: 'invalid-image-name',
      want: { reason: 'InvalidImageName', message: expect.stringContaining('must be lowercase') },
    },
    {
      name: 'create-container-config-error',
      want: {
        reason: 'CreateContainerConfigError',
        message: 'secret "db-credentials" not found',
        event: 'Error: secret "db-credentials" not found',
      },
    },
  ])('$name', ({ name, want }) => {
    const { pod, events } = fixtures[name]!
    expect(diagnose(pod, events)).toMatchObject({ pod: pod.metadata.name, ...want })
  })

  test.each(['ready', 'starting'])('%s: nothing wrong', (name) => {
    const { pod, events } = fixtures[name]!
    expect(diagnose(pod, events)).toBeUndefined()
  })

  test('a pod being deleted is not diagnosed', () => {
    const { pod, events } = structuredClone(fixtures['crash-loop']!)
    pod.metadata.deletionTimestamp = '2025-03-04T10:01:00Z'
    expect(diagnose(pod, events)).toBeUndefined()
  })

  test('events about other pods are ignored', () => {
    const { pod, events } = structuredClone(fixtures['readiness-failing']!)
    for (const e of events) e.involvedObject!.uid = 'someone-else'
    expect(diagnose(pod, events)).toBeUndefined()
  })

  test('readiness failures from before the container (re)started do not count', () => {
    const { pod, events } = structuredClone(fixtures['readiness-failing']!)
    pod.status!.containerStatuses![0]!.state = { running: { startedAt: '2025-03-04T10:05:00Z' } }
    expect(diagnose(pod, events)).toBeUndefined()
  })

  test.each(['Liveness', 'Startup'])(
    'a crash loop caused by a failing %s probe quotes the probe, not the back-off',
    (kind) => {
      const { pod, events } = structuredClone(fixtures['crash-loop']!)
      events.push({
        metadata: { name: 'probe' },
        involvedObject: {
          kind: 'Pod',
          name: pod.metadata.name,
          uid: pod.metadata.uid,
          fieldPath: 'spec.containers{web}',
        },
        reason: 'Unhealthy',
        type: 'Warning',
        message: `${kind} probe failed: HTTP probe failed with statuscode: 404`,
        firstTimestamp: '2025-03-04T10:00:30Z',
        lastTimestamp: '2025-03-04T10:00:40Z',
      })
      expect(diagnose(pod, events)).toMatchObject({
        reason: 'CrashLoopBackOff',
        event: `${kind} probe failed: HTTP probe failed with statuscode: 404`,
      })
    },
  )

  test('a private registry without credentials gets the imagePullSecret fix', () => {
    const { pod, events } = fixtures['err-image-pull-unauthorized']!
    const hint = diagnose(pod, events)!.hint!
    expect(hint).toContain(
      'kubectl create secret docker-registry regcred --namespace default --docker-server=registry.example.com:5000',
    )
  })

  test('a missing image is not mistaken for missing credentials', () => {
    const { pod, events } = fixtures['image-pull-backoff']!
    expect(diagnose(pod, events)!.hint).toBeUndefined()
  })
})

describe('isUnauthorized', () => {
  test.each([
    ['unexpected status: 401 Unauthorized', true],
    ['pull access denied: authentication required', true],
    ['no basic auth credentials', true],
    ['manifest unknown: manifest unknown', false],
    ['dial tcp 10.0.0.1:4010: connection refused', false],
  ])('%s → %s', (text, want) => expect(isUnauthorized(text)).toBe(want))
})

test('pullSecretHint names Docker Hub by its server address', () => {
  expect(pullSecretHint('acme/app:v1', 'prod')).toContain(
    '--docker-server=https://index.docker.io/v1/',
  )
})

// The same states as the simulated cluster's kubelet reported them: captured before that
// simulation was replaced by the real cluster (its capture script went with it); not
// yet captured again from real Pods.
const captured = JSON.parse(
  readFileSync(new URL('../fixtures/kube/captured.json', import.meta.url), 'utf8'),
) as Record<string, { pod: Pod; events: KubeEvent[] }>

describe('diagnose: pods captured from the simulated cluster', () => {
  test.each([
    {
      name: 'sim-image-pull-backoff',
      want: { reason: 'ImagePullBackOff', event: expect.stringMatching(/never-pushed.*not found/) },
      hint: false,
    },
    {
      name: 'sim-err-image-pull-unauthorized',
      want: { reason: 'ErrImagePull', message: expect.stringContaining('401 Unauthorized') },
      hint: true,
    },
    {
      name: 'sim-crash-loop',
      want: { reason: 'CrashLoopBackOff', exitCode: 3, restartCount: expect.any(Number) },
      hint: false,
    },
    { name: 'sim-oom-killed', want: { reason: 'OOMKilled', exitCode: 137 }, hint: false },
    {
      name: 'sim-readiness-failing',
      want: { reason: 'ReadinessProbeFailed', grace: 'ready-grace' },
      hint: false,
    },
  ])('$name', ({ name, want, hint }) => {
    const { pod, events } = captured[name]!
    const d = diagnose(pod, events)
    expect(d).toMatchObject({ pod: pod.metadata.name, container: 'web', ...want })
    expect(d!.since).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    expect(Boolean(d!.hint)).toBe(hint)
  })
})

describe('diagnose: a new container that already crashed', () => {
  test('restarted after a non-zero exit, running (and even Ready) again: Crashed', () => {
    const { pod, events } = structuredClone(fixtures.ready!)
    const cs = pod.status!.containerStatuses![0]!
    cs.restartCount = 1
    cs.lastState = {
      terminated: { exitCode: 2, reason: 'Error', finishedAt: '2025-03-04T10:00:04Z' },
    }
    expect(diagnose(pod, events)).toMatchObject({
      reason: 'Crashed',
      exitCode: 2,
      since: '2025-03-04T10:00:04Z',
      message: 'the container exited with code 2 (Error) and was restarted once',
    })
  })
  test('terminated with an error, not yet restarted: the kubelet speaks next', () => {
    const { pod, events } = structuredClone(fixtures.starting!)
    pod.status!.containerStatuses![0]!.state = {
      terminated: { exitCode: 1, reason: 'Error', finishedAt: '2025-03-04T10:00:06Z' },
    }
    expect(diagnose(pod, events)).toBeUndefined()
  })
  test('restarted after an error but not Ready again: the kubelet speaks next', () => {
    const { pod, events } = structuredClone(fixtures.starting!)
    const cs = pod.status!.containerStatuses![0]!
    cs.restartCount = 1
    cs.lastState = { terminated: { exitCode: 2, reason: 'Error' } }
    expect(diagnose(pod, events)).toBeUndefined()
  })
  test('a restart after exit code 0 is not a crash', () => {
    const { pod, events } = structuredClone(fixtures.ready!)
    const cs = pod.status!.containerStatuses![0]!
    cs.restartCount = 1
    cs.lastState = { terminated: { exitCode: 0, reason: 'Completed' } }
    expect(diagnose(pod, events)).toBeUndefined()
  })
})
