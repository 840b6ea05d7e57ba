// Cluster access: which kubeconfig, which context, which namespace, and the KubeApi over
// @kubernetes/client-node. client-node does the config loading, authentication (tokens,
// client certificates, exec credential plugins, in-cluster service accounts), TLS and
// the Watch; it is loaded here, lazily, because it is heavy.
//
// Reads and patches go through client-node's authentication and HTTP dispatcher but
// keep the wire JSON (the generated typed API would turn timestamps into Dates and drop
// fields its model version does not know, and a pod template restored from such an
// object could differ from the old ReplicaSet's, defeating a rollback's reuse of it).
import * as core from '@actions/core'
import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { KubeConfig, RequestContext as Ctx } from '@kubernetes/client-node'
import { InputError, type DeploySettings } from '../inputs.ts'
import { kubeconfigFileName, saveKubeconfigFile } from '../state.ts'
import { parseRetryAfter } from '../util/retry.ts'
import type { KubeApi, Resource, WatchEvent } from './api.ts'
import { deferredFor, loadDeferred } from './deferred.ts'
import { KubeError } from './errors.ts'
import type { Status, Workload } from './types.ts'

const API_GROUP: Record<string, string> = {
  deployments: 'apps',
  statefulsets: 'apps',
  daemonsets: 'apps',
  replicasets: 'apps',
}

export interface ClusterAccess {
  api: KubeApi
  /** The namespace for deployments named without one. */
  namespace: string
  context: string
  server: string
}

/** Write the `kubeconfig` input to a 0600 file under RUNNER_TEMP, for post to remove. */
export async function writeKubeconfigInput(input: string, env = process.env): Promise<string> {
  // Loaded after the client: its YAML parser is client-node's js-yaml, which then comes
  // with the client (and counts in CLIENT_LOADED's time) rather than before it.
  const { decodeKubeconfigInput, kubeconfigSecrets } = await import('./kubeconfig.ts')
  const text = decodeKubeconfigInput(input)
  for (const secret of kubeconfigSecrets(text)) core.setSecret(secret)
  const dir = env.RUNNER_TEMP || tmpdir()
  mkdirSync(dir, { recursive: true })
  const path = join(dir, kubeconfigFileName(randomBytes(6).toString('hex')))
  writeFileSync(path, text, { mode: 0o600 })
  saveKubeconfigFile(path)
  return path
}

/** The debug line that says how long loading @kubernetes/client-node took. */
export const CLIENT_LOADED = 'Kubernetes client loaded in'

/** Load the kubeconfig the inputs point at and pick the context. */
export async function connect(settings: DeploySettings): Promise<ClusterAccess> {
  const loading = performance.now()
  const { KubeConfig } = await import('@kubernetes/client-node')
  // What the client costs at start (bench/scenarios/cold-start.ts reads it).
  core.debug(`${CLIENT_LOADED} ${Math.round(performance.now() - loading)} ms`)
  const kc = new KubeConfig()
  let source: string
  try {
    if (settings.kubeconfig) {
      const path = await writeKubeconfigInput(settings.kubeconfig)
      kc.loadFromFile(path)
      source = "the 'kubeconfig' input"
    } else {
      kc.loadFromDefault()
      source = process.env.KUBECONFIG
        ? `KUBECONFIG (${process.env.KUBECONFIG})`
        : 'the default kubeconfig (~/.kube/config or the in-cluster service account)'
    }
  } catch (err) {
    if (err instanceof InputError) throw err
    throw new InputError(
      settings.kubeconfig ? 'kubeconfig' : 'deployment',
      `cannot load the kubeconfig: ${err instanceof Error ? err.message : String(err)}`,
    )
  }
  const fallback = kc.getCurrentCluster()
  // client-node's last resort when it found nothing: an unauthenticated localhost:8080.
  if (
    !settings.kubeconfig &&
    fallback?.server === 'http://localhost:8080' &&
    kc.getCurrentContext() === 'loaded-context'
  ) {
    throw new InputError(
      'kubeconfig',
      'is empty and no cluster is configured: no KUBECONFIG, no ~/.kube/config, and not running in a cluster. Give the kubeconfig input (e.g. ${{ secrets.KUBECONFIG }}), or set up the context in an earlier step (azure/k8s-set-context, aws eks update-kubeconfig, google-github-actions/get-gke-credentials).',
    )
  }
  if (settings.kubeContext) {
    if (!kc.getContextObject(settings.kubeContext)) {
      const names = kc.getContexts().map((c) => c.name)
      throw new InputError(
        'kube-context',
        `"${settings.kubeContext}" is not a context of ${source}; it has ${names.length ? names.join(', ') : 'none'}.`,
      )
    }
    kc.setCurrentContext(settings.kubeContext)
  }
  const context = kc.getCurrentContext()
  const cluster = kc.getCurrentCluster()
  if (!cluster)
    throw new InputError(
      settings.kubeContext ? 'kube-context' : 'kubeconfig',
      `the current context "${context}" of ${source} names no cluster.`,
    )
  const namespace =
    settings.namespace || kc.getContextObject(context)?.namespace?.trim() || 'default'
  // The auth provider's or SOCKS proxy's library, if this user or cluster has one: before
  // any request can need it.
  const deferred = await loadDeferred(deferredFor(kc.getCurrentUser(), cluster))
  if (deferred.length) core.debug(`Loaded for the kubeconfig: ${deferred.join(', ')}`)
  return { api: await clientNodeApi(kc), namespace, context, server: cluster.server }
}

/** Objects per page of a list: the API server's own default for kubectl. */
const LIST_PAGE = 500

const PATHS: Record<Resource, string> = {
  deployments: '/apis/apps/v1',
  statefulsets: '/apis/apps/v1',
  daemonsets: '/apis/apps/v1',
  replicasets: '/apis/apps/v1',
  pods: '/api/v1',
  events: '/api/v1',
}
const collection = (resource: Resource, ns: string) =>
  `${PATHS[resource]}/namespaces/${encodeURIComponent(ns)}/${resource}`

function networkError(err: unknown, server: string): KubeError {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause
  const detail = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err))
  return new KubeError(0, `${detail} (${server})`)
}

function errorFrom(code: number, headers: Record<string, string>, text: string): KubeError {
  let status: Status | undefined
  try {
    status = JSON.parse(text) as Status
  } catch {
    status = undefined
  }
  const retryAfter =
    parseRetryAfter(headers['retry-after'], Date.now()) ??
    (status?.details?.retryAfterSeconds !== undefined
      ? status.details.retryAfterSeconds * 1000
      : undefined)
  return new KubeError(code, status?.message || text || `HTTP ${code}`, {
    ...(status ? { status } : {}),
    ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}),
  })
}

/** The KubeApi over a loaded KubeConfig. */
export async function clientNodeApi(kc: KubeConfig): Promise<KubeApi> {
  // The package's entry point re-exports every generated API and model (17 MB), none
  // of which dock2pod calls: the bundler keeps only what is destructured here, since
  // scripts/bundle.ts declares the package free of import side effects.
  const { IsomorphicFetchHttpLibrary, RequestContext, HttpMethod, Watch } =
    await import('@kubernetes/client-node')
  const server = kc.getCurrentCluster()!.server.replace(/\/+$/, '')

  // client-node's own HTTP library: its fetch, its dispatcher (CA, client certificate).
  const http = new IsomorphicFetchHttpLibrary()
  // client-node builds a new dispatcher (an undici connection pool) for every request in
  // applySecurityAuthentication, so every request opens a connection of its own, with
  // its own TLS handshake. The run keeps the first dispatcher and sends every request and
  // watch through it: idle connections are reused. The headers (a token, an exec
  // plugin's) are still applied per request; the TLS settings are the first request's,
  // so a client certificate an exec plugin renews during the run would not be taken up.
  let dispatcher: ReturnType<Ctx['getDispatcher']>
  const auth = {
    getCurrentCluster: () => kc.getCurrentCluster(),
    async applySecurityAuthentication(ctx: Ctx): Promise<void> {
      await kc.applySecurityAuthentication(ctx)
      dispatcher ??= ctx.getDispatcher()
      if (dispatcher) ctx.setDispatcher(dispatcher)
    },
  }

  async function request(
    method: 'GET' | 'PATCH' | 'POST' | 'DELETE',
    path: string,
    query: Record<string, string | number | boolean | undefined> = {},
    body?: { contentType: string; data: unknown },
    accept = 'application/json',
  ): Promise<string> {
    const url = new URL(server + path)
    for (const [k, v] of Object.entries(query))
      if (v !== undefined) url.searchParams.set(k, String(v))
    const ctx = new RequestContext(url.toString(), HttpMethod[method])
    ctx.setHeaderParam('Accept', accept)
    if (body) {
      ctx.setHeaderParam('Content-Type', body.contentType)
      ctx.setBody(JSON.stringify(body.data))
    }
    await auth.applySecurityAuthentication(ctx)
    let res: Awaited<ReturnType<ReturnType<typeof http.send>['toPromise']>>
    try {
      res = await http.send(ctx).toPromise()
    } catch (err) {
      throw networkError(err, server)
    }
    const text = await res.body.text()
    if (res.httpStatusCode < 200 || res.httpStatusCode >= 300)
      throw errorFrom(res.httpStatusCode, res.headers, text)
    return text
  }

  const watcher = new Watch(auth as unknown as KubeConfig)
  // Discovery, once per group version: what `kubectl` caches under ~/.kube/cache.
  const discovered = new Map<
    string,
    Promise<{ kind: string; name: string; namespaced: boolean }[]>
  >()
  const discover = (apiVersion: string) => {
    let known = discovered.get(apiVersion)
    if (!known) {
      const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`
      known = request('GET', path).then(
        (text) =>
          (
            JSON.parse(text) as {
              resources?: { kind: string; name: string; namespaced: boolean }[]
            }
          ).resources ?? [],
        (err: unknown) => {
          discovered.delete(apiVersion)
          if (err instanceof KubeError && err.code === 404) return []
          throw err
        },
      )
      discovered.set(apiVersion, known)
    }
    return known
  }
  return {
    server,
    async getWorkload(resource, ns, name) {
      const text = await request('GET', `${collection(resource, ns)}/${encodeURIComponent(name)}`)
      return JSON.parse(text) as Workload
    },
    async patchWorkload(resource, ns, name, data, o) {
      const text = await request(
        'PATCH',
        `${collection(resource, ns)}/${encodeURIComponent(name)}`,
        { fieldManager: 'dock2pod', ...(o?.dryRun ? { dryRun: 'All' } : {}) },
        { contentType: 'application/strategic-merge-patch+json', data },
      )
      return JSON.parse(text) as Workload
    },
    async resourceFor(apiVersion, kind) {
      const r = (await discover(apiVersion)).find((x) => x.kind === kind && !x.name.includes('/'))
      return r ? { resource: r.name, namespaced: r.namespaced } : undefined
    },
    async getObject(path) {
      return JSON.parse(await request('GET', path)) as unknown
    },
    async applyObject(path, data, o) {
      const text = await request(
        'PATCH',
        path,
        {
          fieldManager: 'dock2pod',
          ...(o.force ? { force: true } : {}),
          ...(o.dryRun ? { dryRun: 'All' } : {}),
        },
        // JSON is YAML: the apply content type takes it as it is.
        { contentType: 'application/apply-patch+yaml', data },
      )
      return JSON.parse(text) as unknown
    },
    async deletePod(ns, name, uid) {
      await request(
        'DELETE',
        `${collection('pods', ns)}/${encodeURIComponent(name)}`,
        {},
        {
          contentType: 'application/json',
          data: { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { uid } },
        },
      )
    },
    async list<T>(
      resource: Resource,
      ns: string,
      sel: { labelSelector?: string; fieldSelector?: string },
      keep?: (obj: T) => boolean,
    ) {
      const items: T[] = []
      let resourceVersion = ''
      let next: string | undefined
      do {
        const body = JSON.parse(
          await request('GET', collection(resource, ns), {
            ...sel,
            limit: LIST_PAGE,
            ...(next ? { continue: next } : {}),
          }),
        ) as { items?: T[]; metadata?: { resourceVersion?: string; continue?: string } }
        for (const item of body.items ?? []) if (!keep || keep(item)) items.push(item)
        // The list's version is the first page's: later pages are of that same snapshot.
        resourceVersion ||= body.metadata?.resourceVersion ?? ''
        next = body.metadata?.continue || undefined
      } while (next)
      return { items, resourceVersion }
    },
    async watch(resource, ns, opts, onEvent, onDone) {
      let ended = false
      const controller = await watcher.watch(
        collection(resource, ns),
        { ...opts, allowWatchBookmarks: true },
        (type: string, object: unknown) => {
          if (!ended) onEvent({ type: type as WatchEvent['type'], object })
        },
        (err: unknown) => {
          if (ended) return
          ended = true
          const code = (err as { statusCode?: number } | null)?.statusCode
          if (!err) onDone()
          else if (code) onDone(new KubeError(code, (err as Error).message))
          // A quiet stream that client-node's inactivity timer ended is resumed like a
          // normal close.
          else if (['AbortError', 'TimeoutError'].includes((err as Error).name)) onDone()
          else onDone(networkError(err, server))
        },
      )
      return () => {
        ended = true
        controller.abort()
      }
    },
    async mayI(check) {
      const [resource, subresource] = check.resource.split('/') as [string, string?]
      const text = await request(
        'POST',
        '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
        {},
        {
          contentType: 'application/json',
          data: {
            apiVersion: 'authorization.k8s.io/v1',
            kind: 'SelfSubjectAccessReview',
            spec: {
              resourceAttributes: {
                namespace: check.namespace,
                verb: check.verb,
                group: API_GROUP[resource] ?? '',
                resource,
                ...(subresource ? { subresource } : {}),
              },
            },
          },
        },
      )
      return (JSON.parse(text) as { status?: { allowed?: boolean } }).status?.allowed === true
    },
    async podLog(ns, pod, container, opts) {
      return request(
        'GET',
        `${collection('pods', ns)}/${encodeURIComponent(pod)}/log`,
        {
          container,
          previous: opts.previous,
          tailLines: opts.tailLines,
          limitBytes: opts.limitBytes,
        },
        undefined,
        // kube-apiserver answers `Accept: text/plain` on pods/log with 406 Not Acceptable.
        '*/*',
      )
    },
  }
}
