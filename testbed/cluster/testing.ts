// Helpers for tests that drive the simulated cluster through its HTTPS API: start a
// cluster, run the real kubectl against it, call the test hooks, and wait for store
// state (re-checked on every change, no polling).
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { request } from 'node:https'
import { join } from 'node:path'
import type { FaultRequest, RequestLogEntry } from './hooks.ts'
import { startCluster, type Cluster, type ClusterOptions } from './index.ts'
import type { KubeObject } from './store.ts'

export type { Cluster, ClusterOptions }

/** Start a cluster for a test file; call `stop()` in afterAll. */
export function startTestCluster(opts: ClusterOptions = {}): Promise<Cluster> {
  return startCluster({ speed: 1, ...opts })
}

export const KUBECTL_CANDIDATES = ['/usr/bin/kubectl', '/usr/local/bin/kubectl']
export const MIN_KUBECTL_MINOR = 27

/** Parse `kubectl version --client -o json` output into [major, minor]. */
export function parseKubectlVersion(json: string): [number, number] {
  const v = (JSON.parse(json) as { clientVersion?: { major?: string; minor?: string } })
    .clientVersion
  return [Number.parseInt(v?.major ?? '0', 10), Number.parseInt(v?.minor ?? '0', 10)]
}

/** The kubectl to judge the cluster with; throws (tests fail, never skip) without one ≥ 1.27. */
export async function findKubectl(candidates = KUBECTL_CANDIDATES): Promise<string> {
  const found: string[] = []
  for (const path of candidates) {
    if (!existsSync(path)) continue
    const out = await new Promise<string>((resolve) =>
      execFile(path, ['version', '--client', '-o', 'json'], (_e, stdout) => resolve(stdout)),
    )
    try {
      const [major, minor] = parseKubectlVersion(out)
      if (major === 1 && minor >= MIN_KUBECTL_MINOR) return path
      found.push(`${path} is 1.${minor}`)
    } catch {
      found.push(`${path} did not report a version`)
    }
  }
  throw new Error(
    `no kubectl >= 1.${MIN_KUBECTL_MINOR} found (${found.join('; ') || `looked at ${candidates.join(', ')}`}); install one at /usr/bin/kubectl`,
  )
}

export interface KubectlResult {
  code: number
  stdout: string
  stderr: string
}

export interface KubectlOptions {
  /** Use the read-only kubeconfig. */
  restricted?: boolean
  /** Text for stdin (`-f -`). */
  input?: string
  timeoutMs?: number
  kubectlPath?: string
}

/**
 * Run kubectl against the cluster (`--kubeconfig`, a discovery cache inside the cluster's
 * temp dir). Resolves with the exit code and output; never rejects on a non-zero exit.
 */
export function kubectl(
  cluster: Cluster,
  args: string[],
  opts: KubectlOptions = {},
): Promise<KubectlResult> {
  const kubeconfig = opts.restricted ? cluster.restrictedKubeconfigPath : cluster.kubeconfigPath
  const argv = [
    '--kubeconfig',
    kubeconfig,
    '--cache-dir',
    join(cluster.dir, 'kubectl-cache'),
    ...args,
  ]
  return new Promise((resolve, reject) => {
    const child = execFile(
      opts.kubectlPath ?? KUBECTL_CANDIDATES[0]!,
      argv,
      { timeout: opts.timeoutMs ?? 30_000, env: { ...process.env, KUBECONFIG: kubeconfig } },
      (err, stdout, stderr) => {
        if (err && typeof (err as { code?: unknown }).code !== 'number') return reject(err)
        resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout, stderr })
      },
    )
    if (opts.input !== undefined) child.stdin?.end(opts.input)
    else child.stdin?.end()
  })
}

/** Like `kubectl`, but rejects with stderr when the exit code is not 0. */
export async function kubectlOk(
  cluster: Cluster,
  args: string[],
  opts: KubectlOptions = {},
): Promise<string> {
  const r = await kubectl(cluster, args, opts)
  if (r.code !== 0)
    throw new Error(`kubectl ${args.join(' ')} exited ${r.code}: ${r.stderr.trim()}`)
  return r.stdout
}

/**
 * Resolve with the first truthy value of `check`, re-evaluated after every store change
 * (and once at the start); reject after `timeoutMs` of wall time.
 */
export function waitFor<T>(
  cluster: Pick<Cluster, 'store'>,
  check: () => T | undefined | null | false,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  return new Promise((resolve, reject) => {
    const first = check()
    if (first) return resolve(first)
    const timer = setTimeout(() => {
      unsubscribe()
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`))
    }, timeoutMs)
    const unsubscribe = cluster.store.subscribe(() => {
      const v = check()
      if (!v) return
      clearTimeout(timer)
      unsubscribe()
      resolve(v)
    })
  })
}

/** Wait until the object exists and `predicate(obj)` holds; resolves with the object. */
export function waitForObject(
  cluster: Pick<Cluster, 'store'>,
  key: string,
  namespace: string | undefined,
  name: string,
  predicate: (obj: KubeObject) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<KubeObject> {
  return waitFor(
    cluster,
    () => {
      const obj = cluster.store.tryGet(key, namespace, name)
      return obj && predicate(obj) ? obj : undefined
    },
    timeoutMs,
    `${key} ${namespace ? `${namespace}/` : ''}${name}`,
  )
}

/** Call the API server over HTTPS with the full-access token (or `token`). */
export function apiRequest(
  cluster: Pick<Cluster, 'url' | 'caPem' | 'token'>,
  method: string,
  path: string,
  body?: unknown,
  opts: { token?: string; contentType?: string; accept?: string } = {},
): Promise<{
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}> {
  const data =
    body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, cluster.url),
      {
        method,
        // A connection per call: no idle pooled socket is left for the server to reset.
        agent: false,
        ca: cluster.caPem,
        headers: {
          ...(opts.token !== '' ? { Authorization: `Bearer ${opts.token ?? cluster.token}` } : {}),
          ...(data !== undefined ? { 'Content-Type': opts.contentType ?? 'application/json' } : {}),
          Accept: opts.accept ?? 'application/json',
        },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        )
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(data)
  })
}

/** GET /_testbed/requests: every request the API server answered, oldest first. */
export async function requestLog(cluster: Cluster): Promise<RequestLogEntry[]> {
  const r = await apiRequest(cluster, 'GET', '/_testbed/requests')
  return JSON.parse(r.body) as RequestLogEntry[]
}

export async function clearRequestLog(cluster: Cluster): Promise<void> {
  await apiRequest(cluster, 'DELETE', '/_testbed/requests')
}

/** POST /_testbed/faults (rules are appended to those in force). */
export async function injectFaults(cluster: Cluster, faults: FaultRequest): Promise<void> {
  const r = await apiRequest(cluster, 'POST', '/_testbed/faults', faults)
  if (r.status !== 200) throw new Error(`POST /_testbed/faults answered ${r.status}: ${r.body}`)
}

export async function clearFaults(cluster: Cluster): Promise<void> {
  await apiRequest(cluster, 'DELETE', '/_testbed/faults')
}

/** Poll an async check every 20 ms until it holds (for state outside the store, e.g. the request log). */
export async function eventually(
  check: () => Promise<boolean> | boolean,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** Resolve once the API server has an open watch on a path matching `pathPattern`. */
export function watchOpened(
  cluster: Cluster,
  pathPattern: RegExp,
  timeoutMs = 10_000,
): Promise<void> {
  return eventually(
    async () =>
      (await requestLog(cluster)).some(
        (r) => pathPattern.test(r.path) && /(^|&)watch=(true|1)/.test(r.query) && r.status === 200,
      ),
    timeoutMs,
    `a watch on ${pathPattern}`,
  )
}
