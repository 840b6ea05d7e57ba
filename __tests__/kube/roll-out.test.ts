// rollOut against a small fake of our KubeApi: a Deployment whose new Pods crash or come
// up Ready by their image, as a cluster's controllers would report them. What is checked
// is what a user sees: the patches the cluster received, the outputs, the exit code.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { KubeApi, List, Resource, WatchEvent } from '../../src/kube/api.ts'
import type { ClusterAccess } from '../../src/kube/client.ts'
import { rollOut, type DeployPlan } from '../../src/kube/index.ts'
import type { Deployment, Pod, PodTemplateSpec, ReplicaSet } from '../../src/kube/types.ts'
import type { DeploySettings } from '../../src/inputs.ts'

const OLD = 'r.example/web:1'
const NEW = `r.example/web:2@sha256:${'c'.repeat(64)}`
const T0 = Date.parse('2025-03-04T10:00:00Z')
const at = (s: number) => new Date(T0 + s * 1000).toISOString()

/** A Deployment whose Pods crash when they run `crashing`, else come up Ready. */
class FakeCluster implements KubeApi {
  readonly server = 'https://fake.example:6443'
  readonly patches: { body: Record<string, unknown>; dryRun: boolean }[] = []
  /** Every list, watch and patch, in the order asked. */
  readonly calls: string[] = []
  /** Each watch opened and stopped, with its label selector. */
  readonly watches: string[] = []
  /** How long a patch takes to answer: the watches' lists come back before it. */
  patchDelayMs = 0
  private d: Deployment
  private rv = 10
  private crashing: string
  private readonly watchers = new Map<Resource, ((e: WatchEvent) => void)[]>()
  constructor(crashing: string) {
    this.crashing = crashing
    this.d = {
      metadata: {
        name: 'web',
        namespace: 'prod',
        uid: 'uid-web',
        generation: 1,
        resourceVersion: '10',
        creationTimestamp: at(0),
        annotations: { 'deployment.kubernetes.io/revision': '1' },
      },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: OLD }] },
        },
      },
      status: {},
    }
    this.settle()
  }

  image(): string | undefined {
    return this.d.spec?.template?.spec?.containers?.[0]?.image
  }

  /** The controllers' view once the template's Pods are up (or crashing). */
  private settle(): void {
    const ok = this.image() !== this.crashing
    this.d.status = {
      observedGeneration: this.d.metadata.generation,
      replicas: 1,
      updatedReplicas: 1,
      readyReplicas: ok ? 1 : 0,
      availableReplicas: ok ? 1 : 0,
    }
  }

  private hash(): string {
    return this.image() === OLD ? 'old1' : 'new2'
  }

  private replicaSet(): ReplicaSet {
    const hash = this.hash()
    const template = structuredClone(this.d.spec!.template!) as PodTemplateSpec
    template.metadata = { labels: { app: 'web', 'pod-template-hash': hash } }
    return {
      metadata: {
        name: `web-${hash}`,
        namespace: 'prod',
        uid: `uid-rs-${hash}`,
        creationTimestamp: at(1),
        labels: { app: 'web', 'pod-template-hash': hash },
        ownerReferences: [{ kind: 'Deployment', name: 'web', uid: 'uid-web', controller: true }],
      },
      spec: { replicas: 1, template },
    }
  }

  private pod(): Pod {
    const hash = this.hash()
    const ok = this.image() !== this.crashing
    return {
      metadata: {
        name: `web-${hash}-x`,
        namespace: 'prod',
        uid: `uid-pod-${hash}`,
        creationTimestamp: at(2),
        labels: { app: 'web', 'pod-template-hash': hash },
        ownerReferences: [
          { kind: 'ReplicaSet', name: `web-${hash}`, uid: `uid-rs-${hash}`, controller: true },
        ],
      },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: ok ? 'True' : 'False', lastTransitionTime: at(3) }],
        containerStatuses: [
          ok
            ? {
                name: 'web',
                ready: true,
                restartCount: 0,
                state: { running: { startedAt: at(3) } },
              }
            : {
                name: 'web',
                ready: false,
                restartCount: 2,
                state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 20s' } },
                lastState: { terminated: { exitCode: 3, reason: 'Error', finishedAt: at(4) } },
              },
        ],
      },
    }
  }

  getWorkload(): Promise<Deployment> {
    return Promise.resolve(structuredClone(this.d))
  }

  async patchWorkload(
    _resource: string,
    _ns: string,
    _name: string,
    body: unknown,
    opts: { dryRun?: boolean } = {},
  ): Promise<Deployment> {
    if (!opts.dryRun) this.calls.push('patch')
    if (this.patchDelayMs) await new Promise((r) => setTimeout(r, this.patchDelayMs))
    const b = body as {
      spec: { template: PodTemplateSpec & { $patch?: string } }
    }
    this.patches.push({ body: b as unknown as Record<string, unknown>, dryRun: !!opts.dryRun })
    if (opts.dryRun) return this.getWorkload()
    const { $patch, ...template } = b.spec.template
    if ($patch === 'replace') this.d.spec!.template = template
    else
      for (const c of template.spec?.containers ?? []) {
        const mine = this.d.spec!.template!.spec!.containers!.find((x) => x.name === c.name)!
        mine.image = c.image!
      }
    const oldPod = this.pod()
    this.d.metadata.generation! += 1
    this.d.metadata.resourceVersion = String(++this.rv)
    const revision = Number(this.d.metadata.annotations!['deployment.kubernetes.io/revision'])
    this.d.metadata.annotations!['deployment.kubernetes.io/revision'] = String(revision + 1)
    this.settle()
    // The watches, opened before the patch, hear of it after its answer, as they may.
    const changes: [Resource, WatchEvent][] = [
      ['deployments', { type: 'MODIFIED', object: structuredClone(this.d) }],
      ['replicasets', { type: 'ADDED', object: this.replicaSet() }],
      ['pods', { type: 'DELETED', object: oldPod }],
      ['pods', { type: 'ADDED', object: this.pod() }],
    ]
    setTimeout(() => {
      for (const [resource, e] of changes)
        for (const w of this.watchers.get(resource) ?? []) w(structuredClone(e))
    })
    return this.getWorkload()
  }

  // What manifests and StatefulSets need; a Deployment patched by name uses none of it.
  resourceFor(): never {
    throw new Error('not used by a patch of a Deployment')
  }
  getObject(): never {
    throw new Error('not used by a patch of a Deployment')
  }
  applyObject(): never {
    throw new Error('not used by a patch of a Deployment')
  }
  deletePod(): never {
    throw new Error('not used by a patch of a Deployment')
  }

  list<T>(resource: Resource): Promise<List<T>> {
    this.calls.push(`list ${resource}`)
    const items =
      resource === 'deployments'
        ? [this.d]
        : resource === 'replicasets'
          ? [this.replicaSet()]
          : resource === 'pods'
            ? [this.pod()]
            : []
    return Promise.resolve({
      items: structuredClone(items) as T[],
      resourceVersion: String(this.rv),
    })
  }

  /** A quiet watch until `crash` is called. */
  watch(
    resource: Resource,
    _ns: string,
    opts: { labelSelector?: string },
    onEvent: (e: WatchEvent) => void,
  ): Promise<() => void> {
    this.calls.push(`watch ${resource}`)
    const label = opts.labelSelector ?? ''
    this.watches.push(`watch ${resource} ${label}`)
    this.watchers.set(resource, [...(this.watchers.get(resource) ?? []), onEvent])
    return Promise.resolve(() => this.watches.push(`stop ${resource} ${label}`))
  }

  /** The running Pod's container crashes now: the pod watch sends the change. */
  crash(): void {
    this.crashing = this.image()!
    this.settle()
    const pod = this.pod()
    pod.metadata.resourceVersion = String(++this.rv)
    for (const w of this.watchers.get('pods') ?? []) w({ type: 'MODIFIED', object: pod })
  }

  /**
   * Someone else (`manager`, with kubectl set image) sets `image` now: a new generation,
   * its managedFields entry, and the Deployment watch sends the change.
   */
  otherWriter(image: string, manager: string): void {
    this.d.spec!.template!.spec!.containers![0]!.image = image
    this.d.metadata.generation! += 1
    this.d.metadata.resourceVersion = String(++this.rv)
    this.d.metadata.managedFields = [
      ...(this.d.metadata.managedFields ?? []),
      {
        manager,
        operation: 'Update',
        time: '2026-11-26T07:00:30Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:spec': { 'f:template': {} } },
      },
    ]
    this.settle()
    const d = structuredClone(this.d)
    for (const w of this.watchers.get('deployments') ?? []) w({ type: 'MODIFIED', object: d })
  }

  mayI(): Promise<boolean> {
    return Promise.resolve(true)
  }

  podLog(): Promise<string> {
    return Promise.resolve('starting web\nfatal: DATABASE_URL is not set\n')
  }
}

const settings = (over: Partial<DeploySettings> = {}): DeploySettings => ({
  deployments: [{ kind: 'Deployment', name: 'web', namespace: 'prod' }],
  manifests: [],
  forceConflicts: false,
  namespace: 'prod',
  container: '',
  kubeconfig: '',
  kubeContext: '',
  timeoutMs: 60_000,
  graceMs: 0,
  readyGraceMs: 120_000,
  soakMs: 0,
  rollback: true,
  ...over,
})

async function run(
  cluster: FakeCluster,
  over: Partial<DeploySettings> = {},
  roll: typeof rollOut = rollOut,
) {
  const deployment = await cluster.getWorkload()
  const plan: DeployPlan = {
    settings: settings(over),
    access: {} as ClusterAccess,
    api: cluster,
    image: { registry: 'r.example', repository: 'web', tag: '2' },
    targets: [
      { kind: 'Deployment', namespace: 'prod', name: 'web', containers: ['web'], deployment },
    ],
  }
  await roll(
    plan,
    { imageName: 'r.example/web', tags: [], digest: '', imageRef: NEW },
    { eventName: 'push', ref: 'refs/heads/main', sha: 'a'.repeat(40), pathKind: () => undefined },
  )
}

let dir: string
let stdout: { mock: { calls: unknown[][] } }
const printed = () => stdout.mock.calls.map((c) => String(c[0])).join('')
let outputFile: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'd2p-rollout-'))
  outputFile = join(dir, 'output')
  writeFileSync(outputFile, '')
  vi.stubEnv('GITHUB_OUTPUT', outputFile)
  vi.stubEnv('GITHUB_STEP_SUMMARY', '')
  stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
})
afterEach(() => {
  vi.unstubAllEnvs()
  vi.restoreAllMocks()
  process.exitCode = undefined
  rmSync(dir, { recursive: true, force: true })
})

/** The outputs as the runner reads GITHUB_OUTPUT (`name<<delimiter`). */
function outputs(): Record<string, string> {
  const out: Record<string, string> = {}
  const re = /^(.+?)<<(\S+)\n([\s\S]*?)\n\2$/gm
  for (const m of readFileSync(outputFile, 'utf8').matchAll(re)) out[m[1]!] = m[3]!
  return out
}

const applied = (c: FakeCluster) => c.patches.filter((p) => !p.dryRun)

describe('rollOut against a fake cluster', () => {
  test('a healthy image: one patch, status ready, exit code untouched', async () => {
    const cluster = new FakeCluster('none')
    await run(cluster)
    expect(applied(cluster)).toHaveLength(1)
    expect(cluster.image()).toBe(NEW)
    expect(outputs()).toMatchObject({ 'failure-reason': '', 'rolled-back': 'false' })
    expect(JSON.parse(outputs().deployments!)).toMatchObject([{ status: 'ready' }])
    expect(process.exitCode).toBeUndefined()
  })

  test('a crashing image is rolled back to the previous template: two patches, rolled-back, exit 1', async () => {
    const cluster = new FakeCluster(NEW)
    await run(cluster)
    const [forward, back] = applied(cluster)
    expect(forward).toBeDefined()
    // The second patch puts the whole previous template back.
    expect(back?.body).toMatchObject({
      spec: { template: { $patch: 'replace', spec: { containers: [{ image: OLD }] } } },
    })
    expect(cluster.image()).toBe(OLD)
    expect(outputs()).toMatchObject({ 'failure-reason': 'CrashLoopBackOff', 'rolled-back': 'true' })
    expect(JSON.parse(outputs().deployments!)).toMatchObject([
      {
        status: 'rolled-back',
        previousImage: OLD,
        diagnosis: { reason: 'CrashLoopBackOff', exitCode: 3 },
        rollback: { state: 'ready' },
      },
    ])
    expect(process.exitCode).toBe(1)
  })

  test('the watches are open before the patch, and the rollout before it is not taken for the new one', async () => {
    const cluster = new FakeCluster(NEW)
    // The lists answer with the old, complete rollout before the patch does.
    cluster.patchDelayMs = 20
    await run(cluster)
    const first = (call: string) => cluster.calls.indexOf(call)
    // (The Events are listed a turn later, by the pool shared with the other waits.)
    for (const call of ['list deployments', 'watch deployments', 'watch replicasets', 'list pods'])
      expect(first(call), call).toBeLessThan(first('patch'))
    expect(first('watch pods')).toBeLessThan(first('patch'))
    // Not "ready" on the old Pods: the crash of the new one, and the rollback.
    expect(outputs()).toMatchObject({ 'failure-reason': 'CrashLoopBackOff', 'rolled-back': 'true' })
    expect(process.exitCode).toBe(1)
  })

  test('the Pods are watched by the new ReplicaSet once it is known, and the broad watch stops', async () => {
    const cluster = new FakeCluster('none')
    // A soak keeps the wait going once the rollout is complete.
    const done = run(cluster, { soakMs: 60_000 })
    const narrow = 'pods app=web,pod-template-hash=new2'
    await vi.waitFor(() => expect(cluster.watches).toContain(`watch ${narrow}`))
    await vi.waitFor(() => expect(cluster.watches).toContain('stop pods app=web'))
    expect(cluster.watches).not.toContain(`stop ${narrow}`)
    // The crash during the soak comes on the narrow watch, and ends the run.
    cluster.crash()
    await done
    expect(outputs()).toMatchObject({ 'failure-reason': 'CrashLoopBackOff', 'rolled-back': 'true' })
  })

  test('soak: a crash after Ready, seen on the pod watch, fails the run and rolls back', async () => {
    const cluster = new FakeCluster('none')
    // Long enough that only the watch can end it inside the test's timeout.
    const done = run(cluster, { soakMs: 60_000 })
    // Once the log says the soak began.
    await vi.waitFor(() => expect(printed()).toContain('web: rollout complete; soaking for 60s'))
    cluster.crash()
    await done
    expect(applied(cluster)).toHaveLength(2)
    expect(cluster.image()).toBe(OLD)
    expect(outputs()).toMatchObject({ 'rolled-back': 'true' })
    expect(JSON.parse(outputs().deployments!)).toMatchObject([
      {
        status: 'rolled-back',
        diagnosis: {
          reason: 'CrashLoopBackOff',
          message: expect.stringContaining('during the soak'),
        },
      },
    ])
    expect(process.exitCode).toBe(1)
  })

  test('another writer during the wait: it stops, names them, and sends no rollback', async () => {
    const cluster = new FakeCluster('none')
    const done = run(cluster, { soakMs: 60_000 })
    await vi.waitFor(() => expect(printed()).toContain('web: rollout complete; soaking for 60s'))
    cluster.otherWriter('r.example/web:hotfix', 'ops-team')
    await done
    // Our patch only: nothing over their change.
    expect(applied(cluster)).toHaveLength(1)
    expect(cluster.image()).toBe('r.example/web:hotfix')
    expect(outputs()).toMatchObject({
      'failure-reason': 'ChangedByAnotherWriter',
      'rolled-back': 'false',
    })
    const [row] = JSON.parse(outputs().deployments!) as Record<string, unknown>[]
    expect(row).toMatchObject({
      status: 'failed',
      diagnosis: {
        reason: 'ChangedByAnotherWriter',
        message: expect.stringContaining('changed by ops-team (Update at 2026-11-26T07:00:30Z)'),
        changes: [`spec.template.spec.containers[web].image: ${NEW} → r.example/web:hotfix`],
      },
    })
    expect(row).not.toHaveProperty('rollback')
    expect(printed()).toContain('::error title=deployment/web::')
    expect(printed()).toContain('Not rolled back: another writer changed it')
    expect(process.exitCode).toBe(1)
  })

  test('rollback: false leaves the crashing image in place and fails', async () => {
    const cluster = new FakeCluster(NEW)
    await run(cluster, { rollback: false })
    expect(applied(cluster)).toHaveLength(1)
    expect(cluster.image()).toBe(NEW)
    expect(outputs()).toMatchObject({
      'failure-reason': 'CrashLoopBackOff',
      'rolled-back': 'false',
    })
    expect(JSON.parse(outputs().deployments!)).toMatchObject([{ status: 'failed' }])
    expect(process.exitCode).toBe(1)
  })
})

describe('the phase a cancel names', () => {
  test('during the wait for the rollback, that wait: the rollback was sent and answered', async () => {
    // A fresh copy of the cancel state (and of rollOut, which reads it): a cancel here must
    // not reach the other tests of this file.
    vi.resetModules()
    const cancels = await import('../../src/cancel.ts')
    const { rollOut: freshRollOut } = await import('../../src/kube/index.ts')
    vi.mocked(process.stdout.write).mockImplementation((s) => {
      if (String(s).includes(': rolling back to ')) cancels.cancel('SIGINT')
      return true
    })
    const cluster = new FakeCluster(NEW)
    await run(cluster, {}, freshRollOut)
    expect(cancels.cancelled()).toEqual({ signal: 'SIGINT', phase: 'the wait for the rollback' })
    expect(cluster.image()).toBe(OLD)
  })
})
