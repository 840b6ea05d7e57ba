// Kubelet scenarios driven through the store (no HTTP API): real registry protocol
// against an in-process v2 registry, images scripted by their labels.
import { createServer, type AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import type { ClusterContext, Stoppable } from '../context.ts'
import type { KubeObject } from '../store.ts'
import { startControllers } from '../controllers/index.ts'
import {
  condition,
  createDeployment,
  deployment,
  newContext,
  waitFor,
} from '../controllers/testing.ts'
import { pushTestImage } from '../testing-images.ts'
import { startKubelet, type KubeletOptions } from './index.ts'
import { startTestRegistry, type TestRegistry } from './testing-registry.ts'

let reg: TestRegistry
let basicReg: TestRegistry
let bearerReg: TestRegistry
let running: Stoppable[] = []
const digests: Record<string, string> = {}

beforeAll(async () => {
  ;[reg, basicReg, bearerReg] = await Promise.all([
    startTestRegistry(),
    startTestRegistry({ auth: 'basic' }),
    startTestRegistry({ auth: 'bearer' }),
  ])
  digests.good = await pushTestImage(reg.host, 'app', 'good', {})
  digests.slow = await pushTestImage(reg.host, 'app', 'slow', {
    'dock2pod.test/ready-after': '20s',
  })
  digests.crash = await pushTestImage(reg.host, 'app', 'crash', {
    'dock2pod.test/exit-after': '2s',
    'dock2pod.test/exit-code': '3',
    'dock2pod.test/log': 'starting\\nfatal: no DATABASE_URL',
  })
  digests.oom = await pushTestImage(reg.host, 'app', 'oom', { 'dock2pod.test/oom-after': '1s' })
  digests.migrate = await pushTestImage(reg.host, 'app', 'migrate', {
    'dock2pod.test/exit-after': '3s',
    'dock2pod.test/exit-code': '0',
    'dock2pod.test/log': 'migrated',
  })
  digests.never = await pushTestImage(reg.host, 'app', 'never', { 'dock2pod.test/ready': 'never' })
  digests.multi = await pushTestImage(
    reg.host,
    'app',
    'multi',
    { 'dock2pod.test/log': 'amd64' },
    { index: true },
  )
  const basicAuth = { username: basicReg.user!, password: basicReg.password! }
  digests.private = await pushTestImage(basicReg.host, 'private/app', 'v1', {}, { auth: basicAuth })
  const bearerAuth = { username: bearerReg.user!, password: bearerReg.password! }
  digests.token = await pushTestImage(bearerReg.host, 'private/app', 'v1', {}, { auth: bearerAuth })
})
afterAll(async () => {
  await Promise.all([reg?.stop(), basicReg?.stop(), bearerReg?.stop()])
})
afterEach(async () => {
  for (const r of running) await r.stop()
  running = []
})

function start(speed = 100, kubelet: KubeletOptions = {}): ClusterContext {
  const ctx = newContext(speed)
  running.push(startControllers(ctx), startKubelet(ctx, kubelet))
  return ctx
}

function createPod(
  ctx: ClusterContext,
  name: string,
  image: string,
  spec: Record<string, unknown> = {},
  container: Record<string, unknown> = {},
): KubeObject {
  return ctx.store.create('/pods', 'default', {
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: {
      containers: [{ name: 'app', image, ...container }],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      ...spec,
    },
  })
}

const pod = (ctx: ClusterContext, name: string) => ctx.store.tryGet('/pods', 'default', name)
const cs = (p: KubeObject | undefined) => p?.status?.containerStatuses?.[0]
const eventsFor = (ctx: ClusterContext, name: string) =>
  ctx.store
    .list('/events', 'default')
    .items.filter((e) => (e.involvedObject as { name: string }).name === name)
    .map((e) => ({
      reason: e.reason as string,
      message: e.message as string,
      type: e.type as string,
      count: e.count as number,
      source: e.source,
      fieldPath: (e.involvedObject as { fieldPath?: string }).fieldPath,
    }))

const waitPod = (
  ctx: ClusterContext,
  name: string,
  check: (p: KubeObject) => unknown,
  what: string,
) =>
  waitFor(
    ctx,
    () => {
      const p = pod(ctx, name)
      return p && check(p) ? p : undefined
    },
    15_000,
    what,
  )

describe('simulated kubelet', () => {
  test('registers a Ready node-1 with containerd and v1.32', () => {
    const ctx = start()
    const node = ctx.store.get('/nodes', undefined, 'node-1')
    expect(node.status.nodeInfo).toMatchObject({
      containerRuntimeVersion: expect.stringMatching(/^containerd:\/\/1\.7\./),
      kubeletVersion: expect.stringMatching(/^v1\.32\./),
    })
    expect(condition(node, 'Ready')).toMatchObject({ status: 'True', reason: 'KubeletReady' })
    expect(node.status.allocatable).toMatchObject({ cpu: '4', pods: '110' })
  })

  test('a good image: scheduled, pulled, Ready, imageID pinned to the pulled digest', async () => {
    const ctx = start()
    const image = `${reg.host}/app:good`
    createPod(ctx, 'web', image)
    const p = await waitPod(ctx, 'web', (p) => condition(p, 'Ready')?.status === 'True', 'Ready')
    expect(p.spec.nodeName).toBe('node-1')
    expect(p.status).toMatchObject({
      phase: 'Running',
      hostIP: '172.18.0.2',
      podIP: expect.stringMatching(/^10\.244\.0\./),
      qosClass: 'BestEffort',
    })
    expect(p.status.startTime).toBeTruthy()
    expect(p.status.conditions.map((c: { type: string }) => c.type)).toEqual([
      'PodReadyToStartContainers',
      'Initialized',
      'Ready',
      'ContainersReady',
      'PodScheduled',
    ])
    expect(cs(p)).toMatchObject({
      name: 'app',
      ready: true,
      started: true,
      restartCount: 0,
      image,
      imageID: `${reg.host}/app@${digests.good}`,
      state: { running: { startedAt: expect.any(String) } },
      containerID: expect.stringMatching(/^containerd:\/\/[0-9a-f]{64}$/),
    })
    const ev = eventsFor(ctx, 'web')
    expect(ev.map((e) => e.reason)).toEqual([
      'Scheduled',
      'Pulling',
      'Pulled',
      'Created',
      'Started',
    ])
    expect(ev[0]).toMatchObject({
      message: 'Successfully assigned default/web to node-1',
      source: { component: 'default-scheduler' },
    })
    expect(ev[1]).toMatchObject({
      message: `Pulling image "${image}"`,
      fieldPath: 'spec.containers{app}',
      source: { component: 'kubelet', host: 'node-1' },
    })
    expect(ev[2]!.message).toMatch(
      new RegExp(
        `^Successfully pulled image "${image}" in .+ \\(.+ including waiting\\)\\. Image size: \\d+ bytes\\.$`,
      ),
    )
  })

  test('pull by digest gets exactly that digest; an index resolves to linux/amd64 and reports the index digest', async () => {
    const ctx = start()
    createPod(ctx, 'pinned', `${reg.host}/app@${digests.good}`)
    createPod(ctx, 'multi', `${reg.host}/app:multi`)
    const pinned = await waitPod(ctx, 'pinned', (p) => cs(p)?.ready, 'pinned Ready')
    expect(cs(pinned).imageID).toBe(`${reg.host}/app@${digests.good}`)
    const multi = await waitPod(ctx, 'multi', (p) => cs(p)?.ready, 'multi Ready')
    expect(cs(multi).imageID).toBe(`${reg.host}/app@${digests.multi}`)
    expect(ctx.logs.read('default', 'multi', 'app')?.map((l) => l.text)).toEqual(['amd64'])
    createPod(ctx, 'wrong', `${reg.host}/app@sha256:${'0'.repeat(64)}`)
    const wrong = await waitPod(
      ctx,
      'wrong',
      (p) => cs(p)?.state?.waiting?.reason === 'ErrImagePull',
      'ErrImagePull',
    )
    expect(cs(wrong).state.waiting.message).toContain('not found')
  })

  test('a missing tag: ErrImagePull with the registry error, then ImagePullBackOff', async () => {
    const ctx = start()
    const image = `${reg.host}/app:nope`
    createPod(ctx, 'web', image)
    const errPull = await waitPod(
      ctx,
      'web',
      (p) => cs(p)?.state?.waiting?.reason === 'ErrImagePull',
      'ErrImagePull',
    )
    const msg = `rpc error: code = NotFound desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": ${image}: not found`
    expect(cs(errPull).state.waiting.message).toBe(msg)
    const backoff = await waitPod(
      ctx,
      'web',
      (p) => cs(p)?.state?.waiting?.reason === 'ImagePullBackOff',
      'ImagePullBackOff',
    )
    expect(cs(backoff).state.waiting.message).toBe(
      `Back-off pulling image "${image}": ErrImagePull: ${msg}`,
    )
    expect(backoff.status.phase).toBe('Pending')
    expect(condition(backoff, 'Ready')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotReady',
      message: 'containers with unready status: [app]',
    })
    const ev = eventsFor(ctx, 'web')
    expect(ev).toContainEqual(
      expect.objectContaining({
        reason: 'Failed',
        type: 'Warning',
        message: `Failed to pull image "${image}": ${msg}`,
      }),
    )
    expect(ev).toContainEqual(
      expect.objectContaining({ reason: 'Failed', message: 'Error: ErrImagePull' }),
    )
    expect(ev).toContainEqual(
      expect.objectContaining({
        reason: 'BackOff',
        type: 'Normal',
        message: `Back-off pulling image "${image}"`,
      }),
    )
    expect(ev).toContainEqual(
      expect.objectContaining({ reason: 'Failed', message: 'Error: ImagePullBackOff' }),
    )
    // The retry after 10s pulls again: the Pulling event is counted twice.
    await waitFor(
      ctx,
      () => eventsFor(ctx, 'web').find((e) => e.reason === 'Pulling' && e.count >= 2),
      15_000,
      'second pull',
    )
  })

  test('an unreachable registry: ErrImagePull with a connection-refused message', async () => {
    const ctx = start()
    // A port that was just free: nothing listens there.
    const probe = createServer()
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r))
    const port = (probe.address() as AddressInfo).port
    await new Promise((r) => probe.close(r))
    const image = `127.0.0.1:${port}/app:v1`
    createPod(ctx, 'web', image)
    const p = await waitPod(
      ctx,
      'web',
      (p) => cs(p)?.state?.waiting?.reason === 'ErrImagePull',
      'ErrImagePull',
    )
    expect(cs(p).state.waiting.message).toBe(
      `rpc error: code = Unknown desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": failed to do request: Head "http://127.0.0.1:${port}/v2/app/manifests/v1": dial tcp 127.0.0.1:${port}: connect: connection refused`,
    )
  })

  test('a missing config or layer blob fails the pull with "<digest>: not found"', async () => {
    await pushTestImage(reg.host, 'holey', 'config', { 'dock2pod.test/log': 'c' })
    await pushTestImage(reg.host, 'holey2', 'layer', { 'dock2pod.test/log': 'l' })
    const cfg = reg.manifest('holey', 'config')!.config.digest
    const layer = reg.manifest('holey2', 'layer')!.layers[0]!.digest
    reg.deleteBlob('holey', cfg)
    reg.deleteBlob('holey2', layer)
    const ctx = start()
    createPod(ctx, 'cfg', `${reg.host}/holey:config`)
    createPod(ctx, 'layer', `${reg.host}/holey2:layer`)
    const a = await waitPod(
      ctx,
      'cfg',
      (p) => cs(p)?.state?.waiting?.reason === 'ErrImagePull',
      'cfg',
    )
    const b = await waitPod(
      ctx,
      'layer',
      (p) => cs(p)?.state?.waiting?.reason === 'ErrImagePull',
      'layer',
    )
    expect(cs(a).state.waiting.message).toContain(`${cfg}: not found`)
    expect(cs(b).state.waiting.message).toContain(`${layer}: not found`)
    expect(cs(a).state.waiting.message).toMatch(
      /^rpc error: code = NotFound desc = failed to pull and unpack image/,
    )
  })

  test('init containers run to completion first; a failing one keeps the pod Pending in back-off', async () => {
    const ctx = start(200)
    createPod(ctx, 'web', `${reg.host}/app:good`, {
      initContainers: [
        { name: 'migrate', image: `${reg.host}/app:migrate` },
        { name: 'plain', image: `${reg.host}/app:good` },
      ],
    })
    const init = await waitPod(
      ctx,
      'web',
      (p) => condition(p, 'Initialized')?.status === 'False',
      'initializing',
    )
    expect(condition(init, 'Initialized')).toMatchObject({ reason: 'ContainersNotInitialized' })
    expect(cs(init).state.waiting.reason).toBe('PodInitializing')
    expect(init.status.phase).toBe('Pending')
    const p = await waitPod(ctx, 'web', (p) => cs(p)?.ready, 'Ready')
    expect(
      p.status.initContainerStatuses.map((s: { name: string; state: unknown; ready: boolean }) => [
        s.name,
        s.state,
        s.ready,
      ]),
    ).toEqual([
      [
        'migrate',
        { terminated: expect.objectContaining({ exitCode: 0, reason: 'Completed' }) },
        true,
      ],
      [
        'plain',
        { terminated: expect.objectContaining({ exitCode: 0, reason: 'Completed' }) },
        true,
      ],
    ])
    expect(ctx.logs.read('default', 'web', 'migrate')?.map((l) => l.text)).toEqual(['migrated'])

    createPod(ctx, 'broken', `${reg.host}/app:good`, {
      initContainers: [{ name: 'boom', image: `${reg.host}/app:crash` }],
    })
    const broken = await waitPod(
      ctx,
      'broken',
      (p) => p.status?.initContainerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff',
      'init back-off',
    )
    expect(broken.status.phase).toBe('Pending')
    expect(cs(broken).state.waiting.reason).toBe('PodInitializing')
  })

  test('a malformed image reference: InvalidImageName', async () => {
    const ctx = start()
    createPod(ctx, 'web', `${reg.host}/App:1`)
    const p = await waitPod(
      ctx,
      'web',
      (p) => cs(p)?.state?.waiting?.reason === 'InvalidImageName',
      'InvalidImageName',
    )
    expect(cs(p).state.waiting.message).toBe(
      `Failed to apply default image tag "${reg.host}/App:1": couldn't parse image name "${reg.host}/App:1": invalid reference format`,
    )
  })

  test('a crashing container: exit code, logs, restarts, CrashLoopBackOff, previous logs', async () => {
    const ctx = start(200)
    createPod(ctx, 'web', `${reg.host}/app:crash`)
    const p = await waitPod(
      ctx,
      'web',
      (p) => cs(p)?.state?.waiting?.reason === 'CrashLoopBackOff',
      'CrashLoopBackOff',
    )
    const c = cs(p)
    expect(c.restartCount).toBeGreaterThanOrEqual(1)
    expect(c.state.waiting.message).toMatch(
      new RegExp(
        `^back-off (10|20|40)s restarting failed container=app pod=web_default\\(${p.metadata.uid}\\)$`,
      ),
    )
    expect(c.lastState.terminated).toMatchObject({
      exitCode: 3,
      reason: 'Error',
      startedAt: expect.any(String),
      finishedAt: expect.any(String),
    })
    expect(c.ready).toBe(false)
    expect(p.status.phase).toBe('Running')
    expect(ctx.logs.read('default', 'web', 'app', { previous: true })?.map((l) => l.text)).toEqual([
      'starting',
      'fatal: no DATABASE_URL',
    ])
    expect(eventsFor(ctx, 'web')).toContainEqual(
      expect.objectContaining({
        reason: 'BackOff',
        type: 'Warning',
        message: `Back-off restarting failed container app in pod web_default(${p.metadata.uid})`,
      }),
    )
    // The back-off doubles: a later CrashLoopBackOff says 20s.
    await waitPod(
      ctx,
      'web',
      (p) => /back-off 20s/.test(cs(p)?.state?.waiting?.message ?? ''),
      'back-off 20s',
    )
  })

  test('OOMKilled: reason OOMKilled, exit code 137', async () => {
    const ctx = start(200)
    createPod(ctx, 'web', `${reg.host}/app:oom`)
    const p = await waitPod(ctx, 'web', (p) => cs(p)?.lastState?.terminated, 'terminated')
    expect(cs(p).lastState.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' })
  })

  test('never ready: running, started, not ready, Unhealthy events repeat', async () => {
    const ctx = start(200)
    createPod(
      ctx,
      'web',
      `${reg.host}/app:never`,
      {},
      { readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 5 } },
    )
    await waitFor(
      ctx,
      () => eventsFor(ctx, 'web').find((e) => e.reason === 'Unhealthy' && e.count >= 3),
      15_000,
      'Unhealthy x3',
    )
    const p = pod(ctx, 'web')!
    expect(cs(p)).toMatchObject({ ready: false, started: true, state: { running: {} } })
    expect(eventsFor(ctx, 'web').find((e) => e.reason === 'Unhealthy')).toMatchObject({
      type: 'Warning',
      message: 'Readiness probe failed: HTTP probe failed with statuscode: 503',
    })
  })

  test('ready-after with a probe: ready at the first probe after the delay', async () => {
    const ctx = start(200)
    createPod(
      ctx,
      'web',
      `${reg.host}/app:slow`,
      {},
      { readinessProbe: { tcpSocket: { port: 80 }, initialDelaySeconds: 5, periodSeconds: 10 } },
    )
    const p = await waitPod(ctx, 'web', (p) => cs(p)?.ready, 'ready')
    // Probes at 5s and 15s fail, the one at 25s passes.
    const unhealthy = eventsFor(ctx, 'web').find((e) => e.reason === 'Unhealthy')!
    expect(unhealthy.count).toBe(2)
    expect(unhealthy.message).toBe(
      `Readiness probe failed: dial tcp ${p.status.podIP}:80: connect: connection refused`,
    )
    const started = Date.parse(cs(p).state.running.startedAt)
    expect(
      Date.parse(condition(p, 'Ready')!.lastTransitionTime as string) - started,
    ).toBeGreaterThanOrEqual(24_000)
  })

  test('private registries: 401 without a secret is ErrImagePull "unauthorized"; a dockerconfigjson secret pulls', async () => {
    const ctx = start()
    for (const [name, r] of [
      ['basic', basicReg],
      ['token', bearerReg],
    ] as const) {
      const image = `${r.host}/private/app:v1`
      createPod(ctx, `${name}-nosecret`, image)
      const denied = await waitPod(
        ctx,
        `${name}-nosecret`,
        (p) => cs(p)?.state?.waiting?.reason === 'ErrImagePull',
        `${name} ErrImagePull`,
      )
      expect(cs(denied).state.waiting.message.toLowerCase()).toContain('unauthorized')
      expect(cs(denied).state.waiting.message).toContain(
        `failed to pull and unpack image "${image}"`,
      )
      const auths = {
        [r.host]: { auth: Buffer.from(`${r.user}:${r.password}`).toString('base64') },
      }
      ctx.store.create('/secrets', 'default', {
        metadata: { name: `${name}-cred` },
        type: 'kubernetes.io/dockerconfigjson',
        data: { '.dockerconfigjson': Buffer.from(JSON.stringify({ auths })).toString('base64') },
      })
      createPod(ctx, `${name}-secret`, image, { imagePullSecrets: [{ name: `${name}-cred` }] })
      const ok = await waitPod(ctx, `${name}-secret`, (p) => cs(p)?.ready, `${name} Ready`)
      expect(cs(ok).imageID).toBe(
        `${r.host}/private/app@${name === 'basic' ? digests.private : digests.token}`,
      )
    }
    const msg = (n: string) => cs(pod(ctx, n)).state.waiting.message as string
    expect(msg('basic-nosecret')).toMatch(/: 401 Unauthorized$/)
    expect(msg('token-nosecret')).toMatch(
      /: failed to authorize: failed to fetch anonymous token: unexpected status from GET request to http:\/\/.+\/token\?.+: 401 Unauthorized$/,
    )
  })

  test('a token registry that grants anonymous no-access tokens: "pull access denied", as Docker Hub answers', async () => {
    const hub = await startTestRegistry({ auth: 'bearer', anonymousTokens: true })
    try {
      const ctx = start()
      const image = `${hub.host}/private/app:v1`
      createPod(ctx, 'web', image)
      const p = await waitPod(
        ctx,
        'web',
        (p) => cs(p)?.state?.waiting?.reason === 'ErrImagePull',
        'ErrImagePull',
      )
      expect(cs(p).state.waiting.message).toBe(
        `rpc error: code = Unknown desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`,
      )
    } finally {
      await hub.stop()
    }
  })

  test("the service account's imagePullSecrets: copied into new pods, as the admission plugin does", async () => {
    const ctx = start()
    await waitFor(ctx, () => ctx.store.tryGet('/serviceaccounts', 'default', 'default'))
    // A pod that exists before the account gets its secret keeps failing, as in Kubernetes.
    createPod(ctx, 'early', `${basicReg.host}/private/app:v1`)
    await waitPod(
      ctx,
      'early',
      (p) => cs(p)?.state?.waiting?.reason === 'ErrImagePull',
      'ErrImagePull',
    )
    const auths = { [basicReg.host]: { username: basicReg.user, password: basicReg.password } }
    ctx.store.create('/secrets', 'default', {
      metadata: { name: 'regcred' },
      type: 'kubernetes.io/dockerconfigjson',
      data: { '.dockerconfigjson': Buffer.from(JSON.stringify({ auths })).toString('base64') },
    })
    ctx.store.mutate(
      '/serviceaccounts',
      'default',
      'default',
      (sa) => (sa.imagePullSecrets = [{ name: 'regcred' }]),
    )
    createDeployment(ctx, deployment('web', `${basicReg.host}/private/app:v1`))
    const p = await waitFor(
      ctx,
      () =>
        ctx.store
          .list('/pods', 'default')
          .items.find((p) => p.metadata.labels?.app === 'web' && cs(p)?.ready),
      15_000,
      'web Ready',
    )
    expect(p.spec.imagePullSecrets).toEqual([{ name: 'regcred' }])
    expect(cs(pod(ctx, 'early'))?.ready).toBe(false)
  })

  test('deletion: Killing event, then the pod is removed after the container stops', async () => {
    const ctx = start()
    createPod(ctx, 'web', `${reg.host}/app:good`)
    await waitPod(ctx, 'web', (p) => cs(p)?.ready, 'Ready')
    ctx.store.delete('/pods', 'default', 'web')
    expect(pod(ctx, 'web')?.metadata.deletionTimestamp).toBeTruthy()
    await waitFor(ctx, () => !pod(ctx, 'web'), 10_000, 'pod removed')
    expect(eventsFor(ctx, 'web')).toContainEqual(
      expect.objectContaining({
        reason: 'Killing',
        message: 'Stopping container app',
        fieldPath: 'spec.containers{app}',
      }),
    )
  })

  test('unschedulable: a nodeSelector no node matches, or requests above allocatable', async () => {
    const ctx = start()
    createPod(ctx, 'picky', `${reg.host}/app:good`, { nodeSelector: { disk: 'ssd' } })
    createPod(ctx, 'greedy', `${reg.host}/app:good`, {}, { resources: { requests: { cpu: '64' } } })
    const picky = await waitPod(
      ctx,
      'picky',
      (p) => condition(p, 'PodScheduled')?.status === 'False',
      'Unschedulable',
    )
    expect(condition(picky, 'PodScheduled')).toMatchObject({
      reason: 'Unschedulable',
      message:
        "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
    })
    const greedy = await waitPod(
      ctx,
      'greedy',
      (p) => condition(p, 'PodScheduled')?.status === 'False',
      'Unschedulable',
    )
    expect(condition(greedy, 'PodScheduled')!.message).toBe(
      '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
    )
    expect(eventsFor(ctx, 'picky')).toContainEqual(
      expect.objectContaining({ reason: 'FailedScheduling', type: 'Warning' }),
    )
  })
})

describe('deployments on the simulated node', () => {
  test('minReadySeconds: ready pods count as available only after it', async () => {
    const ctx = start(200)
    createDeployment(
      ctx,
      deployment('web', `${reg.host}/app:good`, { replicas: 1, minReadySeconds: 20 }),
    )
    const rsReady = await waitFor(
      ctx,
      () =>
        ctx.store
          .list('apps/replicasets', 'default')
          .items.find((rs) => rs.status?.readyReplicas === 1),
      15_000,
      'ready',
    )
    expect(rsReady.status.availableReplicas).toBeUndefined()
    const rsAvail = await waitFor(
      ctx,
      () =>
        ctx.store
          .list('apps/replicasets', 'default')
          .items.find((rs) => rs.status?.availableReplicas === 1),
      15_000,
      'available',
    )
    const p = ctx.store.list('/pods', 'default').items[0]!
    const readyAt = Date.parse(condition(p, 'Ready')!.lastTransitionTime!)
    expect(rsAvail.spec.minReadySeconds).toBe(20)
    expect(ctx.clock.nowMs() - readyAt).toBeGreaterThanOrEqual(20_000)
  })

  test('two nodes: pods spread round-robin', async () => {
    const ctx = start(100, { nodes: ['node-1', 'node-2'] })
    createDeployment(ctx, deployment('web', `${reg.host}/app:good`, { replicas: 4 }))
    await waitFor(
      ctx,
      () => ctx.store.list('/pods', 'default').items.filter((p) => cs(p)?.ready).length === 4,
      15_000,
      '4 ready',
    )
    const nodes = ctx.store
      .list('/pods', 'default')
      .items.map((p) => `${p.spec.nodeName}:${p.status.hostIP}`)
    expect(nodes.sort()).toEqual([
      'node-1:172.18.0.2',
      'node-1:172.18.0.2',
      'node-2:172.18.0.3',
      'node-2:172.18.0.3',
    ])
  })

  test('a rollout to a good image completes; to a never-ready image it exceeds its progress deadline', async () => {
    const ctx = start(200)
    createDeployment(
      ctx,
      deployment('web', `${reg.host}/app:good`, { replicas: 2, progressDeadlineSeconds: 60 }),
    )
    await waitFor(
      ctx,
      () => {
        const d = ctx.store.get('apps/deployments', 'default', 'web')
        return (
          condition(d, 'Progressing')?.reason === 'NewReplicaSetAvailable' &&
          d.status.availableReplicas === 2
        )
      },
      15_000,
      'rolled out',
    )
    ctx.store.mutate(
      'apps/deployments',
      'default',
      'web',
      (d) => (d.spec.template.spec.containers[0].image = `${reg.host}/app:never`),
    )
    const d = await waitFor(
      ctx,
      () => {
        const d = ctx.store.get('apps/deployments', 'default', 'web')
        return condition(d, 'Progressing')?.reason === 'ProgressDeadlineExceeded' ? d : undefined
      },
      15_000,
      'ProgressDeadlineExceeded',
    )
    expect(condition(d, 'Progressing')).toMatchObject({
      status: 'False',
      message: expect.stringMatching(/^ReplicaSet "web-[a-z0-9]+" has timed out progressing\.$/),
    })
    // The old pods keep serving: maxUnavailable 25% of 2 rounds down to 0.
    expect(d.status.availableReplicas).toBe(2)
    expect(condition(d, 'Available')?.status).toBe('True')
  })
})
