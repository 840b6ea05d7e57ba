// A machine as bench/machine.ts records it, for the tests of what the bench writes.
import type { Machine } from '../../bench/machine.ts'

export const machine: Machine = {
  cpu: 'AMD EPYC',
  cores: 2,
  memoryGB: 25.3,
  os: 'Linux 6.1',
  node: 'v24.21.0',
  kubernetes: 'v1.34.4',
  etcd: 'v3.6.16',
  buildx: 'v0.38.2',
  buildkit: 'v0.34.2',
  containerd: 'containerd github.com/containerd/containerd 1.6.20~ds1 1.6.20~ds1-1+deb12u3',
  kubectl: 'v1.34.4',
  date: '2026-11-26T01:00:00.000Z',
}
