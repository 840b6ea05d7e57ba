// The simulated API server: HTTPS on 127.0.0.1, bearer-token auth, discovery, the
// resources of resources.ts (get, list, watch, create, update, patch, delete, and the
// status/scale/log subresources), server-side Table printing, and the test hooks under
// /_testbed/. Every answer that is not a success is a metav1.Status.
import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:https'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { authenticate, authorize, forbidPath, type Tokens, type User } from './auth.ts'
import type { ClusterContext } from './context.ts'
import { applyDefaults, initialStatus } from './defaults.ts'
import {
  AGGREGATED_DISCOVERY_TYPE,
  SERVER_VERSION,
  aggregatedDiscovery,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  openApiV3Document,
  openApiV3Index,
  wantsAggregated,
} from './discovery.ts'
import { ApiError, conflict, notFound, qualified } from './errors.ts'
import { Faults, faultError, type FaultRequest, type RequestLogEntry } from './hooks.ts'
import { applyPatch } from './patch.ts'
import { decodeProtobufObject, isProtobuf } from './protobuf.ts'
import { RESOURCES, apiVersionOf, resourceType, type ResourceType } from './resources.ts'
import { formatRequirements, requirementsOf, selectorFilter } from './selectors.ts'
import { keyOf, randomSuffix, type KubeObject } from './store.ts'
import { toTable, type IncludeObject } from './table.ts'
import type { ServerCertificates } from './tls.ts'
import { validateObject } from './validation.ts'

export interface ApiServerOptions {
  ctx: ClusterContext
  tokens: Tokens
  certs: ServerCertificates
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number
}

export interface ApiServer {
  url: string
  port: number
  faults: Faults
  /** Close every open watch stream now (as the `dropWatches` fault does). */
  dropWatches(): void
  stop(): Promise<void>
}

const MAX_BODY = 8 * 1024 * 1024
const REQUEST_LOG_LIMIT = 10_000
const DEFAULT_WATCH_TIMEOUT_S = 1800

interface Route {
  t: ResourceType
  key: string
  namespace?: string
  name?: string
  subresource?: string
  /** The legacy `/watch/` path prefix was used. */
  watchPath: boolean
}

const pathNotFound = () =>
  new ApiError(404, 'NotFound', 'the server could not find the requested resource', {})

/** Split an API path into its resource route; undefined when it is not a resource path. */
export function parseRoute(path: string): Route | undefined {
  const seg = path
    .split('/')
    .filter((s) => s !== '')
    .map(decodeURIComponent)
  let group: string
  let version: string
  let rest: string[]
  if (seg[0] === 'api' && seg.length >= 3) {
    group = ''
    version = seg[1]!
    rest = seg.slice(2)
  } else if (seg[0] === 'apis' && seg.length >= 4) {
    group = seg[1]!
    version = seg[2]!
    rest = seg.slice(3)
  } else return undefined
  let watchPath = false
  if (rest[0] === 'watch') {
    watchPath = true
    rest = rest.slice(1)
  }
  let namespace: string | undefined
  const nsSubresource = rest.length === 3 && ['status', 'finalize'].includes(rest[2]!)
  if (rest[0] === 'namespaces' && rest.length >= 3 && !nsSubresource) {
    namespace = rest[1]
    rest = rest.slice(2)
  }
  if (rest.length === 0 || rest.length > 3) return undefined
  const t = resourceType(group, rest[0]!)
  if (!t || t.version !== version) return undefined
  if (!t.namespaced && namespace !== undefined) return undefined
  const [, name, subresource] = rest
  if (subresource !== undefined && !t.subresources.includes(subresource)) return undefined
  if (t.namespaced && name !== undefined && namespace === undefined) return undefined
  return { t, key: keyOf(t), namespace, name, subresource, watchPath }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) {
        reject(new ApiError(413, 'BadRequest', 'the request body is too large'))
        req.destroy()
      } else chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function parseJson(body: Buffer, what = 'body'): unknown {
  // kubectl's typed clients (create deployment, namespace, secret…) send protobuf.
  if (isProtobuf(body)) return decodeProtobufObject(body)
  const text = body.toString('utf8')
  if (text.trim() === '')
    throw new ApiError(400, 'BadRequest', `the ${what} of the request is empty`)
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new ApiError(400, 'BadRequest', `error decoding ${what}: ${(e as Error).message}`)
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

const truthy = (v: string | null) => v === 'true' || v === '1'

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  contentType = 'application/json',
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
  })
  res.end(text)
}

function sendError(res: ServerResponse, err: ApiError): void {
  if (res.headersSent) {
    res.end()
    return
  }
  const headers: Record<string, string> = {}
  if (err.details?.retryAfterSeconds !== undefined)
    res.setHeader('Retry-After', String(err.details.retryAfterSeconds))
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v)
  sendJson(res, err.code, err.toStatus())
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  })
  res.end(text)
}

/** How the object is named in conflict/forbidden messages: `deployments.apps "web"`. */
const named = (t: ResourceType, name: string) => `${qualified(t.group, t.resource)} "${name}"`

function wantsTable(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((p) => /as=Table/.test(p) && /g=meta\.k8s\.io/.test(p))
}

const SERVER_OWNED_META = [
  'uid',
  'resourceVersion',
  'creationTimestamp',
  'generation',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
] as const

export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const { ctx, tokens } = opts
  const { store, clock, logs } = ctx
  const faults = new Faults()
  const requestLog: { entry: RequestLogEntry; res: ServerResponse }[] = []
  const openWatches = new Set<() => void>()
  let dropTimer: NodeJS.Timeout | undefined
  let serverAddress = '127.0.0.1:0'

  const dropWatches = () => {
    for (const close of [...openWatches]) close()
  }

  function setDropInterval(ms: number): void {
    if (dropTimer) clearInterval(dropTimer)
    dropTimer = undefined
    faults.dropEveryMs = ms > 0 ? ms : 0
    if (ms > 0) {
      dropTimer = setInterval(dropWatches, ms)
      dropTimer.unref()
    }
  }

  // ------------------------------------------------------------ objects

  function toScale(t: ResourceType, obj: KubeObject): Record<string, unknown> {
    let selector: string
    try {
      selector = obj.spec?.selector ? formatRequirements(requirementsOf(obj.spec.selector)) : ''
    } catch {
      selector = ''
    }
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: {
        name: obj.metadata.name,
        namespace: obj.metadata.namespace,
        uid: obj.metadata.uid,
        resourceVersion: obj.metadata.resourceVersion,
        creationTimestamp: obj.metadata.creationTimestamp,
      },
      spec: { replicas: obj.spec?.replicas ?? 0 },
      status: { replicas: obj.status?.replicas ?? 0, selector },
    }
  }

  /** Check the body's kind/apiVersion against the route, as the decoder does. */
  function checkKind(
    t: ResourceType,
    body: Record<string, unknown>,
    expectKind = t.kind,
    expectVersion = apiVersionOf(t),
  ): void {
    if (body.kind !== undefined && body.kind !== expectKind) {
      throw new ApiError(
        400,
        'BadRequest',
        `the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${expectVersion})`,
      )
    }
    if (body.apiVersion !== undefined && body.apiVersion !== expectVersion) {
      throw new ApiError(
        400,
        'BadRequest',
        `the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${expectVersion})`,
      )
    }
  }

  function validated(t: ResourceType, obj: KubeObject, old?: KubeObject): void {
    const err = validateObject(t, obj, old)
    if (err) throw err
  }

  function create(r: Route, body: unknown, dryRun: boolean): KubeObject {
    if (!isObject(body))
      throw new ApiError(400, 'BadRequest', 'the body of the request must be a JSON object')
    checkKind(r.t, body)
    const input = structuredClone(body) as KubeObject
    input.metadata = isObject(input.metadata) ? input.metadata : ({} as KubeObject['metadata'])
    if (input.metadata.resourceVersion) {
      throw new ApiError(
        500,
        'InternalError',
        'resourceVersion should not be set on objects to be created',
      )
    }
    for (const k of SERVER_OWNED_META) delete input.metadata[k]
    if (
      r.t.namespaced &&
      input.metadata.namespace &&
      r.namespace &&
      input.metadata.namespace !== r.namespace
    ) {
      throw new ApiError(
        400,
        'BadRequest',
        'the namespace of the provided object does not match the namespace sent on the request',
      )
    }
    if (r.t.namespaced) input.metadata.namespace = r.namespace
    input.apiVersion = apiVersionOf(r.t)
    input.kind = r.t.kind
    applyDefaults(r.key, input)
    const status = initialStatus(r.key, input)
    if (status === undefined) delete input.status
    else input.status = status
    if (!input.metadata.name && !input.metadata.generateName) {
      throw new ApiError(
        422,
        'Invalid',
        `${r.t.kind} "" is invalid: metadata.name: Required value: name or generateName is required`,
        {
          kind: r.t.kind,
          group: r.t.group,
          causes: [
            {
              reason: 'FieldValueRequired',
              message: 'Required value: name or generateName is required',
              field: 'metadata.name',
            },
          ],
        },
      )
    }
    validated(r.t, {
      ...input,
      metadata: {
        ...input.metadata,
        name: input.metadata.name ?? `${input.metadata.generateName}x`,
      },
    })
    if (dryRun) {
      const name = input.metadata.name ?? `${input.metadata.generateName}${randomSuffix()}`
      if (store.tryGet(r.key, r.namespace, name))
        throw new ApiError(409, 'AlreadyExists', `${named(r.t, name)} already exists`, {
          name,
          group: r.t.group,
          kind: r.t.resource,
        })
      if (r.t.namespaced && !store.tryGet('/namespaces', undefined, r.namespace!))
        throw notFound('', 'namespaces', r.namespace!)
      return {
        ...input,
        metadata: {
          ...input.metadata,
          name,
          uid: randomUUID(),
          resourceVersion: '',
          creationTimestamp: clock.timestamp(),
          ...(r.t.hasGeneration ? { generation: 1 } : {}),
        },
      }
    }
    if (r.key === '/namespaces' && input.metadata.generateName && !input.metadata.name) {
      // The namespace label names the namespace; pick the name first.
      do input.metadata.name = input.metadata.generateName + randomSuffix()
      while (store.tryGet('/namespaces', undefined, input.metadata.name))
      applyDefaults(r.key, input)
    }
    return store.create(r.key, r.namespace, input)
  }

  /** Store `next` as the new version of `cur` (update and patch end here). */
  function replace(r: Route, cur: KubeObject, next: unknown, dryRun: boolean): KubeObject {
    if (!isObject(next))
      throw new ApiError(400, 'BadRequest', 'the body of the request must be a JSON object')
    checkKind(r.t, next)
    const obj = structuredClone(next) as KubeObject
    obj.metadata = isObject(obj.metadata) ? obj.metadata : ({} as KubeObject['metadata'])
    if (obj.metadata.name !== undefined && obj.metadata.name !== r.name) {
      throw new ApiError(
        400,
        'BadRequest',
        `the name of the object (${obj.metadata.name}) does not match the name on the URL (${r.name})`,
      )
    }
    if (
      r.t.namespaced &&
      obj.metadata.namespace !== undefined &&
      obj.metadata.namespace !== r.namespace
    ) {
      throw new ApiError(
        400,
        'BadRequest',
        'the namespace of the provided object does not match the namespace sent on the request',
      )
    }
    obj.metadata.name = r.name!
    if (r.t.namespaced) obj.metadata.namespace = r.namespace
    else delete obj.metadata.namespace
    obj.apiVersion = cur.apiVersion
    obj.kind = cur.kind
    if (
      obj.metadata.resourceVersion &&
      obj.metadata.resourceVersion !== cur.metadata.resourceVersion
    ) {
      throw conflict(r.t.group, r.t.resource, r.name!)
    }
    if (r.subresource === 'status') {
      if (dryRun) return { ...cur, status: obj.status }
      return store.update(
        r.key,
        {
          ...cur,
          status: obj.status,
          metadata: { ...cur.metadata, resourceVersion: obj.metadata.resourceVersion ?? '' },
        },
        { subresource: 'status' },
      )
    }
    // Fields only the server sets keep the stored values; a client cannot change them.
    obj.metadata.generation = cur.metadata.generation
    if (cur.metadata.deletionTimestamp)
      obj.metadata.deletionTimestamp = cur.metadata.deletionTimestamp
    else delete obj.metadata.deletionTimestamp
    applyDefaults(r.key, obj)
    validated(r.t, obj, cur)
    if (dryRun)
      return {
        ...obj,
        metadata: { ...obj.metadata, resourceVersion: cur.metadata.resourceVersion },
      }
    return store.update(r.key, obj)
  }

  function scaleWrite(
    r: Route,
    cur: KubeObject,
    scale: unknown,
    dryRun: boolean,
  ): Record<string, unknown> {
    if (!isObject(scale))
      throw new ApiError(400, 'BadRequest', 'the body of the request must be a JSON object')
    checkKind(r.t, scale, 'Scale', 'autoscaling/v1')
    const meta = isObject(scale.metadata) ? scale.metadata : {}
    if (meta.name !== undefined && meta.name !== r.name) {
      throw new ApiError(
        400,
        'BadRequest',
        `the name of the object (${String(meta.name)}) does not match the name on the URL (${r.name})`,
      )
    }
    if (meta.resourceVersion && meta.resourceVersion !== cur.metadata.resourceVersion)
      throw conflict(r.t.group, r.t.resource, r.name!)
    const replicas = isObject(scale.spec) ? scale.spec.replicas : undefined
    if (replicas !== undefined && (!Number.isInteger(replicas) || (replicas as number) < 0)) {
      throw new ApiError(
        422,
        'Invalid',
        `Scale.autoscaling "${r.name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
        {
          name: r.name,
          group: 'autoscaling',
          kind: 'Scale',
          causes: [
            {
              reason: 'FieldValueInvalid',
              message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
              field: 'spec.replicas',
            },
          ],
        },
      )
    }
    const next = structuredClone(cur)
    next.spec = { ...(next.spec ?? {}), replicas: replicas ?? 0 }
    if (dryRun) return toScale(r.t, next)
    return toScale(r.t, store.update(r.key, next))
  }

  function deleteOne(r: Route, options: Record<string, unknown>, dryRun: boolean): unknown {
    const cur = store.get(r.key, r.namespace, r.name!)
    const pre = isObject(options.preconditions) ? options.preconditions : {}
    if (pre.uid && pre.uid !== cur.metadata.uid) {
      throw new ApiError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${named(r.t, r.name!)}: Precondition failed: UID in precondition: ${String(pre.uid)}, UID in object meta: ${cur.metadata.uid}`,
        { name: r.name, group: r.t.group, kind: r.t.resource },
      )
    }
    if (pre.resourceVersion && pre.resourceVersion !== cur.metadata.resourceVersion) {
      throw new ApiError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${named(r.t, r.name!)}: Precondition failed: ResourceVersion in precondition: ${String(pre.resourceVersion)}, ResourceVersion in object meta: ${cur.metadata.resourceVersion}`,
        { name: r.name, group: r.t.group, kind: r.t.resource },
      )
    }
    const policy =
      options.propagationPolicy ?? (options.orphanDependents === true ? 'Orphan' : undefined)
    if (policy !== undefined && !['Orphan', 'Background', 'Foreground'].includes(String(policy))) {
      throw new ApiError(
        422,
        'Invalid',
        `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${String(policy)}": supported values: "Foreground", "Background", "Orphan", "nil"`,
      )
    }
    const success = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: {
        name: cur.metadata.name,
        group: r.t.group,
        kind: r.t.resource,
        uid: cur.metadata.uid,
      },
    }
    if (dryRun) return r.key === '/pods' ? cur : success
    if (policy === 'Orphan') orphanDependents(cur)
    if (r.key === '/namespaces') deleteNamespaceContents(cur.metadata.name)
    const grace = options.gracePeriodSeconds
    const answer = store.delete(r.key, r.namespace, r.name!, {
      ...(typeof grace === 'number' ? { gracePeriodSeconds: grace } : {}),
    })
    return store.tryGet(r.key, r.namespace, r.name!) ? answer : success
  }

  /** Orphan deletion: the dependents lose their owner reference and stay. */
  function orphanDependents(owner: KubeObject): void {
    for (const t of RESOURCES) {
      if (!t.namespaced) continue
      const key = keyOf(t)
      for (const o of store.list(key, owner.metadata.namespace).items) {
        const refs = o.metadata.ownerReferences ?? []
        if (!refs.some((ref) => ref.uid === owner.metadata.uid)) continue
        store.mutate(key, o.metadata.namespace, o.metadata.name, (x) => {
          x.metadata.ownerReferences = refs.filter((ref) => ref.uid !== owner.metadata.uid)
          if (x.metadata.ownerReferences.length === 0) delete x.metadata.ownerReferences
        })
      }
    }
  }

  /** The namespace controller's work, done at once: everything in it goes. */
  function deleteNamespaceContents(ns: string): void {
    for (const t of RESOURCES) {
      if (!t.namespaced) continue
      for (const o of store.list(keyOf(t), ns).items) {
        store.remove(keyOf(t), ns, o.metadata.name)
        if (t.resource === 'pods') logs.forgetPod(ns, o.metadata.name)
      }
    }
  }

  // ------------------------------------------------------------ reads

  function listKind(t: ResourceType): string {
    return `${t.kind}List`
  }

  function list(r: Route, q: URLSearchParams, accept: string | undefined): unknown {
    const filter = selectorFilter(r.t.resource, q.get('labelSelector'), q.get('fieldSelector'))
    const all = store.list(r.key, r.namespace, filter)
    let items = all.items
    let continueToken: string | undefined
    const limit = Number(q.get('limit') ?? 0)
    let start = 0
    const cont = q.get('continue')
    if (cont) {
      try {
        const parsed = JSON.parse(Buffer.from(cont, 'base64url').toString('utf8')) as {
          start: number
        }
        start = parsed.start
      } catch {
        throw new ApiError(400, 'BadRequest', 'continue key is not valid: illegal base64 data')
      }
    }
    if (start > 0 || limit > 0) {
      const end = limit > 0 ? start + limit : items.length
      if (end < items.length)
        continueToken = Buffer.from(JSON.stringify({ start: end })).toString('base64url')
      items = items.slice(start, end)
    }
    if (wantsTable(accept)) {
      return toTable(r.t, r.key, items, {
        now: clock.nowMs(),
        include: includeObject(q),
        resourceVersion: all.resourceVersion,
        continueToken,
      })
    }
    return {
      kind: listKind(r.t),
      apiVersion: apiVersionOf(r.t),
      metadata: {
        resourceVersion: all.resourceVersion,
        ...(continueToken ? { continue: continueToken } : {}),
      },
      items,
    }
  }

  function includeObject(q: URLSearchParams): IncludeObject {
    const v = q.get('includeObject')
    return v === 'None' || v === 'Object' ? v : 'Metadata'
  }

  function readLog(r: Route, q: URLSearchParams): string {
    const pod = store.get('/pods', r.namespace, r.name!)
    const names: string[] = [
      ...(pod.spec?.initContainers ?? []),
      ...(pod.spec?.containers ?? []),
    ].map((c: { name: string }) => c.name)
    let container = q.get('container') ?? ''
    if (!container) {
      const main = (pod.spec?.containers ?? []).map((c: { name: string }) => c.name)
      if (main.length !== 1) {
        throw new ApiError(
          400,
          'BadRequest',
          `a container name must be specified for pod ${r.name}, choose one of: [${main.join(' ')}]`,
        )
      }
      container = main[0]!
    }
    if (!names.includes(container))
      throw new ApiError(400, 'BadRequest', `container ${container} is not valid for pod ${r.name}`)
    const previous = truthy(q.get('previous'))
    const lines = logs.read(r.namespace!, r.name!, container, { previous })
    if (!lines) {
      if (previous)
        throw new ApiError(
          400,
          'BadRequest',
          `previous terminated container "${container}" in pod "${r.name}" not found`,
        )
      const statuses = [
        ...(pod.status?.initContainerStatuses ?? []),
        ...(pod.status?.containerStatuses ?? []),
      ]
      const st = statuses.find((s: { name: string }) => s.name === container)
      const waiting = st?.state?.waiting?.reason ?? 'ContainerCreating'
      const why =
        waiting === 'ImagePullBackOff' || waiting === 'ErrImagePull'
          ? 'trying and failing to pull image'
          : waiting
      throw new ApiError(
        400,
        'BadRequest',
        `container "${container}" in pod "${r.name}" is waiting to start: ${why}`,
      )
    }
    let selected = lines
    const since = q.get('sinceSeconds')
    if (since) selected = selected.filter((l) => l.time >= clock.nowMs() - Number(since) * 1000)
    const tail = q.get('tailLines')
    if (tail !== null && Number(tail) >= 0)
      selected = Number(tail) === 0 ? [] : selected.slice(-Number(tail))
    const stamp = truthy(q.get('timestamps'))
    let text = selected
      .map(
        (l) =>
          `${stamp ? `${new Date(l.time).toISOString().replace('Z', '000000Z')} ` : ''}${l.text}\n`,
      )
      .join('')
    const limitBytes = Number(q.get('limitBytes') ?? 0)
    if (limitBytes > 0) text = Buffer.from(text).subarray(0, limitBytes).toString('utf8')
    return text
  }

  function watch(
    r: Route,
    q: URLSearchParams,
    accept: string | undefined,
    req: IncomingMessage,
    res: ServerResponse,
  ): void {
    const filter = selectorFilter(r.t.resource, q.get('labelSelector'), q.get('fieldSelector'))
    const table = wantsTable(accept)
    const include = includeObject(q)
    const sendInitial = truthy(q.get('sendInitialEvents'))
    const bookmarks = truthy(q.get('allowWatchBookmarks'))
    const fromRv = sendInitial ? undefined : (q.get('resourceVersion') ?? undefined)
    const timeoutS = Number(q.get('timeoutSeconds') ?? DEFAULT_WATCH_TIMEOUT_S)
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, private',
      'Transfer-Encoding': 'chunked',
    })
    res.flushHeaders()
    let first = true
    const write = (type: string, obj: unknown) => {
      if (!res.writableEnded) res.write(`${JSON.stringify({ type, object: obj })}\n`)
    }
    const send = (type: string, obj: KubeObject) => {
      if (table) {
        write(
          type,
          toTable(r.t, r.key, [obj], {
            now: clock.nowMs(),
            include,
            resourceVersion: obj.metadata.resourceVersion,
            withColumns: first,
          }),
        )
        first = false
      } else write(type, obj)
    }
    const bookmark = (annotations?: Record<string, string>) => {
      if (!bookmarks || table) return
      write('BOOKMARK', {
        kind: r.t.kind,
        apiVersion: apiVersionOf(r.t),
        metadata: { resourceVersion: store.currentRv(), ...(annotations ? { annotations } : {}) },
      })
    }
    let handle: { stop(): void } | undefined
    let closed = false
    const timers: NodeJS.Timeout[] = []
    const close = () => {
      if (closed) return
      closed = true
      handle?.stop()
      for (const t of timers) clearTimeout(t)
      openWatches.delete(close)
      if (!res.writableEnded) res.end()
    }
    openWatches.add(close)
    req.on('close', close)
    res.on('close', close)
    try {
      handle = store.watch(r.key, r.namespace, fromRv, filter, send)
    } catch (e) {
      if (e instanceof ApiError) {
        write('ERROR', e.toStatus())
        close()
        return
      }
      throw e
    }
    if (sendInitial) bookmark({ 'k8s.io/initial-events-end': 'true' })
    if (timeoutS > 0) timers.push(setTimeout(close, timeoutS * 1000))
    if (bookmarks) {
      const tick = setInterval(() => bookmark(), 10_000)
      timers.push(tick)
    }
    for (const t of timers) t.unref()
  }

  // ------------------------------------------------------------ dispatch

  async function serveResource(
    r: Route,
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    body: Buffer,
    user: User,
  ): Promise<void> {
    const q = url.searchParams
    const method = req.method ?? 'GET'
    const accept = req.headers.accept
    const dryRun = q.getAll('dryRun').includes('All')
    const attrs = {
      group: r.t.group,
      resource: r.t.resource,
      subresource: r.subresource,
      namespace: r.namespace,
      name: r.name,
    }
    const verbFor = (): string => {
      switch (method) {
        case 'GET':
        case 'HEAD':
          return r.name ? 'get' : r.watchPath || truthy(q.get('watch')) ? 'watch' : 'list'
        case 'POST':
          return 'create'
        case 'PUT':
          return 'update'
        case 'PATCH':
          return 'patch'
        case 'DELETE':
          return r.name ? 'delete' : 'deletecollection'
        default:
          return method.toLowerCase()
      }
    }
    const verb = verbFor()
    authorize(user, { verb, ...attrs })

    if (verb === 'watch') return watch(r, q, accept, req, res)
    if (verb === 'list') return sendJson(res, 200, list(r, q, accept))

    if (verb === 'create') {
      if (r.name)
        throw new ApiError(
          405,
          'MethodNotAllowed',
          'the server does not allow this method on the requested resource',
        )
      return sendJson(res, 201, create(r, parseJson(body), dryRun))
    }

    if (verb === 'deletecollection') {
      const filter = selectorFilter(r.t.resource, q.get('labelSelector'), q.get('fieldSelector'))
      const options = body.length ? (parseJson(body) as Record<string, unknown>) : {}
      const items = store.list(r.key, r.namespace, filter).items
      for (const o of items)
        deleteOne({ ...r, namespace: o.metadata.namespace, name: o.metadata.name }, options, dryRun)
      return sendJson(res, 200, {
        kind: listKind(r.t),
        apiVersion: apiVersionOf(r.t),
        metadata: { resourceVersion: store.currentRv() },
        items,
      })
    }

    const cur = store.get(r.key, r.namespace, r.name!)

    if (r.subresource === 'log') {
      if (verb !== 'get')
        throw new ApiError(
          405,
          'MethodNotAllowed',
          'the server does not allow this method on the requested resource',
        )
      return sendText(res, 200, readLog(r, q))
    }

    if (r.subresource === 'scale') {
      if (verb === 'get') return sendJson(res, 200, toScale(r.t, cur))
      if (verb === 'update') return sendJson(res, 200, scaleWrite(r, cur, parseJson(body), dryRun))
      if (verb === 'patch') {
        const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim()
        return sendJson(
          res,
          200,
          scaleWrite(r, cur, patchDocument(type, toScale(r.t, cur), body), dryRun),
        )
      }
      throw new ApiError(
        405,
        'MethodNotAllowed',
        'the server does not allow this method on the requested resource',
      )
    }

    switch (verb) {
      case 'get':
        if (wantsTable(accept) && !r.subresource) {
          return sendJson(
            res,
            200,
            toTable(r.t, r.key, [cur], {
              now: clock.nowMs(),
              include: includeObject(q),
              resourceVersion: cur.metadata.resourceVersion,
            }),
          )
        }
        return sendJson(res, 200, cur)
      case 'update':
        return sendJson(res, 200, replace(r, cur, parseJson(body), dryRun))
      case 'patch': {
        const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim()
        const patched = patchDocument(type, cur, body) as KubeObject
        // A patch that leaves resourceVersion alone does not ask for a precondition.
        return sendJson(res, 200, replace(r, cur, patched, dryRun))
      }
      case 'delete': {
        if (r.subresource)
          throw new ApiError(
            405,
            'MethodNotAllowed',
            'the server does not allow this method on the requested resource',
          )
        const options: Record<string, unknown> = body.length
          ? (parseJson(body) as Record<string, unknown>)
          : {}
        if (q.get('gracePeriodSeconds') !== null)
          options.gracePeriodSeconds = Number(q.get('gracePeriodSeconds'))
        if (q.get('propagationPolicy') !== null)
          options.propagationPolicy = q.get('propagationPolicy')
        if (q.get('orphanDependents') !== null)
          options.orphanDependents = truthy(q.get('orphanDependents'))
        const dry = dryRun || (Array.isArray(options.dryRun) && options.dryRun.includes('All'))
        return sendJson(res, 200, deleteOne(r, options, dry))
      }
    }
    throw new ApiError(
      405,
      'MethodNotAllowed',
      'the server does not allow this method on the requested resource',
    )
  }

  function patchDocument(type: string, doc: unknown, body: Buffer): unknown {
    if (type === 'application/apply-patch+yaml' || type === 'application/apply-patch+cbor') {
      throw new ApiError(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (server-side apply is not simulated)`,
      )
    }
    if (
      ![
        'application/json-patch+json',
        'application/merge-patch+json',
        'application/strategic-merge-patch+json',
      ].includes(type)
    ) {
      return applyPatch(type, doc, undefined) // throws the 415
    }
    return applyPatch(type, doc, parseJson(body, 'patch'))
  }

  function serveDiscovery(path: string, req: IncomingMessage, res: ServerResponse): boolean {
    const accept = req.headers.accept
    if (path === '/version' || path === '/version/') {
      sendJson(res, 200, SERVER_VERSION)
      return true
    }
    if (['/healthz', '/livez', '/readyz'].includes(path)) {
      sendText(res, 200, 'ok')
      return true
    }
    if (path === '/openapi/v3') {
      sendJson(res, 200, openApiV3Index())
      return true
    }
    if (path.startsWith('/openapi/v3/')) {
      const doc = openApiV3Document(path.slice('/openapi/v3/'.length))
      if (!doc) return false
      sendJson(res, 200, doc)
      return true
    }
    if (path === '/api' || path === '/api/') {
      if (wantsAggregated(accept))
        sendJson(res, 200, aggregatedDiscovery(true), AGGREGATED_DISCOVERY_TYPE)
      else sendJson(res, 200, apiVersions(serverAddress))
      return true
    }
    if (path === '/apis' || path === '/apis/') {
      if (wantsAggregated(accept))
        sendJson(res, 200, aggregatedDiscovery(false), AGGREGATED_DISCOVERY_TYPE)
      else sendJson(res, 200, apiGroupList())
      return true
    }
    const seg = path.split('/').filter(Boolean)
    if (seg[0] === 'api' && seg.length === 2) {
      const list = apiResourceList('', seg[1]!)
      if (!list) return false
      sendJson(res, 200, list)
      return true
    }
    if (seg[0] === 'apis' && seg.length === 2) {
      const g = apiGroup(seg[1]!)
      if (!g) return false
      sendJson(res, 200, g)
      return true
    }
    if (seg[0] === 'apis' && seg.length === 3) {
      const list = apiResourceList(seg[1]!, seg[2]!)
      if (!list) return false
      sendJson(res, 200, list)
      return true
    }
    return false
  }

  async function serveHooks(
    path: string,
    method: string,
    body: Buffer,
    res: ServerResponse,
    user: User,
  ): Promise<void> {
    if (user.readOnly) throw forbidPath(user, method.toLowerCase(), path)
    if (path === '/_testbed/requests') {
      if (method === 'GET') {
        return sendJson(
          res,
          200,
          requestLog.map(({ entry, res: r }) => ({
            ...entry,
            status: r.headersSent ? r.statusCode : entry.status,
          })),
        )
      }
      if (method === 'DELETE') {
        requestLog.length = 0
        return sendJson(res, 200, [])
      }
    }
    if (path === '/_testbed/faults') {
      if (method === 'GET') return sendJson(res, 200, faults.describe())
      if (method === 'DELETE') {
        faults.clear()
        setDropInterval(0)
        return sendJson(res, 200, faults.describe())
      }
      if (method === 'POST') {
        const spec = parseJson(body) as FaultRequest
        if (!isObject(spec))
          throw new ApiError(400, 'BadRequest', 'faults: the body must be a JSON object')
        faults.addRules(spec.rules)
        if (spec.dropWatchesEveryMs !== undefined) setDropInterval(Number(spec.dropWatchesEveryMs))
        if (spec.compact) store.compact()
        if (spec.dropWatches) dropWatches()
        return sendJson(res, 200, faults.describe())
      }
      throw new ApiError(
        405,
        'MethodNotAllowed',
        'the server does not allow this method on the requested resource',
      )
    }
    throw pathNotFound()
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1')
    const path = url.pathname
    const method = (req.method ?? 'GET').toUpperCase()
    const hook = path.startsWith('/_testbed/')
    if (!hook) {
      const entry: RequestLogEntry = {
        time: new Date(clock.wallNow()).toISOString(),
        method,
        path,
        query: url.search.replace(/^\?/, ''),
        contentType: req.headers['content-type'] ?? '',
        status: 0,
      }
      requestLog.push({ entry, res })
      if (requestLog.length > REQUEST_LOG_LIMIT)
        requestLog.splice(0, requestLog.length - REQUEST_LOG_LIMIT)
      res.on('close', () => {
        entry.status = res.headersSent ? res.statusCode : 0
      })
    }
    try {
      const body = await readBody(req)
      const user = authenticate(req.headers.authorization, tokens)
      if (hook) return await serveHooks(path, method, body, res, user)
      const decision = faults.decide(method, path, url.search.replace(/^\?/, ''))
      if (decision.delayMs > 0)
        await new Promise((resolve) => setTimeout(resolve, decision.delayMs))
      const route = parseRoute(path)
      if (decision.status !== undefined) {
        throw faultError(decision, route?.name ? named(route.t, route.name) : undefined)
      }
      if (method === 'GET' && serveDiscovery(path, req, res)) return
      if (!route) throw pathNotFound()
      await serveResource(route, req, res, url, body, user)
    } catch (e) {
      if (e instanceof ApiError) return sendError(res, e)
      const message = e instanceof Error ? e.message : String(e)
      sendError(res, new ApiError(500, 'InternalError', `Internal error occurred: ${message}`))
    }
  }

  const server: Server = createServer(
    { key: opts.certs.keyPem, cert: opts.certs.certPem },
    (req, res) => {
      handle(req, res).catch(() => {
        if (!res.headersSent) sendText(res, 500, 'internal error')
        else res.end()
      })
    },
  )
  // A client that goes away mid-answer (a killed kubectl, a cancelled action, a watch
  // dropped by a fault) resets its socket: that ends its request, never the server.
  server.on('secureConnection', (socket) => socket.on('error', () => socket.destroy()))
  server.on('clientError', (_err, socket) => socket.destroy())
  server.on('tlsClientError', (_err, socket) => socket.destroy())
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  serverAddress = `127.0.0.1:${port}`

  return {
    url: `https://127.0.0.1:${port}`,
    port,
    faults,
    dropWatches,
    async stop() {
      setDropInterval(0)
      dropWatches()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
  }
}
