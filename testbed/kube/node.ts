// One real node: a bridge of the test bed's own on a /24 of 198.19.0.0/16 (inside the
// benchmarking range 198.18.0.0/15), containerd with the CNI bridge plugins, and the
// real kubelet. The kubelet registers with the bridge's address as its node IP: the
// kubelet refuses a loopback node IP, and this machine has no default route.
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { freePort, run, startDaemon, waitFor, type Daemon } from '../docker/proc.ts'
import type { Binaries } from './components.ts'
import { NODE_NAME, kubeconfigYaml } from './control-plane.ts'
import type { Pki } from './pki.ts'
import { killCgroupRoot, makeCgroupRoot, removeCgroupRoot } from './cgroups.ts'

export const CNI_BIN_DIR = '/usr/lib/cni'

export interface NodeNetwork {
  bridge: string
  /** The bridge's own address: the node IP and the advertise address. */
  nodeIp: string
  podCidr: string
  serviceCidr: string
  remove(): Promise<void>
}

/**
 * The node's bridge with its address, and the ranges the cluster hands out. `onBridge`
 * hears the name before the bridge is made (the sweep of a dead test bed removes it).
 */
export async function createNodeNetwork(
  onBridge: (name: string) => void = () => {},
): Promise<NodeNetwork> {
  const n = randomBytes(1)[0]! & 0x7f
  const bridge = `d2pk${randomBytes(3).toString('hex')}`
  onBridge(bridge)
  const nodeIp = `198.19.${n}.1`
  for (const args of [
    ['link', 'add', bridge, 'type', 'bridge'],
    ['addr', 'add', `${nodeIp}/24`, 'dev', bridge],
    ['link', 'set', bridge, 'up'],
  ]) {
    const r = await run('ip', args)
    if (r.code !== 0) {
      await run('ip', ['link', 'del', bridge])
      throw new Error(
        `could not create the node's bridge (ip ${args.join(' ')}): ${r.stderr.trim()}`,
      )
    }
  }
  return {
    bridge,
    nodeIp,
    podCidr: `198.19.${n}.0/24`,
    serviceCidr: `198.19.${n + 128}.0/24`,
    remove: async () => void (await run('ip', ['link', 'del', bridge])),
  }
}

export interface NodeOptions {
  dir: string
  bin: Binaries
  pki: Pki
  apiserverUrl: string
  kubeletToken: string
  net: NodeNetwork
  /** host:port of the registries containerd pulls from over plain HTTP. */
  registries: string[]
  pauseImage: string
  maxPods?: number
}

export interface Node {
  name: string
  containerdSocket: string
  daemons: Daemon[]
  logs: Record<string, string>
  stop(): Promise<void>
}

function tail(file: string, lines = 25): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return '(no log)'
  }
}

export async function startNode(o: NodeOptions): Promise<Node> {
  const { dir, net } = o
  const daemons: Daemon[] = []
  const logs: Record<string, string> = {}
  const root = join(dir, 'containerd')
  const socket = join(dir, 'containerd.sock')
  const kubeletRoot = join(dir, 'kubelet')
  const cgroupRoot = `/${net.bridge}`
  const stop = async () => {
    for (const d of daemons.reverse()) await d.stop().catch(() => {})
    daemons.length = 0
    killCgroupRoot(cgroupRoot)
    await cleanupNode(dir, kubeletRoot, socket)
    await new Promise((r) => setTimeout(r, 200))
    removeCgroupRoot(cgroupRoot)
  }
  try {
    makeCgroupRoot(cgroupRoot)
    // CNI: bridge + host-local + loopback, no masquerade (nothing is routed anywhere).
    const cniConf = join(dir, 'cni')
    mkdirSync(cniConf, { recursive: true })
    writeFileSync(
      join(cniConf, '10-dock2pod.conflist'),
      JSON.stringify(
        {
          cniVersion: '0.4.0',
          name: 'dock2pod',
          plugins: [
            {
              type: 'bridge',
              bridge: net.bridge,
              isGateway: true,
              ipMasq: false,
              ipam: {
                type: 'host-local',
                ranges: [[{ subnet: net.podCidr, gateway: net.nodeIp }]],
                dataDir: join(dir, 'cni-ipam'),
              },
            },
            { type: 'loopback' },
          ],
        },
        null,
        2,
      ),
    )
    // containerd pulls from the test bed's registries over plain HTTP (hosts.toml).
    const certsD = join(dir, 'certs.d')
    for (const host of o.registries) {
      const d = join(certsD, host)
      mkdirSync(d, { recursive: true })
      writeFileSync(
        join(d, 'hosts.toml'),
        `server = "http://${host}"\n\n[host."http://${host}"]\n  capabilities = ["pull", "resolve"]\n  skip_verify = true\n`,
      )
    }
    const config = join(dir, 'containerd.toml')
    writeFileSync(
      config,
      `version = 2
root = "${root}/root"
state = "${root}/state"
plugin_dir = ""
disabled_plugins = ["io.containerd.internal.v1.opt", "io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]

[grpc]
  address = "${socket}"

[ttrpc]
  address = "${socket}.ttrpc"

[debug]
  level = "warn"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${o.pauseImage}"
  enable_unprivileged_ports = false
  # These VMs give root no CAP_SYS_RESOURCE: a negative oom_score_adj (the sandbox's -998)
  # is refused, so clamp every container's to containerd's own.
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "${CNI_BIN_DIR}"
    conf_dir = "${cniConf}"
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "${certsD}"
`,
    )
    logs.containerd = join(dir, 'containerd.log')
    const containerd = startDaemon('/usr/bin/containerd', ['--config', config], logs.containerd)
    daemons.push(containerd)
    await waitFor(
      'containerd',
      async () => {
        if (containerd.child.exitCode !== null)
          throw new Error(`containerd exited:\n${tail(logs.containerd!)}`)
        return existsSync(socket)
      },
      30_000,
      () => tail(logs.containerd!),
    )

    // kubelet
    const kubeconfig = join(dir, 'kubelet.kubeconfig')
    writeFileSync(
      kubeconfig,
      kubeconfigYaml(o.apiserverUrl, o.pki.caPem, `system:node:${NODE_NAME}`, o.kubeletToken),
      { mode: 0o600 },
    )
    const kubeletPort = await freePort()
    const kubeletConfig = join(dir, 'kubelet.yaml')
    writeFileSync(
      kubeletConfig,
      [
        'apiVersion: kubelet.config.k8s.io/v1beta1',
        'kind: KubeletConfiguration',
        `address: ${net.nodeIp}`,
        `port: ${kubeletPort}`,
        'readOnlyPort: 0',
        'healthzPort: 0',
        'authentication:',
        '  anonymous: {enabled: false}',
        '  webhook: {enabled: false}',
        `  x509: {clientCAFile: ${o.pki.caFile}}`,
        'authorization: {mode: AlwaysAllow}',
        'cgroupDriver: cgroupfs',
        `cgroupRoot: ${cgroupRoot}`,
        // Not the shared /var/log/pods: a kubelet removes the log folders of Pods it does
        // not know, so two test beds on one machine would delete each other's logs.
        `podLogsDir: ${join(dir, 'pod-logs')}`,
        // No CAP_SYS_RESOURCE here: the kubelet's own default of -999 can't be set.
        'oomScoreAdj: 0',
        'failSwapOn: false',
        'failCgroupV1: false',
        `containerRuntimeEndpoint: unix://${socket}`,
        'imageGCHighThresholdPercent: 100',
        'imageGCLowThresholdPercent: 99',
        'evictionHard: {memory.available: "0%", nodefs.available: "0%", nodefs.inodesFree: "0%", imagefs.available: "0%"}',
        'enforceNodeAllocatable: []',
        'serializeImagePulls: false',
        `maxPods: ${o.maxPods ?? 110}`,
        'clusterDomain: cluster.local',
        // An address in the service range that answers nothing: Pods get a resolv.conf
        // (and no MissingClusterDNS warning event), and no query leaves 198.18.0.0/15.
        `clusterDNS: [${net.serviceCidr.replace(/0\/24$/, '10')}]`,
        'resolvConf: ""',
        'registerNode: true',
        'rotateCertificates: false',
        'serverTLSBootstrap: false',
        'localStorageCapacityIsolation: true',
        'nodeStatusUpdateFrequency: 10s',
        'syncFrequency: 10s',
        '',
      ].join('\n'),
    )
    logs.kubelet = join(dir, 'kubelet.log')
    const kubelet = startDaemon(
      o.bin.kubelet,
      [
        `--config=${kubeletConfig}`,
        `--kubeconfig=${kubeconfig}`,
        `--root-dir=${kubeletRoot}`,
        `--cert-dir=${join(dir, 'kubelet-pki')}`,
        `--hostname-override=${NODE_NAME}`,
        `--node-ip=${net.nodeIp}`,
        '--v=1',
      ],
      logs.kubelet,
    )
    daemons.push(kubelet)
    return { name: NODE_NAME, containerdSocket: socket, daemons, logs, stop }
  } catch (err) {
    await stop()
    throw err
  }
}

/**
 * What the kubelet and containerd leave behind once stopped: the Pods' mounts under the
 * kubelet's root (projected token volumes are tmpfs mounts), containerd's overlay mounts
 * and its shims' sandboxes. Only mounts under our own folder are touched.
 */
async function cleanupNode(dir: string, kubeletRoot: string, socket: string): Promise<void> {
  // Kill the shims containerd started for our socket (they outlive containerd by design).
  const ps = await run('ps', ['-eo', 'pid=,args='])
  for (const line of ps.stdout.split('\n')) {
    const m = /^\s*(\d+)\s+(.*)$/.exec(line)
    if (m && m[2]!.includes('containerd-shim') && m[2]!.includes(socket)) {
      try {
        process.kill(Number(m[1]), 'SIGKILL')
      } catch {
        /* gone */
      }
    }
  }
  const mounts = readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[1] ?? '')
    .map((p) => p.replace(/\\040/g, ' '))
    .filter((p) => p.startsWith(dir + '/') || p.startsWith(kubeletRoot))
    .sort((a, b) => b.length - a.length)
  for (const m of mounts) await run('umount', ['-l', m])
  // Network namespaces of our Pods' sandboxes live under /var/run/netns as cni-*; the
  // CNI plugin removed our veths with each sandbox, and the bridge goes with the network.
}
