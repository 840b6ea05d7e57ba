// The simulated cluster's state: every object of every resource type, one
// resourceVersion counter for the whole store, and a retained window of change events
// from which watches resume. Controllers subscribe to changes; the HTTP layer lists,
// reads, writes and watches through the same methods.
import { randomUUID } from 'node:crypto'
import type { Clock } from './clock.ts'
import { ApiError, alreadyExists, conflict, gone, notFound } from './errors.ts'
import { RESOURCES, apiVersionOf, type ResourceType } from './resources.ts'

export interface OwnerReference {
  apiVersion: string
  kind: string
  name: string
  uid: string
  controller?: boolean
  blockOwnerDeletion?: boolean
}

export interface ObjectMeta {
  name: string
  generateName?: string
  namespace?: string
  uid: string
  resourceVersion: string
  generation?: number
  creationTimestamp: string
  deletionTimestamp?: string
  deletionGracePeriodSeconds?: number
  labels?: Record<string, string>
  annotations?: Record<string, string>
  ownerReferences?: OwnerReference[]
  finalizers?: string[]
}

/** Any API object. Controllers narrow `spec`/`status` to what they use. */
export interface KubeObject {
  apiVersion: string
  kind: string
  metadata: ObjectMeta
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec?: any
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  status?: any
  [key: string]: unknown
}

/** What callers pass in: the server fills uid, resourceVersion, timestamps. */
export type NewObject = Omit<KubeObject, 'metadata' | 'apiVersion' | 'kind'> & {
  apiVersion?: string
  kind?: string
  metadata: Partial<ObjectMeta> & { name?: string; generateName?: string }
}

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED'

export interface StoreEvent {
  type: EventType
  /** The resource type, e.g. `apps/deployments` or `/pods` for the core group. */
  key: string
  object: KubeObject
  rv: number
  /** Cluster time (ms since epoch) and wall time of the change, for latency figures. */
  clusterTime: number
  wallTime: number
}

export type Filter = (obj: KubeObject) => boolean

export interface WatchHandle {
  stop(): void
}

export function keyOf(t: { group: string; resource: string }): string {
  return `${t.group}/${t.resource}`
}

const NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789'
export function randomSuffix(n = 5): string {
  let s = ''
  for (let i = 0; i < n; i++) s += NAME_CHARS[Math.floor(Math.random() * NAME_CHARS.length)]
  return s
}

const clone = <T>(v: T): T => structuredClone(v)

/**
 * JSON with object keys sorted, so that two objects equal in content compare equal
 * whatever order their keys arrived in (kubectl sends them sorted, the store keeps the
 * order they were created in).
 */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(
          Object.entries(x as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0,
          ),
        )
      : x,
  )
}

export class Store {
  readonly clock: Clock
  private rv = 0
  private readonly objects = new Map<string, Map<string, KubeObject>>()
  private readonly history: StoreEvent[] = []
  private readonly historyLimit: number
  /** Events with rv <= this are no longer retained; watching from before it is 410. */
  private compactedRv = 0
  private readonly listeners = new Set<(e: StoreEvent) => void>()

  constructor(clock: Clock, opts: { historyLimit?: number } = {}) {
    this.clock = clock
    this.historyLimit = opts.historyLimit ?? 20_000
    for (const t of RESOURCES) this.objects.set(keyOf(t), new Map())
  }

  /** The current resourceVersion of the whole store (what a list answers). */
  currentRv(): string {
    return String(this.rv)
  }

  type(key: string): ResourceType {
    const t = RESOURCES.find((r) => keyOf(r) === key)
    if (!t)
      throw new ApiError(
        404,
        'NotFound',
        `the server could not find the requested resource (${key})`,
      )
    return t
  }

  private bucket(key: string): Map<string, KubeObject> {
    const b = this.objects.get(key)
    if (!b)
      throw new ApiError(
        404,
        'NotFound',
        `the server could not find the requested resource (${key})`,
      )
    return b
  }

  private static id(ns: string | undefined, name: string): string {
    return `${ns ?? ''}/${name}`
  }

  get(key: string, ns: string | undefined, name: string): KubeObject {
    const t = this.type(key)
    const obj = this.bucket(key).get(Store.id(t.namespaced ? ns : undefined, name))
    if (!obj) throw notFound(t.group, t.resource, name)
    return clone(obj)
  }

  tryGet(key: string, ns: string | undefined, name: string): KubeObject | undefined {
    const t = this.type(key)
    const obj = this.bucket(key).get(Store.id(t.namespaced ? ns : undefined, name))
    return obj ? clone(obj) : undefined
  }

  /** Objects of a type, in one namespace or all (ns undefined), sorted by namespace/name. */
  list(
    key: string,
    ns?: string,
    filter?: Filter,
  ): { items: KubeObject[]; resourceVersion: string } {
    const items: KubeObject[] = []
    for (const obj of this.bucket(key).values()) {
      if (ns !== undefined && obj.metadata.namespace !== ns) continue
      if (filter && !filter(obj)) continue
      items.push(clone(obj))
    }
    items.sort((a, b) =>
      Store.id(a.metadata.namespace, a.metadata.name).localeCompare(
        Store.id(b.metadata.namespace, b.metadata.name),
      ),
    )
    return { items, resourceVersion: this.currentRv() }
  }

  create(key: string, ns: string | undefined, input: NewObject): KubeObject {
    const t = this.type(key)
    const meta = input.metadata ?? {}
    let name = meta.name
    if (!name && meta.generateName) {
      do name = meta.generateName + randomSuffix()
      while (this.bucket(key).has(Store.id(t.namespaced ? ns : undefined, name)))
    }
    if (!name)
      throw new ApiError(
        422,
        'Invalid',
        `${t.kind} "" is invalid: metadata.name: Required value: name or generateName is required`,
      )
    const namespace = t.namespaced ? (ns ?? meta.namespace ?? 'default') : undefined
    if (t.namespaced && meta.namespace && meta.namespace !== namespace) {
      throw new ApiError(
        400,
        'BadRequest',
        'the namespace of the provided object does not match the namespace sent on the request',
      )
    }
    if (
      t.namespaced &&
      key !== '/namespaces' &&
      !this.bucket('/namespaces').has(Store.id(undefined, namespace!))
    ) {
      throw notFound('', 'namespaces', namespace!)
    }
    const id = Store.id(namespace, name)
    if (this.bucket(key).has(id)) throw alreadyExists(t.group, t.resource, name)
    const obj: KubeObject = {
      ...clone(input),
      apiVersion: apiVersionOf(t),
      kind: t.kind,
      metadata: {
        ...clone(meta),
        name,
        ...(namespace !== undefined ? { namespace } : {}),
        uid: randomUUID(),
        resourceVersion: '',
        creationTimestamp: this.clock.timestamp(),
        ...(t.hasGeneration ? { generation: 1 } : {}),
      },
    }
    if (!namespace) delete obj.metadata.namespace
    delete obj.metadata.deletionTimestamp
    return this.commit(key, id, 'ADDED', obj)
  }

  /**
   * Replace an object. With a resourceVersion in `next`, it must match (409 otherwise).
   * `subresource: 'status'` changes only status; a main-resource update keeps the
   * stored status of types that have a status subresource. Spec changes bump
   * generation.
   */
  update(key: string, next: KubeObject, opts: { subresource?: 'status' } = {}): KubeObject {
    const t = this.type(key)
    const ns = t.namespaced ? next.metadata.namespace : undefined
    const id = Store.id(ns, next.metadata.name)
    const cur = this.bucket(key).get(id)
    if (!cur) throw notFound(t.group, t.resource, next.metadata.name)
    if (
      next.metadata.resourceVersion &&
      next.metadata.resourceVersion !== cur.metadata.resourceVersion
    ) {
      throw conflict(t.group, t.resource, next.metadata.name)
    }
    let obj: KubeObject
    if (opts.subresource === 'status') {
      obj = { ...clone(cur), status: clone(next.status) }
    } else {
      obj = clone(next)
      obj.apiVersion = cur.apiVersion
      obj.kind = cur.kind
      // Immutable metadata stays the server's.
      obj.metadata = {
        ...obj.metadata,
        uid: cur.metadata.uid,
        creationTimestamp: cur.metadata.creationTimestamp,
        ...(cur.metadata.deletionTimestamp
          ? { deletionTimestamp: cur.metadata.deletionTimestamp }
          : {}),
      }
      if (t.subresources.includes('status') && 'status' in cur) obj.status = clone(cur.status)
      if (t.hasGeneration) {
        const changed = canonicalJson(cur.spec ?? null) !== canonicalJson(obj.spec ?? null)
        obj.metadata.generation = (cur.metadata.generation ?? 1) + (changed ? 1 : 0)
      }
    }
    // A write that changes nothing is a no-op: no new resourceVersion, no event.
    const { resourceVersion: _a, ...curMeta } = cur.metadata
    const { resourceVersion: _b, ...newMeta } = obj.metadata
    if (
      canonicalJson({ ...cur, metadata: curMeta }) === canonicalJson({ ...obj, metadata: newMeta })
    ) {
      return clone(cur)
    }
    return this.commit(key, id, 'MODIFIED', obj)
  }

  /**
   * Read-modify-write in one step, for controllers: `mutate` edits a copy; no conflict
   * is possible because the store is single-threaded.
   */
  mutate(
    key: string,
    ns: string | undefined,
    name: string,
    mutate: (obj: KubeObject) => void,
    opts: { subresource?: 'status' } = {},
  ): KubeObject {
    const obj = this.get(key, ns, name)
    mutate(obj)
    return this.update(key, obj, opts)
  }

  /**
   * Delete. Pods with a grace period are only marked (deletionTimestamp) and stay until
   * the kubelet calls `remove`; everything else goes at once. Returns the object as
   * the API server answers a DELETE.
   */
  delete(
    key: string,
    ns: string | undefined,
    name: string,
    opts: { gracePeriodSeconds?: number; preconditionUid?: string } = {},
  ): KubeObject {
    const t = this.type(key)
    const id = Store.id(t.namespaced ? ns : undefined, name)
    const cur = this.bucket(key).get(id)
    if (!cur) throw notFound(t.group, t.resource, name)
    if (opts.preconditionUid && opts.preconditionUid !== cur.metadata.uid)
      throw conflict(t.group, t.resource, name)
    if (key === '/pods') {
      const grace = opts.gracePeriodSeconds ?? cur.spec?.terminationGracePeriodSeconds ?? 30
      if (grace > 0 && cur.spec?.nodeName) {
        if (cur.metadata.deletionTimestamp) return clone(cur)
        const obj = clone(cur)
        obj.metadata.deletionTimestamp = new Date(this.clock.nowMs() + grace * 1000)
          .toISOString()
          .replace(/\.\d{3}Z$/, 'Z')
        obj.metadata.deletionGracePeriodSeconds = grace
        return this.commit(key, id, 'MODIFIED', obj)
      }
    }
    return this.remove(key, ns, name)
  }

  /** Remove an object now (the end of a graceful pod deletion, garbage collection). */
  remove(key: string, ns: string | undefined, name: string): KubeObject {
    const t = this.type(key)
    const id = Store.id(t.namespaced ? ns : undefined, name)
    const cur = this.bucket(key).get(id)
    if (!cur) throw notFound(t.group, t.resource, name)
    this.bucket(key).delete(id)
    return this.record(key, 'DELETED', clone(cur))
  }

  private commit(key: string, id: string, type: EventType, obj: KubeObject): KubeObject {
    this.bucket(key).set(id, obj)
    return this.record(key, type, obj)
  }

  private record(key: string, type: EventType, obj: KubeObject): KubeObject {
    this.rv += 1
    obj.metadata.resourceVersion = String(this.rv)
    const event: StoreEvent = {
      type,
      key,
      object: clone(obj),
      rv: this.rv,
      clusterTime: this.clock.nowMs(),
      wallTime: this.clock.wallNow(),
    }
    this.history.push(event)
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.splice(0, this.history.length - this.historyLimit)
      this.compactedRv = dropped[dropped.length - 1]!.rv
    }
    for (const l of this.listeners) l(event)
    return clone(obj)
  }

  /** Forget all retained events: every watch from an older resourceVersion gets 410. */
  compact(): void {
    if (this.history.length) this.compactedRv = this.history[this.history.length - 1]!.rv
    this.history.length = 0
  }

  /** Every change, in order, for controllers and the kubelet. Called synchronously. */
  subscribe(listener: (e: StoreEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** The retained change journal (for latency measurements). */
  events(since = 0): StoreEvent[] {
    return this.history.filter((e) => e.rv > since).map(clone)
  }

  /**
   * Watch one type from `fromRv` (exclusive). Without `fromRv` (or "0"), synthetic ADDED
   * events for the current state come first. Throws 410 when `fromRv` is older than the
   * retained window. `filter` applies to every event; an object that stops matching is
   * sent as DELETED, one that starts matching as ADDED, as the API server does.
   */
  watch(
    key: string,
    ns: string | undefined,
    fromRv: string | undefined,
    filter: Filter | undefined,
    send: (type: EventType, obj: KubeObject) => void,
  ): WatchHandle {
    const t = this.type(key)
    const inScope = (o: KubeObject) =>
      !t.namespaced || ns === undefined || o.metadata.namespace === ns
    const matches = (o: KubeObject) => inScope(o) && (!filter || filter(o))
    const lastSeen = new Map<string, boolean>()
    const deliver = (e: { type: EventType; object: KubeObject }) => {
      const id = Store.id(e.object.metadata.namespace, e.object.metadata.name)
      if (!inScope(e.object)) return
      const now = e.type !== 'DELETED' && matches(e.object)
      const before = lastSeen.get(id) ?? (e.type === 'MODIFIED' ? true : false)
      if (e.type === 'DELETED') {
        if (matches(e.object)) send('DELETED', clone(e.object))
        lastSeen.delete(id)
        return
      }
      if (now && e.type === 'ADDED') send('ADDED', clone(e.object))
      else if (now && before) send('MODIFIED', clone(e.object))
      else if (now && !before) send('ADDED', clone(e.object))
      else if (!now && before && e.type === 'MODIFIED' && lastSeen.has(id))
        send('DELETED', clone(e.object))
      lastSeen.set(id, now)
    }
    if (fromRv === undefined || fromRv === '' || fromRv === '0') {
      for (const obj of this.list(key, ns).items) {
        lastSeen.set(Store.id(obj.metadata.namespace, obj.metadata.name), matches(obj))
        if (matches(obj)) send('ADDED', obj)
      }
    } else {
      const from = Number(fromRv)
      if (!Number.isInteger(from) || from < 0)
        throw new ApiError(400, 'BadRequest', `invalid resourceVersion "${fromRv}"`)
      if (from < this.compactedRv)
        throw gone(`too old resource version: ${from} (${this.compactedRv + 1})`)
      // Seed membership from the objects as they are now for those not seen in the replay.
      for (const obj of this.list(key, ns).items) {
        lastSeen.set(Store.id(obj.metadata.namespace, obj.metadata.name), matches(obj))
      }
      const replay = this.history.filter((e) => e.key === key && e.rv > from)
      // Membership before the replay is what each object looked like at `from`; an
      // object first seen in the replay starts unmatched.
      for (const e of replay)
        lastSeen.delete(Store.id(e.object.metadata.namespace, e.object.metadata.name))
      for (const e of replay) deliver(e)
    }
    const listener = (e: StoreEvent) => {
      if (e.key === key) deliver(e)
    }
    this.listeners.add(listener)
    return { stop: () => this.listeners.delete(listener) }
  }
}
