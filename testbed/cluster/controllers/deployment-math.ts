// The Deployment controller's arithmetic as pure functions, following Kubernetes'
// pkg/controller/deployment (rolling.go, sync.go, progress.go) and its util package.
// Everything here takes plain data and returns plain data so the cases of Kubernetes'
// own tests can be run against it as tables.
export type IntOrString = number | string

export interface RollingParams {
  maxSurge?: IntOrString
  maxUnavailable?: IntOrString
}

/** The parts of a Deployment the arithmetic reads, defaults already applied. */
export interface DeploymentLike {
  replicas: number
  strategy: { type: 'RollingUpdate' | 'Recreate'; rollingUpdate?: RollingParams }
  generation?: number
  progressDeadlineSeconds?: number
  status?: DeploymentStatusLike
}

export interface DeploymentCondition {
  type: string
  status: 'True' | 'False' | 'Unknown'
  reason?: string
  message?: string
  lastUpdateTime?: string
  lastTransitionTime?: string
}

export interface DeploymentStatusLike {
  observedGeneration?: number
  replicas?: number
  updatedReplicas?: number
  readyReplicas?: number
  availableReplicas?: number
  unavailableReplicas?: number
  conditions?: DeploymentCondition[]
  collisionCount?: number
}

/** A ReplicaSet as the arithmetic sees it. */
export interface RSLike {
  name: string
  /** spec.replicas */
  replicas: number
  /** status.replicas */
  statusReplicas?: number
  /** status.availableReplicas */
  availableReplicas?: number
  /** creation time, ms; ties broken by name as Kubernetes does */
  created?: number
  /** deployment.kubernetes.io/max-replicas, when set */
  maxReplicasAnnotation?: number
  /** deployment.kubernetes.io/desired-replicas, when set */
  desiredReplicasAnnotation?: number
}

/** Sizes to set, by ReplicaSet name; only the ones that change. */
export type ScalePlan = Map<string, number>

/**
 * intstr.GetScaledValueFromIntOrPercent: an int as is, "N%" of total rounded up or down.
 * Anything else is an error, as in Kubernetes ("oops" is not a percentage).
 */
export function scaledValue(
  value: IntOrString | undefined,
  total: number,
  roundUp: boolean,
): number {
  if (value === undefined) return 0
  if (typeof value === 'number') return value
  const m = /^(-?\d+)%$/.exec(value)
  if (!m) {
    if (/^-?\d+$/.test(value)) return Number(value)
    throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage`)
  }
  const v = (Number(m[1]) * total) / 100
  return roundUp ? Math.ceil(v) : Math.floor(v)
}

/** ResolveFenceposts: surge rounds up, unavailable down; both zero ⇒ unavailable 1. */
export function resolveFenceposts(
  maxSurge: IntOrString | undefined,
  maxUnavailable: IntOrString | undefined,
  desired: number,
): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge ?? 0, desired, true)
  let unavailable = scaledValue(maxUnavailable ?? 0, desired, false)
  // Both zero would deadlock a rollout: Kubernetes allows one unavailable pod.
  if (surge === 0 && unavailable === 0) unavailable = 1
  return { surge, unavailable }
}

const isRolling = (d: DeploymentLike) => d.strategy.type === 'RollingUpdate'

/** MaxUnavailable: 0 for Recreate or zero replicas, never more than replicas. */
export function maxUnavailable(d: DeploymentLike): number {
  if (!isRolling(d) || d.replicas === 0) return 0
  const { unavailable } = resolveFenceposts(
    d.strategy.rollingUpdate?.maxSurge,
    d.strategy.rollingUpdate?.maxUnavailable,
    d.replicas,
  )
  return Math.min(unavailable, d.replicas)
}

/** MaxSurge: 0 for Recreate. */
export function maxSurge(d: DeploymentLike): number {
  if (!isRolling(d)) return 0
  return resolveFenceposts(
    d.strategy.rollingUpdate?.maxSurge,
    d.strategy.rollingUpdate?.maxUnavailable,
    d.replicas,
  ).surge
}

const sum = (rss: (RSLike | undefined)[], f: (rs: RSLike) => number) =>
  rss.reduce((n, rs) => n + (rs ? f(rs) : 0), 0)

/** GetReplicaCountForReplicaSets: the sum of spec.replicas. */
export const specReplicas = (rss: (RSLike | undefined)[]) => sum(rss, (rs) => rs.replicas)
/** GetActualReplicaCountForReplicaSets: the sum of status.replicas. */
export const actualReplicas = (rss: (RSLike | undefined)[]) =>
  sum(rss, (rs) => rs.statusReplicas ?? 0)
export const availableReplicas = (rss: (RSLike | undefined)[]) =>
  sum(rss, (rs) => rs.availableReplicas ?? 0)

/** NewRSNewReplicas: how big the new ReplicaSet may be now. */
export function newRSNewReplicas(
  d: DeploymentLike,
  allRSs: (RSLike | undefined)[],
  newRS: RSLike,
): number {
  if (!isRolling(d)) return d.replicas
  const surge = maxSurge(d)
  const current = specReplicas(allRSs)
  const maxTotal = d.replicas + surge
  if (current >= maxTotal) return newRS.replicas
  const scaleUp = Math.min(maxTotal - current, d.replicas - newRS.replicas)
  return newRS.replicas + scaleUp
}

/** reconcileNewReplicaSet: the new RS's next size, or undefined when it stays. */
export function reconcileNewReplicaSet(
  d: DeploymentLike,
  allRSs: (RSLike | undefined)[],
  newRS: RSLike,
): number | undefined {
  if (newRS.replicas === d.replicas) return undefined
  if (newRS.replicas > d.replicas) return d.replicas
  const next = newRSNewReplicas(d, allRSs, newRS)
  return next === newRS.replicas ? undefined : next
}

/** Oldest first, ties by name (ReplicaSetsByCreationTimestamp). */
export function byCreation(a: RSLike, b: RSLike): number {
  const ta = a.created ?? 0
  const tb = b.created ?? 0
  return ta === tb ? a.name.localeCompare(b.name) : ta - tb
}

/**
 * cleanupUnhealthyReplicas: scale old ReplicaSets down by their unavailable pods, oldest
 * first, at most `maxCleanupCount` in all.
 */
export function cleanupUnhealthyReplicas(
  oldRSs: RSLike[],
  maxCleanupCount: number,
): { plan: ScalePlan; cleanedUp: number; after: RSLike[] } {
  const plan: ScalePlan = new Map()
  let total = 0
  const after = oldRSs.map((rs) => ({ ...rs }))
  for (const rs of [...after].sort(byCreation)) {
    if (total >= maxCleanupCount) break
    if (rs.replicas === 0) continue
    const unhealthy = rs.replicas - (rs.availableReplicas ?? 0)
    if (unhealthy <= 0) continue
    const n = Math.min(maxCleanupCount - total, unhealthy)
    rs.replicas -= n
    plan.set(rs.name, rs.replicas)
    total += n
  }
  return { plan, cleanedUp: total, after }
}

/**
 * scaleDownOldReplicaSetsForRollingUpdate: scale old ReplicaSets down by as many
 * available pods as can go while keeping desired − maxUnavailable available.
 */
export function scaleDownOldReplicaSetsForRollingUpdate(
  d: DeploymentLike,
  allRSs: (RSLike | undefined)[],
  oldRSs: RSLike[],
): { plan: ScalePlan; scaledDown: number } {
  const plan: ScalePlan = new Map()
  const minAvailable = d.replicas - maxUnavailable(d)
  const available = availableReplicas(allRSs)
  if (available <= minAvailable) return { plan, scaledDown: 0 }
  const toScaleDown = available - minAvailable
  let total = 0
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= toScaleDown) break
    if (rs.replicas === 0) continue
    const n = Math.min(rs.replicas, toScaleDown - total)
    plan.set(rs.name, rs.replicas - n)
    total += n
  }
  return { plan, scaledDown: total }
}

/** reconcileOldReplicaSets: unhealthy old pods first, then healthy ones within budget. */
export function reconcileOldReplicaSets(
  d: DeploymentLike,
  allRSs: (RSLike | undefined)[],
  oldRSs: RSLike[],
  newRS: RSLike | undefined,
): { plan: ScalePlan; scaledDown: number } {
  const plan: ScalePlan = new Map()
  if (specReplicas(oldRSs) === 0) return { plan, scaledDown: 0 }
  const allPods = specReplicas(allRSs)
  const minAvailable = d.replicas - maxUnavailable(d)
  const newRSUnavailable = newRS ? newRS.replicas - (newRS.availableReplicas ?? 0) : 0
  const maxScaledDown = allPods - minAvailable - newRSUnavailable
  if (maxScaledDown <= 0) return { plan, scaledDown: 0 }
  const cleanup = cleanupUnhealthyReplicas(oldRSs, maxScaledDown)
  for (const [k, v] of cleanup.plan) plan.set(k, v)
  const rest = scaleDownOldReplicaSetsForRollingUpdate(d, [...cleanup.after, newRS], cleanup.after)
  for (const [k, v] of rest.plan) plan.set(k, v)
  return { plan, scaledDown: cleanup.cleanedUp + rest.scaledDown }
}

/** FilterActiveReplicaSets: those with spec.replicas > 0. */
export const activeRSs = (rss: (RSLike | undefined)[]): RSLike[] =>
  rss.filter((rs): rs is RSLike => !!rs && rs.replicas > 0)

/** FindActiveOrLatest: the one active RS, or the newest when none is active. */
export function findActiveOrLatest(
  newRS: RSLike | undefined,
  oldRSs: RSLike[],
): RSLike | undefined {
  if (!newRS && oldRSs.length === 0) return undefined
  const newestFirst = [...oldRSs].sort((a, b) => byCreation(b, a))
  const active = activeRSs([...newestFirst, newRS])
  if (active.length === 0) return newRS ?? newestFirst[0]
  if (active.length === 1) return active[0]
  return undefined
}

/** IsSaturated: the new RS has all desired pods available. */
export function isSaturated(d: DeploymentLike, rs: RSLike | undefined): boolean {
  if (!rs) return false
  return (
    rs.replicas === d.replicas &&
    rs.desiredReplicasAnnotation === d.replicas &&
    (rs.availableReplicas ?? 0) === d.replicas
  )
}

function replicaSetFraction(rs: RSLike, d: DeploymentLike): number {
  if (d.replicas === 0) return -rs.replicas
  const deploymentReplicas = d.replicas + maxSurge(d)
  const annotated = rs.maxReplicasAnnotation ?? d.status?.replicas ?? 0
  if (annotated === 0) return 0
  // Go's math.Round: half away from zero.
  const size = (rs.replicas * deploymentReplicas) / annotated
  return Math.sign(size) * Math.round(Math.abs(size)) - rs.replicas
}

function proportion(rs: RSLike, d: DeploymentLike, toAdd: number, added: number): number {
  if (rs.replicas === 0 || toAdd === 0 || toAdd === added) return 0
  const fraction = replicaSetFraction(rs, d)
  const allowed = toAdd - added
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed)
}

/**
 * scale() in sync.go: when replicas change, resize the one active RS, or finish a
 * saturated rollout, or spread the change proportionally over all active RSs (largest
 * first for scale-up, smallest first for scale-down; leftovers to the first).
 * Returns the plan and whether the change was an "up" or "down".
 */
export function proportionalScale(
  d: DeploymentLike,
  newRS: RSLike | undefined,
  oldRSs: RSLike[],
): ScalePlan {
  const plan: ScalePlan = new Map()
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs)
  if (activeOrLatest) {
    if (activeOrLatest.replicas !== d.replicas) plan.set(activeOrLatest.name, d.replicas)
    return plan
  }
  if (isSaturated(d, newRS)) {
    for (const rs of activeRSs(oldRSs)) plan.set(rs.name, 0)
    return plan
  }
  if (!isRolling(d)) return plan
  const all = activeRSs([...oldRSs, newRS])
  const allowed = d.replicas > 0 ? d.replicas + maxSurge(d) : 0
  const toAdd = allowed - specReplicas(all)
  if (toAdd > 0) {
    // ReplicaSetsBySizeNewer: larger first, then newer first.
    all.sort((a, b) => (a.replicas === b.replicas ? byCreation(b, a) : b.replicas - a.replicas))
  } else if (toAdd < 0) {
    // ReplicaSetsBySizeOlder: larger first, then older first.
    all.sort((a, b) => (a.replicas === b.replicas ? byCreation(a, b) : b.replicas - a.replicas))
  }
  let added = 0
  const sizes = new Map<string, number>()
  for (const rs of all) {
    if (toAdd !== 0) {
      const p = proportion(rs, d, toAdd, added)
      sizes.set(rs.name, rs.replicas + p)
      added += p
    } else sizes.set(rs.name, rs.replicas)
  }
  all.forEach((rs, i) => {
    let size = sizes.get(rs.name)!
    if (i === 0 && toAdd !== 0) size = Math.max(0, size + toAdd - added)
    plan.set(rs.name, size)
  })
  return plan
}

/** DeploymentComplete: every desired pod updated and available, latest generation seen. */
export function deploymentComplete(d: DeploymentLike, s: DeploymentStatusLike): boolean {
  return (
    (s.updatedReplicas ?? 0) === d.replicas &&
    (s.replicas ?? 0) === d.replicas &&
    (s.availableReplicas ?? 0) === d.replicas &&
    (s.observedGeneration ?? 0) >= (d.generation ?? 0)
  )
}

/** DeploymentProgressing: more updated, fewer old, more ready or more available pods. */
export function deploymentProgressing(d: DeploymentLike, s: DeploymentStatusLike): boolean {
  const old = d.status ?? {}
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0)
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0)
  return (
    (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  )
}

export const NEW_RS_AVAILABLE = 'NewReplicaSetAvailable'
export const TIMED_OUT = 'ProgressDeadlineExceeded'

export function getCondition(
  s: DeploymentStatusLike | undefined,
  type: string,
): DeploymentCondition | undefined {
  return s?.conditions?.find((c) => c.type === type)
}

/**
 * DeploymentTimedOut: no progress for progressDeadlineSeconds since the Progressing
 * condition's lastUpdateTime (not lastTransitionTime: every progress refreshes it).
 */
export function deploymentTimedOut(
  d: DeploymentLike,
  s: DeploymentStatusLike,
  nowMs: number,
): boolean {
  if (d.progressDeadlineSeconds === undefined) return false
  const c = getCondition(s, 'Progressing')
  if (!c) return false
  if (c.reason === NEW_RS_AVAILABLE) return false
  if (c.reason === TIMED_OUT) return true
  const from = Date.parse(c.lastUpdateTime ?? '')
  if (Number.isNaN(from)) return false
  return from + d.progressDeadlineSeconds * 1000 < nowMs
}

/**
 * SetDeploymentCondition: same status and reason ⇒ unchanged; same status ⇒ keep the
 * lastTransitionTime; the condition moves to the end of the list.
 */
export function setCondition(s: DeploymentStatusLike, c: DeploymentCondition): void {
  const cur = getCondition(s, c.type)
  if (cur && cur.status === c.status && cur.reason === c.reason) return
  const next = { ...c }
  if (cur && cur.status === c.status) next.lastTransitionTime = cur.lastTransitionTime
  s.conditions = [...(s.conditions ?? []).filter((x) => x.type !== c.type), next]
}

export function removeCondition(s: DeploymentStatusLike, type: string): void {
  if (s.conditions) s.conditions = s.conditions.filter((c) => c.type !== type)
}

// ---- pod-template-hash -------------------------------------------------------

/** Alphabet of rand.SafeEncodeString: no vowels, no 0/1/3, so no words by accident. */
const SAFE = 'bcdfghjklmnpqrstvwxz2456789'

export function safeEncodeString(s: string): string {
  let out = ''
  for (const ch of s) out += SAFE[ch.codePointAt(0)! % SAFE.length]
  return out
}

/** FNV-1a, 32 bits. */
export function fnv32a(data: string): number {
  let h = 0x811c9dc5
  for (const b of Buffer.from(data, 'utf8')) {
    h ^= b
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h >>> 0
}

/** JSON with keys sorted at every level, so equal objects serialize equally. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`
  }
  return JSON.stringify(v) ?? 'null'
}

export const POD_TEMPLATE_HASH = 'pod-template-hash'

/**
 * ComputeHash (controller_utils.go): FNV-32a of the template (and the collision count
 * when set), printed in decimal and safe-encoded. Kubernetes hashes a Go dump of the
 * struct; we hash canonical JSON, so values differ from a real cluster's but have the
 * same shape and the same stability.
 */
export function computeHash(template: unknown, collisionCount?: number): string {
  let data = canonicalJson(template)
  if (collisionCount !== undefined && collisionCount !== null) data += `#${collisionCount}`
  return safeEncodeString(String(fnv32a(data)))
}

/** EqualIgnoreHash: templates equal once the pod-template-hash label is dropped. */
export function equalIgnoreHash(a: unknown, b: unknown): boolean {
  const strip = (t: unknown) => {
    const c = structuredClone((t ?? {}) as { metadata?: { labels?: Record<string, string> } })
    if (c.metadata?.labels) {
      delete c.metadata.labels[POD_TEMPLATE_HASH]
      if (Object.keys(c.metadata.labels).length === 0) delete c.metadata.labels
    }
    if (c.metadata && Object.keys(c.metadata).length === 0) delete c.metadata
    return canonicalJson(c)
  }
  return strip(a) === strip(b)
}

/** A ReplicaSet as history pruning sees it. */
export interface HistoryRS extends RSLike {
  revision?: number
  deleting?: boolean
  generation?: number
  observedGeneration?: number
}

/**
 * cleanupDeployment: the oldest revisions beyond revisionHistoryLimit that are safe to
 * delete (no pods wanted or left, status caught up, not already being deleted).
 */
export function historyToPrune(oldRSs: HistoryRS[], revisionHistoryLimit: number): string[] {
  const alive = oldRSs.filter((rs) => !rs.deleting)
  const diff = alive.length - revisionHistoryLimit
  if (diff <= 0) return []
  alive.sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0) || byCreation(a, b))
  return alive
    .slice(0, diff)
    .filter(
      (rs) =>
        (rs.statusReplicas ?? 0) === 0 &&
        rs.replicas === 0 &&
        (rs.generation ?? 0) <= (rs.observedGeneration ?? 0),
    )
    .map((rs) => rs.name)
}
