// Decoding of the Kubernetes protobuf encoding (`application/vnd.kubernetes.protobuf`)
// for the objects kubectl's typed clients send: `kubectl create deployment|namespace|
// secret|serviceaccount` POST protobuf bodies, and client-go has no JSON fallback for
// that. Only the fields those commands (and simple manifests) carry are mapped; unknown
// fields are skipped. The result is the object's JSON form, as the API server would
// have decoded it (Go's omitempty: zero scalars vanish unless the field is a pointer).
import { ApiError } from './errors.ts'

/** `k8s\0`: the prefix of every Kubernetes protobuf body. */
export const PROTOBUF_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00])

export function isProtobuf(body: Buffer): boolean {
  return body.length >= 4 && body.subarray(0, 4).equals(PROTOBUF_MAGIC)
}

type Scalar = 'string' | 'bytes' | 'int32' | 'int64' | 'bool'
type Special = 'Time' | 'IntOrString' | 'Quantity' | 'map:string' | 'map:bytes' | 'map:Quantity'
/** [json name, type (a scalar, a special, or a message name), flags: r repeated, p pointer, i inline] */
type Field = [string, Scalar | Special | string, string?]
type Schema = Record<number, Field>

// Field numbers from Kubernetes' generated.proto files (k8s.io/api, k8s.io/apimachinery).
const SCHEMAS: Record<string, Schema> = {
  Unknown: {
    1: ['typeMeta', 'TypeMeta'],
    2: ['raw', 'bytes'],
    3: ['contentEncoding', 'string'],
    4: ['contentType', 'string'],
  },
  TypeMeta: { 1: ['apiVersion', 'string'], 2: ['kind', 'string'] },
  ObjectMeta: {
    1: ['name', 'string'],
    2: ['generateName', 'string'],
    3: ['namespace', 'string'],
    4: ['selfLink', 'string'],
    5: ['uid', 'string'],
    6: ['resourceVersion', 'string'],
    7: ['generation', 'int64'],
    8: ['creationTimestamp', 'Time'],
    9: ['deletionTimestamp', 'Time'],
    10: ['deletionGracePeriodSeconds', 'int64', 'p'],
    11: ['labels', 'map:string'],
    12: ['annotations', 'map:string'],
    13: ['ownerReferences', 'OwnerReference', 'r'],
    14: ['finalizers', 'string', 'r'],
  },
  OwnerReference: {
    5: ['apiVersion', 'string'],
    1: ['kind', 'string'],
    3: ['name', 'string'],
    4: ['uid', 'string'],
    6: ['controller', 'bool', 'p'],
    7: ['blockOwnerDeletion', 'bool', 'p'],
  },
  LabelSelector: {
    1: ['matchLabels', 'map:string'],
    2: ['matchExpressions', 'LabelSelectorRequirement', 'r'],
  },
  LabelSelectorRequirement: {
    1: ['key', 'string'],
    2: ['operator', 'string'],
    3: ['values', 'string', 'r'],
  },
  Deployment: {
    1: ['metadata', 'ObjectMeta'],
    2: ['spec', 'DeploymentSpec'],
    3: ['status', 'Empty'],
  },
  DeploymentSpec: {
    1: ['replicas', 'int32', 'p'],
    2: ['selector', 'LabelSelector'],
    3: ['template', 'PodTemplateSpec'],
    4: ['strategy', 'DeploymentStrategy'],
    5: ['minReadySeconds', 'int32'],
    6: ['revisionHistoryLimit', 'int32', 'p'],
    7: ['paused', 'bool'],
    9: ['progressDeadlineSeconds', 'int32', 'p'],
  },
  DeploymentStrategy: { 1: ['type', 'string'], 2: ['rollingUpdate', 'RollingUpdateDeployment'] },
  RollingUpdateDeployment: { 1: ['maxUnavailable', 'IntOrString'], 2: ['maxSurge', 'IntOrString'] },
  ReplicaSet: {
    1: ['metadata', 'ObjectMeta'],
    2: ['spec', 'ReplicaSetSpec'],
    3: ['status', 'Empty'],
  },
  ReplicaSetSpec: {
    1: ['replicas', 'int32', 'p'],
    2: ['selector', 'LabelSelector'],
    3: ['template', 'PodTemplateSpec'],
    4: ['minReadySeconds', 'int32'],
  },
  PodTemplateSpec: { 1: ['metadata', 'ObjectMeta'], 2: ['spec', 'PodSpec'] },
  Pod: { 1: ['metadata', 'ObjectMeta'], 2: ['spec', 'PodSpec'], 3: ['status', 'Empty'] },
  PodSpec: {
    1: ['volumes', 'Volume', 'r'],
    2: ['containers', 'Container', 'r'],
    3: ['restartPolicy', 'string'],
    4: ['terminationGracePeriodSeconds', 'int64', 'p'],
    5: ['activeDeadlineSeconds', 'int64', 'p'],
    6: ['dnsPolicy', 'string'],
    7: ['nodeSelector', 'map:string'],
    8: ['serviceAccountName', 'string'],
    9: ['serviceAccount', 'string'],
    10: ['nodeName', 'string'],
    11: ['hostNetwork', 'bool'],
    12: ['hostPID', 'bool'],
    13: ['hostIPC', 'bool'],
    14: ['securityContext', 'Empty'],
    15: ['imagePullSecrets', 'LocalObjectReference', 'r'],
    16: ['hostname', 'string'],
    17: ['subdomain', 'string'],
    19: ['schedulerName', 'string'],
    20: ['initContainers', 'Container', 'r'],
    21: ['automountServiceAccountToken', 'bool', 'p'],
    22: ['tolerations', 'Toleration', 'r'],
    24: ['priorityClassName', 'string'],
    25: ['priority', 'int32', 'p'],
    30: ['enableServiceLinks', 'bool', 'p'],
    31: ['preemptionPolicy', 'string'],
  },
  Container: {
    1: ['name', 'string'],
    2: ['image', 'string'],
    3: ['command', 'string', 'r'],
    4: ['args', 'string', 'r'],
    5: ['workingDir', 'string'],
    6: ['ports', 'ContainerPort', 'r'],
    7: ['env', 'EnvVar', 'r'],
    8: ['resources', 'ResourceRequirements'],
    9: ['volumeMounts', 'VolumeMount', 'r'],
    13: ['terminationMessagePath', 'string'],
    14: ['imagePullPolicy', 'string'],
    16: ['stdin', 'bool'],
    17: ['stdinOnce', 'bool'],
    18: ['tty', 'bool'],
    20: ['terminationMessagePolicy', 'string'],
  },
  ContainerPort: {
    1: ['name', 'string'],
    2: ['hostPort', 'int32'],
    3: ['containerPort', 'int32'],
    4: ['protocol', 'string'],
    5: ['hostIP', 'string'],
  },
  EnvVar: { 1: ['name', 'string'], 2: ['value', 'string'] },
  ResourceRequirements: { 1: ['limits', 'map:Quantity'], 2: ['requests', 'map:Quantity'] },
  VolumeMount: {
    1: ['name', 'string'],
    2: ['readOnly', 'bool'],
    3: ['mountPath', 'string'],
    4: ['subPath', 'string'],
  },
  Volume: { 1: ['name', 'string'], 2: ['volumeSource', 'VolumeSource', 'i'] },
  VolumeSource: { 2: ['emptyDir', 'EmptyDirVolumeSource'], 6: ['secret', 'SecretVolumeSource'] },
  EmptyDirVolumeSource: { 1: ['medium', 'string'], 2: ['sizeLimit', 'Quantity'] },
  SecretVolumeSource: {
    1: ['secretName', 'string'],
    3: ['defaultMode', 'int32', 'p'],
    4: ['optional', 'bool', 'p'],
  },
  LocalObjectReference: { 1: ['name', 'string'] },
  Toleration: {
    1: ['key', 'string'],
    2: ['operator', 'string'],
    3: ['value', 'string'],
    4: ['effect', 'string'],
    5: ['tolerationSeconds', 'int64', 'p'],
  },
  Namespace: {
    1: ['metadata', 'ObjectMeta'],
    2: ['spec', 'NamespaceSpec'],
    3: ['status', 'Empty'],
  },
  NamespaceSpec: { 1: ['finalizers', 'string', 'r'] },
  Secret: {
    1: ['metadata', 'ObjectMeta'],
    2: ['data', 'map:bytes'],
    3: ['type', 'string'],
    4: ['stringData', 'map:string'],
    5: ['immutable', 'bool', 'p'],
  },
  ServiceAccount: {
    1: ['metadata', 'ObjectMeta'],
    3: ['imagePullSecrets', 'LocalObjectReference', 'r'],
    4: ['automountServiceAccountToken', 'bool', 'p'],
  },
  Empty: {},
}

class Reader {
  pos = 0
  readonly buf: Buffer
  constructor(buf: Buffer) {
    this.buf = buf
  }
  done(): boolean {
    return this.pos >= this.buf.length
  }
  varint(): bigint {
    let result = 0n
    let shift = 0n
    for (;;) {
      if (this.pos >= this.buf.length) throw new Error('truncated varint')
      const b = this.buf[this.pos++]!
      result |= BigInt(b & 0x7f) << shift
      if ((b & 0x80) === 0) return result
      shift += 7n
    }
  }
  bytes(): Buffer {
    const n = Number(this.varint())
    if (this.pos + n > this.buf.length) throw new Error('truncated field')
    const out = this.buf.subarray(this.pos, this.pos + n)
    this.pos += n
    return out
  }
  skip(wire: number): void {
    if (wire === 0) this.varint()
    else if (wire === 1) this.pos += 8
    else if (wire === 2) this.bytes()
    else if (wire === 5) this.pos += 4
    else throw new Error(`unsupported wire type ${wire}`)
  }
}

type JsonValue = unknown

function decodeSpecial(type: Special, raw: Buffer): JsonValue {
  const m = decodeMessage(
    type === 'Time'
      ? { 1: ['seconds', 'int64'], 2: ['nanos', 'int32'] }
      : type === 'IntOrString'
        ? { 1: ['type', 'int64'], 2: ['intVal', 'int32'], 3: ['strVal', 'string'] }
        : { 1: ['string', 'string'] },
    raw,
  ) as Record<string, JsonValue>
  if (type === 'Time') {
    if (m.seconds === undefined) return undefined
    return new Date(Number(m.seconds) * 1000).toISOString().replace('.000Z', 'Z')
  }
  if (type === 'IntOrString') return m.type === 1 ? (m.strVal ?? '') : (m.intVal ?? 0)
  return m.string ?? '0'
}

function decodeMapEntry(valueType: string, raw: Buffer): [string, JsonValue] {
  const r = new Reader(raw)
  let key = ''
  let value: JsonValue = valueType === 'bytes' ? '' : valueType === 'Quantity' ? '0' : ''
  while (!r.done()) {
    const tag = Number(r.varint())
    const [field, wire] = [tag >> 3, tag & 7]
    if (wire !== 2) {
      r.skip(wire)
      continue
    }
    const b = r.bytes()
    if (field === 1) key = b.toString('utf8')
    else if (field === 2) {
      value =
        valueType === 'bytes'
          ? b.toString('base64')
          : valueType === 'Quantity'
            ? decodeSpecial('Quantity', b)
            : b.toString('utf8')
    }
  }
  return [key, value]
}

function decodeMessage(schema: Schema, buf: Buffer): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {}
  const r = new Reader(buf)
  while (!r.done()) {
    const tag = Number(r.varint())
    const num = tag >> 3
    const wire = tag & 7
    const f = schema[num]
    if (!f) {
      r.skip(wire)
      continue
    }
    const [name, type, flags = ''] = f
    const repeated = flags.includes('r')
    let value: JsonValue
    if (type === 'int32' || type === 'int64' || type === 'bool') {
      if (wire === 2) {
        // Packed repeated scalars.
        const inner = new Reader(r.bytes())
        const arr = (out[name] as JsonValue[] | undefined) ?? []
        while (!inner.done()) arr.push(scalar(type, inner.varint()))
        out[name] = arr
        continue
      }
      value = scalar(type, r.varint())
    } else if (wire !== 2) {
      r.skip(wire)
      continue
    } else {
      const b = r.bytes()
      if (type === 'string') value = b.toString('utf8')
      else if (type === 'bytes') value = b.toString('base64')
      else if (type.startsWith('map:')) {
        const [k, v] = decodeMapEntry(type.slice(4), b)
        const map = (out[name] as Record<string, JsonValue> | undefined) ?? {}
        map[k] = v
        out[name] = map
        continue
      } else if (type === 'Time' || type === 'IntOrString' || type === 'Quantity')
        value = decodeSpecial(type, b)
      else {
        const sub = SCHEMAS[type]
        value = sub ? decodeMessage(sub, b) : {}
      }
    }
    if (repeated) {
      const arr = (out[name] as JsonValue[] | undefined) ?? []
      arr.push(value)
      out[name] = arr
      continue
    }
    if (flags.includes('i') && value && typeof value === 'object') {
      Object.assign(out, value)
      continue
    }
    // Go's omitempty: a non-pointer zero value is not part of the JSON form.
    const zero = value === '' || value === 0 || value === false || value === undefined
    if (zero && !flags.includes('p') && type !== 'IntOrString' && type !== 'Quantity') continue
    if (value === undefined) continue
    out[name] = value
  }
  return out
}

function scalar(type: 'int32' | 'int64' | 'bool', v: bigint): number | boolean {
  if (type === 'bool') return v !== 0n
  return Number(BigInt.asIntN(type === 'int32' ? 32 : 64, v))
}

/** Decode a `k8s\0`-prefixed protobuf body into the object's JSON form. */
export function decodeProtobufObject(body: Buffer): Record<string, unknown> {
  try {
    const envelope = decodeMessage(SCHEMAS.Unknown!, body.subarray(4))
    const typeMeta = (envelope.typeMeta ?? {}) as { apiVersion?: string; kind?: string }
    const kind = typeMeta.kind ?? ''
    const schema = SCHEMAS[kind]
    if (
      !schema ||
      !['Deployment', 'ReplicaSet', 'Pod', 'Namespace', 'Secret', 'ServiceAccount'].includes(kind)
    ) {
      throw new ApiError(
        415,
        'UnsupportedMediaType',
        `the simulated API server cannot decode protobuf for kind "${kind}"; send application/json`,
      )
    }
    const raw = Buffer.from(String(envelope.raw ?? ''), 'base64')
    return { apiVersion: typeMeta.apiVersion, kind, ...decodeMessage(schema, raw) }
  } catch (e) {
    if (e instanceof ApiError) throw e
    throw new ApiError(400, 'BadRequest', `error decoding protobuf body: ${(e as Error).message}`)
  }
}
