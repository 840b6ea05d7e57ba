// `npm run capture:pods`: produce, on a real test bed, each way a Pod of a rollout fails,
// and save the Pod objects and their Events as the kubelet and the control plane wrote
// them to __tests__/fixtures/kube/real-pods.json. The diagnosis unit tests read them, so
// they test dock2pod against what a real cluster reports, not against our own idea of it.
//
// Each case is a one-replica Deployment in the namespace `capture`, made from the test
// workload (testbed/workload.ts), and the Pod is saved as soon as it shows the state the
// case is about. managedFields are dropped; nothing else is changed.
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startTestbed, type Testbed } from '../testbed/index.ts'
import { run } from '../testbed/docker/proc.ts'
import { apiRequest, kubectlOk } from '../testbed/kube/testing.ts'
import { behaviourDockerfileOn, readinessProbe, type Behaviour } from '../testbed/workload.ts'

const OUT = new URL('../__tests__/fixtures/kube/real-pods.json', import.meta.url)
const NS = 'capture'

type Obj = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

interface Case {
  name: string
  /** What the case stages, for the reader of the fixture. */
  stages: string
  container: (img: Images) => Obj
  pod?: Obj
  /** The Pod (and its Events so far) show the state the case is about. */
  done: (pod: Obj, events: Obj[]) => boolean
  /** Saved at once, without the second's wait for late Events: the state is brief. */
  brief?: boolean
}

interface Images {
  good: string
  crash: string
  unready: string
  neverPushed: string
  private: string
}

const status = (pod: Obj, init = false): Obj | undefined =>
  (init ? pod.status?.initContainerStatuses : pod.status?.containerStatuses)?.[0]
const waiting = (pod: Obj, reason: string, init = false) =>
  status(pod, init)?.state?.waiting?.reason === reason
const lastTerminated = (pod: Obj) =>
  status(pod)?.lastState?.terminated ?? status(pod)?.state?.terminated

const CASES: Case[] = [
  {
    name: 'image-not-found',
    stages: 'an image tag that was never pushed to the open registry',
    container: (i) => ({ image: i.neverPushed }),
    done: (p) => waiting(p, 'ImagePullBackOff'),
  },
  {
    name: 'pull-failed-before-status',
    stages:
      'an image tag that was never pushed, pulled after a 6 s init container: the kubelet has sent its Failed pull Event, its status still says PodInitializing or ContainerCreating',
    container: (i) => ({ image: i.neverPushed }),
    pod: { initContainers: [{ name: 'wait', command: ['sleep', '6'] }] },
    brief: true,
    done: (p, events) =>
      ['PodInitializing', 'ContainerCreating'].includes(status(p)?.state?.waiting?.reason) &&
      events.some(
        (e) => e.reason === 'Failed' && String(e.message).startsWith('Failed to pull image'),
      ),
  },
  {
    name: 'image-unauthorized',
    stages: 'an image in the htpasswd registry, no imagePullSecrets',
    container: (i) => ({ image: i.private }),
    // ErrImagePull: the state that carries the registry's 401 in its own message.
    done: (p) => waiting(p, 'ErrImagePull'),
  },
  {
    name: 'crash-loop',
    stages: 'a container that prints two lines and exits 3 one second after it starts',
    container: (i) => ({ image: i.crash }),
    done: (p) => waiting(p, 'CrashLoopBackOff'),
  },
  {
    name: 'oom-killed',
    stages: 'a container under a 16 MiB memory limit whose command holds 64 MiB in memory',
    container: (i) => ({
      image: i.good,
      command: ['sh', '-c', 'echo allocating; head -c 67108864 /dev/zero | tail'],
      resources: { limits: { memory: '16Mi' }, requests: { memory: '16Mi' } },
    }),
    done: (p) => lastTerminated(p)?.reason === 'OOMKilled',
  },
  {
    name: 'readiness-failing',
    stages: 'a container whose GET /ready answers 404 forever (HTTP readiness probe)',
    container: (i) => ({ image: i.unready }),
    done: (p) =>
      status(p)?.state?.running !== undefined &&
      Date.now() - Date.parse(status(p)!.state.running.startedAt) > 8_000,
  },
  {
    name: 'liveness-failing',
    stages: 'a liveness probe on GET /healthz, which answers 404: the kubelet restarts it',
    container: (i) => ({
      image: i.good,
      livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 1 },
    }),
    done: (p) => (status(p)?.restartCount ?? 0) >= 1,
  },
  {
    name: 'startup-failing',
    stages: 'a startup probe on GET /healthz, which answers 404: the kubelet restarts it',
    container: (i) => ({
      image: i.good,
      startupProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 1 },
    }),
    done: (p) => (status(p)?.restartCount ?? 0) >= 1,
  },
  {
    name: 'config-error',
    stages: 'an environment variable from a Secret that does not exist',
    container: (i) => ({
      image: i.good,
      env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'no-such-secret', key: 'k' } } }],
    }),
    done: (p) => waiting(p, 'CreateContainerConfigError'),
  },
  {
    name: 'command-not-found',
    stages: 'a command that does not exist in the image',
    container: (i) => ({ image: i.good, command: ['/no/such/binary'] }),
    done: (p) =>
      ['RunContainerError', 'StartError', 'CrashLoopBackOff'].includes(
        status(p)?.state?.waiting?.reason ?? status(p)?.state?.terminated?.reason,
      ) && (status(p)?.restartCount ?? 0) >= 1,
  },
  {
    name: 'init-failing',
    stages: 'an init container that exits 2',
    container: (i) => ({ image: i.good }),
    pod: { initContainers: [{ name: 'migrate', command: ['sh', '-c', 'echo no db; exit 2'] }] },
    done: (p) => waiting(p, 'CrashLoopBackOff', true),
  },
  {
    name: 'unschedulable',
    stages: 'a nodeSelector that no node matches',
    container: (i) => ({ image: i.good }),
    pod: { nodeSelector: { 'dock2pod.test/none': 'true' } },
    done: (p) =>
      (p.status?.conditions ?? []).some(
        (c: Obj) => c.type === 'PodScheduled' && c.reason === 'Unschedulable',
      ),
  },
]

/** `docker build` + `docker push` with a Docker config of our own (no buildx plugin). */
async function buildPush(tb: Testbed, ref: string, b: Behaviour, config: string) {
  const ctx = mkdtempSync(join(tmpdir(), 'd2p-capture-img-'))
  try {
    writeFileSync(join(ctx, 'Dockerfile'), behaviourDockerfileOn(tb.docker.baseImage, b))
    const env = { ...process.env, ...tb.docker.engine.env, DOCKER_CONFIG: config }
    const r = await run(tb.env.DOCKER_CLI!, ['build', '--tag', ref, ctx], { env })
    if (r.code !== 0) throw new Error(`docker build ${ref}: ${r.stderr}`)
    const p = await run(tb.env.DOCKER_CLI!, ['push', ref], { env })
    if (p.code !== 0) throw new Error(`docker push ${ref}: ${p.stderr}`)
  } finally {
    rmSync(ctx, { recursive: true, force: true })
  }
}

async function images(tb: Testbed): Promise<Images> {
  const reg = tb.env.REGISTRY!
  const regAuth = tb.env.REGISTRY_AUTH!
  const stamp = randomBytes(3).toString('hex')
  const good = `${reg}/capture/good:${stamp}`
  const crash = `${reg}/capture/crash:${stamp}`
  const unready = `${reg}/capture/unready:${stamp}`
  const priv = `${regAuth}/capture/private:${stamp}`
  const config = mkdtempSync(join(tmpdir(), 'd2p-capture-cfg-'))
  try {
    await buildPush(tb, good, {}, config)
    await buildPush(
      tb,
      crash,
      {
        log: ['connecting to postgres://db:5432', 'fatal: DATABASE_URL is not set'],
        exitAfter: 1,
        exitCode: 3,
        readyAfter: 'never',
      },
      config,
    )
    await buildPush(tb, unready, { readyAfter: 'never' }, config)
    const login = await run(
      tb.env.DOCKER_CLI!,
      ['login', regAuth, '-u', tb.env.REGISTRY_USER!, '--password-stdin'],
      {
        env: { ...process.env, ...tb.docker.engine.env, DOCKER_CONFIG: config },
        input: tb.env.REGISTRY_PASSWORD!,
      },
    )
    if (login.code !== 0) throw new Error(`docker login ${regAuth}: ${login.stderr}`)
    await buildPush(tb, priv, {}, config)
  } finally {
    rmSync(config, { recursive: true, force: true })
  }
  return { good, crash, unready, neverPushed: `${reg}/capture/never-pushed:v1`, private: priv }
}

function deployment(c: Case, img: Images): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: c.name, namespace: NS },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: c.name } },
      template: {
        metadata: { labels: { app: c.name } },
        spec: {
          terminationGracePeriodSeconds: 1,
          ...c.pod,
          ...(c.pod?.initContainers
            ? {
                initContainers: c.pod.initContainers.map((ic: Obj) => ({
                  image: img.good,
                  ...ic,
                })),
              }
            : {}),
          containers: [
            {
              name: 'web',
              imagePullPolicy: 'Always',
              readinessProbe,
              ...c.container(img),
            },
          ],
        },
      },
    },
  }
}

const strip = (o: Obj): Obj => {
  const copy = structuredClone(o)
  delete copy.metadata?.managedFields
  return copy
}

async function capture(tb: Testbed, c: Case, img: Images): Promise<{ pod: Obj; events: Obj[] }> {
  const api = (method: string, path: string, body?: unknown) =>
    apiRequest(tb.cluster, method, path, body)
  const r = await api('POST', `/apis/apps/v1/namespaces/${NS}/deployments`, deployment(c, img))
  if (r.status !== 201) throw new Error(`create ${c.name}: ${r.status} ${r.body}`)
  const deadline = Date.now() + 180_000
  while (Date.now() < deadline) {
    const list = JSON.parse(
      (
        await api(
          'GET',
          `/api/v1/namespaces/${NS}/pods?labelSelector=${encodeURIComponent(`app=${c.name}`)}`,
        )
      ).body,
    ) as { items: Obj[] }
    const pod = list.items[0]
    const eventsOf = async (name: string): Promise<Obj[]> =>
      (
        JSON.parse(
          (
            await api(
              'GET',
              `/api/v1/namespaces/${NS}/events?fieldSelector=${encodeURIComponent(`involvedObject.name=${name}`)}`,
            )
          ).body,
        ) as { items: Obj[] }
      ).items
    const seen = pod ? await eventsOf(pod.metadata.name) : []
    if (pod && c.done(pod, seen)) {
      let saved = { pod, events: seen }
      if (!c.brief) {
        // The Events the kubelet and scheduler wrote so far.
        await new Promise((res) => setTimeout(res, 1000))
        const fresh = JSON.parse(
          (await api('GET', `/api/v1/namespaces/${NS}/pods/${pod.metadata.name}`)).body,
        ) as Obj
        saved = { pod: fresh, events: await eventsOf(pod.metadata.name) }
      }
      await api('DELETE', `/apis/apps/v1/namespaces/${NS}/deployments/${c.name}`)
      return { pod: strip(saved.pod), events: saved.events.map(strip) }
    }
    await new Promise((res) => setTimeout(res, 500))
  }
  throw new Error(`${c.name}: the Pod did not reach its state in 180 s`)
}

const only = process.argv.slice(2)
const tb = await startTestbed()
try {
  await kubectlOk(tb.cluster, ['create', 'namespace', NS])
  const img = await images(tb)
  const version = (await kubectlOk(tb.cluster, ['version', '-o', 'json'])).trim()
  // Only the cases named on the command line are captured again; the others are kept.
  const out: Obj = only.length && existsSync(OUT) ? JSON.parse(readFileSync(OUT, 'utf8')) : {}
  out._about = {
    what: 'Pods and their Events from a real test bed, one per failure, saved when the Pod showed it',
    command: 'npm run capture:pods [-- case ...]',
    kubernetes: (JSON.parse(version) as Obj).serverVersion?.gitVersion,
  }
  for (const c of CASES) {
    if (only.length && !only.includes(c.name)) continue
    console.error(`capture: ${c.name} (${c.stages})`)
    const captured = await capture(tb, c, img)
    out[c.name] = { stages: c.stages, capturedAt: new Date().toISOString(), ...captured }
  }
  writeFileSync(OUT, JSON.stringify(out, null, 1) + '\n')
  console.error(`capture: wrote ${OUT.pathname}`)
} finally {
  await tb.stop()
}
