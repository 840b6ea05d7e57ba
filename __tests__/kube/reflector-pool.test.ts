// The shared reflectors: readers of the same (resource, namespace, selectors) share one
// list and one watch, each sees only what its own `keep` accepts, the watch ends with the
// last reader, and a reader that comes late gets a list of its own objects.
import { describe, expect, test } from 'vitest'
import { ReflectorPool } from '../../src/kube/reflector-pool.ts'
import { waitForRollout } from '../../src/kube/rollout.ts'
import type { Deployment, KubeEvent } from '../../src/kube/types.ts'
import { openWatchApi as fakeApi, settle } from '../helpers/open-watch-api.ts'

const event = (pod: string, rv: number): KubeEvent =>
  ({
    metadata: { name: `${pod}.ev`, uid: `uid-${pod}-${rv}`, resourceVersion: String(rv) },
    involvedObject: { kind: 'Pod', name: pod },
    reason: 'Pulled',
  }) as KubeEvent

const names = (items: readonly KubeEvent[]) => items.map((e) => e.involvedObject?.name).sort()

const SEL = { fieldSelector: 'involvedObject.kind=Pod' }

function reader(prefix: string) {
  const seen = { changes: 0, fatal: undefined as unknown }
  return {
    seen,
    reader: {
      keep: (e: KubeEvent) => e.involvedObject?.name?.startsWith(prefix) ?? false,
      onChange: () => seen.changes++,
      onFatal: (err: unknown) => (seen.fatal = err),
    },
  }
}

describe('ReflectorPool', () => {
  test('two readers of one namespace share one list and one watch; each sees only its own', async () => {
    const fake = fakeApi({ events: [event('a-1', 1), event('b-1', 2), event('c-1', 3)] })
    const pool = new ReflectorPool(fake.api)
    const a = reader('a-')
    const b = reader('b-')
    const la = pool.acquire('events', 'prod', SEL, a.reader)
    const lb = pool.acquire('events', 'prod', SEL, b.reader)
    await settle()
    expect(fake.calls).toEqual([
      'list events prod involvedObject.kind=Pod',
      'watch events prod involvedObject.kind=Pod',
    ])
    expect(names(la.items())).toEqual(['a-1'])
    expect(names(lb.items())).toEqual(['b-1'])

    fake.open('events')[0]!.send({ type: 'ADDED', object: event('b-2', 4) })
    fake.open('events')[0]!.send({ type: 'ADDED', object: event('c-2', 5) })
    expect(names(la.items())).toEqual(['a-1'])
    expect(names(lb.items())).toEqual(['b-1', 'b-2'])
    expect(a.seen.changes).toBeGreaterThan(0)
    expect(b.seen.changes).toBeGreaterThan(0)
    expect(pool.size).toBe(1)
    la.release()
    lb.release()
  })

  test('the watch is stopped when the last reader lets go, not before', async () => {
    const fake = fakeApi()
    const pool = new ReflectorPool(fake.api)
    const la = pool.acquire('events', 'prod', SEL, reader('a-').reader)
    const lb = pool.acquire('events', 'prod', SEL, reader('b-').reader)
    await settle()
    expect(fake.open('events')).toHaveLength(1)
    la.release()
    la.release() // twice is once
    expect(fake.open('events')).toHaveLength(1)
    lb.release()
    expect(fake.open('events')).toHaveLength(0)
    expect(pool.size).toBe(0)
    // A reader after that gets a new one.
    const lc = pool.acquire('events', 'prod', SEL, reader('c-').reader)
    await settle()
    expect(fake.open('events')).toHaveLength(1)
    expect(fake.watches).toHaveLength(2)
    lc.release()
  })

  test('readers released before the first turn start nothing', async () => {
    const fake = fakeApi()
    const pool = new ReflectorPool(fake.api)
    pool.acquire('events', 'prod', SEL, reader('a-').reader).release()
    await settle()
    expect(fake.calls).toEqual([])
  })

  test('other namespaces and other selectors are other reflectors', async () => {
    const fake = fakeApi()
    const pool = new ReflectorPool(fake.api)
    const leases = [
      pool.acquire('events', 'prod', SEL, reader('a-').reader),
      pool.acquire('events', 'staging', SEL, reader('a-').reader),
      pool.acquire('pods', 'prod', { labelSelector: 'app=a' }, reader('a-').reader),
    ]
    await settle()
    expect(fake.open('events')).toHaveLength(2)
    expect(fake.open('pods')).toHaveLength(1)
    for (const l of leases) l.release()
  })

  test('a reader that comes after the list gets its objects: the list is made again', async () => {
    const fake = fakeApi({ events: [event('a-1', 1), event('b-1', 2)] })
    const pool = new ReflectorPool(fake.api)
    const la = pool.acquire('events', 'prod', SEL, reader('a-').reader)
    await settle()
    // The first list kept only a-1: b-1 was nobody's then.
    const b = reader('b-')
    const lb = pool.acquire('events', 'prod', SEL, b.reader)
    await settle()
    expect(names(lb.items())).toEqual(['b-1'])
    expect(names(la.items())).toEqual(['a-1'])
    expect(fake.calls.filter((c) => c.startsWith('list'))).toHaveLength(2)
    // The old watch was ended for the new list's; one is open.
    expect(fake.open('events')).toHaveLength(1)
    la.release()
    lb.release()
  })

  test('prune: what no reader keeps any more is dropped from the shared copy', async () => {
    let narrow = false
    const fake = fakeApi({ events: [event('a-old-1', 1), event('a-new-1', 2)] })
    const pool = new ReflectorPool(fake.api)
    const a = {
      keep: (e: KubeEvent) => e.involvedObject?.name?.startsWith(narrow ? 'a-new-' : 'a-') ?? false,
      onChange: () => {},
      onFatal: () => {},
    }
    const la = pool.acquire('events', 'prod', SEL, a)
    const lb = pool.acquire('events', 'prod', SEL, reader('b-').reader)
    await settle()
    expect(names(la.items())).toEqual(['a-new-1', 'a-old-1'])
    narrow = true
    la.prune()
    expect(names(la.items())).toEqual(['a-new-1'])
    lb.release()
    la.release()
  })

  test('an error no retry can fix reaches every reader', async () => {
    const fake = fakeApi()
    const { KubeError } = await import('../../src/kube/errors.ts')
    fake.api.list = () => Promise.reject(new KubeError(403, 'forbidden'))
    const pool = new ReflectorPool(fake.api)
    const a = reader('a-')
    const b = reader('b-')
    pool.acquire('events', 'prod', SEL, a.reader)
    pool.acquire('events', 'prod', SEL, b.reader)
    await settle()
    expect((a.seen.fatal as { code?: number })?.code).toBe(403)
    expect((b.seen.fatal as { code?: number })?.code).toBe(403)
    expect(pool.size).toBe(0)
  })
})

describe('waitForRollout with a shared pool', () => {
  const deployment = (name: string): Deployment => ({
    metadata: { name, namespace: 'prod', uid: `uid-${name}`, generation: 2 },
    spec: { replicas: 2, selector: { matchLabels: { app: name } } },
  })
  const opts = (signal: AbortSignal, pool?: ReflectorPool) => ({
    limits: { graceMs: 0, readyGraceMs: 0 },
    deadline: Date.now() + 60_000,
    timeoutMs: 60_000,
    signal,
    log: () => {},
    ...(pool ? { pool } : {}),
  })

  test('two waits in one namespace open one Events watch, stopped when both end', async () => {
    const fake = fakeApi()
    const pool = new ReflectorPool(fake.api)
    const stop = new AbortController()
    const waits = [
      waitForRollout(fake.api, deployment('web'), opts(stop.signal, pool)),
      waitForRollout(fake.api, deployment('api'), opts(stop.signal, pool)),
    ]
    await settle()
    expect(fake.calls.filter((c) => c.startsWith('watch events'))).toHaveLength(1)
    expect(fake.calls.filter((c) => c.startsWith('list events'))).toHaveLength(1)
    // The per-Deployment watches are still each their own.
    expect(fake.calls.filter((c) => c.startsWith('watch deployments'))).toHaveLength(2)
    stop.abort()
    const results = await Promise.all(waits)
    expect(results.map((r) => r.outcome)).toEqual(['cancelled', 'cancelled'])
    expect(fake.open('events')).toHaveLength(0)
    expect(pool.size).toBe(0)
  })

  test('without a pool each wait has its own Events watch (as before)', async () => {
    const fake = fakeApi()
    const stop = new AbortController()
    const waits = [
      waitForRollout(fake.api, deployment('web'), opts(stop.signal)),
      waitForRollout(fake.api, deployment('api'), opts(stop.signal)),
    ]
    await settle()
    expect(fake.calls.filter((c) => c.startsWith('watch events'))).toHaveLength(2)
    stop.abort()
    await Promise.all(waits)
    expect(fake.open('events')).toHaveLength(0)
  })
})
