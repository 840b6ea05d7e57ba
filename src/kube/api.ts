// The narrow interface to the cluster: only the calls dock2pod makes. client.ts
// implements it over @kubernetes/client-node; tests implement it with a fake.
import type { Workload } from './types.ts'
import type { WorkloadResource } from './workload.ts'

export type Resource = WorkloadResource | 'replicasets' | 'pods' | 'events'

export interface Selectors {
  labelSelector?: string
  fieldSelector?: string
}

export interface WatchOptions extends Selectors {
  resourceVersion?: string
  /** Ask the server to end the watch after this long (it then ends normally). */
  timeoutSeconds?: number
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR'
  object: unknown
}

export interface List<T> {
  items: T[]
  resourceVersion: string
}

/** One permission the deploy needs: `list` of `replicasets.apps` in `production`, say. */
export interface AccessCheck {
  verb: 'get' | 'list' | 'watch' | 'patch' | 'delete'
  resource: Resource | 'pods/log'
  namespace: string
}

export interface KubeApi {
  /** `https://host:port` of the current context. */
  readonly server: string
  getWorkload(resource: WorkloadResource, namespace: string, name: string): Promise<Workload>
  /** A strategic-merge patch; `dryRun` asks the server to check it (RBAC, admission) only. */
  patchWorkload(
    resource: WorkloadResource,
    namespace: string,
    name: string,
    body: unknown,
    opts?: { dryRun?: boolean },
  ): Promise<Workload>
  /**
   * The resource (plural) and scope of a kind, as the API server's discovery lists it;
   * undefined when the server does not serve that kind.
   */
  resourceFor(
    apiVersion: string,
    kind: string,
  ): Promise<{ resource: string; namespaced: boolean } | undefined>
  /** An object by its API path (`/apis/apps/v1/namespaces/x/deployments/y`). */
  getObject(path: string): Promise<unknown>
  /**
   * Server-side apply of one object at its path, field manager `dock2pod`; `force` takes
   * fields another manager owns, `dryRun` only asks the server (admission, RBAC, schema).
   */
  applyObject(
    path: string,
    obj: unknown,
    opts: { dryRun?: boolean; force?: boolean },
  ): Promise<unknown>
  /** Delete a Pod, only while it is still the one of that `uid`. */
  deletePod(namespace: string, name: string, uid: string): Promise<void>
  /**
   * Every object, read in pages; with `keep`, only those it accepts are held, page by
   * page, so a namespace of 20,000 events costs one page of memory, not 20,000 events.
   */
  list<T>(
    resource: Resource,
    namespace: string,
    selectors: Selectors,
    keep?: (obj: T) => boolean,
  ): Promise<List<T>>
  /**
   * Stream changes. `onDone` is called exactly once, when the stream ends for any reason:
   * without an error when the server closed it normally, else with the error.
   * Resolves to a function that ends the stream early (`onDone` is then not called).
   */
  watch(
    resource: Resource,
    namespace: string,
    opts: WatchOptions,
    onEvent: (event: WatchEvent) => void,
    onDone: (err?: unknown) => void,
  ): Promise<() => void>
  /**
   * Whether the kubeconfig's user may do `verb` on `resource` in `namespace`, as the API
   * server's own authorizer answers a SelfSubjectAccessReview (which every
   * authenticated user may ask).
   */
  mayI(check: AccessCheck): Promise<boolean>
  podLog(
    namespace: string,
    pod: string,
    container: string,
    /** The API cuts the log to the last `tailLines`, then to `limitBytes`. */
    opts: { previous?: boolean; tailLines?: number; limitBytes?: number },
  ): Promise<string>
}
