// Label and field selectors, parsed as the API server parses `?labelSelector=` and
// `?fieldSelector=`, and the structured `spec.selector` (matchLabels/matchExpressions)
// that deployments and replicasets carry. Pure functions.
import { ApiError } from './errors.ts'
import type { KubeObject } from './store.ts'

export type LabelOperator = 'exists' | '!exists' | '=' | '!=' | 'in' | 'notin' | 'gt' | 'lt'

export interface LabelRequirement {
  key: string
  op: LabelOperator
  values: string[]
}

const badSelector = (text: string, why: string) =>
  new ApiError(400, 'BadRequest', `unable to parse requirement: ${why} in selector "${text}"`)

/** Split on commas that are not inside a `(…)` value set. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = []
  let depth = 0
  let cur = ''
  for (const ch of text) {
    if (ch === '(') depth++
    if (ch === ')') depth--
    if (ch === ',' && depth === 0) {
      parts.push(cur)
      cur = ''
    } else cur += ch
  }
  parts.push(cur)
  return parts.map((p) => p.trim())
}

const KEY =
  /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/
const VALUE = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?)?$/

/** Parse a label selector string: `a=b,c!=d,e in (x,y),f notin (z),g,!h,n>3`. */
export function parseLabelSelector(text: string): LabelRequirement[] {
  if (text.trim() === '') return []
  const reqs: LabelRequirement[] = []
  for (const part of splitTopLevel(text)) {
    if (part === '') throw badSelector(text, "found '', expected: identifier")
    let m: RegExpExecArray | null
    let req: LabelRequirement
    if ((m = /^!\s*(\S+)$/.exec(part))) req = { key: m[1]!, op: '!exists', values: [] }
    else if ((m = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(part))) {
      const values = m[3]!.split(',').map((v) => v.trim())
      req = {
        key: m[1]!,
        op: m[2] as 'in' | 'notin',
        values: values.length === 1 && values[0] === '' ? [] : values,
      }
      if (req.values.length === 0)
        throw badSelector(text, "for 'in', 'notin' operators, values set can't be empty")
    } else if ((m = /^([^=!<>\s]+)\s*(==|=|!=|>|<)\s*(.*)$/.exec(part))) {
      const op =
        m[2] === '==' ? '=' : m[2] === '>' ? 'gt' : m[2] === '<' ? 'lt' : (m[2] as '=' | '!=')
      req = { key: m[1]!, op, values: [m[3]!.trim()] }
      if ((op === 'gt' || op === 'lt') && !/^-?\d+$/.test(req.values[0]!)) {
        throw badSelector(text, `for 'Gt', 'Lt' operators, the value must be an integer`)
      }
    } else if (/^\S+$/.test(part)) req = { key: part, op: 'exists', values: [] }
    else throw badSelector(text, `unexpected token in "${part}"`)
    if (!KEY.test(req.key)) throw badSelector(text, `invalid label key "${req.key}"`)
    if (req.op !== 'gt' && req.op !== 'lt') {
      for (const v of req.values)
        if (!VALUE.test(v) || v.length > 63) throw badSelector(text, `invalid label value: "${v}"`)
    }
    reqs.push(req)
  }
  return reqs
}

export function matchesRequirement(
  labels: Record<string, string> | undefined,
  r: LabelRequirement,
): boolean {
  const has = labels !== undefined && Object.hasOwn(labels, r.key)
  const v = has ? labels![r.key]! : undefined
  switch (r.op) {
    case 'exists':
      return has
    case '!exists':
      return !has
    case '=':
      return has && v === r.values[0]
    case '!=':
      return !has || v !== r.values[0]
    case 'in':
      return has && r.values.includes(v!)
    case 'notin':
      return !has || !r.values.includes(v!)
    case 'gt':
    case 'lt': {
      if (!has || !/^-?\d+$/.test(v!)) return false
      return r.op === 'gt' ? Number(v) > Number(r.values[0]) : Number(v) < Number(r.values[0])
    }
  }
}

export function matchesLabels(
  labels: Record<string, string> | undefined,
  reqs: LabelRequirement[],
): boolean {
  return reqs.every((r) => matchesRequirement(labels, r))
}

/** metav1.LabelSelector: `{matchLabels, matchExpressions}` as deployments carry it. */
export interface LabelSelectorSpec {
  matchLabels?: Record<string, string>
  matchExpressions?: { key: string; operator: string; values?: string[] }[]
}

export function requirementsOf(sel: LabelSelectorSpec): LabelRequirement[] {
  const reqs: LabelRequirement[] = []
  for (const [key, value] of Object.entries(sel.matchLabels ?? {}))
    reqs.push({ key, op: '=', values: [value] })
  for (const e of sel.matchExpressions ?? []) {
    const op = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!exists' }[
      e.operator
    ] as LabelOperator | undefined
    if (!op)
      throw new ApiError(
        400,
        'BadRequest',
        `"${e.operator}" is not a valid label selector operator`,
      )
    reqs.push({ key: e.key, op, values: e.values ?? [] })
  }
  return reqs
}

/** The string form of a structured selector, as `Scale.status.selector` carries it. */
export function formatRequirements(reqs: LabelRequirement[]): string {
  return [...reqs]
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((r) => {
      switch (r.op) {
        case 'exists':
          return r.key
        case '!exists':
          return `!${r.key}`
        case '=':
        case '!=':
          return `${r.key}${r.op}${r.values[0]}`
        case 'gt':
          return `${r.key}>${r.values[0]}`
        case 'lt':
          return `${r.key}<${r.values[0]}`
        default:
          return `${r.key} ${r.op} (${[...r.values].sort().join(',')})`
      }
    })
    .join(',')
}

export interface FieldRequirement {
  field: string
  op: '=' | '!='
  value: string
}

/** The fields each resource can be selected by, beyond metadata.name/namespace. */
const FIELDS: Record<string, Record<string, (o: KubeObject) => string | undefined>> = {
  '': {
    'metadata.name': (o) => o.metadata.name,
    'metadata.namespace': (o) => o.metadata.namespace ?? '',
  },
  pods: {
    'spec.nodeName': (o) => o.spec?.nodeName ?? '',
    'spec.restartPolicy': (o) => o.spec?.restartPolicy ?? '',
    'spec.schedulerName': (o) => o.spec?.schedulerName ?? '',
    'spec.serviceAccountName': (o) => o.spec?.serviceAccountName ?? '',
    'status.phase': (o) => o.status?.phase ?? '',
    'status.podIP': (o) => o.status?.podIP ?? '',
  },
  events: {
    'involvedObject.kind': (o) => (o.involvedObject as { kind?: string } | undefined)?.kind ?? '',
    'involvedObject.name': (o) => (o.involvedObject as { name?: string } | undefined)?.name ?? '',
    'involvedObject.namespace': (o) =>
      (o.involvedObject as { namespace?: string } | undefined)?.namespace ?? '',
    'involvedObject.uid': (o) => (o.involvedObject as { uid?: string } | undefined)?.uid ?? '',
    'involvedObject.apiVersion': (o) =>
      (o.involvedObject as { apiVersion?: string } | undefined)?.apiVersion ?? '',
    'involvedObject.resourceVersion': (o) =>
      (o.involvedObject as { resourceVersion?: string } | undefined)?.resourceVersion ?? '',
    'involvedObject.fieldPath': (o) =>
      (o.involvedObject as { fieldPath?: string } | undefined)?.fieldPath ?? '',
    reason: (o) => (o.reason as string | undefined) ?? '',
    type: (o) => (o.type as string | undefined) ?? '',
    source: (o) => (o.source as { component?: string } | undefined)?.component ?? '',
  },
  secrets: { type: (o) => (o.type as string | undefined) ?? '' },
  namespaces: { 'status.phase': (o) => o.status?.phase ?? '' },
  replicasets: { 'status.replicas': (o) => String(o.status?.replicas ?? 0) },
}

/** Parse `?fieldSelector=` for a resource; unknown fields are a 400, as in Kubernetes. */
export function parseFieldSelector(text: string, resource: string): FieldRequirement[] {
  if (text.trim() === '') return []
  return splitTopLevel(text).map((part) => {
    const m = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(part)
    if (!m)
      throw new ApiError(
        400,
        'BadRequest',
        `invalid selector: '${text}'; can't understand '${part}'`,
      )
    const field = m[1]!
    if (!FIELDS[''][field] && !FIELDS[resource]?.[field]) {
      throw new ApiError(400, 'BadRequest', `field label not supported: ${field}`)
    }
    return { field, op: m[2] === '!=' ? '!=' : '=', value: m[3]!.trim() }
  })
}

export function matchesFields(
  obj: KubeObject,
  resource: string,
  reqs: FieldRequirement[],
): boolean {
  return reqs.every((r) => {
    const get = FIELDS[''][r.field] ?? FIELDS[resource]?.[r.field]
    const v = get ? (get(obj) ?? '') : ''
    return r.op === '=' ? v === r.value : v !== r.value
  })
}

/** One filter for a list or watch request, or undefined when nothing is selected. */
export function selectorFilter(
  resource: string,
  labelSelector: string | null,
  fieldSelector: string | null,
): ((o: KubeObject) => boolean) | undefined {
  const labels = parseLabelSelector(labelSelector ?? '')
  const fields = parseFieldSelector(fieldSelector ?? '', resource)
  if (labels.length === 0 && fields.length === 0) return undefined
  return (o) => matchesLabels(o.metadata.labels, labels) && matchesFields(o, resource, fields)
}
