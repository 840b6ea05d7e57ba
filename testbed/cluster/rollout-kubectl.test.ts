// The controllers and the kubelet judged by the real kubectl and by
// @kubernetes/client-node: rollout status (success and ProgressDeadlineExceeded),
// history, undo, logs --previous, scale, events. Images live in the real
// docker-registry (distribution 2.8), pushed without Docker by pushTestImage.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  Watch,
  setHeaderOptions,
} from '@kubernetes/client-node'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startRegistry, type Registry } from '../docker/index.ts'
import { pushTestImage } from './testing-images.ts'
import {
  findKubectl,
  kubectl,
  kubectlOk,
  startTestCluster,
  waitFor,
  type Cluster,
  type KubectlOptions,
} from './testing.ts'

let cluster: Cluster
let registry: Registry
let kubectlPath: string
let dir: string
let REG: string

const k = (args: string[], opts: KubectlOptions = {}) =>
  kubectl(cluster, args, { kubectlPath, timeoutMs: 60_000, ...opts })
const ok = (args: string[], opts: KubectlOptions = {}) =>
  kubectlOk(cluster, args, { kubectlPath, timeoutMs: 60_000, ...opts })

beforeAll(async () => {
  kubectlPath = await findKubectl()
  dir = await mkdtemp(join(tmpdir(), 'dock2pod-rollout-'))
  registry = await startRegistry(dir)
  REG = registry.host
  await pushTestImage(REG, 'app', 'v1', {})
  await pushTestImage(REG, 'app', 'v2', { 'dock2pod.test/ready-after': '2s' })
  await pushTestImage(REG, 'app', 'v3', { 'dock2pod.test/ready-after': '1s' })
  await pushTestImage(REG, 'app', 'v3', { 'dock2pod.test/ready-after': '1s' })
  await pushTestImage(REG, 'app', 'never', { 'dock2pod.test/ready': 'never' })
  await pushTestImage(REG, 'app', 'crash', {
    'dock2pod.test/exit-after': '1s',
    'dock2pod.test/exit-code': '2',
    'dock2pod.test/log': 'booting\\npanic: config missing',
  })
  cluster = await startTestCluster({ speed: 50 })
}, 120_000)

afterAll(async () => {
  await cluster?.stop()
  await registry?.stop()
  if (dir) await rm(dir, { recursive: true, force: true })
})

const manifest = (name: string, image: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 2
${extra}  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: app
        image: ${image}
`

const rsFor = (name: string) =>
  cluster.store
    .list('apps/replicasets', 'default')
    .items.filter((rs) => rs.metadata.ownerReferences?.[0]?.name === name)

describe(
  'kubectl rollout against the simulated controllers and kubelet',
  { timeout: 90_000 },
  () => {
    test('rollout status succeeds; set image, history, undo reuses the first ReplicaSet', async () => {
      await ok(['apply', '-f', '-'], { input: manifest('web', `${REG}/app:v1`) })
      const status = await ok(['rollout', 'status', 'deployment/web', '--timeout=60s'])
      expect(status.trimEnd().split('\n').at(-1)).toBe('deployment "web" successfully rolled out')
      const first = rsFor('web')[0]!

      await ok(['set', 'image', 'deployment/web', `app=${REG}/app:v2`])
      const s2 = await ok(['rollout', 'status', 'deployment/web', '--timeout=60s'])
      expect(s2.trimEnd().split('\n').at(-1)).toBe('deployment "web" successfully rolled out')

      const history = await ok(['rollout', 'history', 'deployment/web'])
      expect(history).toMatch(/^REVISION\s+CHANGE-CAUSE$/m)
      expect(history).toMatch(/^1\s+<none>$/m)
      expect(history).toMatch(/^2\s+<none>$/m)
      const rev1 = await ok(['rollout', 'history', 'deployment/web', '--revision=1'])
      expect(rev1).toContain(`${REG}/app:v1`)

      expect(await ok(['rollout', 'undo', 'deployment/web'])).toBe(
        'deployment.apps/web rolled back\n',
      )
      await ok(['rollout', 'status', 'deployment/web', '--timeout=60s'])
      const d = JSON.parse(await ok(['get', 'deployment', 'web', '-o', 'json']))
      expect(d.spec.template.spec.containers[0].image).toBe(`${REG}/app:v1`)
      expect(d.metadata.annotations['deployment.kubernetes.io/revision']).toBe('3')
      const all = rsFor('web')
      expect(all).toHaveLength(2)
      const back = all.find((rs) => rs.metadata.uid === first.metadata.uid)!
      expect(back.spec.replicas).toBe(2)
      expect(back.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3')
      expect(await ok(['rollout', 'history', 'deployment/web'])).toMatch(
        /^2\s+<none>\n3\s+<none>\n/m,
      )

      // Pods carry the pulled digest; kubectl get shows them Running and Ready.
      const pods = await ok(['get', 'pods', '-l', 'app=web'])
      expect(
        pods
          .trim()
          .split('\n')
          .slice(1)
          .filter((l) => /\s1\/1\s+Running\s/.test(l)),
      ).toHaveLength(2)
    })

    test('scale, and get events shows the controllers and the kubelet at work', async () => {
      expect(await ok(['scale', 'deployment/web', '--replicas=4'])).toBe(
        'deployment.apps/web scaled\n',
      )
      await ok(['rollout', 'status', 'deployment/web', '--timeout=60s'])
      expect(await ok(['get', 'deployment', 'web', '--no-headers'])).toMatch(
        /^web\s+4\/4\s+4\s+4\s/,
      )
      const events = await ok(['get', 'events'])
      expect(events).toMatch(
        /Normal\s+ScalingReplicaSet\s+deployment\/web\s+Scaled up replica set web-\w+ from 2 to 4/,
      )
      expect(events).toMatch(
        /Normal\s+SuccessfulCreate\s+replicaset\/web-\w+\s+Created pod: web-\w+-\w+/,
      )
      expect(events).toMatch(/Normal\s+Pulled\s+pod\/web-\w+-\w+\s+/)
      expect(events).toMatch(
        /Normal\s+Scheduled\s+pod\/web-\w+-\w+\s+Successfully assigned default\/web-\w+-\w+ to node-1/,
      )
    })

    test('rollout status of a never-ready image ends with the progress deadline error', async () => {
      await ok(['apply', '-f', '-'], {
        input: manifest('stuck', `${REG}/app:never`, '  progressDeadlineSeconds: 30\n'),
      })
      const r = await k(['rollout', 'status', 'deployment/stuck', '--timeout=60s'])
      expect(r.code).toBe(1)
      expect(r.stderr).toBe('error: deployment "stuck" exceeded its progress deadline\n')
      const d = JSON.parse(await ok(['get', 'deployment', 'stuck', '-o', 'json']))
      const progressing = d.status.conditions.find(
        (c: { type: string }) => c.type === 'Progressing',
      )
      expect(progressing).toMatchObject({
        status: 'False',
        reason: 'ProgressDeadlineExceeded',
        message: expect.stringMatching(/^ReplicaSet "stuck-\w+" has timed out progressing\.$/),
      })
      const events = await ok(['get', 'events', '--field-selector', 'reason=Unhealthy'])
      expect(events).toContain('Readiness probe failed')
    })

    test('logs --previous of a crashed container; describe-able CrashLoopBackOff', async () => {
      await ok(['apply', '-f', '-'], { input: manifest('crash', `${REG}/app:crash`) })
      const pod = await waitFor(
        cluster,
        () =>
          cluster.store
            .list('/pods', 'default')
            .items.find(
              (p) =>
                p.metadata.labels?.app === 'crash' &&
                p.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff',
            ),
        30_000,
        'CrashLoopBackOff',
      )
      const name = pod.metadata.name
      expect(await ok(['logs', name, '--previous'])).toBe('booting\npanic: config missing\n')
      // The same through client-node, as dock2pod's diagnosis reads it.
      const kc = new KubeConfig()
      kc.loadFromFile(cluster.kubeconfigPath)
      const previous = await kc
        .makeApiClient(CoreV1Api)
        .readNamespacedPodLog({ name, namespace: 'default', container: 'app', previous: true })
      expect(previous).toBe('booting\npanic: config missing\n')
      const line = await ok(['get', 'pod', name, '--no-headers'])
      // Between back-offs the container runs briefly and exits again, so STATUS may
      // read Error at the instant kubectl looks; RESTARTS counts up either way.
      expect(line).toMatch(
        new RegExp(
          `^${name}\\s+0/1\\s+(CrashLoopBackOff|Error|Running)\\s+[1-9]\\d*( \\(.+ ago\\))?\\s`,
        ),
      )
      const json = JSON.parse(await ok(['get', 'pod', name, '-o', 'json']))
      expect(json.status.containerStatuses[0].lastState.terminated).toMatchObject({
        exitCode: 2,
        reason: 'Error',
      })
      expect(json.status.containerStatuses[0].imageID).toMatch(
        new RegExp(`^${REG}/app@sha256:[0-9a-f]{64}$`),
      )
      await ok(['delete', 'deployment', 'crash', '--wait=false'])
    })
  },
)

describe('the same through @kubernetes/client-node', { timeout: 90_000 }, () => {
  test('patch the image, watch the deployment to NewReplicaSetAvailable, list the pods', async () => {
    const kc = new KubeConfig()
    kc.loadFromFile(cluster.kubeconfigPath)
    const apps = kc.makeApiClient(AppsV1Api)
    const core = kc.makeApiClient(CoreV1Api)
    const before = await apps.readNamespacedDeployment({ name: 'web', namespace: 'default' })
    await apps.patchNamespacedDeployment(
      {
        name: 'web',
        namespace: 'default',
        body: {
          spec: { template: { spec: { containers: [{ name: 'app', image: `${REG}/app:v3` }] } } },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    )
    const seen: string[] = []
    await new Promise<void>((resolve, reject) => {
      let controller: AbortController | undefined
      const timer = setTimeout(
        () => reject(new Error(`no rollout; saw ${seen.join(', ')}`)),
        60_000,
      )
      new Watch(kc)
        .watch(
          '/apis/apps/v1/namespaces/default/deployments',
          {
            fieldSelector: 'metadata.name=web',
            resourceVersion: before.metadata!.resourceVersion!,
          },
          (
            type,
            d: {
              metadata: { generation: number }
              status?: {
                observedGeneration?: number
                updatedReplicas?: number
                conditions?: { type: string; reason: string }[]
              }
            },
          ) => {
            const reason = d.status?.conditions?.find((c) => c.type === 'Progressing')?.reason ?? ''
            seen.push(`${type}:${reason}:${d.status?.updatedReplicas ?? 0}`)
            if (
              reason === 'NewReplicaSetAvailable' &&
              (d.status?.observedGeneration ?? 0) >= d.metadata.generation &&
              (d.status?.updatedReplicas ?? 0) === 4
            ) {
              clearTimeout(timer)
              controller?.abort()
              resolve()
            }
          },
          (err) => {
            if (err && (err as Error).name !== 'AbortError') reject(err)
          },
        )
        .then((c) => (controller = c), reject)
    })
    expect(seen.some((s) => s.includes(':ReplicaSetUpdated:'))).toBe(true)
    const pods = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=web' })
    const running = pods.items.filter((p) => !p.metadata?.deletionTimestamp)
    expect(running.map((p) => p.spec?.containers[0]?.image)).toEqual(Array(4).fill(`${REG}/app:v3`))
    expect(
      running.every((p) =>
        p.status?.containerStatuses?.[0]?.imageID?.startsWith(`${REG}/app@sha256:`),
      ),
    ).toBe(true)
  })
})
