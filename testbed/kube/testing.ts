// Helpers for tests against the real cluster: kubectl of the pinned version, the API
// over HTTPS (through the hooks' proxy), the test hooks, and waits that ask the cluster.
import { request } from 'node:https'
import type { FaultRequest, RequestLogEntry } from './faults.ts'
import { run } from '../docker/proc.ts'
import { freeCpuMillis } from '../workload.ts'

/** What it takes to reach the cluster: the proxy's URL, our CA, a token. */
export interface KubeTarget {
  url: string
  caPem: string
  token: string
  kubectl: string
  kubeconfigPath: string
  restrictedKubeconfigPath: string
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
}

/** kubectl (the pinned version) against the cluster; never rejects on a non-zero exit. */
export function kubectl(
  c: KubeTarget,
  args: string[],
  opts: KubectlOptions = {},
): Promise<KubectlResult> {
  const kubeconfig = opts.restricted ? c.restrictedKubeconfigPath : c.kubeconfigPath
  return run(c.kubectl, ['--kubeconfig', kubeconfig, ...args], {
    timeoutMs: opts.timeoutMs ?? 120_000,
    ...(opts.input !== undefined ? { input: opts.input } : {}),
  })
}

/** Like `kubectl`, but rejects with stderr when the exit code is not 0. */
export async function kubectlOk(
  c: KubeTarget,
  args: string[],
  opts: KubectlOptions = {},
): Promise<string> {
  const r = await kubectl(c, args, opts)
  if (r.code !== 0)
    throw new Error(`kubectl ${args.join(' ')} exited ${r.code}: ${r.stderr.trim()}`)
  return r.stdout
}

/** Call the API (through the proxy) with the full-access token, or `token`. */
export function apiRequest(
  c: Pick<KubeTarget, 'url' | 'caPem' | 'token'>,
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
      new URL(path, c.url),
      {
        method,
        // A connection per call: no idle pooled socket is left behind.
        agent: false,
        ca: c.caPem,
        headers: {
          Authorization: `Bearer ${opts.token ?? c.token}`,
          ...(data !== undefined ? { 'Content-Type': opts.contentType ?? 'application/json' } : {}),
          Accept: opts.accept ?? 'application/json',
        },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (ch: Buffer) => chunks.push(ch))
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

/** GET /_testbed/requests: every request the proxy forwarded or answered, oldest first. */
export async function requestLog(
  c: Pick<KubeTarget, 'url' | 'caPem' | 'token'>,
): Promise<RequestLogEntry[]> {
  const r = await apiRequest(c, 'GET', '/_testbed/requests')
  return JSON.parse(r.body) as RequestLogEntry[]
}

export async function clearRequestLog(
  c: Pick<KubeTarget, 'url' | 'caPem' | 'token'>,
): Promise<void> {
  await apiRequest(c, 'DELETE', '/_testbed/requests')
}

/** POST /_testbed/faults (rules are appended to those in force). */
export async function injectFaults(
  c: Pick<KubeTarget, 'url' | 'caPem' | 'token'>,
  faults: FaultRequest,
): Promise<void> {
  const r = await apiRequest(c, 'POST', '/_testbed/faults', faults)
  if (r.status !== 200) throw new Error(`POST /_testbed/faults answered ${r.status}: ${r.body}`)
}

export async function clearFaults(c: Pick<KubeTarget, 'url' | 'caPem' | 'token'>): Promise<void> {
  await apiRequest(c, 'DELETE', '/_testbed/faults')
}

/** Re-check every 50 ms until it holds (for state the cluster only shows when asked). */
export async function eventually(
  check: () => Promise<boolean> | boolean,
  timeoutMs = 30_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Resolve once the proxy has forwarded a watch on a path matching `pathPattern`. */
export function watchOpened(
  c: Pick<KubeTarget, 'url' | 'caPem' | 'token'>,
  pathPattern: RegExp,
  timeoutMs = 30_000,
): Promise<void> {
  return eventually(
    async () =>
      (await requestLog(c)).some(
        (r) => pathPattern.test(r.path) && /(^|&)watch=(true|1)/.test(r.query) && r.status === 200,
      ),
    timeoutMs,
    `a watch on ${pathPattern}`,
  )
}

/** CPU (millicores) the cluster's node has left for requests (workload.ts freeCpuMillis). */
export async function nodeFreeCpuMillis(target: KubeTarget): Promise<number> {
  const nodes = JSON.parse(await kubectlOk(target, ['get', 'nodes', '-o', 'json'])) as {
    items: { metadata: { name: string }; status: { allocatable: { cpu: string } } }[]
  }
  const pods = JSON.parse(await kubectlOk(target, ['get', 'pods', '-A', '-o', 'json'])) as {
    items: Parameters<typeof freeCpuMillis>[2]
  }
  const { metadata, status } = nodes.items[0]!
  return freeCpuMillis(status.allocatable.cpu, metadata.name, pods.items)
}
