// One pod on a simulated node: pull each container's image from its registry, start
// it, and play out what its image labels script (readiness delay, never ready, exit,
// OOM, log lines), with the kubelet's back-offs, status fields and events.
import { randomBytes } from 'node:crypto'
import type { Timer } from '../clock.ts'
import type { ClusterContext } from '../context.ts'
import type { KubeObject } from '../store.ts'
import { recordEvent } from '../controllers/events.ts'
import { qosClass } from '../controllers/pod-defaults.ts'
import { defaultPullPolicy } from '../defaults.ts'
import { behaviourFromLabels, type Behaviour } from './behaviour.ts'
import { credentialsFor } from './credentials.ts'
import { parseImageReference, type ImageReference } from './image-ref.ts'
import { PullError, pullImage, type PulledImage } from './registry-client.ts'

const PODS = '/pods'

/** What all pods on one node share. */
export interface NodeRuntime {
  ctx: ClusterContext
  nodeName: string
  hostIP: string
  allocatePodIP(): string
  /** Images present on the node, by normalized reference. */
  images: Map<string, PulledImage>
  insecureRegistries: string[]
  fetch?: typeof fetch
  /** Cluster ms a stopping container takes to exit after SIGTERM. */
  stopDelayMs: number
}

export const BACKOFF_INITIAL_MS = 10_000
export const BACKOFF_MAX_MS = 300_000
/** The kubelet's PLEG relist period: how soon a change is noticed and acted on. */
const RELIST_MS = 1_000

/** Go's time.Duration.String() for whole seconds and above: 10s, 1m20s, 5m0s. */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms * 1000) / 1000}ms`
  const totalSec = ms / 1000
  const h = Math.floor(totalSec / 3600)
  const m = Math.floor((totalSec % 3600) / 60)
  const s = Math.round((totalSec % 60) * 1000) / 1000
  if (h) return `${h}h${m}m${s}s`
  if (m) return `${m}m${s}s`
  return `${s}s`
}

/** flowcontrol.Backoff for one key: initial 10s, doubling to 5m, reset after 10m quiet. */
export class Backoff {
  private current = 0
  private lastUpdate = 0
  private readonly initial: number
  private readonly max: number

  constructor(initial = BACKOFF_INITIAL_MS, max = BACKOFF_MAX_MS) {
    this.initial = initial
    this.max = max
  }

  /** The back-off now in force, 0 when none (first failure, or expired). */
  inForce(now: number): number {
    if (!this.current || now - this.lastUpdate > 2 * this.max) return 0
    return this.current
  }

  next(now: number): number {
    this.current = this.inForce(now) ? Math.min(this.current * 2, this.max) : this.initial
    this.lastUpdate = now
    return this.current
  }

  reset(): void {
    this.current = 0
  }
}

type ContainerState =
  | { waiting: { reason: string; message?: string } }
  | { running: { startedAt: string } }
  | {
      terminated: {
        exitCode: number
        reason: string
        message?: string
        startedAt: string
        finishedAt: string
        containerID: string
      }
    }

interface ContainerStatus {
  name: string
  state: ContainerState
  lastState: ContainerState | Record<string, never>
  ready: boolean
  restartCount: number
  image: string
  imageID: string
  containerID?: string
  started: boolean
}

interface Condition {
  type: string
  status: 'True' | 'False'
  lastProbeTime: null
  lastTransitionTime: string
  reason?: string
  message?: string
}

const randomId = () => randomBytes(32).toString('hex')

class ContainerWorker {
  readonly name: string
  readonly status: ContainerStatus
  private readonly pod: PodWorker
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private readonly spec: any
  private timers: Timer[] = []
  private exitResolve?: (t: { exitCode: number; reason: string } | undefined) => void
  private readonly crashBackoff = new Backoff()
  private readonly pullBackoff = new Backoff()
  /** An init container: runs to completion before the app containers start. */
  readonly init: boolean

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  constructor(pod: PodWorker, spec: any, init = false) {
    this.pod = pod
    this.spec = spec
    this.init = init
    this.name = spec.name
    this.status = {
      name: spec.name,
      state: { waiting: { reason: init ? 'PodInitializing' : 'ContainerCreating' } },
      lastState: {},
      ready: false,
      restartCount: 0,
      image: spec.image,
      imageID: '',
      started: false,
    }
  }

  private get rt(): NodeRuntime {
    return this.pod.rt
  }

  private alive(): boolean {
    return this.pod.alive()
  }

  private event(type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.pod.event(type, reason, message, `spec.containers{${this.name}}`)
  }

  private setWaiting(reason: string, message?: string): void {
    this.status.state = { waiting: { reason, ...(message ? { message } : {}) } }
    this.status.ready = false
    this.status.started = false
    this.pod.flush()
  }

  isRunning(): boolean {
    return 'running' in this.status.state
  }

  /** Run (and restart) the container; resolves true when an init container completed. */
  async run(): Promise<boolean> {
    while (this.alive()) {
      const image = await this.ensureImage()
      if (!image || !this.alive()) return false
      const exit = await this.startAndWait(image.pulled, image.ref)
      if (!exit || !this.alive()) return false
      if (this.init && exit.exitCode === 0) {
        this.status.ready = true
        this.pod.flush()
        return true
      }
      const policy = this.pod.restartPolicy()
      if (policy === 'Never' || (policy === 'OnFailure' && exit.exitCode === 0)) return false
      // The kubelet's crash back-off: the first restart is immediate, then 10s, 20s, … 5m.
      const now = this.rt.ctx.clock.nowMs()
      const wait = this.crashBackoff.inForce(now)
      await this.rt.ctx.clock.sleep(RELIST_MS)
      if (!this.alive()) return false
      if (wait) {
        const podDesc = `${this.pod.name}_${this.pod.ns}(${this.pod.uid})`
        this.event(
          'Warning',
          'BackOff',
          `Back-off restarting failed container ${this.name} in pod ${podDesc}`,
        )
        this.moveToLastState()
        this.setWaiting(
          'CrashLoopBackOff',
          `back-off ${goDuration(wait)} restarting failed container=${this.name} pod=${podDesc}`,
        )
        await this.rt.ctx.clock.sleep(Math.max(0, wait - RELIST_MS))
        if (!this.alive()) return false
      }
      this.crashBackoff.next(this.rt.ctx.clock.nowMs())
      this.moveToLastState()
      this.status.restartCount += 1
    }
    return false
  }

  private moveToLastState(): void {
    if ('terminated' in this.status.state)
      this.status.lastState = { terminated: this.status.state.terminated }
  }

  /** Resolve the image per the pull policy; undefined when the container can't start. */
  private async ensureImage(): Promise<{ pulled: PulledImage; ref: ImageReference } | undefined> {
    const image: string = this.spec.image ?? ''
    let ref: ImageReference
    try {
      ref = parseImageReference(image)
    } catch (err) {
      const msg = `Failed to apply default image tag "${image}": ${(err as Error).message}`
      this.event('Warning', 'InspectFailed', msg)
      this.event('Warning', 'Failed', 'Error: InvalidImageName')
      this.setWaiting('InvalidImageName', msg)
      return undefined
    }
    const policy: string = this.spec.imagePullPolicy ?? defaultPullPolicy(image)
    const cached = this.rt.images.get(ref.normalized)
    if (cached && policy !== 'Always') {
      this.event('Normal', 'Pulled', `Container image "${image}" already present on machine`)
      return { pulled: cached, ref }
    }
    if (policy === 'Never') {
      const msg = `Container image "${image}" is not present with pull policy of Never`
      this.event('Warning', 'ErrImageNeverPull', msg)
      this.setWaiting('ErrImageNeverPull', msg)
      return undefined
    }
    const { clock } = this.rt.ctx
    while (this.alive()) {
      this.event('Normal', 'Pulling', `Pulling image "${image}"`)
      const started = clock.wallNow()
      try {
        const pulled = await pullImage(ref, {
          credentials: credentialsFor(ref.registry, this.pod.pullSecrets()),
          insecureRegistries: this.rt.insecureRegistries,
          ...(this.rt.fetch ? { fetch: this.rt.fetch } : {}),
        })
        if (!this.alive()) return undefined
        const took = goDuration((clock.wallNow() - started) * clock.speed)
        this.event(
          'Normal',
          'Pulled',
          `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: ${pulled.size} bytes.`,
        )
        this.rt.images.set(ref.normalized, pulled)
        this.pullBackoff.reset()
        return { pulled, ref }
      } catch (err) {
        if (!this.alive()) return undefined
        const msg =
          err instanceof PullError
            ? `rpc error: code = ${err.kind === 'NotFound' ? 'NotFound' : 'Unknown'} desc = ${err.message}`
            : `rpc error: code = Unknown desc = ${(err as Error).message}`
        this.event('Warning', 'Failed', `Failed to pull image "${image}": ${msg}`)
        this.event('Warning', 'Failed', 'Error: ErrImagePull')
        this.setWaiting('ErrImagePull', msg)
        const backoff = this.pullBackoff.next(clock.nowMs())
        await clock.sleep(RELIST_MS)
        if (!this.alive()) return undefined
        this.event('Normal', 'BackOff', `Back-off pulling image "${image}"`)
        this.event('Warning', 'Failed', 'Error: ImagePullBackOff')
        this.setWaiting(
          'ImagePullBackOff',
          `Back-off pulling image "${image}": ErrImagePull: ${msg}`,
        )
        await clock.sleep(Math.max(0, backoff - RELIST_MS))
      }
    }
    return undefined
  }

  /** Create and start the container, then play its script until it exits. */
  private startAndWait(
    pulled: PulledImage,
    ref: ImageReference,
  ): Promise<{ exitCode: number; reason: string } | undefined> {
    const { ctx } = this.rt
    const b = behaviourFromLabels(pulled.config.config?.Labels)
    // An init container's job is to finish: without exit labels it completes at once.
    if (this.init && b.exitAfterMs === undefined && b.oomAfterMs === undefined) {
      b.exitAfterMs = 0
      b.exitCode = 0
    }
    const containerID = `containerd://${randomId()}`
    this.event('Normal', 'Created', `Created container: ${this.name}`)
    this.event('Normal', 'Started', `Started container ${this.name}`)
    ctx.logs.startInstance(this.pod.ns, this.pod.name, this.name)
    if (b.logLines.length)
      ctx.logs.append(this.pod.ns, this.pod.name, this.name, ctx.clock.nowMs(), b.logLines)
    const startedAt = ctx.clock.timestamp()
    this.status.state = { running: { startedAt } }
    this.status.started = true
    this.status.ready = false
    this.status.containerID = containerID
    this.status.image = ref.normalized
    this.status.imageID = `${ref.name}@${pulled.digest}`
    if (!this.init) this.scheduleReadiness(b)
    const exitAt = [
      b.exitAfterMs !== undefined
        ? {
            ms: b.exitAfterMs,
            exitCode: b.exitCode,
            reason: b.exitCode === 0 ? 'Completed' : 'Error',
          }
        : undefined,
      b.oomAfterMs !== undefined
        ? { ms: b.oomAfterMs, exitCode: 137, reason: 'OOMKilled' }
        : undefined,
    ]
      .filter((x) => x !== undefined)
      .sort((x, y) => x.ms - y.ms)[0]
    this.pod.flush()
    return new Promise((resolve) => {
      this.exitResolve = resolve
      if (!exitAt) return
      this.timers.push(
        ctx.clock.after(exitAt.ms, () => {
          if (!this.alive()) return
          this.clearTimers()
          this.status.state = {
            terminated: {
              exitCode: exitAt.exitCode,
              reason: exitAt.reason,
              startedAt,
              finishedAt: ctx.clock.timestamp(),
              containerID,
            },
          }
          this.status.ready = false
          this.status.started = false
          this.pod.flush()
          this.exitResolve = undefined
          resolve({ exitCode: exitAt.exitCode, reason: exitAt.reason })
        }),
      )
    })
  }

  private probeFailure(): string {
    const probe = this.spec.readinessProbe
    if (probe?.tcpSocket)
      return `Readiness probe failed: dial tcp ${this.pod.podIP}:${probe.tcpSocket.port}: connect: connection refused`
    if (probe?.exec) return 'Readiness probe failed: '
    return 'Readiness probe failed: HTTP probe failed with statuscode: 503'
  }

  /**
   * With a readinessProbe: probe at initialDelaySeconds, then every periodSeconds;
   * each probe before the image's ready-after fails with an Unhealthy event. Without
   * one, ready at ready-after; `ready: never` still fails every 10s, as the probe a
   * real deployment would have.
   */
  private scheduleReadiness(b: Behaviour): void {
    const { clock } = this.rt.ctx
    const probe = this.spec.readinessProbe
    const markReady = () => {
      this.status.ready = true
      this.pod.flush()
    }
    if (!probe && b.readyAfterMs !== undefined) {
      if (b.readyAfterMs <= 0) this.status.ready = true
      else this.timers.push(clock.after(b.readyAfterMs, () => this.alive() && markReady()))
      return
    }
    const initial = (probe?.initialDelaySeconds ?? 0) * 1000
    const period = (probe?.periodSeconds ?? 10) * 1000
    let k = 0
    const tick = () => {
      if (!this.alive() || !this.isRunning()) return
      const at = initial + k * period
      if (b.readyAfterMs !== undefined && at >= b.readyAfterMs) {
        markReady()
        return
      }
      this.event('Warning', 'Unhealthy', this.probeFailure())
      k += 1
      this.timers.push(clock.after(period, tick))
    }
    if (initial === 0 && b.readyAfterMs === 0) this.status.ready = true
    else this.timers.push(clock.after(initial, tick))
  }

  private clearTimers(): void {
    for (const t of this.timers) t.cancel()
    this.timers = []
  }

  /** SIGTERM: the simulated process stops promptly. */
  kill(finishedAt: string): void {
    this.clearTimers()
    if ('running' in this.status.state) {
      this.status.state = {
        terminated: {
          exitCode: 0,
          reason: 'Completed',
          startedAt: this.status.state.running.startedAt,
          finishedAt,
          containerID: this.status.containerID ?? '',
        },
      }
    }
    this.status.ready = false
    this.status.started = false
    this.exitResolve?.(undefined)
    this.exitResolve = undefined
  }

  stop(): void {
    this.clearTimers()
    this.exitResolve?.(undefined)
    this.exitResolve = undefined
  }
}

export class PodWorker {
  readonly rt: NodeRuntime
  readonly ns: string
  readonly name: string
  readonly uid: string
  podIP = ''
  private pod: KubeObject
  private readonly containers: ContainerWorker[]
  private readonly initContainers: ContainerWorker[]
  private initialized: boolean
  private readonly startTime: string
  private stopped = false
  private terminating = false
  private flushPending = false
  private readonly pullSecretNames: string[]
  private readonly conditionTimes = new Map<string, { status: string; time: string }>()

  constructor(rt: NodeRuntime, pod: KubeObject) {
    this.rt = rt
    this.pod = pod
    this.ns = pod.metadata.namespace ?? 'default'
    this.name = pod.metadata.name
    this.uid = pod.metadata.uid
    this.startTime = rt.ctx.clock.timestamp()
    this.containers = (pod.spec?.containers ?? []).map((c: unknown) => new ContainerWorker(this, c))
    this.initContainers = (pod.spec?.initContainers ?? []).map(
      (c: unknown) => new ContainerWorker(this, c, true),
    )
    this.initialized = this.initContainers.length === 0
    if (!this.initialized)
      for (const c of this.containers) c.status.state = { waiting: { reason: 'PodInitializing' } }
    this.pullSecretNames = ((pod.spec?.imagePullSecrets ?? []) as { name: string }[]).map(
      (s) => s.name,
    )
    if (this.pullSecretNames.length === 0) {
      const sa = rt.ctx.store.tryGet(
        '/serviceaccounts',
        this.ns,
        pod.spec?.serviceAccountName ?? 'default',
      )
      this.pullSecretNames = ((sa?.imagePullSecrets ?? []) as { name: string }[]).map((s) => s.name)
    }
  }

  alive(): boolean {
    return !this.stopped && !this.terminating
  }

  restartPolicy(): string {
    return this.pod.spec?.restartPolicy ?? 'Always'
  }

  start(): void {
    this.podIP = this.rt.allocatePodIP()
    this.write()
    void this.runAll()
  }

  /** Init containers one after another, each to success; then the app containers. */
  private async runAll(): Promise<void> {
    for (const c of this.initContainers) {
      if (!(await c.run()) || !this.alive()) return
    }
    this.initialized = true
    this.flush()
    for (const c of this.containers) void c.run()
  }

  /** The latest pod object, for events' involvedObject. */
  update(pod: KubeObject): void {
    if (pod.metadata.uid === this.uid) this.pod = pod
  }

  event(type: 'Normal' | 'Warning', reason: string, message: string, fieldPath?: string): void {
    recordEvent(this.rt.ctx.store, {
      object: this.pod,
      ...(fieldPath ? { fieldPath } : {}),
      type,
      reason,
      message,
      source: { component: 'kubelet', host: this.rt.nodeName },
    })
  }

  /**
   * The pod's pull secrets, warning about missing ones. A pod without any gets its
   * service account's, fixed when the pod starts: in Kubernetes the ServiceAccount
   * admission plugin copies them into the pod at creation, so a later change to the
   * service account does not help pods that already exist.
   */
  pullSecrets(): KubeObject[] {
    const { store } = this.rt.ctx
    const names = this.pullSecretNames
    const found: KubeObject[] = []
    const missing: string[] = []
    for (const n of names) {
      const s = store.tryGet('/secrets', this.ns, n)
      if (s) found.push(s)
      else missing.push(n)
    }
    if (missing.length) {
      this.event(
        'Warning',
        'FailedToRetrieveImagePullSecret',
        `Unable to retrieve some image pull secrets (${missing.join(', ')}); attempting to pull the image may not succeed.`,
      )
    }
    return found
  }

  flush(): void {
    if (this.flushPending || this.stopped) return
    this.flushPending = true
    setImmediate(() => {
      this.flushPending = false
      if (!this.stopped) this.write()
    })
  }

  private condition(type: string, ok: boolean, reason?: string, message?: string): Condition {
    const status = ok ? 'True' : 'False'
    const prev = this.conditionTimes.get(type)
    const time = prev && prev.status === status ? prev.time : this.rt.ctx.clock.timestamp()
    this.conditionTimes.set(type, { status, time })
    return {
      type,
      status,
      lastProbeTime: null,
      lastTransitionTime: time,
      ...(reason ? { reason } : {}),
      ...(message ? { message } : {}),
    }
  }

  private phase(): string {
    let waiting = 0
    let running = 0
    let stopped = 0
    let succeeded = 0
    if (!this.initialized) {
      const failed = this.initContainers.some(
        (c) => 'terminated' in c.status.state && c.status.state.terminated.exitCode !== 0,
      )
      return failed && this.restartPolicy() === 'Never' ? 'Failed' : 'Pending'
    }
    for (const c of this.containers) {
      const s = c.status.state
      if ('running' in s) running++
      else if ('terminated' in s) {
        stopped++
        if (s.terminated.exitCode === 0) succeeded++
      } else if ('terminated' in c.status.lastState) stopped++
      else waiting++
    }
    if (waiting > 0) return 'Pending'
    if (running > 0) return 'Running'
    if (stopped > 0) {
      if (this.restartPolicy() === 'Always') return 'Running'
      if (stopped === succeeded) return 'Succeeded'
      if (this.restartPolicy() === 'Never') return 'Failed'
      return 'Running'
    }
    return 'Pending'
  }

  private write(): void {
    const { store } = this.rt.ctx
    const statuses = this.containers
      .map((c) => structuredClone(c.status))
      .sort((a, b) => a.name.localeCompare(b.name))
    const unready = statuses.filter((s) => !s.ready).map((s) => s.name)
    const allReady = unready.length === 0
    const notReadyMsg = `containers with unready status: [${unready.join(' ')}]`
    const phase = this.phase()
    const done = phase === 'Succeeded' || phase === 'Failed'
    const reason = done ? 'PodCompleted' : 'ContainersNotReady'
    // Init containers keep spec order (kubectl counts Init:N/M from it).
    const initStatuses = this.initContainers.map((c) => structuredClone(c.status))
    const incomplete = this.initContainers.filter((c) => !c.status.ready).map((c) => c.name)
    const initCondition = this.initialized
      ? this.condition('Initialized', true)
      : this.condition(
          'Initialized',
          false,
          'ContainersNotInitialized',
          `containers with incomplete status: [${incomplete.join(' ')}]`,
        )
    try {
      const updated = store.mutate(
        PODS,
        this.ns,
        this.name,
        (p) => {
          if (p.metadata.uid !== this.uid) throw new Error('pod replaced')
          const scheduled = (p.status?.conditions ?? []).find(
            (c: { type: string }) => c.type === 'PodScheduled',
          ) ?? {
            type: 'PodScheduled',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: this.startTime,
          }
          p.status = {
            ...(p.status ?? {}),
            phase,
            conditions: [
              this.condition('PodReadyToStartContainers', true),
              initCondition,
              this.condition(
                'Ready',
                allReady,
                allReady ? undefined : reason,
                allReady ? undefined : notReadyMsg,
              ),
              this.condition(
                'ContainersReady',
                allReady,
                allReady ? undefined : reason,
                allReady ? undefined : notReadyMsg,
              ),
              scheduled,
            ],
            hostIP: this.rt.hostIP,
            hostIPs: [{ ip: this.rt.hostIP }],
            podIP: this.podIP,
            podIPs: [{ ip: this.podIP }],
            startTime: this.startTime,
            ...(initStatuses.length ? { initContainerStatuses: initStatuses } : {}),
            containerStatuses: statuses,
            qosClass: p.status?.qosClass ?? qosClass(p),
          }
        },
        { subresource: 'status' },
      )
      this.pod = updated
    } catch {
      // The pod is gone or replaced: nothing left to report.
      this.stop()
    }
  }

  /** Graceful deletion: Killing events, the processes exit, the pod object goes. */
  terminate(pod: KubeObject): void {
    if (this.terminating || this.stopped) return
    this.update(pod)
    this.terminating = true
    for (const c of [...this.initContainers, ...this.containers])
      if (c.isRunning())
        this.event(
          'Normal',
          'Killing',
          `Stopping container ${c.name}`,
          `spec.containers{${c.name}}`,
        )
    const grace =
      (pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30) *
      1000
    const { clock, store, logs } = this.rt.ctx
    clock.after(Math.min(grace, this.rt.stopDelayMs), () => {
      if (this.stopped) return
      const now = clock.timestamp()
      for (const c of [...this.initContainers, ...this.containers]) c.kill(now)
      this.write()
      this.stopped = true
      try {
        const cur = store.tryGet(PODS, this.ns, this.name)
        if (cur?.metadata.uid === this.uid) store.remove(PODS, this.ns, this.name)
      } catch {
        // already gone
      }
      logs.forgetPod(this.ns, this.name)
    })
  }

  stop(): void {
    this.stopped = true
    for (const c of [...this.initContainers, ...this.containers]) c.stop()
  }
}
