// The validation a real API server does that clients are likely to trip over, with
// Kubernetes' wording: names, deployment/replicaset selectors against template labels,
// containers. Returns the 422 Invalid ApiError to throw, or undefined. Pure.
import { ApiError } from './errors.ts'
import type { ResourceType } from './resources.ts'
import { matchesLabels, requirementsOf, type LabelSelectorSpec } from './selectors.ts'
import type { KubeObject } from './store.ts'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any

interface FieldError {
  type:
    'FieldValueRequired' | 'FieldValueInvalid' | 'FieldValueDuplicate' | 'FieldValueNotSupported'
  field: string
  message: string
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/

const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"

const goValue = (v: unknown): string => {
  if (typeof v === 'string') return JSON.stringify(v)
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const entries = Object.entries(v as Record<string, unknown>).map(
      ([k, x]) => `${JSON.stringify(k)}:${JSON.stringify(x)}`,
    )
    return `map[string]string{${entries.join(', ')}}`
  }
  return JSON.stringify(v)
}

const required = (field: string): FieldError => ({
  type: 'FieldValueRequired',
  field,
  message: 'Required value',
})
const invalidValue = (field: string, value: unknown, detail: string): FieldError => ({
  type: 'FieldValueInvalid',
  field,
  message: `Invalid value: ${goValue(value)}: ${detail}`,
})

function validateName(name: unknown, field: string, label: boolean, errs: FieldError[]): void {
  if (typeof name !== 'string' || name === '') return
  if (label) {
    if (name.length > 63 || !DNS1123_LABEL.test(name))
      errs.push(invalidValue(field, name, LABEL_MSG))
  } else if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    errs.push(invalidValue(field, name, SUBDOMAIN_MSG))
  }
}

function validateContainers(
  list: Any,
  field: string,
  errs: FieldError[],
  requireOne: boolean,
): void {
  if (list === undefined || list === null || (Array.isArray(list) && list.length === 0)) {
    if (requireOne) errs.push(required(field))
    return
  }
  if (!Array.isArray(list)) {
    errs.push(invalidValue(field, list, 'must be a list'))
    return
  }
  const seen = new Set<string>()
  list.forEach((c: Any, i: number) => {
    const at = `${field}[${i}]`
    if (!c?.name) errs.push(required(`${at}.name`))
    else {
      validateName(c.name, `${at}.name`, true, errs)
      if (seen.has(c.name))
        errs.push({
          type: 'FieldValueDuplicate',
          field: `${at}.name`,
          message: `Duplicate value: ${JSON.stringify(c.name)}`,
        })
      seen.add(c.name)
    }
    if (!c?.image || (typeof c.image === 'string' && c.image.trim() === ''))
      errs.push(required(`${at}.image`))
    const policy = c?.imagePullPolicy
    if (policy !== undefined && !['Always', 'IfNotPresent', 'Never'].includes(policy)) {
      errs.push({
        type: 'FieldValueNotSupported',
        field: `${at}.imagePullPolicy`,
        message: `Unsupported value: ${JSON.stringify(policy)}: supported values: "Always", "IfNotPresent", "Never"`,
      })
    }
  })
}

function validatePodSpec(spec: Any, field: string, errs: FieldError[], inTemplate: boolean): void {
  if (!spec || typeof spec !== 'object') {
    errs.push(required(`${field}.containers`))
    return
  }
  validateContainers(spec.containers, `${field}.containers`, errs, true)
  validateContainers(spec.initContainers, `${field}.initContainers`, errs, false)
  const rp = spec.restartPolicy
  if (inTemplate && rp !== undefined && rp !== 'Always') {
    errs.push({
      type: 'FieldValueNotSupported',
      field: `${field}.restartPolicy`,
      message: `Unsupported value: ${JSON.stringify(rp)}: supported values: "Always"`,
    })
  } else if (rp !== undefined && !['Always', 'OnFailure', 'Never'].includes(rp)) {
    errs.push({
      type: 'FieldValueNotSupported',
      field: `${field}.restartPolicy`,
      message: `Unsupported value: ${JSON.stringify(rp)}: supported values: "Always", "OnFailure", "Never"`,
    })
  }
}

function validateWorkload(obj: KubeObject, old: KubeObject | undefined, errs: FieldError[]): void {
  const spec = obj.spec
  if (!spec || typeof spec !== 'object') {
    errs.push(required('spec.selector'), required('spec.template.spec.containers'))
    return
  }
  if (typeof spec.replicas === 'number' && spec.replicas < 0) {
    errs.push(invalidValue('spec.replicas', spec.replicas, 'must be greater than or equal to 0'))
  }
  const sel = spec.selector as LabelSelectorSpec | undefined
  const templateLabels = spec.template?.metadata?.labels as Record<string, string> | undefined
  if (!sel) errs.push(required('spec.selector'))
  else {
    let reqs: ReturnType<typeof requirementsOf> = []
    try {
      reqs = requirementsOf(sel)
    } catch (e) {
      errs.push(invalidValue('spec.selector', sel, (e as Error).message))
    }
    if (reqs.length === 0)
      errs.push(invalidValue('spec.selector', sel, 'empty selector is invalid for deployment'))
    else if (!matchesLabels(templateLabels ?? {}, reqs)) {
      errs.push(
        invalidValue(
          'spec.template.metadata.labels',
          templateLabels ?? {},
          '`selector` does not match template `labels`',
        ),
      )
    }
    if (old?.spec?.selector && JSON.stringify(old.spec.selector) !== JSON.stringify(sel)) {
      errs.push(invalidValue('spec.selector', sel, 'field is immutable'))
    }
  }
  if (!spec.template) errs.push(required('spec.template.spec.containers'))
  else validatePodSpec(spec.template.spec, 'spec.template.spec', errs, true)
  const strategy = spec.strategy
  if (
    obj.kind === 'Deployment' &&
    strategy?.type &&
    !['RollingUpdate', 'Recreate'].includes(strategy.type)
  ) {
    errs.push({
      type: 'FieldValueNotSupported',
      field: 'spec.strategy.type',
      message: `Unsupported value: ${JSON.stringify(strategy.type)}: supported values: "Recreate", "RollingUpdate"`,
    })
  }
}

/** `Deployment.apps "web"`: how Invalid messages name the object. */
function qualifiedKind(t: ResourceType): string {
  return t.group ? `${t.kind}.${t.group}` : t.kind
}

/** Validate an object about to be stored; `old` is the stored one on update. */
export function validateObject(
  t: ResourceType,
  obj: KubeObject,
  old?: KubeObject,
): ApiError | undefined {
  const errs: FieldError[] = []
  const name = obj.metadata?.name
  if (name) validateName(name, 'metadata.name', t.resource === 'namespaces', errs)
  const ns = obj.metadata?.namespace
  if (t.namespaced && ns) validateName(ns, 'metadata.namespace', true, errs)
  for (const [k, v] of Object.entries(obj.metadata?.labels ?? {})) {
    if (
      typeof v !== 'string' ||
      v.length > 63 ||
      !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(v)
    ) {
      errs.push(
        invalidValue(
          `metadata.labels`,
          v,
          "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        ),
      )
    }
    if (
      !/^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(
        k,
      )
    ) {
      errs.push(
        invalidValue(
          'metadata.labels',
          k,
          "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        ),
      )
    }
  }
  switch (t.resource) {
    case 'deployments':
    case 'replicasets':
      validateWorkload(obj, old, errs)
      break
    case 'pods':
      validatePodSpec(obj.spec, 'spec', errs, false)
      break
    case 'secrets':
      for (const [k, v] of Object.entries((obj.data ?? {}) as Record<string, unknown>)) {
        if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v)) {
          errs.push(invalidValue(`data[${k}]`, v, 'illegal base64 data'))
        }
      }
      if (
        obj.type === 'kubernetes.io/dockerconfigjson' &&
        !(obj.data as Record<string, unknown> | undefined)?.['.dockerconfigjson']
      ) {
        errs.push(required('data[.dockerconfigjson]'))
      }
      break
  }
  if (errs.length === 0) return undefined
  const list = errs.map((e) => `${e.field}: ${e.message}`)
  const summary = list.length === 1 ? list[0] : `[${list.join(', ')}]`
  return new ApiError(
    422,
    'Invalid',
    `${qualifiedKind(t)} "${name ?? ''}" is invalid: ${summary}`,
    {
      name: name ?? '',
      group: t.group,
      kind: t.kind,
      causes: errs.map((e) => ({ reason: e.type, message: e.message, field: e.field })),
    },
  )
}
