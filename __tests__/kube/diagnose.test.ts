import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import {
  diagnose as diagnoseIn,
  eventsFor,
  eventTime,
  isUnauthorized,
  PodEvents,
  pullFailureHint,
  pullFailureKind,
  pullSecretHint,
} from '../../src/kube/diagnose.ts'
import type { KubeEvent, Pod } from '../../src/kube/types.ts'

/** diagnose, given all the events as a watch would hold them. */
const diagnose = (pod: Pod, events: readonly KubeEvent[]) => diagnoseIn(pod, new PodEvents(events))

// Hand-written Pods and Events (ours, not captured), shaped as the API server answers
// them: a table of states that the tests below edit one field at a time. The real Pods
// are further down (real-pods.json).
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
    'a crash loop caused by a failing %s probe is named after the probe, quoting it, not the back-off',
    (kind) => {
      const { pod, events } = structuredClone(fixtures['crash-loop']!)
      const about = {
        kind: 'Pod',
        name: pod.metadata.name,
        uid: pod.metadata.uid,
        fieldPath: 'spec.containers{web}',
      }
      events.push(
        {
          metadata: { name: 'probe' },
          involvedObject: about,
          reason: 'Unhealthy',
          type: 'Warning',
          message: `${kind} probe failed: HTTP probe failed with statuscode: 404`,
          firstTimestamp: '2025-03-04T10:00:30Z',
          lastTimestamp: '2025-03-04T10:00:40Z',
        },
        {
          metadata: { name: 'killing' },
          involvedObject: about,
          reason: 'Killing',
          type: 'Normal',
          message: `Container web failed ${kind.toLowerCase()} probe, will be restarted`,
          firstTimestamp: '2025-03-04T10:00:40Z',
          lastTimestamp: '2025-03-04T10:00:40Z',
        },
      )
      expect(diagnose(pod, events)).toMatchObject({
        reason: `${kind}ProbeFailed`,
        message: `${kind} probe failed: HTTP probe failed with statuscode: 404`,
        event: `Container web failed ${kind.toLowerCase()} probe, will be restarted`,
        since: '2025-03-04T10:00:40Z',
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
    const d = diagnose(pod, events)!
    expect(d.pullFailure).toBe('not-found')
    expect(d.hint).not.toContain('imagePullSecret')
  })
})

describe("PodEvents: each Pod's events, grouped in one pass", () => {
  const pod = (name: string, uid?: string): Pod => ({ metadata: { name, ...(uid ? { uid } : {}) } })
  const ev = (id: string, about: KubeEvent['involvedObject']): KubeEvent => ({
    metadata: { name: id },
    involvedObject: about,
  })
  const events = [
    ev('a', { kind: 'Pod', name: 'web-1', uid: 'u1' }),
    ev('b', { kind: 'Pod', name: 'web-1' }), // no uid: matched by name
    ev('c', { kind: 'Pod', name: 'web-1', uid: 'u-old' }), // an earlier Pod of that name
    ev('d', { kind: 'Pod', name: 'web-2', uid: 'u2' }),
    ev('e', { kind: 'ReplicaSet', name: 'web-1', uid: 'u1' }), // not about a Pod
    ev('f', { kind: 'Pod', name: 'web-1', uid: 'u1' }),
  ]
  const ids = (list: readonly KubeEvent[]) => list.map((e) => e.metadata?.name)

  test('by uid, plus those without one by name, in the order given', () => {
    expect(ids(new PodEvents(events).of(pod('web-1', 'u1')))).toEqual(['a', 'b', 'f'])
    expect(ids(new PodEvents(events).of(pod('web-2', 'u2')))).toEqual(['d'])
    expect(new PodEvents(events).of(pod('web-3', 'u3'))).toEqual([])
  })
  test('diagnosing through the index leaves its events in the order given (it hands out its own arrays)', () => {
    const { pod: p, events: mine } = fixtures['image-pull-backoff']!
    // newest first, the reverse of the order diagnose reads them in
    const given = [...mine].sort((a, b) => (eventTime(b) ?? 0) - (eventTime(a) ?? 0))
    expect(given.length).toBeGreaterThan(1)
    const index = new PodEvents(given)
    const before = [...index.of(p)]
    expect(before.length).toBeGreaterThan(1)
    expect(before).toEqual(given.filter((e) => before.includes(e)))
    expect(diagnoseIn(p, index)?.reason).toBe('ImagePullBackOff')
    expect(index.of(p)).toEqual(before)
  })
  test('a Pod without a uid gets every event that names it', () => {
    expect(ids(new PodEvents(events).of(pod('web-1')))).toEqual(['a', 'b', 'c', 'f'])
  })
  test('the same events as filtering the whole list (eventsFor)', () => {
    const filter = (p: Pod) =>
      events.filter((e) => {
        const o = e.involvedObject!
        if (o.kind !== 'Pod') return false
        return o.uid && p.metadata.uid ? o.uid === p.metadata.uid : o.name === p.metadata.name
      })
    for (const p of [pod('web-1', 'u1'), pod('web-1'), pod('web-2', 'u2'), pod('web-3', 'u3')])
      expect(ids(eventsFor(p, events))).toEqual(ids(filter(p)))
  })
})

describe('diagnose: the same Pod object diagnosed again', () => {
  // A rollout is re-assessed on every change of any object; a Pod that did not change
  // keeps its last diagnosis only while its own events are the same objects too.
  test('a new event about it is taken into account', () => {
    const { pod, events } = structuredClone(fixtures['readiness-failing']!)
    const others = events.map((e) => ({
      ...e,
      involvedObject: { ...e.involvedObject, uid: 'someone-else' },
    }))
    expect(diagnose(pod, others)).toBeUndefined()
    expect(diagnose(pod, events)).toMatchObject({ reason: 'ReadinessProbeFailed' })
  })
  test('an event replaced by a newer version of itself is read again', () => {
    const { pod, events } = structuredClone(fixtures['readiness-failing']!)
    expect(diagnose(pod, events)?.message).toContain('statuscode: 503')
    const i = events.findIndex((e) => e.reason === 'Unhealthy')
    const newer = events.map((e, j) =>
      j === i
        ? { ...e, message: 'Readiness probe failed: HTTP probe failed with statuscode: 500' }
        : e,
    )
    expect(diagnose(pod, newer)?.message).toContain('statuscode: 500')
  })
  test('a new version of the Pod is diagnosed again', () => {
    const { pod, events } = structuredClone(fixtures['readiness-failing']!)
    expect(diagnose(pod, events)).toBeDefined()
    const later = structuredClone(pod)
    later.status!.containerStatuses![0]!.state = { running: { startedAt: '2025-03-04T10:05:00Z' } }
    expect(diagnose(later, events)).toBeUndefined()
  })
})

describe('pullFailureKind', () => {
  test.each([
    ['failed to resolve reference "r/a:v1": r/a:v1: not found', 'not-found'],
    ['rpc error: code = NotFound desc = failed to pull and unpack image', 'not-found'],
    ['manifest unknown: manifest unknown', 'not-found'],
    [
      'pulling from host r failed with status code [manifests v1]: 401 Unauthorized',
      'unauthorized',
    ],
    [
      'pull access denied, repository does not exist or may require authorization: authentication required',
      'unauthorized',
    ],
    ['dial tcp 10.0.0.1:5000: connect: connection refused', 'unreachable'],
    ['dial tcp: lookup registry.internal on 10.96.0.10:53: no such host', 'unreachable'],
    ['http: server gave HTTP response to HTTPS client', 'unreachable'],
    [
      'tls: failed to verify certificate: x509: certificate signed by unknown authority',
      'unreachable',
    ],
    ['failed to extract layer: no space left on device', 'other'],
  ] as const)('%s → %s', (text, kind) => expect(pullFailureKind(text)).toBe(kind))

  test('each kind but other has its fix, naming the registry', () => {
    for (const kind of ['not-found', 'unreachable'] as const)
      expect(pullFailureHint(kind, 'registry.internal:5000/app:v1', 'prod')).toContain(
        'registry.internal:5000',
      )
    expect(pullFailureHint('unauthorized', 'ghcr.io/acme/app:v1', 'prod')).toContain(
      'kubectl create secret docker-registry regcred --namespace prod --docker-server=ghcr.io',
    )
    expect(pullFailureHint('other', 'ghcr.io/acme/app:v1', 'prod')).toBeUndefined()
  })

  test('refused although the Pod has imagePullSecrets: the secrets are named, not "add one"', () => {
    const hint = pullFailureHint('unauthorized', 'ghcr.io/acme/app:v1', 'prod', ['regcred'])!
    expect(hint).toContain("refused the credentials of the Pod's imagePullSecrets (regcred)")
    expect(hint).toContain('for ghcr.io')
    expect(hint).not.toContain('add an imagePullSecret')
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

// Real Pods and their Events, captured from the test bed by `npm run capture:pods`
// (scripts/capture-pods.ts): each saved when the Pod first showed the state its case
// stages, as the kubelet, the scheduler and the API server wrote them.
const real = JSON.parse(
  readFileSync(new URL('../fixtures/kube/real-pods.json', import.meta.url), 'utf8'),
) as Record<string, { stages: string; pod: Pod; events: KubeEvent[] }>

/** Each captured case and what a user must be told about it. */
const REAL_CASES = [
  {
    name: 'image-not-found',
    want: {
      reason: 'ImagePullBackOff',
      container: 'web',
      pullFailure: 'not-found',
      event: expect.stringMatching(/never-pushed:v1: not found$/),
    },
    hint: true,
  },
  {
    // The kubelet's Failed pull Event is there; its status still says PodInitializing.
    name: 'pull-failed-before-status',
    want: {
      reason: 'ErrImagePull',
      container: 'web',
      pullFailure: 'not-found',
      grace: 'grace',
      // The runtime's words without the Event's `Failed to pull image "<ref>": `.
      message: expect.stringMatching(/^rpc error: code = NotFound .*never-pushed:v1: not found$/),
    },
    hint: true,
  },
  {
    name: 'image-unauthorized',
    want: {
      reason: 'ErrImagePull',
      container: 'web',
      pullFailure: 'unauthorized',
      message: expect.stringContaining('401 Unauthorized'),
    },
    hint: true,
  },
  {
    name: 'crash-loop',
    want: { reason: 'CrashLoopBackOff', container: 'web', exitCode: 3, restartCount: 1 },
    hint: false,
  },
  {
    name: 'oom-killed',
    want: {
      reason: 'OOMKilled',
      container: 'web',
      exitCode: 137,
      message: 'the container was killed for running out of memory (exit code 137)',
    },
    hint: false,
  },
  {
    name: 'readiness-failing',
    want: {
      reason: 'ReadinessProbeFailed',
      container: 'web',
      grace: 'ready-grace',
      message: 'Readiness probe failed: HTTP probe failed with statuscode: 404',
    },
    hint: false,
  },
  {
    name: 'liveness-failing',
    want: {
      reason: 'LivenessProbeFailed',
      container: 'web',
      message: 'Liveness probe failed: HTTP probe failed with statuscode: 404',
      event: 'Container web failed liveness probe, will be restarted',
    },
    hint: false,
  },
  {
    name: 'startup-failing',
    want: {
      reason: 'StartupProbeFailed',
      container: 'web',
      message: 'Startup probe failed: HTTP probe failed with statuscode: 404',
      event: 'Container web failed startup probe, will be restarted',
    },
    hint: false,
  },
  {
    name: 'config-error',
    want: {
      reason: 'CreateContainerConfigError',
      container: 'web',
      message: 'secret "no-such-secret" not found',
    },
    hint: false,
  },
  {
    name: 'command-not-found',
    want: {
      reason: 'StartError',
      container: 'web',
      exitCode: 128,
      message: expect.stringContaining('exec: "/no/such/binary": stat /no/such/binary'),
    },
    hint: false,
  },
  {
    name: 'init-failing',
    want: {
      reason: expect.stringMatching(/^(Crashed|CrashLoopBackOff)$/),
      container: 'migrate',
      exitCode: 2,
    },
    hint: false,
  },
  {
    name: 'unschedulable',
    want: {
      reason: 'Unschedulable',
      message: expect.stringContaining("didn't match Pod's node affinity/selector"),
    },
    hint: false,
  },
]

describe('diagnose: real Pods captured from the test bed', () => {
  test.each(REAL_CASES)('$name', ({ name, want, hint }) => {
    const { pod, events } = real[name]!
    const d = diagnose(pod, events)
    expect(d).toMatchObject({ pod: pod.metadata.name, ...want })
    expect(d!.since).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    expect(Boolean(d!.hint)).toBe(hint)
  })
  test('every captured case has its row above, and every row its captured Pod', () => {
    expect(REAL_CASES.map((c) => c.name).sort()).toEqual(
      Object.keys(real)
        .filter((k) => k !== '_about')
        .sort(),
    )
  })
})

describe("diagnose: a failed pull from the kubelet's Event, before its status says so", () => {
  // The captured Pod: main container waiting PodInitializing, the kubelet's Pulling and
  // Failed Events for it, and the init container's own successful pull.
  const captured = () => structuredClone(real['pull-failed-before-status']!)
  const web = (e: KubeEvent) => e.involvedObject?.fieldPath === 'spec.containers{web}'
  const failedAt = () => captured().events.find((e) => e.reason === 'Failed' && web(e))!

  test('since the first failed pull, with the kind and the fix', () => {
    const { pod, events } = captured()
    const d = diagnose(pod, events)!
    expect(d.since).toBe(failedAt().firstTimestamp)
    expect(d.hint).toContain('answered the node that this image does not exist')
    expect(d.event).toBeUndefined()
  })
  test('ContainerCreating instead of PodInitializing: the same', () => {
    const { pod, events } = captured()
    pod.status!.containerStatuses![0]!.state = { waiting: { reason: 'ContainerCreating' } }
    expect(diagnose(pod, events)).toMatchObject({ reason: 'ErrImagePull', container: 'web' })
  })
  test('a later successful pull (a retry after a passing fault): no diagnosis', () => {
    const { pod, events } = captured()
    const later = new Date(Date.parse(failedAt().lastTimestamp!) + 10_000).toISOString()
    events.push({
      ...failedAt(),
      metadata: { name: 'pulled' },
      reason: 'Pulled',
      type: 'Normal',
      message: 'Successfully pulled image',
      firstTimestamp: later,
      lastTimestamp: later,
    })
    expect(diagnose(pod, events)).toBeUndefined()
  })
  test('a successful pull in the same second as the failure: no diagnosis (whole seconds)', () => {
    const { pod, events } = captured()
    events.push({ ...failedAt(), metadata: { name: 'pulled' }, reason: 'Pulled', type: 'Normal' })
    expect(diagnose(pod, events)).toBeUndefined()
  })
  test('the failed pull was of another container: no diagnosis for this one', () => {
    const { pod, events } = captured()
    for (const e of events)
      if (web(e)) e.involvedObject = { ...e.involvedObject, fieldPath: 'spec.containers{other}' }
    expect(diagnose(pod, events)).toBeUndefined()
  })
  test('the container runs (an older failure was retried): no diagnosis', () => {
    const { pod, events } = captured()
    pod.status!.containerStatuses![0]!.state = { running: { startedAt: '2026-11-26T12:43:40Z' } }
    expect(diagnose(pod, events)).toBeUndefined()
  })
  test("only the kubelet's 'Error: ErrImagePull' line, not its pull failure: no diagnosis", () => {
    const { pod, events } = captured()
    const kept = events.filter((e) => !(e.message ?? '').startsWith('Failed to pull image'))
    expect(diagnose(pod, kept)).toBeUndefined()
  })
  test('an init container whose pull failed: ErrImagePull on it', () => {
    const { pod, events } = captured()
    pod.status!.initContainerStatuses![0]!.state = { waiting: { reason: 'PodInitializing' } }
    for (const e of events)
      if (web(e)) e.involvedObject = { ...e.involvedObject, fieldPath: 'spec.initContainers{wait}' }
    const kept = events.filter(
      (e) => !(e.reason === 'Pulled' && e.involvedObject?.fieldPath?.includes('{wait}')),
    )
    expect(diagnose(pod, kept)).toMatchObject({ reason: 'ErrImagePull', container: 'wait' })
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
  test('terminated with an error, not yet restarted: Crashed at once, since its exit', () => {
    const { pod, events } = structuredClone(fixtures.starting!)
    pod.status!.containerStatuses![0]!.state = {
      terminated: { exitCode: 1, reason: 'Error', finishedAt: '2025-03-04T10:00:06Z' },
    }
    expect(diagnose(pod, events)).toMatchObject({
      reason: 'Crashed',
      exitCode: 1,
      since: '2025-03-04T10:00:06Z',
      message: 'the container exited with code 1 (Error)',
    })
  })
  test('restarted after an error, not Ready again: Crashed', () => {
    const { pod, events } = structuredClone(fixtures.starting!)
    const cs = pod.status!.containerStatuses![0]!
    cs.restartCount = 1
    cs.lastState = { terminated: { exitCode: 2, reason: 'Error' } }
    expect(diagnose(pod, events)).toMatchObject({ reason: 'Crashed', exitCode: 2 })
  })
  test('terminated with exit code 0, not yet restarted: not a crash', () => {
    const { pod, events } = structuredClone(fixtures.starting!)
    pod.status!.containerStatuses![0]!.state = {
      terminated: { exitCode: 0, reason: 'Completed', finishedAt: '2025-03-04T10:00:06Z' },
    }
    expect(diagnose(pod, events)).toBeUndefined()
  })
  test('out of memory before its restart, exit code 0 (a child was killed): OOMKilled', () => {
    const { pod, events } = structuredClone(fixtures.ready!)
    const cs = pod.status!.containerStatuses![0]!
    cs.restartCount = 1
    cs.lastState = {
      terminated: { exitCode: 0, reason: 'OOMKilled', finishedAt: '2025-03-04T10:00:05Z' },
    }
    expect(diagnose(pod, events)).toMatchObject({
      reason: 'OOMKilled',
      exitCode: 0,
      since: '2025-03-04T10:00:05Z',
    })
  })
  test('the runtime refused to start it (waiting RunContainerError): StartError, its words', () => {
    const { pod, events } = structuredClone(fixtures.starting!)
    pod.status!.containerStatuses![0]!.state = {
      waiting: { reason: 'RunContainerError', message: 'exec: "/app": no such file' },
    }
    const d = diagnose(pod, events)!
    expect(d).toMatchObject({ reason: 'StartError', message: 'exec: "/app": no such file' })
    expect(d.exitCode).toBeUndefined()
  })
  test('terminated StartError before a restart: its exit code, message and time', () => {
    const { pod, events } = structuredClone(fixtures.starting!)
    const cs = pod.status!.containerStatuses![0]!
    cs.restartCount = 1
    cs.state = { running: { startedAt: '2025-03-04T10:00:09Z' } }
    cs.lastState = {
      terminated: {
        exitCode: 128,
        reason: 'StartError',
        message: 'exec: "/app": no such file',
        finishedAt: '2025-03-04T10:00:08Z',
      },
    }
    expect(diagnose(pod, events)).toMatchObject({
      reason: 'StartError',
      exitCode: 128,
      message: 'exec: "/app": no such file',
      since: '2025-03-04T10:00:08Z',
    })
  })
  describe('a start the runtime timed out on (context deadline exceeded, an overloaded node)', () => {
    // As the test bed's kubelet reported it during a 100-replica rollout at a load of 210.
    const timedOut = () => {
      const { pod, events } = structuredClone(fixtures.starting!)
      const cs = pod.status!.containerStatuses![0]!
      cs.restartCount = 1
      cs.state = { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s' } }
      cs.lastState = {
        terminated: {
          exitCode: 128,
          reason: 'StartError',
          message: 'context deadline exceeded',
          finishedAt: '2025-03-04T10:00:08Z',
        },
      }
      return { pod, events, cs }
    }
    test('StartError under grace, as INTERFACE.md says, with a hint that names the node, not the image', () => {
      const { pod, events } = timedOut()
      const d = diagnose(pod, events)!
      expect(d).toMatchObject({
        reason: 'StartError',
        message: 'context deadline exceeded',
        grace: 'grace',
        since: '2025-03-04T10:00:08Z',
      })
      expect(d.hint).toMatch(/timed out starting the container .* not a fault of the image/)
    })
    test('running since (the kubelet retried it): no diagnosis', () => {
      const { pod, events, cs } = timedOut()
      cs.state = { running: { startedAt: '2025-03-04T10:00:20Z' } }
      expect(diagnose(pod, events)).toBeUndefined()
    })
    test('a start that failed for the image: no such hint', () => {
      const { pod, events, cs } = timedOut()
      cs.lastState!.terminated!.message = 'exec: "/app": stat /app: no such file or directory'
      expect(diagnose(pod, events)).toMatchObject({ reason: 'StartError' })
      expect(diagnose(pod, events)!.hint).toBeUndefined()
    })
    test('running since, after a start that failed for the image: still StartError', () => {
      const { pod, events, cs } = timedOut()
      cs.lastState!.terminated!.message = 'exec: "/app": stat /app: no such file or directory'
      cs.state = { running: { startedAt: '2025-03-04T10:00:20Z' } }
      expect(diagnose(pod, events)).toMatchObject({ reason: 'StartError' })
    })
  })
  test('a restart after exit code 0 is not a crash', () => {
    const { pod, events } = structuredClone(fixtures.ready!)
    const cs = pod.status!.containerStatuses![0]!
    cs.restartCount = 1
    cs.lastState = { terminated: { exitCode: 0, reason: 'Completed' } }
    expect(diagnose(pod, events)).toBeUndefined()
  })
})
