// The real cluster as one handle: etcd, kube-apiserver, kube-controller-manager,
// kube-scheduler and one node (containerd + the kubelet), built from the Go module proxy
// at the pinned versions, with the test hooks' proxy in front of the API server. Every
// kubeconfig names the proxy. stop() ends every process it started and removes its folder.
import { claim, record, sweepStaleTestbeds } from '../sweep.ts'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DockerTestbed } from '../docker/index.ts'
import { run, waitFor } from '../docker/proc.ts'
import { ensureComponents, type Binaries } from './components.ts'
import { kubeconfigYaml, startControlPlane, type ControlPlane } from './control-plane.ts'
import { createNodeNetwork, startNode, type Node, type NodeNetwork } from './node.ts'
import { seedPauseImage } from './pause-image.ts'
import { makePki } from './pki.ts'
import { startHooksProxy, type HooksProxy } from './proxy.ts'

export interface Cluster {
  /** TESTBED_URL: the hooks' proxy in front of kube-apiserver, `https://127.0.0.1:PORT`. */
  url: string
  caFile: string
  caPem: string
  /** Full-access bearer token (group system:masters). */
  token: string
  /** Token of the ServiceAccount `default/dock2pod-restricted`: read-only by RBAC. */
  restrictedToken: string
  kubeconfigPath: string
  restrictedKubeconfigPath: string
  /** The kubectl of the pinned version. */
  kubectl: string
  bin: Binaries
  nodeName: string
  nodeIp: string
  /** The cluster's folder: certificates, kubeconfigs, logs, data (removed by stop()). */
  dir: string
  logs: Record<string, string>
  stop(): Promise<void>
}

/** The read-only rights KUBECONFIG_RESTRICTED has (shared/TESTBED.md). */
const RESTRICTED_RBAC = `apiVersion: v1
kind: ServiceAccount
metadata: {name: dock2pod-restricted, namespace: default}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: dock2pod-restricted}
rules:
- apiGroups: [apps]
  resources: [deployments, replicasets]
  verbs: [get, list, watch]
- apiGroups: [""]
  resources: [pods, events]
  verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: dock2pod-restricted}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: dock2pod-restricted}
subjects:
- {kind: ServiceAccount, name: dock2pod-restricted, namespace: default}
`

export async function startCluster(
  docker: DockerTestbed,
  opts: { maxPods?: number } = {},
): Promise<Cluster> {
  const bin = await ensureComponents([
    'etcd',
    'kubeApiserver',
    'kubeControllerManager',
    'kubeScheduler',
    'kubelet',
    'kubectl',
    'pause',
  ])
  await sweepStaleTestbeds()
  const dir = mkdtempSync(join(tmpdir(), 'd2pk-'))
  claim(dir)
  const netnsBefore = listNetns()
  let net: NodeNetwork | undefined
  let cp: ControlPlane | undefined
  let proxy: HooksProxy | undefined
  let node: Node | undefined
  const stopAll = async () => {
    await node?.stop().catch(() => {})
    await proxy?.stop().catch(() => {})
    await cp?.stop().catch(() => {})
    // Sandboxes' network namespaces left by containerd (cni-*), new since we started.
    for (const ns of listNetns()) if (!netnsBefore.has(ns)) await run('ip', ['netns', 'delete', ns])
    await net?.remove().catch(() => {})
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 })
  }
  try {
    net = await createNodeNetwork((bridge) => record(dir, { bridge, cgroupRoot: `/${bridge}` }))
    const serviceIp = net.serviceCidr.replace(/0\/24$/, '1')
    const pki = await makePki(dir, [net.nodeIp, serviceIp])
    cp = await startControlPlane({
      dir,
      bin,
      pki,
      advertiseAddress: net.nodeIp,
      serviceCidr: net.serviceCidr,
    })
    proxy = await startHooksProxy({
      upstream: cp.apiserverUrl,
      caPem: pki.caPem,
      certPem: readFileSync(pki.serverCert, 'utf8'),
      keyPem: readFileSync(pki.serverKey, 'utf8'),
      adminToken: cp.tokens.admin,
    })
    const kubeconfigPath = join(dir, 'kubeconfig')
    writeFileSync(
      kubeconfigPath,
      kubeconfigYaml(proxy.url, pki.caPem, 'dock2pod-admin', cp.tokens.admin),
      { mode: 0o600 },
    )
    const kubectl = async (args: string[], input?: string) => {
      const r = await run(
        bin.kubectl,
        ['--kubeconfig', kubeconfigPath, ...args],
        input !== undefined ? { input } : {},
      )
      if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr.trim()}`)
      return r.stdout
    }
    const pauseImage = await seedPauseImage(docker.engine, docker.registry.host, bin.pause)
    node = await startNode({
      dir,
      bin,
      pki,
      apiserverUrl: cp.apiserverUrl,
      kubeletToken: cp.tokens.kubelet,
      net,
      registries: [docker.registry.host, docker.registryAuth.host],
      pauseImage,
      ...(opts.maxPods !== undefined ? { maxPods: opts.maxPods } : {}),
    })
    const logs = { ...cp.logs, ...node.logs }
    const tail = (f: string) => {
      try {
        return readFileSync(f, 'utf8').trimEnd().split('\n').slice(-30).join('\n')
      } catch {
        return '(no log)'
      }
    }
    await waitFor(
      `node ${node.name} Ready`,
      async () =>
        (await kubectl([
          'get',
          'node',
          node!.name,
          '-o',
          'jsonpath={.status.conditions[?(@.type=="Ready")].status}',
        ])) === 'True',
      120_000,
      () => `kubelet log:\n${tail(logs.kubelet!)}\ncontainerd log:\n${tail(logs.containerd!)}`,
    )
    await waitFor(
      'the default ServiceAccount',
      async () => {
        await kubectl(['-n', 'default', 'get', 'serviceaccount', 'default'])
        return true
      },
      60_000,
      () => tail(logs['kube-controller-manager']!),
    )
    await kubectl(['apply', '-f', '-'], RESTRICTED_RBAC)
    const restrictedToken = (
      await kubectl(['-n', 'default', 'create', 'token', 'dock2pod-restricted', '--duration=48h'])
    ).trim()
    const restrictedKubeconfigPath = join(dir, 'kubeconfig-restricted')
    writeFileSync(
      restrictedKubeconfigPath,
      kubeconfigYaml(proxy.url, pki.caPem, 'dock2pod-restricted', restrictedToken),
      { mode: 0o600 },
    )
    let stopped: Promise<void> | undefined
    return {
      url: proxy.url,
      caFile: pki.caFile,
      caPem: pki.caPem,
      token: cp.tokens.admin,
      restrictedToken,
      kubeconfigPath,
      restrictedKubeconfigPath,
      kubectl: bin.kubectl,
      bin,
      nodeName: node.name,
      nodeIp: net.nodeIp,
      dir,
      logs,
      stop: () => (stopped ??= stopAll()),
    }
  } catch (err) {
    await stopAll()
    throw err
  }
}

function listNetns(): Set<string> {
  try {
    return new Set(readdirSync('/var/run/netns').filter((n) => n.startsWith('cni-')))
  } catch {
    return new Set()
  }
}
