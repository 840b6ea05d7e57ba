// The simulated cluster as one handle: store, clock, logs, the HTTPS API server, the
// controllers and the kubelet, two kubeconfig files (full access, read-only), all in
// one temp dir that stop() removes.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stringify } from 'yaml'
import { newTokens } from './auth.ts'
import { Clock } from './clock.ts'
import type { ClusterContext, Stoppable } from './context.ts'
import { startControllers, type ControllerOptions } from './controllers/index.ts'
import { startKubelet, type KubeletOptions } from './kubelet/index.ts'
import { ContainerLogs } from './logs.ts'
import { startApiServer, type ApiServer } from './server.ts'
import { Store } from './store.ts'
import { makeServerCertificates } from './tls.ts'

export interface ClusterOptions {
  /** Clock speed factor: cluster time runs this many times faster than wall time. Default 1. */
  speed?: number
  /** Node names the kubelet registers; default the kubelet's own (one node). */
  nodes?: string[]
  /** Port to listen on; default a free one. */
  port?: number
  /** Watch history the store retains (events); older resourceVersions get 410. */
  historyLimit?: number
  /** Start the controllers (default true); off for API-server-only tests. */
  controllers?: boolean
  /** Start the kubelet (default true); off for API-server-only tests. */
  kubelet?: boolean
  /** Passed through to startControllers. */
  controllerOptions?: ControllerOptions
  /** Passed through to startKubelet (`nodes` above wins). */
  kubeletOptions?: KubeletOptions
}

export interface Cluster {
  /** `https://127.0.0.1:PORT` */
  url: string
  caFile: string
  caPem: string
  /** Full-access bearer token. */
  token: string
  /** Read-only bearer token: 403 Forbidden on create/update/patch/delete. */
  restrictedToken: string
  kubeconfigPath: string
  restrictedKubeconfigPath: string
  /** The temp dir holding certificates and kubeconfigs (removed by stop()). */
  dir: string
  store: Store
  clock: Clock
  logs: ContainerLogs
  server: ApiServer
  stop(): Promise<void>
}

export const CONTEXT_NAME = 'dock2pod-testbed'

/** A kubeconfig (YAML) for one token against the cluster. */
export function renderKubeconfig(url: string, caPem: string, user: string, token: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: CONTEXT_NAME,
        cluster: {
          server: url,
          'certificate-authority-data': Buffer.from(caPem).toString('base64'),
        },
      },
    ],
    users: [{ name: user, user: { token } }],
    contexts: [
      { name: CONTEXT_NAME, context: { cluster: CONTEXT_NAME, user, namespace: 'default' } },
    ],
    'current-context': CONTEXT_NAME,
    preferences: {},
  })
}

export async function startCluster(opts: ClusterOptions = {}): Promise<Cluster> {
  const dir = await mkdtemp(join(tmpdir(), 'dock2pod-cluster-'))
  const running: Stoppable[] = []
  let server: ApiServer | undefined
  const stopAll = async () => {
    for (const s of running.reverse()) await s.stop()
    running.length = 0
    await server?.stop()
    await rm(dir, { recursive: true, force: true })
  }
  try {
    const clock = new Clock(opts.speed ?? 1)
    const store = new Store(
      clock,
      opts.historyLimit !== undefined ? { historyLimit: opts.historyLimit } : {},
    )
    const logs = new ContainerLogs()
    const ctx: ClusterContext = { store, clock, logs }
    for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      store.create('/namespaces', undefined, {
        metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      })
    }
    const certs = await makeServerCertificates(dir)
    const tokens = newTokens()
    server = await startApiServer({
      ctx,
      tokens,
      certs,
      ...(opts.port !== undefined ? { port: opts.port } : {}),
    })
    const kubeconfigPath = join(dir, 'kubeconfig')
    const restrictedKubeconfigPath = join(dir, 'kubeconfig-restricted')
    await writeFile(
      kubeconfigPath,
      renderKubeconfig(server.url, certs.caPem, 'dock2pod-admin', tokens.admin),
      { mode: 0o600 },
    )
    await writeFile(
      restrictedKubeconfigPath,
      renderKubeconfig(server.url, certs.caPem, 'dock2pod-restricted', tokens.restricted),
      {
        mode: 0o600,
      },
    )
    if (opts.controllers !== false)
      running.push(startControllers(ctx, opts.controllerOptions ?? {}))
    if (opts.kubelet !== false)
      running.push(startKubelet(ctx, opts.nodes ? { nodes: opts.nodes } : {}))
    let stopped: Promise<void> | undefined
    return {
      url: server.url,
      caFile: certs.caFile,
      caPem: certs.caPem,
      token: tokens.admin,
      restrictedToken: tokens.restricted,
      kubeconfigPath,
      restrictedKubeconfigPath,
      dir,
      store,
      clock,
      logs,
      server,
      stop: () => (stopped ??= stopAll()),
    }
  } catch (e) {
    await stopAll().catch(() => {})
    throw e
  }
}
