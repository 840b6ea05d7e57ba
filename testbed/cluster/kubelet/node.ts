// The Node object a kubelet registers: Ready, with capacity, allocatable and nodeInfo
// as a containerd-backed v1.32 node reports them.
import type { NewObject } from '../store.ts'

export interface NodeConfig {
  name: string
  labels?: Record<string, string>
  /** Overrides of capacity (and allocatable): cpu, memory, pods, ephemeral-storage. */
  capacity?: Record<string, string>
  taints?: { key: string; value?: string; effect: string }[]
}

export const KUBELET_VERSION = 'v1.32.2'
export const CONTAINER_RUNTIME = 'containerd://1.7.24'

export function nodeIp(index: number): string {
  return `172.18.0.${index + 2}`
}

export function nodeObject(cfg: NodeConfig, index: number, now: string): NewObject {
  const capacity = {
    cpu: '4',
    'ephemeral-storage': '102626232Ki',
    'hugepages-2Mi': '0',
    memory: '16315584Ki',
    pods: '110',
    ...(cfg.capacity ?? {}),
  }
  const allocatable = { ...capacity }
  const ip = nodeIp(index)
  const cond = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: now,
    lastTransitionTime: now,
    reason,
    message,
  })
  return {
    metadata: {
      name: cfg.name,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': cfg.name,
        'kubernetes.io/os': 'linux',
        ...(cfg.labels ?? {}),
      },
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {
      podCIDR: `10.244.${index}.0/24`,
      podCIDRs: [`10.244.${index}.0/24`],
      ...(cfg.taints ? { taints: cfg.taints } : {}),
    },
    status: {
      capacity,
      allocatable,
      conditions: [
        cond(
          'MemoryPressure',
          'False',
          'KubeletHasSufficientMemory',
          'kubelet has sufficient memory available',
        ),
        cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        cond(
          'PIDPressure',
          'False',
          'KubeletHasSufficientPID',
          'kubelet has sufficient PID available',
        ),
        cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      addresses: [
        { type: 'InternalIP', address: ip },
        { type: 'Hostname', address: cfg.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: `dock2pod${String(index).padStart(24, '0')}`,
        systemUUID: `00000000-0000-0000-0000-${String(index).padStart(12, '0')}`,
        bootID: `00000000-0000-0000-0000-${String(index + 100).padStart(12, '0')}`,
        kernelVersion: '6.1.0-dock2pod',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        containerRuntimeVersion: CONTAINER_RUNTIME,
        kubeletVersion: KUBELET_VERSION,
        kubeProxyVersion: KUBELET_VERSION,
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
      images: [],
    },
  }
}
