// Deploy and wait, end to end: the committed bundle run as the Actions runner runs it,
// against the real Docker engine, registries, BuildKit and the real cluster (one node,
// containerd). Every scenario reads the cluster's final state with kubectl or the
// proxy's request log, never through dock2pod's code; the registry is asked with fetch.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect } from 'vitest'
import { runAction, type RunOptions } from '../../testbed/action-runner.ts'
import type { RequestLogEntry } from '../../testbed/kube/faults.ts'
import {
  clearRequestLog,
  eventually,
  injectFaults,
  kubectlOk,
  requestLog,
} from '../../testbed/kube/testing.ts'
import {
  behaviourDockerfile,
  buildTestImage,
  deleteCreatedDeployments,
  createDeployment as createDeploymentWith,
  deploymentsOutput,
  errorAnnotations,
  runAgainst,
  unique,
} from './deploy-kit.ts'
import { dockerEnv, dockerTest, dockerTestbed, testCluster } from './docker-testbed.ts'
import { ACCEPT, registryDigest } from './registry-probe.ts'

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

const cluster = () => testCluster()
const images: Record<string, string> = {}

interface K8sDeployment {
  metadata: { annotations?: Record<string, string> }
  spec: {
    progressDeadlineSeconds?: number
    template: {
      metadata?: { annotations?: Record<string, string> }
      spec: { containers: { name: string; image: string }[] }
    }
  }
  status: { conditions?: { type: string; reason?: string }[]; readyReplicas?: number }
}

async function getDeployment(name: string): Promise<K8sDeployment> {
  return JSON.parse(
    await kubectlOk(cluster(), ['get', 'deployment', name, '-o', 'json']),
  ) as K8sDeployment
}
const imageOf = async (name: string) =>
  (await getDeployment(name)).spec.template.spec.containers[0]!.image

/** A Deployment on the base image, rolled out. */
const createDeployment = (name: string, replicas = 3, image = images.base!) =>
  createDeploymentWith(cluster(), name, { image, replicas })

/** Run the committed bundle against the test cluster. */
const deploy = (inputs: Record<string, string>, opts: RunOptions = {}) =>
  runAgainst(cluster(), inputs, opts)

const errors = errorAnnotations
const outputDeployments = deploymentsOutput
const patches = (log: RequestLogEntry[], name: string) =>
  log.filter(
    (r) =>
      r.method === 'PATCH' && r.path.endsWith(`/deployments/${name}`) && !/dryRun/.test(r.query),
  )

/** An HTTP CONNECT proxy on 127.0.0.1 that tunnels to 127.0.0.1 only; the targets it was
 *  asked for, in order. */
async function startConnectProxy() {
  const targets: string[] = []
  const sockets = new Set<Socket>()
  const server = createServer((_req, res) => res.writeHead(405).end())
  server.on('connect', (req, client: Socket, head: Buffer) => {
    targets.push(req.url ?? '')
    const port = Number(/^127\.0\.0\.1:(\d+)$/.exec(req.url ?? '')?.[1])
    if (!port) return client.end('HTTP/1.1 403 Forbidden\r\n\r\n')
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('error', () => [client, upstream].forEach((x) => x.destroy()))
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    targets,
    close: () => {
      for (const s of sockets) s.destroy()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

const workspaces: string[] = []
const newWorkspace = () => {
  const w = mkdtempSync(join(tmpdir(), 'd2p-deploy-ws-'))
  workspaces.push(w)
  return w
}
afterEach(() => {
  for (const w of workspaces.splice(0)) rmSync(w, { recursive: true, force: true })
})

beforeAll(async () => {
  if (dockerTestbed().unavailable) return
  images.base = await buildTestImage('deploy/base')
  images.quick = await buildTestImage('deploy/quick', { readyAfter: 1 })
  images.slow = await buildTestImage('deploy/slow', { readyAfter: 15 })
  images.crash = await buildTestImage('deploy/crash', {
    log: ['starting web', 'fatal: DATABASE_URL is not set'],
    readyAfter: 60,
    exitAfter: 1,
    exitCode: 3,
  })
  images.unready = await buildTestImage('deploy/unready', { readyAfter: 'never' })
})

describe('deploy and wait', () => {
  dockerTest(
    'builds, pushes and rolls a good image out to 5 replicas, pinned by digest',
    async () => {
      const tb = dockerTestbed()
      const name = unique('good')
      await createDeployment(name, 5)
      const workspace = newWorkspace()
      writeFileSync(join(workspace, 'Dockerfile'), behaviourDockerfile({ readyAfter: 2 }))
      const r = await runAction({
        inputs: { registry: tb.registry, image: 'deploy/good', tag: 'v2', deployment: name },
        workspace,
        env: { ...dockerEnv(tb), KUBECONFIG: cluster().kubeconfigPath },
        path: [tb.binDir],
        timeoutMs: 180_000,
      })
      expect(errors(r), r.stdout).toEqual([])
      expect(r.exitCode).toBe(0)

      const digest = await registryDigest(tb.registry, 'deploy/good', 'v2')
      const ref = `${tb.registry}/deploy/good:v2@${digest}`
      expect(r.outputs['image-ref']).toBe(ref)
      expect(r.outputs.revision).toBe('2')
      expect(r.outputs['ready-replicas']).toBe('5')
      expect(r.outputs['previous-image']).toBe(images.base)
      expect(outputDeployments(r)).toMatchObject([
        { name, status: 'ready', previousImage: images.base, image: ref, diagnosis: null },
      ])
      expect(r.summary).toContain(`\`default/${name}\``)
      expect(r.stdout).toMatch(new RegExp(`${name}: 5/5 updated, 5 ready`))

      const d = await getDeployment(name)
      expect(d.spec.template.spec.containers[0]!.image).toBe(ref)
      expect(d.metadata.annotations?.['kubernetes.io/change-cause']).toContain(ref)
      expect(d.metadata.annotations?.['dock2pod.io/run-url']).toBe(
        'https://github.com/acme/app/actions/runs/4242',
      )
      // The record is on the Deployment, never on the pod template.
      expect(d.spec.template.metadata?.annotations ?? {}).toEqual({})

      const pods = JSON.parse(
        await kubectlOk(cluster(), ['get', 'pods', '-l', `app=${name}`, '-o', 'json']),
      ) as {
        items: {
          metadata: { deletionTimestamp?: string }
          status: {
            conditions?: { type: string; status: string }[]
            containerStatuses?: { imageID: string }[]
          }
        }[]
      }
      const ready = pods.items.filter(
        (p) =>
          !p.metadata.deletionTimestamp &&
          p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
      )
      expect(ready).toHaveLength(5)
      for (const p of ready) expect(p.status.containerStatuses![0]!.imageID).toContain(digest)
    },
  )

  dockerTest(
    'an image the cluster cannot pull fails at once, well inside progressDeadlineSeconds, and is rolled back',
    async () => {
      const tb = dockerTestbed()
      const name = unique('ghost')
      await createDeployment(name)
      // Pushed, then its config blob deleted: the runner still resolves the tag to a digest,
      // the cluster's pull of that digest finds nothing.
      // Content of its own: a config blob no other image shares (the node may hold those).
      const ref = await buildTestImage('deploy/ghost', { log: [name] })
      const digest = await registryDigest(tb.registry, 'deploy/ghost', 'v1')
      const manifest = (await (
        await fetch(`http://${tb.registry}/v2/deploy/ghost/manifests/${digest}`, {
          headers: { accept: ACCEPT },
        })
      ).json()) as { config: { digest: string } }
      const del = await fetch(
        `http://${tb.registry}/v2/deploy/ghost/blobs/${manifest.config.digest}`,
        {
          method: 'DELETE',
        },
      )
      expect(del.status).toBe(202)

      await clearRequestLog(cluster())
      const r = await deploy({ 'image-ref': ref, deployment: name })
      expect(r.exitCode).toBe(1)
      const [error, ...more] = errors(r)
      expect(more).toEqual([])
      expect(error!.title).toBe(`deployment/${name}`)
      expect(error!.message).toMatch(/ErrImagePull|ImagePullBackOff/)
      // The registry's own answer, as the kubelet passes it on.
      // containerd: "could not fetch content descriptor <digest> (<type>) from remote: not found"
      expect(error!.message).toContain(manifest.config.digest)
      expect(error!.message).toMatch(/not found/)
      expect(error!.message).toContain(`Rolled back to ${images.base}`)
      expect(outputDeployments(r)).toMatchObject([{ name, status: 'rolled-back' }])

      const d = await getDeployment(name)
      expect(d.spec.progressDeadlineSeconds).toBe(600)
      expect(d.status.conditions?.some((c) => c.reason === 'ProgressDeadlineExceeded')).toBe(false)
      expect(d.spec.template.spec.containers[0]!.image).toBe(images.base)
      const [forward, rollback] = patches(await requestLog(cluster()), name)
      expect(forward).toBeDefined()
      expect(rollback).toBeDefined()
      // The kubelet's own record of the failed pull (second resolution) came no later
      // than the rollback patch.
      const events = JSON.parse(
        await kubectlOk(cluster(), [
          'get',
          'events',
          '--field-selector',
          'reason=Failed',
          '-o',
          'json',
        ]),
      ) as {
        items: { involvedObject: { name: string }; firstTimestamp: string; message: string }[]
      }
      const pulls = events.items.filter(
        (e) => e.involvedObject.name.startsWith(`${name}-`) && /pull/i.test(e.message),
      )
      expect(pulls.length).toBeGreaterThan(0)
      const firstFailure = Math.min(...pulls.map((e) => Date.parse(e.firstTimestamp)))
      expect(Date.parse(rollback!.time)).toBeGreaterThanOrEqual(firstFailure)
    },
  )

  dockerTest(
    'a crashing image fails at its first exit (Crashed, or CrashLoopBackOff if the kubelet says that first), with its exit code and last log lines, and is rolled back',
    async () => {
      const name = unique('crash')
      await createDeployment(name)
      const r = await deploy({ 'image-ref': images.crash!, deployment: name })
      expect(r.exitCode).toBe(1)
      const [error] = errors(r)
      expect(error!.title).toBe(`deployment/${name}`)
      // Which of the two the Pod status shows first is the kubelet's timing, not ours.
      expect(error!.message).toMatch(/Crashed|CrashLoopBackOff/)
      expect(error!.message).toContain('Exit code 3')
      expect(error!.message).toContain('  starting web\n  fatal: DATABASE_URL is not set')
      expect(await imageOf(name)).toBe(images.base)
      expect(outputDeployments(r)).toMatchObject([
        {
          status: 'rolled-back',
          diagnosis: { reason: expect.stringMatching(/^(Crashed|CrashLoopBackOff)$/) },
        },
      ])
    },
  )

  dockerTest(
    'an image that never gets ready fails by its readiness probe past ready-grace',
    async () => {
      const name = unique('unready')
      await createDeployment(name)
      const r = await deploy({
        'image-ref': images.unready!,
        deployment: name,
        'ready-grace': '10s',
      })
      expect(r.exitCode).toBe(1)
      const [error] = errors(r)
      expect(error!.message).toContain('ReadinessProbeFailed')
      expect(error!.message).toContain('Readiness probe failed')
      expect(error!.message).toContain('longer than ready-grace 10s')
      expect(await imageOf(name)).toBe(images.base)
    },
  )

  dockerTest(
    "the kubeconfig's proxy-url: the HTTP proxy tunnels to the API server and nowhere else, and the rollout completes",
    async () => {
      const name = unique('proxied')
      await createDeployment(name, 1)
      const proxy = await startConnectProxy()
      try {
        const server = cluster().url
        const kubeconfig = readFileSync(cluster().kubeconfigPath, 'utf8').replace(
          `\n    server: ${server}`,
          `\n    server: ${server}\n    proxy-url: ${proxy.url}`,
        )
        expect(kubeconfig).toContain(`proxy-url: ${proxy.url}`)
        const r = await deploy({ 'image-ref': images.quick!, deployment: name, kubeconfig })
        expect(r.exitCode, r.stdout.slice(-2000)).toBe(0)
        expect(await imageOf(name)).toMatch(/@sha256:[0-9a-f]{64}$/)
        // client-node's undici ProxyAgent (from the cut entry: scripts/undici-entry.ts)
        // tunnelled to the API server, and only there
        expect(proxy.targets.length).toBeGreaterThan(0)
        expect(new Set(proxy.targets)).toEqual(new Set([new URL(server).host]))
      } finally {
        await proxy.close()
      }
    },
  )

  dockerTest('a user who may not patch gets an RBAC error before anything changes', async () => {
    const name = unique('rbac')
    await createDeployment(name)
    await clearRequestLog(cluster())
    const r = await deploy({
      'image-ref': images.quick!,
      deployment: name,
      kubeconfig: readFileSync(cluster().restrictedKubeconfigPath, 'utf8'),
    })
    expect(r.exitCode).toBe(1)
    const [error] = errors(r)
    expect(error!.message).toContain('Forbidden (403)')
    expect(error!.message).toContain(
      `may not patch deployments.apps "${name}" in namespace "default"`,
    )
    expect(error!.message).toContain('examples/rbac.yaml')
    // The kubeconfig's token was masked before anything could print it.
    expect(r.masks).toContain(cluster().restrictedToken)
    const log = await requestLog(cluster())
    expect(log.filter((q) => MUTATING.has(q.method) && q.status < 300)).toEqual([])
    expect(log.some((q) => q.method === 'PATCH' && q.status === 403)).toBe(true)
    expect(await imageOf(name)).toBe(images.base)
  })

  dockerTest(
    'a missing deployment or container fails with no mutating request at all',
    async () => {
      const name = unique('two')
      await kubectlOk(cluster(), ['apply', '-f', '-'], {
        input: JSON.stringify({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name, namespace: 'default' },
          spec: {
            replicas: 1,
            selector: { matchLabels: { app: name } },
            template: {
              metadata: { labels: { app: name } },
              spec: {
                terminationGracePeriodSeconds: 1,
                containers: [
                  { name: 'server', image: images.base },
                  { name: 'sidecar', image: images.base },
                ],
              },
            },
          },
        }),
      })
      await clearRequestLog(cluster())
      const missing = await deploy({ 'image-ref': images.quick!, deployment: `${name}\nnot-there` })
      expect(missing.exitCode).toBe(1)
      expect(missing.stdout).toContain('Deployment default/not-there does not exist')
      // Two containers, none named "quick" after the image: listed.
      expect(missing.stdout).toContain('none is named "quick" after the image')
      const noContainer = await deploy({
        'image-ref': images.quick!,
        deployment: name,
        container: 'web',
      })
      expect(noContainer.exitCode).toBe(1)
      expect(noContainer.stdout).toContain(`has no container "web"; it has server`)
      const log = await requestLog(cluster())
      expect(log.length).toBeGreaterThan(0)
      expect(log.filter((q) => MUTATING.has(q.method))).toEqual([])
    },
  )

  dockerTest(
    'two deployments roll out together; when one cannot pull from a private registry, both end on their previous images',
    async () => {
      const tb = dockerTestbed()
      const a = unique('pair-a')
      const b = unique('pair-b')
      await kubectlOk(cluster(), [
        'create',
        'secret',
        'docker-registry',
        `${a}-pull`,
        `--docker-server=${tb.registryAuth}`,
        `--docker-username=${tb.registryUser}`,
        `--docker-password=${tb.registryPassword}`,
      ])
      await createDeployment(a)
      await kubectlOk(cluster(), [
        'patch',
        'deployment',
        a,
        '-p',
        JSON.stringify({
          spec: { template: { spec: { imagePullSecrets: [{ name: `${a}-pull` }] } } },
        }),
      ])
      await kubectlOk(cluster(), ['rollout', 'status', `deployment/${a}`, '--timeout=120s'])
      await createDeployment(b)
      // The node already holds what pair-a pulled with its secret: without Always, pair-b
      // would start from that copy and never ask the registry.
      await kubectlOk(cluster(), [
        'patch',
        'deployment',
        b,
        '--type=json',
        '-p',
        JSON.stringify([
          { op: 'add', path: '/spec/template/spec/containers/0/imagePullPolicy', value: 'Always' },
        ]),
      ])
      await kubectlOk(cluster(), ['rollout', 'status', `deployment/${b}`, '--timeout=120s'])
      const workspace = newWorkspace()
      writeFileSync(join(workspace, 'Dockerfile'), behaviourDockerfile({}))
      const r = await runAction({
        inputs: {
          registry: tb.registryAuth,
          image: 'deploy/private',
          tag: 'v2',
          username: tb.registryUser,
          password: tb.registryPassword,
          deployment: `${a}\n${b}`,
        },
        workspace,
        env: { ...dockerEnv(tb), KUBECONFIG: cluster().kubeconfigPath },
        path: [tb.binDir],
        timeoutMs: 180_000,
      })
      expect(r.exitCode).toBe(1)
      const failed = errors(r).find((e) => e.title === `deployment/${b}`)
      expect(failed, r.stdout).toBeDefined()
      expect(failed?.message).toContain(
        'the cluster cannot pull from this private registry: add an imagePullSecret',
      )
      expect(failed?.message).toContain(
        `kubectl create secret docker-registry regcred --namespace default --docker-server=${tb.registryAuth}`,
      )
      // The run's log with it: a clean-clone run once ended pair-a 'failed' (cause not found).
      expect(
        outputDeployments(r).map((d) => [d.name, d.status]),
        r.stdout,
      ).toEqual([
        [a, 'rolled-back'],
        [b, 'rolled-back'],
      ])
      expect(await imageOf(a)).toBe(images.base)
      expect(await imageOf(b)).toBe(images.base)
    },
  )

  dockerTest('a dropped watch and a burst of 500s and 429s do not change the outcome', async () => {
    const name = unique('faults')
    // One replica: the faults land in its 15 s to Ready; more would only repeat that wait.
    await createDeployment(name, 1)
    await clearRequestLog(cluster())
    // The first PATCH (the dry run) is throttled with Retry-After: 2.
    await injectFaults(cluster(), {
      rules: [
        {
          method: 'PATCH',
          path: `/deployments/${name}$`,
          status: 429,
          retryAfterSeconds: 2,
          times: 1,
        },
      ],
    })
    let dropped: Date | undefined
    const r = await deploy(
      { 'image-ref': images.slow!, deployment: name },
      {
        onLine: (line) => {
          if (dropped || !line.startsWith(`${name}: `)) return
          dropped = new Date()
          void injectFaults(cluster(), {
            dropWatches: true,
            rules: [
              {
                method: 'GET',
                path: '/namespaces/default/(pods|replicasets|events|deployments)$',
                status: 500,
                times: 3,
              },
              {
                method: 'GET',
                path: '/namespaces/default/(pods|replicasets|events|deployments)$',
                status: 429,
                retryAfterSeconds: 1,
                times: 2,
              },
            ],
          })
        },
      },
    )
    expect(errors(r), r.stdout).toEqual([])
    expect(r.exitCode).toBe(0)
    expect(outputDeployments(r)).toMatchObject([{ name, status: 'ready' }])
    const log = await requestLog(cluster())
    expect(log.filter((q) => q.status === 500)).toHaveLength(3)
    expect(log.filter((q) => q.status === 429)).toHaveLength(3)
    // Retry-After honoured: the retried PATCH came no sooner than 2 s after the 429.
    const throttled = log.findIndex((q) => q.method === 'PATCH' && q.status === 429)
    const retried = log.slice(throttled + 1).find((q) => q.method === 'PATCH')!
    expect(Date.parse(retried.time) - Date.parse(log[throttled]!.time)).toBeGreaterThanOrEqual(2000)
    // After the drop, watches were resumed from a resourceVersion.
    const resumed = log.filter(
      (q) =>
        Date.parse(q.time) >= dropped!.getTime() &&
        /(^|&)watch=(true|1)/.test(q.query) &&
        /resourceVersion=\d+/.test(q.query),
    )
    expect(resumed.length).toBeGreaterThan(0)
    expect(await imageOf(name)).toMatch(new RegExp(`^${images.slow!}@sha256:[0-9a-f]{64}$`))
  })

  dockerTest('the requests the wait sends do not grow with the rollout’s duration', async () => {
    const counts: number[] = []
    for (const image of [images.quick!, images.slow!]) {
      const name = unique('count')
      // One replica each: ready after 1 s against ready after 15 s is the comparison.
      await createDeployment(name, 1)
      await clearRequestLog(cluster())
      const r = await deploy({ 'image-ref': image, deployment: name })
      expect(r.exitCode).toBe(0)
      counts.push((await requestLog(cluster())).length)
    }
    // Ready after 1 s and after 15 s: the same watches, no polling.
    expect(Math.abs(counts[0]! - counts[1]!)).toBeLessThanOrEqual(3)
  })

  dockerTest('SIGTERM during the wait sends the rollback and exits on its own', async () => {
    const name = unique('cancel')
    await createDeployment(name)
    await clearRequestLog(cluster())
    const r = await deploy(
      { 'image-ref': images.unready!, deployment: name, 'ready-grace': '10m' },
      { cancel: { when: new RegExp(`^${name}: \\d+/\\d+ updated`), signal: 'SIGTERM' } },
    )
    expect(r.signal).toBeNull()
    expect(r.exitCode).toBe(1)
    expect(r.stdout).toContain('Received SIGTERM')
    expect(r.stdout).toMatch(new RegExp(`${name}: .*\\(when cancelled\\)`))
    // Our patch and the rollback, each answered 200. The rollback is guarded by
    // resourceVersion; the deployment controller's own writes may cost it a 409 and a retry.
    const sent = patches(await requestLog(cluster()), name)
    expect(sent.filter((q) => q.status === 200)).toHaveLength(2)
    expect(sent.every((q) => q.status === 200 || q.status === 409)).toBe(true)
    await eventually(async () => (await imageOf(name)) === images.base, 30_000, 'the rollback')
  })
})

afterAll(async () => {
  if (!dockerTestbed().unavailable) await deleteCreatedDeployments(testCluster())
})
