// In which order a set of objects is applied, as `kubectl apply` users expect: what
// others refer to first. Pure.
import type { ManifestObject } from './parse.ts'

const RANK: Record<string, number> = {
  Namespace: 0,
  CustomResourceDefinition: 0,
  ConfigMap: 1,
  Secret: 1,
  ServiceAccount: 1,
  Role: 1,
  ClusterRole: 1,
  RoleBinding: 1,
  ClusterRoleBinding: 1,
  Service: 2,
  Deployment: 4,
  StatefulSet: 4,
  DaemonSet: 4,
  ReplicaSet: 4,
  Job: 4,
  CronJob: 4,
  Pod: 4,
}
/** Anything else (Ingress, a custom resource, …) goes between Services and workloads. */
const OTHER = 3

/** Namespaces and CRDs, config, Services, the rest, workloads; as written within each. */
export function applyOrder<T extends Pick<ManifestObject, 'obj'>>(objects: T[]): T[] {
  return (
    objects
      // Own keys only: a kind named `constructor` is one of the rest.
      .map((o, i) => ({ o, i, rank: Object.hasOwn(RANK, o.obj.kind) ? RANK[o.obj.kind]! : OTHER }))
      .sort((a, b) => a.rank - b.rank || a.i - b.i)
      .map((x) => x.o)
  )
}
