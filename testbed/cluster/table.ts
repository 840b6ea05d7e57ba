// Server-side printing: the meta.k8s.io/v1 Table that `kubectl get` asks for, with the
// columns and cell values the real API server's printers produce. Pure.
import type { ResourceType } from './resources.ts'
import { formatRequirements, requirementsOf } from './selectors.ts'
import type { KubeObject } from './store.ts'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any

export interface ColumnDefinition {
  name: string
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date'
  format: string
  description: string
  priority: number
}

type Cell = string | number | boolean
interface Printer {
  columns: ColumnDefinition[]
  cells(obj: KubeObject, now: number): Cell[]
}

const col = (
  name: string,
  type: ColumnDefinition['type'] = 'string',
  priority = 0,
  format = '',
): ColumnDefinition => ({
  name,
  type,
  format,
  description:
    name === 'Name' ? 'Name must be unique within a namespace.' : `${name} of the object.`,
  priority,
})
const NAME = col('Name', 'string', 0, 'name')
const AGE = col('Age')

/** Kubernetes' HumanDuration: `45s`, `2m30s`, `5h`, `3d4h`, `2y10d`. */
export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000)
  if (s < -1) return '<invalid>'
  if (s < 0) return '0s'
  if (s < 120) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`
  if (m < 180) return `${m}m`
  const h = Math.floor(m / 60)
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`
  if (h < 48) return `${h}h`
  if (h < 24 * 8)
    return h % 24 === 0 ? `${Math.floor(h / 24)}d` : `${Math.floor(h / 24)}d${h % 24}h`
  if (h < 24 * 365 * 2) return `${Math.floor(h / 24)}d`
  if (h < 24 * 365 * 8) {
    const d = Math.floor(h / 24) % 365
    return d === 0 ? `${Math.floor(h / 24 / 365)}y` : `${Math.floor(h / 24 / 365)}y${d}d`
  }
  return `${Math.floor(h / 24 / 365)}y`
}

const age = (ts: string | undefined, now: number): string =>
  ts ? humanDuration(now - Date.parse(ts)) : '<unknown>'

const containerNames = (spec: Any): string =>
  (spec?.containers ?? []).map((c: Any) => c.name).join(',')
const containerImages = (spec: Any): string =>
  (spec?.containers ?? []).map((c: Any) => c.image).join(',')
const selectorText = (sel: Any): string => {
  try {
    return sel ? formatRequirements(requirementsOf(sel)) : '<none>'
  } catch {
    return '<invalid>'
  }
}

/** The STATUS column of `kubectl get pods`, as kubectl's printPod computes it. */
export function podStatusReason(pod: KubeObject): string {
  const status = pod.status ?? {}
  let reason: string = status.reason || status.phase || 'Unknown'
  const init: Any[] = status.initContainerStatuses ?? []
  let initializing = false
  init.forEach((c, i) => {
    if (initializing) return
    const t = c.state?.terminated
    if (t && t.exitCode === 0) return
    if (t) {
      reason = t.reason
        ? `Init:${t.reason}`
        : t.signal
          ? `Init:Signal:${t.signal}`
          : `Init:ExitCode:${t.exitCode}`
    } else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing') {
      reason = `Init:${c.state.waiting.reason}`
    } else {
      reason = `Init:${i}/${(pod.spec?.initContainers ?? []).length}`
    }
    initializing = true
  })
  if (!initializing) {
    let hasRunning = false
    const cs: Any[] = status.containerStatuses ?? []
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i]
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason
      else if (c.state?.terminated?.reason) reason = c.state.terminated.reason
      else if (c.state?.terminated) {
        const t = c.state.terminated
        reason = t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode}`
      } else if (c.ready && c.state?.running) hasRunning = true
    }
    if (reason === 'Completed' && hasRunning) {
      const ready = (status.conditions ?? []).some(
        (c: Any) => c.type === 'Ready' && c.status === 'True',
      )
      reason = ready ? 'Running' : 'NotReady'
    }
  }
  if (pod.metadata.deletionTimestamp)
    reason = status.reason === 'NodeLost' ? 'Unknown' : 'Terminating'
  return reason
}

function podRestarts(pod: KubeObject, now: number): string {
  let restarts = 0
  let last = 0
  for (const c of (pod.status?.containerStatuses ?? []) as Any[]) {
    restarts += c.restartCount ?? 0
    const finished = c.lastState?.terminated?.finishedAt
    if (finished) last = Math.max(last, Date.parse(finished))
  }
  return last && restarts ? `${restarts} (${humanDuration(now - last)} ago)` : String(restarts)
}

const PRINTERS: Record<string, Printer> = {
  'apps/deployments': {
    columns: [
      NAME,
      col('Ready'),
      col('Up-to-date', 'integer'),
      col('Available', 'integer'),
      AGE,
      col('Containers', 'string', 1),
      col('Images', 'string', 1),
      col('Selector', 'string', 1),
    ],
    cells: (o, now) => [
      o.metadata.name,
      `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 0}`,
      o.status?.updatedReplicas ?? 0,
      o.status?.availableReplicas ?? 0,
      age(o.metadata.creationTimestamp, now),
      containerNames(o.spec?.template?.spec),
      containerImages(o.spec?.template?.spec),
      selectorText(o.spec?.selector),
    ],
  },
  'apps/replicasets': {
    columns: [
      NAME,
      col('Desired', 'integer'),
      col('Current', 'integer'),
      col('Ready', 'integer'),
      AGE,
      col('Containers', 'string', 1),
      col('Images', 'string', 1),
      col('Selector', 'string', 1),
    ],
    cells: (o, now) => [
      o.metadata.name,
      o.spec?.replicas ?? 0,
      o.status?.replicas ?? 0,
      o.status?.readyReplicas ?? 0,
      age(o.metadata.creationTimestamp, now),
      containerNames(o.spec?.template?.spec),
      containerImages(o.spec?.template?.spec),
      selectorText(o.spec?.selector),
    ],
  },
  '/pods': {
    columns: [
      NAME,
      col('Ready'),
      col('Status'),
      col('Restarts'),
      AGE,
      col('IP', 'string', 1),
      col('Node', 'string', 1),
      col('Nominated Node', 'string', 1),
      col('Readiness Gates', 'string', 1),
    ],
    cells: (o, now) => {
      const cs: Any[] = o.status?.containerStatuses ?? []
      const total = (o.spec?.containers ?? []).length
      return [
        o.metadata.name,
        `${cs.filter((c) => c.ready).length}/${total}`,
        podStatusReason(o),
        podRestarts(o, now),
        age(o.metadata.creationTimestamp, now),
        o.status?.podIP ?? '<none>',
        o.spec?.nodeName ?? '<none>',
        o.status?.nominatedNodeName ?? '<none>',
        '<none>',
      ]
    },
  },
  '/events': {
    columns: [
      col('Last Seen'),
      col('Type'),
      col('Reason'),
      col('Object'),
      col('Message'),
      col('Source', 'string', 1),
      col('First Seen', 'string', 1),
      col('Count', 'integer', 1),
      col('Name', 'string', 1, 'name'),
    ],
    cells: (o, now) => {
      const e = o as Any
      const last =
        e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? o.metadata.creationTimestamp
      const kind = String(e.involvedObject?.kind ?? '').toLowerCase()
      return [
        age(last, now),
        e.type ?? '',
        e.reason ?? '',
        `${kind}/${e.involvedObject?.name ?? ''}`,
        String(e.message ?? '').trim(),
        e.source?.component
          ? [e.source.component, e.source.host].filter(Boolean).join(', ')
          : (e.reportingComponent ?? ''),
        age(e.firstTimestamp ?? e.eventTime ?? o.metadata.creationTimestamp, now),
        e.count ?? 1,
        o.metadata.name,
      ]
    },
  },
  '/namespaces': {
    columns: [NAME, col('Status'), AGE],
    cells: (o, now) => [
      o.metadata.name,
      o.status?.phase ?? 'Active',
      age(o.metadata.creationTimestamp, now),
    ],
  },
  '/nodes': {
    columns: [
      NAME,
      col('Status'),
      col('Roles'),
      AGE,
      col('Version'),
      col('Internal-IP', 'string', 1),
    ],
    cells: (o, now) => {
      const ready = (o.status?.conditions ?? []).find((c: Any) => c.type === 'Ready')
      let st = ready?.status === 'True' ? 'Ready' : 'NotReady'
      if (o.spec?.unschedulable) st += ',SchedulingDisabled'
      const roles = Object.keys(o.metadata.labels ?? {})
        .filter((k) => k.startsWith('node-role.kubernetes.io/'))
        .map((k) => k.slice('node-role.kubernetes.io/'.length))
      const ip = (o.status?.addresses ?? []).find((a: Any) => a.type === 'InternalIP')?.address
      return [
        o.metadata.name,
        st,
        roles.join(',') || '<none>',
        age(o.metadata.creationTimestamp, now),
        o.status?.nodeInfo?.kubeletVersion ?? '',
        ip ?? '<none>',
      ]
    },
  },
  '/secrets': {
    columns: [NAME, col('Type'), col('Data', 'integer'), AGE],
    cells: (o, now) => [
      o.metadata.name,
      String(o.type ?? 'Opaque'),
      Object.keys((o.data ?? {}) as object).length,
      age(o.metadata.creationTimestamp, now),
    ],
  },
  '/serviceaccounts': {
    columns: [NAME, col('Secrets', 'integer'), AGE],
    cells: (o, now) => [
      o.metadata.name,
      ((o.secrets ?? []) as unknown[]).length,
      age(o.metadata.creationTimestamp, now),
    ],
  },
}

const GENERIC: Printer = {
  columns: [NAME, AGE],
  cells: (o, now) => [o.metadata.name, age(o.metadata.creationTimestamp, now)],
}

/** `includeObject`: what each row carries beside its cells. */
export type IncludeObject = 'None' | 'Metadata' | 'Object'

function rowObject(t: ResourceType, obj: KubeObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined
  if (include === 'Object') return obj
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata }
}

export function toTable(
  t: ResourceType,
  key: string,
  objects: KubeObject[],
  opts: {
    now: number
    include: IncludeObject
    resourceVersion?: string
    continueToken?: string
    withColumns?: boolean
  },
): Record<string, unknown> {
  const p = PRINTERS[key] ?? GENERIC
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {
      ...(opts.resourceVersion ? { resourceVersion: opts.resourceVersion } : {}),
    },
    columnDefinitions: opts.withColumns === false ? null : p.columns,
    rows: objects.map((o) => {
      const object = rowObject(t, o, opts.include)
      return { cells: p.cells(o, opts.now), ...(object ? { object } : {}) }
    }),
  }
}
