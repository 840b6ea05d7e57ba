// The Deployment and ReplicaSet controllers together, driven through the store with a
// stand-in kubelet that marks pods Ready when the test says so.
import { afterEach, describe, expect, test } from 'vitest'
import type { ClusterContext, Stoppable } from '../context.ts'
import type { KubeObject } from '../store.ts'
import { startControllers } from './index.ts'
import { isPodActive, isPodReady } from './pod-util.ts'
import {
  condition,
  createDeployment,
  deployment,
  newContext,
  setImage,
  settle,
  waitFor,
} from './testing.ts'

let running: Stoppable[] = []
afterEach(async () => {
  for (const r of running) await r.stop()
  running = []
})

function start(speed = 100): ClusterContext {
  const ctx = newContext(speed)
  // No scheduler: unbound pods are deleted at once, so no kubelet is needed.
  running.push(startControllers(ctx, { scheduler: false }))
  return ctx
}

/** Everything a kubelet would do to make the active pods Ready, in one step. */
function readyAll(ctx: ClusterContext): void {
  for (const p of ctx.store.list('/pods', 'default').items) {
    if (!isPodActive(p) || isPodReady(p)) continue
    ctx.store.mutate(
      '/pods',
      'default',
      p.metadata.name,
      (o) => {
        const t = ctx.clock.timestamp()
        o.status = {
          ...o.status,
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: t }],
        }
      },
      { subresource: 'status' },
    )
  }
}

/** Let the controllers settle and the stand-in kubelet ready the pods, n times. */
async function steps(ctx: ClusterContext, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await settle(ctx)
    readyAll(ctx)
  }
}

const rsOf = (ctx: ClusterContext, name: string) =>
  ctx.store
    .list('apps/replicasets', 'default')
    .items.filter((rs) => rs.metadata.ownerReferences?.[0]?.name === name)
const getDeploy = (ctx: ClusterContext, name: string) =>
  ctx.store.get('apps/deployments', 'default', name)

async function rolledOut(ctx: ClusterContext, name: string): Promise<KubeObject> {
  return waitFor(
    ctx,
    () => {
      const d = getDeploy(ctx, name)
      return condition(d, 'Progressing')?.reason === 'NewReplicaSetAvailable' &&
        d.status.updatedReplicas === d.spec.replicas &&
        d.status.replicas === d.spec.replicas
        ? d
        : undefined
    },
    10_000,
    `${name} rolled out`,
  )
}

describe('deployment controller', () => {
  test('a new deployment gets a hashed ReplicaSet, pods, revision 1 and complete status', async () => {
    const ctx = start()
    createDeployment(ctx, deployment('web', 'nginx:1', { replicas: 3 }))
    await waitFor(ctx, () => ctx.store.list('/pods', 'default').items.length === 3)
    await settle(ctx)
    readyAll(ctx)
    const d = await rolledOut(ctx, 'web')
    const [rs] = rsOf(ctx, 'web')
    const hash = rs!.metadata.labels!['pod-template-hash']!
    expect(rs!.metadata.name).toBe(`web-${hash}`)
    expect(rs!.spec.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash })
    expect(rs!.metadata.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    })
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1')
    expect(d.status).toMatchObject({
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    })
    expect(d.status.unavailableReplicas).toBeUndefined()
    expect(condition(d, 'Available')).toMatchObject({
      status: 'True',
      reason: 'MinimumReplicasAvailable',
      message: 'Deployment has minimum availability.',
    })
    expect(condition(d, 'Progressing')).toMatchObject({
      status: 'True',
      message: `ReplicaSet "web-${hash}" has successfully progressed.`,
    })
    const pods = ctx.store.list('/pods', 'default').items
    for (const p of pods) {
      expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`))
      expect(p.metadata.ownerReferences).toEqual([
        expect.objectContaining({ kind: 'ReplicaSet', name: rs!.metadata.name, controller: true }),
      ])
      expect(p.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash })
    }
    const events = ctx.store.list('/events', 'default').items
    expect(events.map((e) => `${e.reason}: ${e.message}`)).toContain(
      `ScalingReplicaSet: Scaled up replica set web-${hash} from 0 to 3`,
    )
    expect(events.filter((e) => e.reason === 'SuccessfulCreate')).toHaveLength(3)
  })

  test('10 replicas, 25%/25%: the (new, old) steps Kubernetes takes', async () => {
    const ctx = start()
    createDeployment(ctx, deployment('web', 'app:1', { replicas: 10 }))
    await waitFor(ctx, () => ctx.store.list('/pods', 'default').items.length === 10)
    await settle(ctx)
    readyAll(ctx)
    const v1 = await rolledOut(ctx, 'web')
    const oldName = rsOf(ctx, 'web')[0]!.metadata.name
    const steps: string[] = []
    let last = ''
    const off = ctx.store.subscribe((e) => {
      if (e.key !== 'apps/replicasets') return
      const all = rsOf(ctx, 'web')
      const n = all.find((rs) => rs.metadata.name !== oldName)?.spec.replicas ?? 0
      const o = all.find((rs) => rs.metadata.name === oldName)?.spec.replicas ?? 0
      const step = `${n}/${o}`
      if (step !== last) steps.push((last = step))
    })
    setImage(ctx, 'web', 'app:2')
    // The stand-in kubelet makes every new pod Ready whenever the controllers are idle.
    for (let i = 0; i < 10; i++) {
      await settle(ctx)
      readyAll(ctx)
    }
    const d = await rolledOut(ctx, 'web')
    off()
    // Surge 3, unavailable 2: the new RS takes the surge, the old one gives up the
    // unavailable budget, which frees room for two more new pods at once; then each
    // batch of new pods becoming available lets the old RS shrink.
    expect(steps).toEqual(['3/10', '3/8', '5/8', '5/3', '10/3', '10/0'])
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2')
    expect(d.metadata.generation).toBe(v1.metadata.generation! + 1)
    expect(d.status.observedGeneration).toBe(d.metadata.generation)
  })

  test('undo: the old template again reuses the old ReplicaSet with a new revision', async () => {
    const ctx = start()
    createDeployment(ctx, deployment('web', 'app:1', { replicas: 2 }))
    await steps(ctx, 3)
    const first = rsOf(ctx, 'web')[0]!
    setImage(ctx, 'web', 'app:2')
    await steps(ctx, 5)
    await rolledOut(ctx, 'web')
    expect(rsOf(ctx, 'web')).toHaveLength(2)
    setImage(ctx, 'web', 'app:1')
    await steps(ctx, 5)
    const d = await rolledOut(ctx, 'web')
    const all = rsOf(ctx, 'web')
    expect(all).toHaveLength(2)
    const back = all.find((rs) => rs.metadata.uid === first.metadata.uid)!
    expect(back.spec.replicas).toBe(2)
    expect(back.metadata.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '3',
      'deployment.kubernetes.io/revision-history': '1',
    })
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3')
  })

  test('progress deadline: never-ready pods end in ProgressDeadlineExceeded on the clock', async () => {
    const ctx = start(500)
    createDeployment(ctx, deployment('web', 'app:1', { replicas: 1, progressDeadlineSeconds: 30 }))
    const d = await waitFor(ctx, () => {
      const d = getDeploy(ctx, 'web')
      return condition(d, 'Progressing')?.reason === 'ProgressDeadlineExceeded' ? d : undefined
    })
    const rs = rsOf(ctx, 'web')[0]!
    expect(condition(d, 'Progressing')).toMatchObject({
      status: 'False',
      message: `ReplicaSet "${rs.metadata.name}" has timed out progressing.`,
    })
    expect(condition(d, 'Available')).toMatchObject({
      status: 'False',
      reason: 'MinimumReplicasUnavailable',
    })
    const c = condition(d, 'Progressing')!
    expect(
      Date.parse(c.lastUpdateTime!) - Date.parse(d.metadata.creationTimestamp),
    ).toBeGreaterThanOrEqual(30_000)
  })

  test('scaling mid-rollout is proportional; scale-down deletes not-ready pods first', async () => {
    const ctx = start()
    createDeployment(ctx, deployment('web', 'app:1', { replicas: 10 }))
    await steps(ctx, 3)
    await rolledOut(ctx, 'web')
    setImage(ctx, 'web', 'app:2') // new pods never get ready below
    await settle(ctx)
    const sizes = () =>
      rsOf(ctx, 'web')
        .map((rs) => rs.spec.replicas)
        .sort((a, b) => a - b)
    expect(sizes()).toEqual([5, 8])
    ctx.store.mutate('apps/deployments', 'default', 'web', (d) => (d.spec.replicas = 20))
    await settle(ctx)
    // 13 pods, 25 allowed (20 + 5 surge), annotated max 13: the old RS gets
    // round(8·25/13) = 15, the new one round(5·25/13) = 10, as sync.go's scale() does.
    expect(sizes()).toEqual([10, 15])
  })

  test('revisionHistoryLimit prunes old ReplicaSets at zero replicas', async () => {
    const ctx = start()
    createDeployment(ctx, deployment('web', 'app:0', { replicas: 1, revisionHistoryLimit: 1 }))
    for (let v = 1; v <= 3; v++) {
      await steps(ctx, 3)
      setImage(ctx, 'web', `app:${v}`)
    }
    await steps(ctx, 4)
    await rolledOut(ctx, 'web')
    const revs = rsOf(ctx, 'web')
      .map((rs) => rs.metadata.annotations!['deployment.kubernetes.io/revision'])
      .sort()
    expect(revs).toEqual(['3', '4'])
  })

  test('Recreate scales the old ReplicaSet to zero before creating the new one', async () => {
    const ctx = start()
    createDeployment(
      ctx,
      deployment('web', 'app:1', { replicas: 3, strategy: { type: 'Recreate' } }),
    )
    await steps(ctx, 3)
    await rolledOut(ctx, 'web')
    const seen: string[] = []
    const off = ctx.store.subscribe((e) => {
      if (e.key === 'apps/replicasets') seen.push(`${e.type}:${e.object.spec.replicas}`)
    })
    setImage(ctx, 'web', 'app:2')
    await steps(ctx, 3)
    await rolledOut(ctx, 'web')
    off()
    expect(seen.indexOf('MODIFIED:0')).toBeLessThan(seen.indexOf('ADDED:3'))
  })

  test('deleting a deployment removes its ReplicaSets and pods (background GC)', async () => {
    const ctx = start()
    createDeployment(ctx, deployment('web', 'app:1', { replicas: 2 }))
    await waitFor(ctx, () => ctx.store.list('/pods', 'default').items.length === 2)
    ctx.store.delete('apps/deployments', 'default', 'web')
    await waitFor(
      ctx,
      () => ctx.store.list('/pods', 'default').items.length === 0 && rsOf(ctx, 'web').length === 0,
    )
  })

  test('paused: template changes wait, the Progressing condition says so; resume rolls out', async () => {
    const ctx = start()
    createDeployment(ctx, deployment('web', 'app:1', { replicas: 2 }))
    await steps(ctx, 3)
    await rolledOut(ctx, 'web')
    ctx.store.mutate('apps/deployments', 'default', 'web', (d) => (d.spec.paused = true))
    setImage(ctx, 'web', 'app:2')
    await steps(ctx, 2)
    expect(rsOf(ctx, 'web')).toHaveLength(1)
    expect(condition(getDeploy(ctx, 'web'), 'Progressing')).toMatchObject({
      status: 'Unknown',
      reason: 'DeploymentPaused',
      message: 'Deployment is paused',
    })
    ctx.store.mutate('apps/deployments', 'default', 'web', (d) => (d.spec.paused = false))
    await steps(ctx, 5)
    const d = await rolledOut(ctx, 'web')
    expect(rsOf(ctx, 'web')).toHaveLength(2)
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2')
  })

  test('every namespace gets a default ServiceAccount', async () => {
    const ctx = start()
    await waitFor(ctx, () => ctx.store.tryGet('/serviceaccounts', 'default', 'default'))
    ctx.store.create('/namespaces', undefined, { metadata: { name: 'team' } })
    await waitFor(ctx, () => ctx.store.tryGet('/serviceaccounts', 'team', 'default'))
  })
})
