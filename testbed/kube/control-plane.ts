// The real control plane: etcd, kube-apiserver, kube-controller-manager and
// kube-scheduler, each a process of ours on 127.0.0.1, logging into the cluster's folder.
// Authentication is by static tokens (one per component and for the test bed's admin),
// authorization is Node,RBAC, and every address handed out comes from 198.18.0.0/15.
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { freePort, startDaemon, waitFor, type Daemon } from '../docker/proc.ts'
import type { Binaries } from './components.ts'
import type { Pki } from './pki.ts'

export const NODE_NAME = 'dock2pod-node'

export interface Tokens {
  admin: string
  controllerManager: string
  scheduler: string
  kubelet: string
}

export interface ControlPlane {
  /** `https://127.0.0.1:PORT` of kube-apiserver itself (the hooks' proxy fronts it). */
  apiserverUrl: string
  tokens: Tokens
  daemons: Daemon[]
  logs: Record<string, string>
  stop(): Promise<void>
}

export interface ControlPlaneOptions {
  dir: string
  bin: Binaries
  pki: Pki
  /** Where the Endpoints of `kubernetes` point (must not be loopback): the node bridge's IP. */
  advertiseAddress: string
  serviceCidr: string
}

/** A kubeconfig (YAML) with one bearer token. */
export function kubeconfigYaml(
  server: string,
  caPem: string,
  user: string,
  token: string,
  namespace = 'default',
): string {
  const ca = Buffer.from(caPem).toString('base64')
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: dock2pod-testbed',
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority-data: ${ca}`,
    'users:',
    `- name: ${user}`,
    '  user:',
    `    token: ${token}`,
    'contexts:',
    '- name: dock2pod-testbed',
    '  context:',
    '    cluster: dock2pod-testbed',
    `    user: ${user}`,
    `    namespace: ${namespace}`,
    'current-context: dock2pod-testbed',
    '',
  ].join('\n')
}

const token = () => randomBytes(24).toString('hex')

function tail(file: string, lines = 25): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return '(no log)'
  }
}

export async function startControlPlane(o: ControlPlaneOptions): Promise<ControlPlane> {
  const { dir, bin, pki } = o
  const daemons: Daemon[] = []
  const logs: Record<string, string> = {}
  const stop = async () => {
    for (const d of daemons.reverse()) await d.stop().catch(() => {})
    daemons.length = 0
  }
  const start = (name: string, cmd: string, args: string[]) => {
    logs[name] = join(dir, `${name}.log`)
    const d = startDaemon(cmd, args, logs[name])
    daemons.push(d)
    return d
  }
  const alive = (name: string, d: Daemon) => {
    if (d.child.exitCode !== null || d.child.signalCode !== null)
      throw new Error(
        `${name} exited (${d.child.exitCode ?? d.child.signalCode}):\n${tail(logs[name]!)}`,
      )
  }
  try {
    // etcd
    const [clientPort, peerPort] = [await freePort(), await freePort()]
    const etcdUrl = `http://127.0.0.1:${clientPort}`
    const etcd = start('etcd', bin.etcd, [
      '--name',
      'testbed',
      '--data-dir',
      join(dir, 'etcd'),
      '--listen-client-urls',
      etcdUrl,
      '--advertise-client-urls',
      etcdUrl,
      '--listen-peer-urls',
      `http://127.0.0.1:${peerPort}`,
      '--initial-advertise-peer-urls',
      `http://127.0.0.1:${peerPort}`,
      '--initial-cluster',
      `testbed=http://127.0.0.1:${peerPort}`,
      '--listen-metrics-urls',
      `http://127.0.0.1:${await freePort()}`,
      '--unsafe-no-fsync',
      '--log-level',
      'warn',
    ])
    await waitFor(
      'etcd',
      async () => {
        alive('etcd', etcd)
        const r = await fetch(`${etcdUrl}/health`)
        return r.ok
      },
      60_000,
      () => tail(logs.etcd!),
    )

    // kube-apiserver, with static tokens for the admin and each component.
    const tokens: Tokens = {
      admin: token(),
      controllerManager: token(),
      scheduler: token(),
      kubelet: token(),
    }
    writeFileSync(
      join(dir, 'tokens.csv'),
      [
        `${tokens.admin},dock2pod-admin,dock2pod-admin,"system:masters"`,
        `${tokens.controllerManager},system:kube-controller-manager,system:kube-controller-manager`,
        `${tokens.scheduler},system:kube-scheduler,system:kube-scheduler`,
        `${tokens.kubelet},system:node:${NODE_NAME},system:node:${NODE_NAME},"system:nodes"`,
        '',
      ].join('\n'),
      { mode: 0o600 },
    )
    const apiPort = await freePort()
    const apiserverUrl = `https://127.0.0.1:${apiPort}`
    const apiserver = start('kube-apiserver', bin.kubeApiserver, [
      `--etcd-servers=${etcdUrl}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      `--advertise-address=${o.advertiseAddress}`,
      `--tls-cert-file=${pki.serverCert}`,
      `--tls-private-key-file=${pki.serverKey}`,
      `--client-ca-file=${pki.caFile}`,
      `--token-auth-file=${join(dir, 'tokens.csv')}`,
      '--authorization-mode=Node,RBAC',
      '--enable-admission-plugins=NodeRestriction',
      `--service-account-key-file=${pki.saPub}`,
      `--service-account-signing-key-file=${pki.saKey}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-cluster-ip-range=${o.serviceCidr}`,
      `--kubelet-client-certificate=${pki.kubeletClientCert}`,
      `--kubelet-client-key=${pki.kubeletClientKey}`,
      '--kubelet-preferred-address-types=InternalIP',
      '--allow-privileged=true',
      '--profiling=false',
      '--endpoint-reconciler-type=none',
      '--v=1',
    ])
    await waitFor(
      'kube-apiserver',
      async () => {
        alive('kube-apiserver', apiserver)
        const r = await curlReady(apiserverUrl, pki.caPem, tokens.admin)
        return r
      },
      120_000,
      () => tail(logs['kube-apiserver']!),
    )

    const kc = (name: string, user: string, t: string) => {
      const p = join(dir, `${name}.kubeconfig`)
      writeFileSync(p, kubeconfigYaml(apiserverUrl, pki.caPem, user, t), { mode: 0o600 })
      return p
    }
    start('kube-controller-manager', bin.kubeControllerManager, [
      `--kubeconfig=${kc('controller-manager', 'system:kube-controller-manager', tokens.controllerManager)}`,
      `--authentication-kubeconfig=${join(dir, 'controller-manager.kubeconfig')}`,
      `--authorization-kubeconfig=${join(dir, 'controller-manager.kubeconfig')}`,
      `--service-account-private-key-file=${pki.saKey}`,
      `--root-ca-file=${pki.caFile}`,
      '--use-service-account-credentials=true',
      '--leader-elect=false',
      '--bind-address=127.0.0.1',
      `--secure-port=${await freePort()}`,
      `--service-cluster-ip-range=${o.serviceCidr}`,
      '--allocate-node-cidrs=false',
      '--controllers=*,-nodeipam,-cloud-node-lifecycle,-service-lb-controller,-node-route-controller',
      '--v=1',
    ])
    start('kube-scheduler', bin.kubeScheduler, [
      `--kubeconfig=${kc('scheduler', 'system:kube-scheduler', tokens.scheduler)}`,
      `--authentication-kubeconfig=${join(dir, 'scheduler.kubeconfig')}`,
      `--authorization-kubeconfig=${join(dir, 'scheduler.kubeconfig')}`,
      '--leader-elect=false',
      '--bind-address=127.0.0.1',
      `--secure-port=${await freePort()}`,
      '--v=1',
    ])
    return { apiserverUrl, tokens, daemons, logs, stop }
  } catch (err) {
    await stop()
    throw err
  }
}

/** GET /readyz with the admin token, trusting only our CA. */
async function curlReady(url: string, caPem: string, t: string): Promise<boolean> {
  const { request } = await import('node:https')
  return new Promise((resolve) => {
    const req = request(
      `${url}/readyz`,
      { ca: caPem, headers: { authorization: `Bearer ${t}` }, timeout: 5000 },
      (res) => {
        res.resume()
        resolve(res.statusCode === 200)
      },
    )
    req.on('error', () => resolve(false))
    req.on('timeout', () => req.destroy())
    req.end()
  })
}

export function ensureDir(p: string): string {
  mkdirSync(p, { recursive: true })
  return p
}
