import { describe, expect, test } from 'vitest'
import { KubeError } from '../../src/kube/errors.ts'
import {
  type KubeApi,
  type List,
  type Resource,
  type WatchEvent,
  type WatchOptions,
} from '../../src/kube/api.ts'
import { Reflector, withoutManagedFields } from '../../src/kube/reflector.ts'
import { unusedKubeApi } from '../helpers/unused-kube-api.ts'

interface Obj {
  metadata: { name: string; uid: string; resourceVersion: string }
}
const obj = (name: string, rv: number): Obj => ({
  metadata: { name, uid: `uid-${name}`, resourceVersion: String(rv) },
})

type WatchScript = (
  opts: WatchOptions,
  send: (e: WatchEvent) => void,
  end: (err?: unknown) => void,
) => void

/** A KubeApi whose lists and watches follow a script; it records every call. */
function fakeApi(lists: (() => List<Obj> | Error)[], watches: WatchScript[]) {
  const calls: string[] = []
  let l = 0
  let w = 0
  const api: KubeApi = {
    ...unusedKubeApi,
    async list<T>(resource: Resource): Promise<List<T>> {
      calls.push(`list ${resource}`)
      const r = lists[Math.min(l++, lists.length - 1)]!()
      if (r instanceof Error) throw r
      return r as unknown as List<T>
    },
    async watch(resource, _ns, opts, onEvent, onDone) {
      calls.push(`watch ${resource} rv=${opts.resourceVersion ?? ''}`)
      const script = watches[w++]
      let open = true
      queueMicrotask(() => {
        if (!script) return // stays open until stopped
        script(
          opts,
          (e) => open && onEvent(e),
          (err) => {
            if (open) {
              open = false
              onDone(err)
            }
          },
        )
      })
      return () => (open = false)
    },
  }
  return { api, calls }
}

function run(api: KubeApi, until: (r: Reflector<Obj>) => boolean, baseDelayMs = 0) {
  return new Promise<{ r: Reflector<Obj>; fatal?: unknown }>((resolve) => {
    const r: Reflector<Obj> = new Reflector<Obj>({
      api,
      resource: 'pods',
      namespace: 'default',
      selectors: {},
      baseDelayMs,
      maxDelayMs: 0,
      onChange: () => {
        if (until(r)) {
          r.stop()
          resolve({ r })
        }
      },
      onFatal: (fatal) => resolve({ r, fatal }),
    }).start()
  })
}

const names = (r: Reflector<Obj>) =>
  r
    .items()
    .map((o) => o.metadata.name)
    .sort()

describe('Reflector: list, then watch; resume, relist, back off', () => {
  test('a watch that ends normally is resumed from the last resourceVersion', async () => {
    const { api, calls } = fakeApi(
      [() => ({ items: [obj('a', 5)], resourceVersion: '10' })],
      [
        (_o, send, end) => {
          send({ type: 'ADDED', object: obj('b', 11) })
          send({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '14' } } })
          end()
        },
        (_o, send) => send({ type: 'MODIFIED', object: obj('a', 15) }),
      ],
    )
    const { r } = await run(api, (r) => r.items().some((o) => o.metadata.resourceVersion === '15'))
    expect(names(r)).toEqual(['a', 'b'])
    expect(calls).toEqual(['list pods', 'watch pods rv=10', 'watch pods rv=14'])
  })

  test('410 Gone, as an ERROR event or as the answer, lists again', async () => {
    const { api, calls } = fakeApi(
      [
        () => ({ items: [obj('a', 5), obj('gone', 6)], resourceVersion: '10' }),
        () => ({ items: [obj('a', 30)], resourceVersion: '31' }),
      ],
      [
        (_o, send) =>
          send({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } }),
        (_o, _send, end) => end(new KubeError(410, 'too old resource version')),
        (_o, send) => send({ type: 'ADDED', object: obj('c', 32) }),
      ],
    )
    const { r } = await run(api, (r) => names(r).includes('c'))
    // The relist replaced the copy: "gone" was deleted while we were not watching.
    expect(names(r)).toEqual(['a', 'c'])
    expect(r.stats.relists).toBe(2)
    expect(calls).toEqual([
      'list pods',
      'watch pods rv=10',
      'list pods',
      'watch pods rv=31',
      'list pods',
      'watch pods rv=31',
    ])
  })

  test('relist() while a list is out lists once more after it; during a watch, ends it', async () => {
    let r!: Reflector<Obj>
    const { api, calls } = fakeApi(
      [
        // A reader came while this list was out.
        () =>
          Promise.resolve().then(() => {
            r.relist()
            return { items: [obj('a', 5)], resourceVersion: '10' }
          }) as unknown as List<Obj>,
        () => ({ items: [obj('a', 5), obj('b', 6)], resourceVersion: '11' }),
        () => ({ items: [obj('a', 5), obj('b', 6), obj('c', 7)], resourceVersion: '12' }),
      ],
      [
        // The watch after the second list: relist() ends it.
        () => queueMicrotask(() => r.relist()),
        (_o, send) => send({ type: 'ADDED', object: obj('d', 13) }),
      ],
    )
    await new Promise<void>((resolve) => {
      r = new Reflector<Obj>({
        api,
        resource: 'pods',
        namespace: 'default',
        selectors: {},
        onChange: () => {
          if (names(r).includes('d')) {
            r.stop()
            resolve()
          }
        },
        onFatal: () => resolve(),
      }).start()
    })
    expect(names(r)).toEqual(['a', 'b', 'c', 'd'])
    expect(calls).toEqual([
      'list pods',
      'list pods',
      'watch pods rv=11',
      'list pods',
      'watch pods rv=12',
    ])
  })

  test('500s, 429s and dropped connections back off and resume; the copy is kept', async () => {
    const { api, calls } = fakeApi(
      [
        () => new KubeError(503, 'unavailable'),
        () => ({ items: [obj('a', 5)], resourceVersion: '10' }),
      ],
      [
        (_o, _s, end) => end(new KubeError(500, 'internal error')),
        (_o, _s, end) => end(new KubeError(0, 'ECONNRESET')),
        (_o, send) => send({ type: 'ADDED', object: obj('b', 12) }),
      ],
    )
    const { r } = await run(api, (r) => names(r).includes('b'))
    expect(names(r)).toEqual(['a', 'b'])
    expect(r.stats.retries).toBe(3)
    expect(calls).toEqual([
      'list pods',
      'list pods',
      'watch pods rv=10',
      'watch pods rv=10',
      'watch pods rv=10',
    ])
  })

  test.each([401, 403, 404])('%i stops the reflector and is reported', async (code) => {
    const { api, calls } = fakeApi([() => new KubeError(code, 'no')], [])
    const { fatal } = await run(api, () => false)
    expect(fatal).toBeInstanceOf(KubeError)
    expect((fatal as KubeError).code).toBe(code)
    expect(calls).toEqual(['list pods'])
  })

  test('keep filters what is held', async () => {
    const { api } = fakeApi(
      [() => ({ items: [obj('web-1', 1), obj('other-1', 2)], resourceVersion: '3' })],
      [],
    )
    const r = await new Promise<Reflector<Obj>>((resolve) => {
      const r: Reflector<Obj> = new Reflector<Obj>({
        api,
        resource: 'events',
        namespace: 'default',
        selectors: {},
        keep: (o) => o.metadata.name.startsWith('web-'),
        onChange: () => {
          r.stop()
          resolve(r)
        },
        onFatal: () => {},
      }).start()
    })
    expect(names(r)).toEqual(['web-1'])
  })
})

describe('items(): one array per state of the copy', () => {
  test('read after each change, it shows that change; between changes it is the same array', async () => {
    const modified = { metadata: { ...obj('web-1', 3).metadata }, spec: 'new' }
    const { api } = fakeApi(
      [() => ({ items: [obj('web-1', 1)], resourceVersion: '1' })],
      [
        (_o, send) => {
          send({ type: 'ADDED', object: obj('web-2', 2) })
          send({ type: 'MODIFIED', object: modified })
          send({ type: 'DELETED', object: obj('web-2', 4) })
        },
      ],
    )
    const seen: { names: string[]; same: boolean; web1: unknown }[] = []
    await run(api, (r) => {
      const a = r.items()
      seen.push({
        names: a.map((o) => o.metadata.name).sort(),
        same: r.items() === a,
        web1: a.find((o) => o.metadata.name === 'web-1'),
      })
      return seen.length === 4
    })
    expect(seen.map((s) => s.names)).toEqual([
      ['web-1'],
      ['web-1', 'web-2'],
      ['web-1', 'web-2'],
      ['web-1'],
    ])
    expect(seen.every((s) => s.same)).toBe(true)
    expect(seen[2]!.web1).toBe(modified)
  })
})

describe('keep narrows: prune drops what it no longer accepts', () => {
  test('events of old pods go once the new ReplicaSet is known', async () => {
    const known: { hash?: string } = {}
    const { api } = fakeApi(
      [
        () => ({
          items: [obj('web-old-1', 1), obj('web-new-1', 2), obj('db-1', 3)],
          resourceVersion: '3',
        }),
      ],
      [],
    )
    const r = new Reflector<Obj>({
      api,
      resource: 'events',
      namespace: 'default',
      selectors: {},
      keep: (o) => o.metadata.name.startsWith(known.hash ? `web-${known.hash}-` : 'web-'),
      onChange: () => {},
      onFatal: () => {},
    })
    r.start()
    while (!r.synced) await new Promise<void>((done) => setImmediate(done))
    expect(r.items().map((o) => o.metadata.name)).toEqual(['web-old-1', 'web-new-1'])
    known.hash = 'new'
    r.prune()
    expect(r.items().map((o) => o.metadata.name)).toEqual(['web-new-1'])
    r.stop()
  })
})

describe('trim: what the copy keeps of each object', () => {
  test('the managedFields are dropped from listed and watched objects; the objects handed in are not changed', async () => {
    const withFields = (name: string, rv: number) => ({
      ...obj(name, rv),
      metadata: { ...obj(name, rv).metadata, managedFields: [{ manager: 'kubelet' }] },
    })
    const listed = withFields('web-1', 1)
    const watched = withFields('web-2', 4)
    const { api } = fakeApi(
      [() => ({ items: [listed], resourceVersion: '3' })],
      [(_o, send) => send({ type: 'ADDED', object: watched })],
    )
    const r = await new Promise<Reflector<Obj>>((resolve) => {
      const r: Reflector<Obj> = new Reflector<Obj>({
        api,
        resource: 'pods',
        namespace: 'default',
        selectors: {},
        trim: withoutManagedFields,
        onChange: () => {
          if (r.items().length < 2) return
          r.stop()
          resolve(r)
        },
        onFatal: () => {},
      }).start()
    })
    expect(names(r)).toEqual(['web-1', 'web-2'])
    for (const o of r.items()) {
      expect(o.metadata).not.toHaveProperty('managedFields')
      expect(o.metadata.uid).toBe(`uid-${o.metadata.name}`)
    }
    expect(listed.metadata.managedFields).toHaveLength(1)
    expect(watched.metadata.managedFields).toHaveLength(1)
  })

  test('an object without managedFields is kept as it is, not copied', () => {
    const o = obj('web-1', 1)
    expect(withoutManagedFields(o)).toBe(o)
  })
})
