// The machine and the components the figures came from.
import { execFileSync } from 'node:child_process'
import { cpus, totalmem, type as osType, release } from 'node:os'
import { binaries, pinnedVersions } from '../testbed/kube/components.ts'

export interface Machine {
  cpu: string
  cores: number
  memoryGB: number
  os: string
  node: string
  /** Pinned in testbed/components/versions.env, built from the Go module proxy. */
  kubernetes: string
  etcd: string
  buildx: string
  buildkit: string
  /** `containerd --version` (the node's runtime). */
  containerd: string
  /** `kubectl version --client` of the pinned kubectl. */
  kubectl: string
  date: string
}

function firstLine(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .trim()
      .split('\n')[0]!
  } catch {
    return 'not found'
  }
}

/** The pinned kubectl (built by the test bed; may be absent before its first run). */
export function pinnedKubectl(): string {
  return binaries().kubectl
}

export function machineInfo(now = new Date()): Machine {
  const v = pinnedVersions()
  let kubectl = 'not found'
  try {
    const out = JSON.parse(
      execFileSync(pinnedKubectl(), ['version', '--client', '-o', 'json'], { encoding: 'utf8' }),
    ) as { clientVersion?: { gitVersion?: string } }
    kubectl = out.clientVersion?.gitVersion ?? kubectl
  } catch {
    // reported as not found
  }
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGB: Math.round((totalmem() / 1e9) * 10) / 10,
    os: `${osType()} ${release()}`,
    node: process.version,
    kubernetes: v.KUBERNETES_VERSION,
    etcd: v.ETCD_VERSION,
    buildx: v.BUILDX_VERSION,
    buildkit: v.BUILDKIT_VERSION,
    containerd: firstLine('containerd', ['--version']),
    kubectl,
    date: now.toISOString(),
  }
}

export function describeMachine(m: Machine): string {
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB, ${m.os}, Node ${m.node}, Kubernetes ${m.kubernetes}, ${m.containerd.replace(/^containerd \S+ /, 'containerd ')}, buildx ${m.buildx}, kubectl ${m.kubectl}, ${m.date.slice(0, 10)}`
}
