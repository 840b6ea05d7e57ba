// The Deployment controller, after Kubernetes' pkg/controller/deployment: one
// ReplicaSet per pod template (named <deployment>-<pod-template-hash>), rolling or
// recreate rollouts, proportional scaling, revisions, history pruning and the
// Available / Progressing conditions that `kubectl rollout status` reads. The
// arithmetic lives in deployment-math.ts; this file reads and writes the store.
import type { ClusterContext } from '../context.ts'
import type { Timer } from '../clock.ts'
import type { KubeObject, StoreEvent } from '../store.ts'
import {
  NEW_RS_AVAILABLE,
  POD_TEMPLATE_HASH,
  TIMED_OUT,
  computeHash,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  equalIgnoreHash,
  getCondition,
  historyToPrune,
  maxSurge,
  maxUnavailable,
  newRSNewReplicas,
  proportionalScale,
  reconcileNewReplicaSet,
  reconcileOldReplicaSets,
  removeCondition,
  setCondition,
  type DeploymentCondition,
  type DeploymentLike,
  type DeploymentStatusLike,
  type RSLike,
} from './deployment-math.ts'
import { recordEvent } from './events.ts'
import { controllerRef, ownedBy } from './pod-util.ts'
import { WorkQueue, nsName, splitKey } from './queue.ts'

const DEP = 'apps/deployments'
const RS = 'apps/replicasets'
const PODS = '/pods'
const source = { component: 'deployment-controller' }

export const REVISION = 'deployment.kubernetes.io/revision'
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history'
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas'
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas'

/** Annotations a deployment does not hand down to its ReplicaSets. */
const NOT_COPIED = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  'deprecated.deployment.rollback.to',
])

/** apps/v1 defaults, for deployments the API server stored without them. */
export function deploymentDefaults(d: KubeObject): {
  like: DeploymentLike
  minReadySeconds: number
  revisionHistoryLimit: number
  paused: boolean
} {
  const spec = d.spec ?? {}
  const type = spec.strategy?.type === 'Recreate' ? 'Recreate' : 'RollingUpdate'
  const ru = spec.strategy?.rollingUpdate ?? {}
  return {
    like: {
      replicas: spec.replicas ?? 1,
      strategy: {
        type,
        ...(type === 'RollingUpdate'
          ? {
              rollingUpdate: {
                maxSurge: ru.maxSurge ?? '25%',
                maxUnavailable: ru.maxUnavailable ?? '25%',
              },
            }
          : {}),
      },
      generation: d.metadata.generation ?? 1,
      progressDeadlineSeconds: spec.progressDeadlineSeconds ?? 600,
      status: d.status ?? {},
    },
    minReadySeconds: spec.minReadySeconds ?? 0,
    revisionHistoryLimit: spec.revisionHistoryLimit ?? 10,
    paused: !!spec.paused,
  }
}

export function rsLike(rs: KubeObject): RSLike {
  const num = (v: string | undefined) =>
    v === undefined || v === '' || Number.isNaN(Number(v)) ? undefined : Number(v)
  return {
    name: rs.metadata.name,
    replicas: rs.spec?.replicas ?? 1,
    statusReplicas: rs.status?.replicas ?? 0,
    availableReplicas: rs.status?.availableReplicas ?? 0,
    created: Date.parse(rs.metadata.creationTimestamp) || 0,
    maxReplicasAnnotation: num(rs.metadata.annotations?.[MAX_REPLICAS]),
    desiredReplicasAnnotation: num(rs.metadata.annotations?.[DESIRED_REPLICAS]),
  }
}

const revisionOf = (rs: KubeObject) => Number(rs.metadata.annotations?.[REVISION] ?? 0) || 0

/** Drop zero counts, as Go's omitempty does, so equal statuses compare equal. */
function tidyStatus(s: DeploymentStatusLike): DeploymentStatusLike {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(s)) if (v !== 0 && v !== undefined) out[k] = v
  return out as DeploymentStatusLike
}

export interface DeploymentControllerOptions {
  /** Cluster ms to wait before retrying a failed sync. Default 1000. */
  retryMs?: number
}

export class DeploymentController {
  private readonly ctx: ClusterContext
  private readonly queue: WorkQueue
  private readonly timers = new Map<string, Timer>()
  private unsubscribe?: () => void

  constructor(ctx: ClusterContext, _opts: DeploymentControllerOptions = {}) {
    this.ctx = ctx
    this.queue = new WorkQueue((k) => this.sync(k))
  }

  start(): void {
    this.unsubscribe = this.ctx.store.subscribe((e) => this.onEvent(e))
    for (const d of this.ctx.store.list(DEP).items)
      this.queue.add(nsName(d.metadata.namespace, d.metadata.name))
  }

  stop(): void {
    this.unsubscribe?.()
    this.queue.stop()
    for (const t of this.timers.values()) t.cancel()
    this.timers.clear()
  }

  private onEvent(e: StoreEvent): void {
    const ns = e.object.metadata.namespace
    if (e.key === DEP) this.queue.add(nsName(ns, e.object.metadata.name))
    else if (e.key === RS) {
      const ref = controllerRef(e.object)
      if (ref?.kind === 'Deployment') this.queue.add(nsName(ns, ref.name))
    } else if (e.key === PODS && e.type === 'DELETED') {
      // Recreate waits for the old pods to be gone.
      const ref = controllerRef(e.object)
      if (ref?.kind !== 'ReplicaSet') return
      const rs = this.ctx.store.tryGet(RS, ns, ref.name)
      const dref = rs && controllerRef(rs)
      if (dref?.kind === 'Deployment') this.queue.add(nsName(ns, dref.name))
    }
  }

  private now(): string {
    return this.ctx.clock.timestamp()
  }

  private condition(
    type: string,
    status: DeploymentCondition['status'],
    reason: string,
    message: string,
  ): DeploymentCondition {
    const t = this.now()
    return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message }
  }

  sync(key: string): void {
    const [ns, name] = splitKey(key)
    const { store } = this.ctx
    const d = store.tryGet(DEP, ns, name)
    if (!d) return
    const rsList = store.list(RS, ns).items.filter((rs) => ownedBy(rs, d))
    if (d.metadata.deletionTimestamp) {
      this.syncStatusOnly(d, rsList)
      return
    }
    this.checkPausedConditions(d)
    const { paused, like } = deploymentDefaults(d)
    if (paused || this.isScalingEvent(d, rsList)) {
      this.syncScale(d, rsList)
      return
    }
    if (like.strategy.type === 'Recreate') this.rolloutRecreate(d, rsList)
    else this.rolloutRolling(d, rsList)
  }

  // ---- writes ----------------------------------------------------------------

  private writeStatus(d: KubeObject, status: DeploymentStatusLike): void {
    const next = tidyStatus(status)
    const updated = this.ctx.store.mutate(
      DEP,
      d.metadata.namespace,
      d.metadata.name,
      (o) => (o.status = next),
      {
        subresource: 'status',
      },
    )
    d.status = updated.status
    d.metadata = updated.metadata
  }

  private writeRevision(d: KubeObject, revision: string): void {
    if (d.metadata.annotations?.[REVISION] === revision) return
    const updated = this.ctx.store.mutate(DEP, d.metadata.namespace, d.metadata.name, (o) => {
      o.metadata.annotations = { ...(o.metadata.annotations ?? {}), [REVISION]: revision }
    })
    d.metadata = updated.metadata
  }

  private replaceRS(list: KubeObject[], rs: KubeObject): void {
    const i = list.findIndex((x) => x.metadata.uid === rs.metadata.uid)
    if (i >= 0) list[i] = rs
  }

  /**
   * scaleReplicaSet: set the size and the desired/max annotations; a size change is
   * a ScalingReplicaSet event ("Scaled up replica set web-5d9c7b from 1 to 3").
   */
  private scaleRS(rs: KubeObject, size: number, d: KubeObject): KubeObject {
    const { like } = deploymentDefaults(d)
    const cur = rs.spec?.replicas ?? 1
    const desired = String(like.replicas)
    const max = String(like.replicas + maxSurge(like))
    const ann = rs.metadata.annotations ?? {}
    if (cur === size && ann[DESIRED_REPLICAS] === desired && ann[MAX_REPLICAS] === max) return rs
    const updated = this.ctx.store.mutate(RS, rs.metadata.namespace, rs.metadata.name, (o) => {
      o.spec = { ...(o.spec ?? {}), replicas: size }
      o.metadata.annotations = {
        ...(o.metadata.annotations ?? {}),
        [DESIRED_REPLICAS]: desired,
        [MAX_REPLICAS]: max,
      }
    })
    if (cur !== size) {
      const op = size > cur ? 'up' : 'down'
      recordEvent(this.ctx.store, {
        object: d,
        type: 'Normal',
        reason: 'ScalingReplicaSet',
        message: `Scaled ${op} replica set ${rs.metadata.name} from ${cur} to ${size}`,
        source,
      })
    }
    return updated
  }

  // ---- finding the new and old ReplicaSets -------------------------------------

  private findNewRS(d: KubeObject, rsList: KubeObject[]): KubeObject | undefined {
    const sorted = [...rsList].sort((a, b) => {
      const ta = Date.parse(a.metadata.creationTimestamp) || 0
      const tb = Date.parse(b.metadata.creationTimestamp) || 0
      return ta === tb ? a.metadata.name.localeCompare(b.metadata.name) : ta - tb
    })
    return sorted.find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template))
  }

  /** SetNewReplicaSetAnnotations; returns whether anything changed. */
  private setNewRSAnnotations(
    d: KubeObject,
    rs: KubeObject,
    newRevision: string,
    exists: boolean,
  ): boolean {
    const ann = (rs.metadata.annotations ??= {})
    let changed = false
    for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
      if (NOT_COPIED.has(k) || ann[k] === v) continue
      ann[k] = v
      changed = true
    }
    const oldRevision = ann[REVISION]
    const oldInt = Number(oldRevision ?? 0) || 0
    const newInt = Number(newRevision)
    if (oldInt < newInt) {
      ann[REVISION] = newRevision
      changed = true
      // Reusing an old ReplicaSet (a rollback): remember the revisions it had.
      if (oldRevision)
        ann[REVISION_HISTORY] = ann[REVISION_HISTORY]
          ? `${ann[REVISION_HISTORY]},${oldRevision}`
          : oldRevision
    }
    if (!exists) {
      const { like } = deploymentDefaults(d)
      ann[DESIRED_REPLICAS] = String(like.replicas)
      ann[MAX_REPLICAS] = String(like.replicas + maxSurge(like))
      changed = true
    }
    return changed
  }

  /** getAllReplicaSetsAndSyncRevision. */
  private getAll(
    d: KubeObject,
    rsList: KubeObject[],
    create: boolean,
  ): { newRS?: KubeObject; oldRSs: KubeObject[] } {
    const found = this.findNewRS(d, rsList)
    const oldRSs = rsList.filter((rs) => rs.metadata.uid !== found?.metadata.uid)
    const newRS = this.getNewRS(d, rsList, oldRSs, create)
    return { newRS, oldRSs }
  }

  private getNewRS(
    d: KubeObject,
    rsList: KubeObject[],
    oldRSs: KubeObject[],
    create: boolean,
  ): KubeObject | undefined {
    const { store } = this.ctx
    const { like, minReadySeconds } = deploymentDefaults(d)
    const existing = this.findNewRS(d, rsList)
    const newRevision = String(Math.max(0, ...oldRSs.map(revisionOf)) + 1)
    if (existing) {
      let rs = structuredClone(existing)
      const annotationsChanged = this.setNewRSAnnotations(d, rs, newRevision, true)
      const msChanged = (rs.spec?.minReadySeconds ?? 0) !== minReadySeconds
      if (annotationsChanged || msChanged) {
        rs.spec = { ...rs.spec, minReadySeconds }
        rs = store.update(RS, rs)
        this.replaceRS(rsList, rs)
      }
      this.writeRevision(d, rs.metadata.annotations?.[REVISION] ?? newRevision)
      if (!getCondition(d.status, 'Progressing')) {
        const status = structuredClone(d.status ?? {})
        setCondition(
          status,
          this.condition(
            'Progressing',
            'True',
            'FoundNewReplicaSet',
            `Found new replica set "${rs.metadata.name}"`,
          ),
        )
        this.writeStatus(d, status)
      }
      return rs
    }
    if (!create) return undefined

    const hash = computeHash(d.spec?.template, d.status?.collisionCount)
    const template = structuredClone(d.spec?.template ?? {})
    template.metadata = {
      ...(template.metadata ?? {}),
      labels: { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH]: hash },
    }
    const selector = structuredClone(d.spec?.selector ?? {})
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH]: hash }
    const name = `${d.metadata.name}-${hash}`
    const draft: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name,
        namespace: d.metadata.namespace,
        uid: '',
        resourceVersion: '',
        creationTimestamp: '',
        labels: template.metadata.labels,
        annotations: {},
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: d.metadata.name,
            uid: d.metadata.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: { replicas: 0, minReadySeconds, selector, template },
    }
    const replicas = newRSNewReplicas(like, [...oldRSs.map(rsLike), rsLike(draft)], rsLike(draft))
    draft.spec.replicas = replicas
    this.setNewRSAnnotations(d, draft, newRevision, false)
    let created: KubeObject
    let alreadyExisted = false
    const clash = store.tryGet(RS, d.metadata.namespace, name)
    if (clash) {
      if (ownedBy(clash, d) && equalIgnoreHash(clash.spec?.template, d.spec?.template)) {
        created = clash
        alreadyExisted = true
      } else {
        // A hash collision: bump collisionCount so the next hash differs.
        const status = structuredClone(d.status ?? {})
        status.collisionCount = (status.collisionCount ?? 0) + 1
        this.writeStatus(d, status)
        return undefined
      }
    } else {
      const { uid: _u, resourceVersion: _r, creationTimestamp: _c, ...meta } = draft.metadata
      created = store.create(RS, d.metadata.namespace, { ...draft, metadata: meta })
      rsList.push(created)
    }
    if (!alreadyExisted && replicas > 0) {
      recordEvent(store, {
        object: d,
        type: 'Normal',
        reason: 'ScalingReplicaSet',
        message: `Scaled up replica set ${name} from 0 to ${replicas}`,
        source,
      })
    }
    this.writeRevision(d, newRevision)
    if (!alreadyExisted) {
      const status = structuredClone(d.status ?? {})
      setCondition(
        status,
        this.condition(
          'Progressing',
          'True',
          'NewReplicaSetCreated',
          `Created new replica set "${name}"`,
        ),
      )
      this.writeStatus(d, status)
    }
    return created
  }

  // ---- strategies --------------------------------------------------------------

  private rolloutRolling(d: KubeObject, rsList: KubeObject[]): void {
    const { newRS, oldRSs } = this.getAll(d, rsList, true)
    if (!newRS) return
    const { like } = deploymentDefaults(d)
    let currentNew = newRS
    const all = () => [...oldRSs, currentNew]
    const target = reconcileNewReplicaSet(like, all().map(rsLike), rsLike(currentNew))
    if (target !== undefined) {
      currentNew = this.scaleRS(currentNew, target, d)
      this.syncRolloutStatus(all(), currentNew, d)
      return
    }
    const active = oldRSs.filter((rs) => (rs.spec?.replicas ?? 1) > 0)
    const { plan } = reconcileOldReplicaSets(
      like,
      all().map(rsLike),
      active.map(rsLike),
      rsLike(currentNew),
    )
    if (plan.size) {
      for (const [rsName, size] of plan) {
        const i = oldRSs.findIndex((rs) => rs.metadata.name === rsName)
        if (i >= 0) oldRSs[i] = this.scaleRS(oldRSs[i]!, size, d)
      }
      this.syncRolloutStatus(all(), currentNew, d)
      return
    }
    if (deploymentComplete(like, d.status ?? {})) this.cleanupDeployment(oldRSs, d)
    this.syncRolloutStatus(all(), currentNew, d)
  }

  private rolloutRecreate(d: KubeObject, rsList: KubeObject[]): void {
    const { store } = this.ctx
    let { newRS, oldRSs } = this.getAll(d, rsList, false)
    const { like } = deploymentDefaults(d)
    let scaled = false
    oldRSs = oldRSs.map((rs) => {
      if ((rs.spec?.replicas ?? 1) === 0) return rs
      scaled = true
      return this.scaleRS(rs, 0, d)
    })
    const allOf = () => [...oldRSs, ...(newRS ? [newRS] : [])]
    if (scaled) {
      this.syncRolloutStatus(allOf(), newRS, d)
      return
    }
    // Recreate waits until no old pod runs (terminating ones included).
    const oldUids = new Set(oldRSs.map((rs) => rs.metadata.uid))
    const oldPodsRunning =
      oldRSs.some((rs) => (rs.status?.replicas ?? 0) > 0) ||
      store
        .list(PODS, d.metadata.namespace)
        .items.some(
          (p) =>
            oldUids.has(controllerRef(p)?.uid ?? '') &&
            p.status?.phase !== 'Failed' &&
            p.status?.phase !== 'Succeeded',
        )
    if (oldPodsRunning) {
      this.syncRolloutStatus(allOf(), newRS, d)
      return
    }
    if (!newRS) {
      ;({ newRS, oldRSs } = this.getAll(d, rsList, true))
      if (!newRS) return
    }
    if ((newRS.spec?.replicas ?? 1) !== like.replicas) newRS = this.scaleRS(newRS, like.replicas, d)
    if (deploymentComplete(like, d.status ?? {})) this.cleanupDeployment(oldRSs, d)
    this.syncRolloutStatus(allOf(), newRS, d)
  }

  /** sync() in sync.go: scaling events and paused deployments. */
  private syncScale(d: KubeObject, rsList: KubeObject[]): void {
    const { newRS, oldRSs } = this.getAll(d, rsList, false)
    const { like, paused } = deploymentDefaults(d)
    const plan = proportionalScale(like, newRS && rsLike(newRS), oldRSs.map(rsLike))
    let currentNew = newRS
    for (const [rsName, size] of plan) {
      if (currentNew?.metadata.name === rsName) currentNew = this.scaleRS(currentNew, size, d)
      const i = oldRSs.findIndex((rs) => rs.metadata.name === rsName)
      if (i >= 0) oldRSs[i] = this.scaleRS(oldRSs[i]!, size, d)
    }
    if (paused) this.cleanupDeployment(oldRSs, d)
    const status = this.calculateStatus(
      [...oldRSs, ...(currentNew ? [currentNew] : [])],
      currentNew,
      d,
    )
    if (JSON.stringify(tidyStatus(status)) !== JSON.stringify(tidyStatus(d.status ?? {})))
      this.writeStatus(d, status)
  }

  private syncStatusOnly(d: KubeObject, rsList: KubeObject[]): void {
    const { newRS, oldRSs } = this.getAll(d, rsList, false)
    const status = this.calculateStatus([...oldRSs, ...(newRS ? [newRS] : [])], newRS, d)
    if (JSON.stringify(tidyStatus(status)) !== JSON.stringify(tidyStatus(d.status ?? {})))
      this.writeStatus(d, status)
  }

  private isScalingEvent(d: KubeObject, rsList: KubeObject[]): boolean {
    const { newRS, oldRSs } = this.getAll(d, rsList, false)
    const { like } = deploymentDefaults(d)
    for (const rs of [...oldRSs, ...(newRS ? [newRS] : [])]) {
      if ((rs.spec?.replicas ?? 1) === 0) continue
      const desired = rs.metadata.annotations?.[DESIRED_REPLICAS]
      if (desired === undefined || desired === '' || Number.isNaN(Number(desired))) continue
      if (Number(desired) !== like.replicas) return true
    }
    return false
  }

  private checkPausedConditions(d: KubeObject): void {
    const { like, paused } = deploymentDefaults(d)
    if (like.progressDeadlineSeconds === undefined) return
    const cond = getCondition(d.status, 'Progressing')
    if (cond?.reason === TIMED_OUT) return
    const pausedCond = cond?.reason === 'DeploymentPaused'
    let next: DeploymentCondition | undefined
    if (paused && !pausedCond)
      next = this.condition('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused')
    else if (!paused && pausedCond)
      next = this.condition('Progressing', 'Unknown', 'DeploymentResumed', 'Deployment is resumed')
    if (!next) return
    const status = structuredClone(d.status ?? {})
    setCondition(status, next)
    this.writeStatus(d, status)
  }

  /** cleanupDeployment: delete the oldest revisions beyond revisionHistoryLimit, if empty. */
  private cleanupDeployment(oldRSs: KubeObject[], d: KubeObject): void {
    const { revisionHistoryLimit } = deploymentDefaults(d)
    const history = oldRSs.map((rs) => ({
      ...rsLike(rs),
      revision: revisionOf(rs),
      deleting: !!rs.metadata.deletionTimestamp,
      generation: rs.metadata.generation ?? 1,
      observedGeneration: rs.status?.observedGeneration ?? 0,
    }))
    for (const name of historyToPrune(history, revisionHistoryLimit)) {
      try {
        this.ctx.store.delete(RS, d.metadata.namespace, name)
      } catch {
        // Already gone.
      }
    }
  }

  // ---- status ------------------------------------------------------------------

  private calculateStatus(
    allRSs: KubeObject[],
    newRS: KubeObject | undefined,
    d: KubeObject,
  ): DeploymentStatusLike {
    const { like } = deploymentDefaults(d)
    const sum = (f: (rs: KubeObject) => number) => allRSs.reduce((n, rs) => n + f(rs), 0)
    const available = sum((rs) => rs.status?.availableReplicas ?? 0)
    const total = sum((rs) => rs.spec?.replicas ?? 1)
    const status: DeploymentStatusLike = {
      observedGeneration: d.metadata.generation ?? 1,
      replicas: sum((rs) => rs.status?.replicas ?? 0),
      updatedReplicas: newRS?.status?.replicas ?? 0,
      readyReplicas: sum((rs) => rs.status?.readyReplicas ?? 0),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, total - available),
      ...(d.status?.collisionCount !== undefined
        ? { collisionCount: d.status.collisionCount }
        : {}),
      conditions: structuredClone(d.status?.conditions ?? []),
    }
    if (available >= like.replicas - maxUnavailable(like)) {
      setCondition(
        status,
        this.condition(
          'Available',
          'True',
          'MinimumReplicasAvailable',
          'Deployment has minimum availability.',
        ),
      )
    } else {
      setCondition(
        status,
        this.condition(
          'Available',
          'False',
          'MinimumReplicasUnavailable',
          'Deployment does not have minimum availability.',
        ),
      )
    }
    return status
  }

  /** syncRolloutStatus (progress.go): Progressing reasons and the progress deadline. */
  private syncRolloutStatus(
    allRSs: KubeObject[],
    newRS: KubeObject | undefined,
    d: KubeObject,
  ): void {
    const { like } = deploymentDefaults(d)
    const status = this.calculateStatus(allRSs, newRS, d)
    const current = getCondition(d.status, 'Progressing')
    const isComplete =
      (status.replicas ?? 0) === (status.updatedReplicas ?? 0) &&
      current?.reason === NEW_RS_AVAILABLE
    if (!isComplete) {
      const rsName = newRS?.metadata.name
      if (deploymentComplete(like, status)) {
        const msg = rsName
          ? `ReplicaSet "${rsName}" has successfully progressed.`
          : `Deployment "${d.metadata.name}" has successfully progressed.`
        setCondition(status, this.condition('Progressing', 'True', NEW_RS_AVAILABLE, msg))
      } else if (deploymentProgressing(like, status)) {
        const msg = rsName
          ? `ReplicaSet "${rsName}" is progressing.`
          : `Deployment "${d.metadata.name}" is progressing.`
        const cond = this.condition('Progressing', 'True', 'ReplicaSetUpdated', msg)
        // Progress refreshes lastUpdateTime (the deadline's start) but not the transition.
        if (current?.status === 'True') cond.lastTransitionTime = current.lastTransitionTime
        removeCondition(status, 'Progressing')
        setCondition(status, cond)
      } else if (deploymentTimedOut(like, status, this.ctx.clock.nowMs())) {
        const msg = rsName
          ? `ReplicaSet "${rsName}" has timed out progressing.`
          : `Deployment "${d.metadata.name}" has timed out progressing.`
        setCondition(status, this.condition('Progressing', 'False', TIMED_OUT, msg))
      }
    }
    if (JSON.stringify(tidyStatus(status)) === JSON.stringify(tidyStatus(d.status ?? {}))) {
      this.requeueStuck(d, status)
      return
    }
    this.writeStatus(d, status)
  }

  /** Wake up when the progress deadline would pass without progress. */
  private requeueStuck(d: KubeObject, status: DeploymentStatusLike): void {
    const key = nsName(d.metadata.namespace, d.metadata.name)
    this.timers.get(key)?.cancel()
    this.timers.delete(key)
    const { like } = deploymentDefaults(d)
    const cond = getCondition(status, 'Progressing')
    if (like.progressDeadlineSeconds === undefined || !cond) return
    if (
      deploymentComplete(like, status) ||
      cond.reason === TIMED_OUT ||
      cond.reason === NEW_RS_AVAILABLE
    )
      return
    if (cond.status === 'Unknown' && cond.reason === 'DeploymentPaused') return
    const from = Date.parse(cond.lastUpdateTime ?? '')
    if (Number.isNaN(from)) return
    const wait = Math.max(
      100,
      from + like.progressDeadlineSeconds * 1000 - this.ctx.clock.nowMs() + 500,
    )
    this.timers.set(
      key,
      this.ctx.clock.after(wait, () => this.queue.add(key)),
    )
  }
}
