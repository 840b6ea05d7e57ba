// Conformance of the simulated API server, judged by the real kubectl: what the API
// server alone can prove (controllers and kubelet are off, so nothing else writes).
// Scenarios that need controllers and the kubelet (rollout status, undo, logs
// --previous, scale to ready pods) belong with those, through testing.ts.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  clearFaults,
  clearRequestLog,
  findKubectl,
  injectFaults,
  kubectl,
  kubectlOk,
  requestLog,
  startTestCluster,
  type Cluster,
  type KubectlOptions,
  watchOpened,
} from './testing.ts'

let cluster: Cluster
let kubectlPath: string

const k = (args: string[], opts: KubectlOptions = {}) =>
  kubectl(cluster, args, { kubectlPath, ...opts })
const ok = (args: string[], opts: KubectlOptions = {}) =>
  kubectlOk(cluster, args, { kubectlPath, ...opts })
const getJson = async (args: string[]) => JSON.parse(await ok([...args, '-o', 'json']))

beforeAll(async () => {
  kubectlPath = await findKubectl()
  cluster = await startTestCluster({ controllers: false, kubelet: false })
}, 60_000)

afterAll(async () => {
  await cluster?.stop()
})

describe('kubectl against the simulated API server', { timeout: 30_000 }, () => {
  test('version and api-resources come from discovery', async () => {
    expect(await ok(['version', '-o', 'json'])).toContain(
      '"gitVersion": "v1.32.0-dock2pod-testbed"',
    )
    const resources = await ok(['api-resources'])
    expect(resources).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m)
    expect(resources).toMatch(/^pods\s+po\s+v1\s+true\s+Pod$/m)
    expect(resources).toMatch(/^namespaces\s+ns\s+v1\s+false\s+Namespace$/m)
  })

  test('create namespace', async () => {
    expect(await ok(['create', 'namespace', 'team'])).toBe('namespace/team created\n')
    const ns = await getJson(['get', 'namespace', 'team'])
    expect(ns.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'team' })
    expect(ns.status.phase).toBe('Active')
    expect(await ok(['get', 'ns'])).toMatch(/^team\s+Active\s+\d+s$/m)
  })

  test('create deployment: defaulted fields come back from get -o json, and replace of the same object is a no-op', async () => {
    expect(
      await ok(['create', 'deployment', 'web', '--image=127.0.0.1:5000/web:1.0', '--replicas=2']),
    ).toBe('deployment.apps/web created\n')
    const d = await getJson(['get', 'deploy', 'web'])
    expect(d.metadata).toMatchObject({
      name: 'web',
      namespace: 'default',
      generation: 1,
      labels: { app: 'web' },
    })
    expect(d.metadata.uid).toMatch(/^[0-9a-f-]{36}$/)
    expect(d.spec).toMatchObject({
      replicas: 2,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
      },
    })
    expect(d.spec.template.spec).toMatchObject({
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      securityContext: {},
    })
    expect(d.spec.template.spec.containers[0]).toEqual({
      name: 'web',
      image: '127.0.0.1:5000/web:1.0',
      imagePullPolicy: 'IfNotPresent',
      resources: {},
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
    })
    const again = await ok(['replace', '-f', '-', '-o', 'json'], { input: JSON.stringify(d) })
    expect(JSON.parse(again).metadata).toMatchObject({
      generation: 1,
      resourceVersion: d.metadata.resourceVersion,
    })
    const table = await ok(['get', 'deploy', 'web'])
    expect(table).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/m)
    expect(table).toMatch(/^web\s+0\/2\s+0\s+0\s+\d+s$/m)
  })

  test('set image sends a strategic merge patch and bumps the generation', async () => {
    await clearRequestLog(cluster)
    expect(await ok(['set', 'image', 'deployment/web', 'web=127.0.0.1:5000/web:1.1'])).toBe(
      'deployment.apps/web image updated\n',
    )
    const d = await getJson(['get', 'deploy', 'web'])
    expect(d.spec.template.spec.containers[0].image).toBe('127.0.0.1:5000/web:1.1')
    expect(d.metadata.generation).toBe(2)
    const patches = (await requestLog(cluster)).filter((r) => r.method === 'PATCH')
    expect(patches).toEqual([
      expect.objectContaining({
        path: '/apis/apps/v1/namespaces/default/deployments/web',
        contentType: 'application/strategic-merge-patch+json',
        status: 200,
      }),
    ])
  })

  test('patch --type strategic merges containers by name', async () => {
    await ok([
      'patch',
      'deploy',
      'web',
      '-p',
      JSON.stringify({
        spec: {
          template: {
            spec: { containers: [{ name: 'web', env: [{ name: 'MODE', value: 'blue' }] }] },
          },
        },
      }),
    ])
    const c = (await getJson(['get', 'deploy', 'web'])).spec.template.spec.containers
    expect(c).toHaveLength(1)
    expect(c[0]).toMatchObject({
      name: 'web',
      image: '127.0.0.1:5000/web:1.1',
      env: [{ name: 'MODE', value: 'blue' }],
    })
  })

  test('patch --type merge replaces lists and merges maps', async () => {
    await ok([
      'patch',
      'deploy',
      'web',
      '--type',
      'merge',
      '-p',
      '{"metadata":{"labels":{"tier":"front"}}}',
    ])
    const d = await getJson(['get', 'deploy', 'web'])
    expect(d.metadata.labels).toEqual({ app: 'web', tier: 'front' })
    expect(d.metadata.generation).toBe(3) // the env patch changed the spec; labels do not
  })

  test('patch --type json applies test and replace, and a failed test changes nothing', async () => {
    const ops = [
      { op: 'test', path: '/spec/replicas', value: 2 },
      { op: 'replace', path: '/spec/replicas', value: 3 },
    ]
    await ok(['patch', 'deploy', 'web', '--type', 'json', '-p', JSON.stringify(ops)])
    expect((await getJson(['get', 'deploy', 'web'])).spec.replicas).toBe(3)
    const failed = await k(['patch', 'deploy', 'web', '--type', 'json', '-p', JSON.stringify(ops)])
    expect(failed.code).not.toBe(0)
    expect(failed.stderr).toContain('testing value /spec/replicas failed')
    expect((await getJson(['get', 'deploy', 'web'])).spec.replicas).toBe(3)
  })

  test('replace with a stale resourceVersion is a 409 Conflict', async () => {
    const stale = await getJson(['get', 'deploy', 'web'])
    await ok(['patch', 'deploy', 'web', '--type', 'merge', '-p', '{"spec":{"replicas":4}}'])
    const r = await k(['replace', '-f', '-'], { input: JSON.stringify(stale) })
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain(
      'Error from server (Conflict): error when replacing "STDIN": Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    )
  })

  test('invalid objects are 422 with Kubernetes wording', async () => {
    const bad = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'bad' },
      spec: {
        template: { metadata: { labels: { app: 'bad' } }, spec: { containers: [{ name: 'c' }] } },
      },
    }
    const r = await k(['create', '-f', '-'], { input: JSON.stringify(bad) })
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain(
      // kubectl rewrites a multi-cause Invalid Status as a list.
      'The Deployment "bad" is invalid: \n* spec.selector: Required value\n* spec.template.spec.containers[0].image: Required value',
    )
    const name = await k(['create', 'deployment', 'Bad_Name', '--image=x:1'])
    expect(name.stderr).toContain(
      'metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain',
    )
  })

  test('--dry-run=server does not persist', async () => {
    const out = await ok([
      'create',
      'deployment',
      'dry',
      '--image=x:1',
      '--dry-run=server',
      '-o',
      'json',
    ])
    expect(JSON.parse(out).spec.revisionHistoryLimit).toBe(10)
    expect(cluster.store.tryGet('apps/deployments', 'default', 'dry')).toBeUndefined()
  })

  test('get pods prints STATUS as kubectl does', async () => {
    const { store } = cluster
    const mk = (name: string, status: Record<string, unknown>, deleting = false) => {
      store.create('/pods', 'default', {
        metadata: { name },
        spec: { containers: [{ name: 'app', image: 'x:1' }], nodeName: 'node-1' },
      })
      store.mutate('/pods', 'default', name, (p) => (p.status = status), { subresource: 'status' })
      if (deleting) store.delete('/pods', 'default', name)
    }
    const waiting = (reason: string, extra: Record<string, unknown> = {}) => ({
      phase: 'Pending',
      containerStatuses: [
        { name: 'app', ready: false, restartCount: 0, state: { waiting: { reason } }, ...extra },
      ],
    })
    mk('pull', waiting('ImagePullBackOff'))
    mk('crash', {
      phase: 'Running',
      containerStatuses: [
        {
          name: 'app',
          ready: false,
          restartCount: 3,
          state: { waiting: { reason: 'CrashLoopBackOff' } },
          lastState: {
            terminated: { exitCode: 1, reason: 'Error', finishedAt: cluster.clock.timestamp() },
          },
        },
      ],
    })
    mk('good', {
      phase: 'Running',
      containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: {} } }],
    })
    mk(
      'leaving',
      {
        phase: 'Running',
        containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: {} } }],
      },
      true,
    )
    const out = await ok(['get', 'pods'])
    expect(out).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/m)
    expect(out).toMatch(/^pull\s+0\/1\s+ImagePullBackOff\s+0\s+\d+s$/m)
    expect(out).toMatch(/^crash\s+0\/1\s+CrashLoopBackOff\s+3 \(\d+s ago\)\s+\d+s$/m)
    expect(out).toMatch(/^good\s+1\/1\s+Running\s+0\s+\d+s$/m)
    expect(out).toMatch(/^leaving\s+1\/1\s+Terminating\s+0\s+\d+s$/m)
    expect(await ok(['get', 'pods', '--field-selector', 'metadata.name=good', '-o', 'name'])).toBe(
      'pod/good\n',
    )
  })

  test('get events, also by involved object', async () => {
    const pod = cluster.store.get('/pods', 'default', 'pull')
    cluster.store.create('/events', 'default', {
      metadata: { name: 'pull.1' },
      involvedObject: {
        kind: 'Pod',
        name: 'pull',
        namespace: 'default',
        uid: pod.metadata.uid,
        apiVersion: 'v1',
      },
      reason: 'Failed',
      message: 'Failed to pull image "x:1": not found',
      type: 'Warning',
      count: 1,
      firstTimestamp: cluster.clock.timestamp(),
      lastTimestamp: cluster.clock.timestamp(),
      source: { component: 'kubelet', host: 'node-1' },
    })
    const out = await ok(['get', 'events'])
    expect(out).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/m)
    expect(out).toMatch(
      /^\d+s\s+Warning\s+Failed\s+pod\/pull\s+Failed to pull image "x:1": not found$/m,
    )
    const sel = await ok([
      'get',
      'events',
      '--field-selector',
      `involvedObject.uid=${pod.metadata.uid}`,
      '-o',
      'name',
    ])
    expect(sel).toBe('event/pull.1\n')
    expect(
      await ok(['get', 'events', '--field-selector', 'involvedObject.name=nobody', '-o', 'name']),
    ).toBe('')
  })

  test('a bad token is 401, the restricted token reads but gets 403 on writes', async () => {
    const r = await k(['get', 'deploy', '--token', 'not-a-token'])
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain('error: You must be logged in to the server')
    expect(await ok(['get', 'deploy', 'web', '-o', 'name'], { restricted: true })).toBe(
      'deployment.apps/web\n',
    )
    const p = await k(['patch', 'deploy', 'web', '-p', '{"spec":{"replicas":1}}'], {
      restricted: true,
    })
    expect(p.stderr).toContain(
      'Error from server (Forbidden): deployments.apps "web" is forbidden: User "system:serviceaccount:default:dock2pod-restricted" cannot patch resource "deployments" in API group "apps" in the namespace "default"',
    )
    const d = await k(['delete', 'pod', 'good'], { restricted: true })
    expect(d.stderr).toContain(
      'cannot delete resource "pods" in API group "" in the namespace "default"',
    )
  })

  test('get -w sees a change made after it started', async () => {
    await clearRequestLog(cluster)
    const child = spawn(
      kubectlPath,
      [
        '--kubeconfig',
        cluster.kubeconfigPath,
        '--cache-dir',
        join(cluster.dir, 'kubectl-cache'),
        'get',
        'deploy',
        '--watch-only',
        '--output-watch-events',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let out = ''
    let err = ''
    const waiters = new Set<() => void>()
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString()
      for (const w of waiters) w()
    })
    child.stderr.on('data', (b: Buffer) => (err += b.toString()))
    const seen = (re: RegExp) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no ${re} in: ${JSON.stringify(out)} ${JSON.stringify(err)}`)),
          10_000,
        )
        const check = () => {
          if (!re.test(out)) return
          clearTimeout(timer)
          waiters.delete(check)
          resolve()
        }
        waiters.add(check)
        check()
      })
    try {
      // kubectl lists, then watches from the list's resourceVersion: change the object
      // once the watch is open.
      await watchOpened(cluster, /\/deployments$/)
      cluster.store.mutate('apps/deployments', 'default', 'web', (d) => (d.spec.replicas = 5))
      await seen(/^MODIFIED\s+web\s+0\/5/m)
    } finally {
      child.kill()
    }
  })

  test('429 with Retry-After is retried by kubectl; a 500 is reported', async () => {
    await clearRequestLog(cluster)
    await injectFaults(cluster, {
      rules: [
        { method: 'GET', path: '/deployments/web$', status: 429, retryAfterSeconds: 0, times: 2 },
      ],
    })
    expect(await ok(['get', 'deploy', 'web', '-o', 'name'])).toBe('deployment.apps/web\n')
    const gets = (await requestLog(cluster))
      .filter((r) => r.path.endsWith('/deployments/web'))
      .map((r) => r.status)
    expect(gets).toEqual([429, 429, 200])
    await injectFaults(cluster, {
      rules: [{ method: 'GET', path: '/deployments/web$', status: 500 }],
    })
    const r = await k(['get', 'deploy', 'web'])
    expect(r.stderr).toContain('Error from server (InternalError)')
    await clearFaults(cluster)
  })

  test('delete removes the object', async () => {
    expect(await ok(['delete', 'deployment', 'web'])).toBe('deployment.apps "web" deleted\n')
    expect(cluster.store.tryGet('apps/deployments', 'default', 'web')).toBeUndefined()
    const r = await k(['get', 'deploy', 'web'])
    expect(r.stderr).toContain('Error from server (NotFound): deployments.apps "web" not found')
  })
})
