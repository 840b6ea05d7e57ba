// The Kubernetes objects dock2pod reads, as they come over the wire (JSON, timestamps as
// RFC 3339 strings): only the fields we look at. Every field is optional, as a partial
// or older API server may leave any of them out.

export interface ObjectMeta {
  name?: string
  namespace?: string
  uid?: string
  resourceVersion?: string
  generation?: number
  creationTimestamp?: string
  deletionTimestamp?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
  ownerReferences?: { kind?: string; name?: string; uid?: string; controller?: boolean }[]
  /** Who owns which fields, one entry per field manager and operation (server-side apply). */
  managedFields?: ManagedFieldsEntry[]
}

export interface ManagedFieldsEntry {
  manager?: string
  /** `Update` or `Apply`. */
  operation?: string
  apiVersion?: string
  /** RFC 3339, to the second: when this manager's operation last changed the object. */
  time?: string
  fieldsType?: string
  /** The fields owned, as `{"f:spec": {"f:replicas": {}}}`. */
  fieldsV1?: unknown
  /** `status`, `scale`; absent for the main resource. */
  subresource?: string
}

export interface Container {
  name: string
  image?: string
  [field: string]: unknown
}

export interface PodTemplateSpec {
  metadata?: ObjectMeta
  spec?: { containers?: Container[]; initContainers?: Container[]; [field: string]: unknown }
}

export interface Condition {
  type: string
  status: string
  reason?: string
  message?: string
  lastTransitionTime?: string
  lastUpdateTime?: string
}

export interface LabelSelector {
  matchLabels?: Record<string, string>
  matchExpressions?: { key: string; operator: string; values?: string[] }[]
}

/**
 * A Deployment, StatefulSet or DaemonSet (apps/v1): the fields of all three that the
 * rollout reads. A list's items carry no `kind`; the caller knows it.
 */
export interface Workload {
  apiVersion?: string
  kind?: string
  metadata: ObjectMeta
  spec?: {
    replicas?: number
    selector?: LabelSelector
    template?: PodTemplateSpec
    progressDeadlineSeconds?: number
    minReadySeconds?: number
    paused?: boolean
    /** StatefulSet and DaemonSet. */
    updateStrategy?: {
      type?: string
      rollingUpdate?: {
        partition?: number
        maxUnavailable?: number | string
        maxSurge?: number | string
      }
    }
    podManagementPolicy?: string
    [field: string]: unknown
  }
  status?: {
    observedGeneration?: number
    replicas?: number
    updatedReplicas?: number
    readyReplicas?: number
    availableReplicas?: number
    unavailableReplicas?: number
    conditions?: Condition[]
    /** StatefulSet: the ControllerRevisions of the current and the newest template. */
    currentRevision?: string
    updateRevision?: string
    currentReplicas?: number
    /** DaemonSet. */
    desiredNumberScheduled?: number
    currentNumberScheduled?: number
    updatedNumberScheduled?: number
    numberReady?: number
    numberAvailable?: number
    numberUnavailable?: number
  }
}

/** Most of the code was written for Deployments; a Deployment is a Workload. */
export type Deployment = Workload

export interface ReplicaSet {
  metadata: ObjectMeta
  spec?: { replicas?: number; selector?: LabelSelector; template?: PodTemplateSpec }
  status?: {
    replicas?: number
    readyReplicas?: number
    availableReplicas?: number
    observedGeneration?: number
    /** `ReplicaFailure` when the controller cannot create Pods (quota, LimitRange, admission). */
    conditions?: Condition[]
  }
}

export interface ContainerStateWaiting {
  reason?: string
  message?: string
}
export interface ContainerStateRunning {
  startedAt?: string
}
export interface ContainerStateTerminated {
  exitCode?: number
  signal?: number
  reason?: string
  message?: string
  startedAt?: string
  finishedAt?: string
}
export interface ContainerState {
  waiting?: ContainerStateWaiting
  running?: ContainerStateRunning
  terminated?: ContainerStateTerminated
}

export interface ContainerStatus {
  name: string
  ready?: boolean
  started?: boolean
  restartCount?: number
  image?: string
  imageID?: string
  state?: ContainerState
  lastState?: ContainerState
}

export interface Pod {
  metadata: ObjectMeta
  spec?: { containers?: Container[]; nodeName?: string; [field: string]: unknown }
  status?: {
    phase?: string
    reason?: string
    message?: string
    startTime?: string
    conditions?: Condition[]
    containerStatuses?: ContainerStatus[]
    initContainerStatuses?: ContainerStatus[]
  }
}

/** A core/v1 Event. */
export interface KubeEvent {
  metadata: ObjectMeta
  involvedObject?: {
    kind?: string
    name?: string
    namespace?: string
    uid?: string
    fieldPath?: string
  }
  reason?: string
  message?: string
  type?: string
  count?: number
  firstTimestamp?: string | null
  lastTimestamp?: string | null
  eventTime?: string | null
  source?: { component?: string; host?: string }
}

/** A Kubernetes `Status` object, as error bodies and watch ERROR events carry it. */
export interface Status {
  kind?: 'Status'
  status?: string
  message?: string
  reason?: string
  code?: number
  details?: {
    name?: string
    kind?: string
    group?: string
    retryAfterSeconds?: number
    /** A field conflict of server-side apply: one per field, naming its manager. */
    causes?: { type?: string; message?: string; field?: string }[]
  }
}

/** Milliseconds since the epoch of an RFC 3339 timestamp; undefined when absent or bad. */
export function timeMs(t: string | null | undefined): number | undefined {
  if (!t) return undefined
  const ms = Date.parse(t)
  return Number.isNaN(ms) ? undefined : ms
}
