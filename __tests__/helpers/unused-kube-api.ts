// The part of a fake KubeApi that a list-and-watch test never calls: each method fails
// loudly if it is. Fakes spread it and add their own `list` and `watch`.
import type { KubeApi } from '../../src/kube/api.ts'

const unused = () => Promise.reject(new Error('unused'))

export const unusedKubeApi: Omit<KubeApi, 'list' | 'watch'> = {
  server: 'https://fake',
  getWorkload: unused,
  patchWorkload: unused,
  deletePod: unused,
  resourceFor: unused,
  getObject: unused,
  applyObject: unused,
  mayI: unused,
  podLog: unused,
}
