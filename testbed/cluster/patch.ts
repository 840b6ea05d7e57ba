// The three patch formats the API server accepts, as pure functions on JSON values:
// RFC 6902 JSON Patch, RFC 7386 JSON Merge Patch, and Kubernetes' strategic merge
// patch (lists merged by their merge key, `$patch` directives, `$setElementOrder`,
// `$retainKeys`, `$deleteFromPrimitiveList`). Errors are ApiErrors with the status the
// API server answers.
import { ApiError } from './errors.ts'

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }
type JsonObject = { [k: string]: Json }

const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
const clone = <T>(v: T): T => structuredClone(v)

/** What the API server answers when a well-formed patch cannot be applied. */
const unprocessable = (message: string) => new ApiError(422, 'Invalid', message)
const badPatch = (message: string) => new ApiError(400, 'BadRequest', message)

// ---------------------------------------------------------------- RFC 6902

export interface JsonPatchOp {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test'
  path: string
  from?: string
  value?: unknown
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return []
  if (!pointer.startsWith('/')) throw unprocessable(`JSON pointer "${pointer}" must start with "/"`)
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
}

function arrayIndex(arr: Json[], token: string, forAdd: boolean): number {
  if (forAdd && token === '-') return arr.length
  if (!/^(0|[1-9]\d*)$/.test(token)) throw unprocessable(`invalid array index "${token}"`)
  const i = Number(token)
  if (i > arr.length || (!forAdd && i === arr.length))
    throw unprocessable(`array index ${i} out of bounds`)
  return i
}

/** The container holding the last token of `tokens`, and that token. */
function parentOf(doc: Json, tokens: string[], pointer: string): { parent: Json; last: string } {
  let cur: Json = doc
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[arrayIndex(cur, t, false)]!
    else if (isObject(cur) && Object.hasOwn(cur, t)) cur = cur[t]!
    else throw unprocessable(`doc is missing path: "${pointer}": missing value`)
  }
  return { parent: cur, last: tokens[tokens.length - 1]! }
}

function getAt(doc: Json, pointer: string): Json {
  let cur = doc
  for (const t of parsePointer(pointer)) {
    if (Array.isArray(cur)) cur = cur[arrayIndex(cur, t, false)]!
    else if (isObject(cur) && Object.hasOwn(cur, t)) cur = cur[t]!
    else throw unprocessable(`doc is missing path: "${pointer}": missing value`)
  }
  return cur
}

function removeAt(doc: Json, pointer: string): Json {
  const tokens = parsePointer(pointer)
  if (tokens.length === 0) throw unprocessable('cannot remove the whole document')
  const { parent, last } = parentOf(doc, tokens, pointer)
  if (Array.isArray(parent)) return parent.splice(arrayIndex(parent, last, false), 1)[0]!
  if (isObject(parent) && Object.hasOwn(parent, last)) {
    const old = parent[last]!
    delete parent[last]
    return old
  }
  throw unprocessable(`unable to remove nonexistent key: ${last}: missing value`)
}

function addAt(doc: Json, pointer: string, value: Json): Json {
  const tokens = parsePointer(pointer)
  if (tokens.length === 0) return value
  const { parent, last } = parentOf(doc, tokens, pointer)
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, true), 0, value)
  else if (isObject(parent)) parent[last] = value
  else throw unprocessable(`doc is missing path: "${pointer}": missing value`)
  return doc
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]))
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a)
    return (
      ka.length === Object.keys(b).length &&
      ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]))
    )
  }
  return false
}

/** Apply an RFC 6902 patch; the input is not modified. */
export function applyJsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops))
    throw badPatch('json: cannot unmarshal object into Go value of type jsonpatch.Patch')
  let out = clone(doc) as Json
  for (const raw of ops as JsonPatchOp[]) {
    if (!isObject(raw) || typeof raw.path !== 'string')
      throw badPatch('invalid JSON patch operation: missing "path"')
    const value = clone(raw.value) as Json
    switch (raw.op) {
      case 'add':
        if (!('value' in raw)) throw unprocessable('add operation does not apply: missing value')
        out = addAt(out, raw.path, value)
        break
      case 'remove':
        removeAt(out, raw.path)
        break
      case 'replace': {
        if (!('value' in raw))
          throw unprocessable('replace operation does not apply: missing value')
        const tokens = parsePointer(raw.path)
        if (tokens.length === 0) {
          out = value
          break
        }
        getAt(out, raw.path) // must exist
        const { parent, last } = parentOf(out, tokens, raw.path)
        if (Array.isArray(parent)) parent[arrayIndex(parent, last, false)] = value
        else (parent as JsonObject)[last] = value
        break
      }
      case 'move': {
        if (typeof raw.from !== 'string') throw badPatch('move operation requires "from"')
        const moved = removeAt(out, raw.from)
        out = addAt(out, raw.path, moved)
        break
      }
      case 'copy': {
        if (typeof raw.from !== 'string') throw badPatch('copy operation requires "from"')
        out = addAt(out, raw.path, clone(getAt(out, raw.from)))
        break
      }
      case 'test': {
        let actual: Json | undefined
        try {
          actual = getAt(out, raw.path)
        } catch {
          actual = undefined
        }
        if (!deepEqual(actual, raw.value ?? null)) {
          throw unprocessable(`testing value ${raw.path} failed: test failed`)
        }
        break
      }
      default:
        throw badPatch(`Unexpected kind: ${String((raw as { op?: unknown }).op)}`)
    }
  }
  return out
}

// ---------------------------------------------------------------- RFC 7386

/** Apply an RFC 7386 merge patch; the input is not modified. */
export function applyMergePatch(doc: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return clone(patch)
  const out: JsonObject = isObject(doc) ? clone(doc) : {}
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k]
    else out[k] = applyMergePatch(out[k], v) as Json
  }
  return out
}

// ---------------------------------------------------------------- strategic merge

/**
 * Merge keys of the list fields Kubernetes declares `patchStrategy:"merge"`, by field
 * name (the simulated API serves too few types for names to collide). A string value
 * names the key of a list of objects; `true` marks a list of scalars merged as a set.
 */
export const MERGE_KEYS: Readonly<Record<string, string | true>> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  imagePullSecrets: 'name',
  env: 'name',
  resourceClaims: 'name',
  schedulingGates: 'name',
  ports: 'containerPort',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  conditions: 'type',
  ownerReferences: 'uid',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  podIPs: 'ip',
  addresses: 'type',
  finalizers: true,
}

const DIRECTIVE = '$patch'
const ORDER_PREFIX = '$setElementOrder/'
const DELETE_PRIMITIVE_PREFIX = '$deleteFromPrimitiveList/'
const RETAIN_KEYS = '$retainKeys'

/** Apply a Kubernetes strategic merge patch; the input is not modified. */
export function applyStrategicMergePatch(doc: unknown, patch: unknown): unknown {
  if (!isObject(patch)) throw badPatch('strategic merge patch must be a JSON object')
  const out = mergeMap(isObject(doc) ? clone(doc) : {}, patch)
  return out === undefined ? {} : out
}

/** Merge `patch` into `orig` (owned, modified). Returns undefined for `$patch: delete`. */
function mergeMap(orig: JsonObject, patch: JsonObject): JsonObject | undefined {
  const directive = patch[DIRECTIVE]
  if (directive === 'delete') return undefined
  if (directive === 'replace') {
    const { [DIRECTIVE]: _d, ...rest } = patch
    return stripDirectives(rest) as JsonObject
  }
  if (directive !== undefined && directive !== 'merge')
    throw badPatch(`Unknown patch type: ${String(directive)}`)

  if (Array.isArray(patch[RETAIN_KEYS])) {
    const keep = new Set((patch[RETAIN_KEYS] as Json[]).map(String))
    for (const k of Object.keys(orig)) if (!keep.has(k)) delete orig[k]
  }
  for (const [k, v] of Object.entries(patch)) {
    if (k === DIRECTIVE || k === RETAIN_KEYS || k.startsWith(ORDER_PREFIX)) continue
    if (k.startsWith(DELETE_PRIMITIVE_PREFIX)) {
      const field = k.slice(DELETE_PRIMITIVE_PREFIX.length)
      const drop = Array.isArray(v) ? v : []
      if (Array.isArray(orig[field]))
        orig[field] = (orig[field] as Json[]).filter((x) => !drop.some((d) => deepEqual(d, x)))
      continue
    }
    if (v === null) {
      delete orig[k]
      continue
    }
    const cur = orig[k]
    if (isObject(v)) {
      const merged = mergeMap(isObject(cur) ? cur : {}, v)
      if (merged === undefined) delete orig[k]
      else orig[k] = merged
    } else if (Array.isArray(v)) {
      orig[k] = mergeList(k, Array.isArray(cur) ? cur : [], v)
    } else {
      orig[k] = v
    }
  }
  for (const [k, v] of Object.entries(patch)) {
    if (!k.startsWith(ORDER_PREFIX) || !Array.isArray(v)) continue
    const field = k.slice(ORDER_PREFIX.length)
    if (Array.isArray(orig[field])) orig[field] = applyOrder(field, orig[field] as Json[], v)
  }
  return orig
}

function mergeList(field: string, orig: Json[], patch: Json[]): Json[] {
  const strategy = MERGE_KEYS[field]
  // A `{"$patch": "replace"}` element replaces the whole list with the other elements.
  const replace = patch.some((e) => isObject(e) && e[DIRECTIVE] === 'replace')
  if (replace)
    return patch.filter((e) => !(isObject(e) && e[DIRECTIVE] === 'replace')).map(stripDirectives)
  if (strategy === undefined) return patch.map(stripDirectives)
  if (strategy === true) {
    const out = [...orig]
    for (const e of patch) if (!out.some((x) => deepEqual(x, e))) out.push(e)
    return out
  }
  const key = strategy
  const out = [...orig]
  for (const e of patch) {
    if (!isObject(e))
      throw badPatch(
        `merging an object in json but data type is not struct, instead is: ${typeof e}`,
      )
    if (!Object.hasOwn(e, key)) {
      if (e[DIRECTIVE] === 'delete')
        throw badPatch(`map: ${JSON.stringify(e)} does not contain declared merge key: ${key}`)
      throw badPatch(`map: ${JSON.stringify(e)} does not contain declared merge key: ${key}`)
    }
    const idx = out.findIndex((x) => isObject(x) && deepEqual(x[key], e[key]))
    if (e[DIRECTIVE] === 'delete') {
      if (idx >= 0) out.splice(idx, 1)
      continue
    }
    if (idx >= 0) {
      const merged = mergeMap(out[idx] as JsonObject, e)
      if (merged === undefined) out.splice(idx, 1)
      else out[idx] = merged
    } else {
      out.push(stripDirectives(e))
    }
  }
  return out
}

/** `$setElementOrder`: listed elements first, in the listed order; the rest after. */
function applyOrder(field: string, list: Json[], order: Json[]): Json[] {
  const strategy = MERGE_KEYS[field]
  const keyOf = (e: Json): Json =>
    typeof strategy === 'string' && isObject(e) ? (e[strategy] ?? null) : e
  const wanted = order.map(keyOf)
  const ranked = list.map((e, i) => {
    const rank = wanted.findIndex((w) => deepEqual(w, keyOf(e)))
    return { e, rank: rank < 0 ? wanted.length + i : rank }
  })
  return ranked.sort((a, b) => a.rank - b.rank).map((r) => r.e)
}

function stripDirectives(v: Json): Json {
  if (Array.isArray(v)) return v.map(stripDirectives)
  if (!isObject(v)) return v
  const out: JsonObject = {}
  for (const [k, x] of Object.entries(v)) {
    if (
      k === DIRECTIVE ||
      k === RETAIN_KEYS ||
      k.startsWith(ORDER_PREFIX) ||
      k.startsWith(DELETE_PRIMITIVE_PREFIX)
    )
      continue
    if (x === null) continue
    out[k] = stripDirectives(x)
  }
  return out
}

// ---------------------------------------------------------------- dispatch

export const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
] as const
export type PatchType = (typeof PATCH_TYPES)[number]

/** Apply a patch body of the given content type to a JSON document. */
export function applyPatch(type: string, doc: unknown, patch: unknown): unknown {
  switch (type) {
    case 'application/json-patch+json':
      return applyJsonPatch(doc, patch)
    case 'application/merge-patch+json':
      return applyMergePatch(doc, patch)
    case 'application/strategic-merge-patch+json':
      return applyStrategicMergePatch(doc, patch)
    default:
      throw new ApiError(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES.join(', ')}`,
      )
  }
}
