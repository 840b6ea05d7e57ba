// v1 Events as the controllers and the kubelet record them: one object per distinct
// (object, reason, message, source), repeats bump `count` and `lastTimestamp` the way
// client-go's event correlator aggregates them.
import type { Store, KubeObject } from '../store.ts'

export interface EventSource {
  component: string
  host?: string
}

export interface EventInput {
  object: KubeObject
  /** `spec.containers{web}` for container events. */
  fieldPath?: string
  type: 'Normal' | 'Warning'
  reason: string
  message: string
  source: EventSource
}

const seen = new WeakMap<Store, Map<string, string>>()

/** Record an event; never throws (a lost event must not break a controller). */
export function recordEvent(store: Store, e: EventInput): KubeObject | undefined {
  const ns = e.object.metadata.namespace ?? 'default'
  const key = [
    e.object.metadata.uid,
    e.fieldPath ?? '',
    e.type,
    e.reason,
    e.message,
    e.source.component,
    e.source.host ?? '',
  ].join('\u0000')
  let names = seen.get(store)
  if (!names) seen.set(store, (names = new Map()))
  const now = store.clock.timestamp()
  try {
    const existing = names.get(key)
    if (existing && store.tryGet('/events', ns, existing)) {
      return store.mutate('/events', ns, existing, (ev) => {
        ev.count = ((ev.count as number) ?? 1) + 1
        ev.lastTimestamp = now
      })
    }
    const nanos =
      BigInt(Math.floor(store.clock.nowMs())) * 1_000_000n +
      BigInt(Math.floor(Math.random() * 1_000_000))
    const created = store.create('/events', ns, {
      metadata: { name: `${e.object.metadata.name}.${nanos.toString(16)}`, namespace: ns },
      involvedObject: {
        kind: e.object.kind,
        namespace: e.object.metadata.namespace,
        name: e.object.metadata.name,
        uid: e.object.metadata.uid,
        apiVersion: e.object.apiVersion,
        resourceVersion: e.object.metadata.resourceVersion,
        ...(e.fieldPath ? { fieldPath: e.fieldPath } : {}),
      },
      reason: e.reason,
      message: e.message,
      source: { ...e.source },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type: e.type,
      eventTime: null,
      reportingComponent: e.source.component,
      reportingInstance: e.source.host ?? '',
    })
    names.set(key, created.metadata.name)
    return created
  } catch {
    return undefined
  }
}
