// The simulated API server through @kubernetes/client-node, the client dock2pod uses:
// list, patch in two content types, watch resumed from a resourceVersion, 410 on a
// compacted one, and a dropped watch ending with `done`.
import {
  AppsV1Api,
  KubeConfig,
  PatchStrategy,
  Watch,
  setHeaderOptions,
  type V1Deployment,
} from '@kubernetes/client-node'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  clearRequestLog,
  injectFaults,
  startTestCluster,
  watchOpened,
  type Cluster,
} from './testing.ts'

let cluster: Cluster
let kc: KubeConfig
let apps: AppsV1Api

beforeAll(async () => {
  cluster = await startTestCluster({ controllers: false, kubelet: false })
  kc = new KubeConfig()
  kc.loadFromFile(cluster.kubeconfigPath)
  apps = kc.makeApiClient(AppsV1Api)
}, 60_000)

afterAll(async () => {
  await cluster?.stop()
})

const deployment = (name: string): V1Deployment => ({
  metadata: { name },
  spec: {
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name, image: `127.0.0.1:5000/${name}:1` }] },
    },
  },
})

interface Seen {
  type: string
  replicas?: number
  code?: number
}

/** Watch deployments from `resourceVersion` until `stopWhen` or the stream ends. */
function watchDeployments(
  query: Record<string, string>,
  stopWhen: (events: Seen[]) => boolean,
): Promise<{ events: Seen[]; doneErr: unknown }> {
  return new Promise((resolve, reject) => {
    const events: Seen[] = []
    let controller: AbortController | undefined
    let finished = false
    const finish = (doneErr: unknown) => {
      if (finished) return
      finished = true
      controller?.abort()
      resolve({ events, doneErr })
    }
    new Watch(kc)
      .watch(
        '/apis/apps/v1/namespaces/default/deployments',
        query,
        (type, obj: { spec?: { replicas?: number }; code?: number }) => {
          events.push(
            type === 'ERROR' ? { type, code: obj.code } : { type, replicas: obj.spec?.replicas },
          )
          if (stopWhen(events)) finish(undefined)
        },
        (err) => finish(err),
      )
      .then((c) => {
        controller = c
        if (finished) c.abort()
      }, reject)
  })
}

describe('@kubernetes/client-node against the simulated API server', { timeout: 20_000 }, () => {
  test('create and list', async () => {
    await apps.createNamespacedDeployment({ namespace: 'default', body: deployment('api') })
    const list = await apps.listNamespacedDeployment({ namespace: 'default' })
    expect(list.items.map((d) => d.metadata?.name)).toEqual(['api'])
    expect(list.items[0]!.spec?.strategy?.type).toBe('RollingUpdate')
    expect(Number(list.metadata?.resourceVersion)).toBeGreaterThan(0)
    const sel = await apps.listNamespacedDeployment({
      namespace: 'default',
      labelSelector: 'app=nothing',
    })
    expect(sel.items).toEqual([])
  })

  test('patch: JSON patch (the default) and merge patch', async () => {
    const a = await apps.patchNamespacedDeployment({
      name: 'api',
      namespace: 'default',
      body: [{ op: 'replace', path: '/spec/replicas', value: 2 }],
    })
    expect(a.spec?.replicas).toBe(2)
    const b = await apps.patchNamespacedDeployment(
      { name: 'api', namespace: 'default', body: { metadata: { annotations: { note: 'x' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    )
    expect(b.metadata?.annotations).toEqual({ note: 'x' })
    const c = await apps.patchNamespacedDeployment(
      {
        name: 'api',
        namespace: 'default',
        body: {
          spec: {
            template: { spec: { containers: [{ name: 'api', image: '127.0.0.1:5000/api:2' }] } },
          },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    )
    expect(c.spec?.template.spec?.containers[0]?.image).toBe('127.0.0.1:5000/api:2')
    expect(c.metadata?.generation).toBe(3)
  })

  test('a watch resumes after a resourceVersion and sees the later changes in order', async () => {
    const from = (await apps.readNamespacedDeployment({ name: 'api', namespace: 'default' }))
      .metadata!.resourceVersion!
    for (const replicas of [3, 4]) {
      await apps.patchNamespacedDeployment({
        name: 'api',
        namespace: 'default',
        body: [{ op: 'replace', path: '/spec/replicas', value: replicas }],
      })
    }
    const { events } = await watchDeployments({ resourceVersion: from }, (e) => e.length >= 2)
    expect(events).toEqual([
      { type: 'MODIFIED', replicas: 3 },
      { type: 'MODIFIED', replicas: 4 },
    ])
  })

  test('a watch from a compacted resourceVersion gets an ERROR event with 410', async () => {
    const old = (await apps.readNamespacedDeployment({ name: 'api', namespace: 'default' }))
      .metadata!.resourceVersion!
    await apps.patchNamespacedDeployment({
      name: 'api',
      namespace: 'default',
      body: [{ op: 'replace', path: '/spec/replicas', value: 5 }],
    })
    await injectFaults(cluster, { compact: true })
    const { events } = await watchDeployments({ resourceVersion: old }, (e) =>
      e.some((x) => x.type === 'ERROR'),
    )
    expect(events).toEqual([{ type: 'ERROR', code: 410 }])
  })

  test('dropping watches ends the stream: done is called', async () => {
    const rv = (await apps.listNamespacedDeployment({ namespace: 'default' })).metadata!
      .resourceVersion!
    await clearRequestLog(cluster)
    const ended = watchDeployments({ resourceVersion: rv }, () => false)
    await watchOpened(cluster, /\/deployments$/)
    await injectFaults(cluster, { dropWatches: true })
    const { events, doneErr } = await ended
    expect(events).toEqual([])
    expect(doneErr ?? null).toBeNull()
  })
})
