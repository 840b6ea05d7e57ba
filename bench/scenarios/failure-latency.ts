// Failure detection and rollback on the real cluster, for each failure reason of the
// catalogue (issue 14; staged as __tests__/e2e/catalogue.test.ts stages them). Each run:
// a fresh namespace, the bench's observer watching it (observer.ts), a healthy
// one-replica Deployment with `progressDeadlineSeconds: PROGRESS_DEADLINE_S` (and what
// the reason needs in its template: a probe, a memory limit, a Secret, an init
// container or native sidecar, a nodeSelector, a CPU request, a pull secret), the
// reason's staging (a Secret deleted, a ConfigMap flipped, a node label removed, a
// ResourceQuota, a LimitRange, PodSecurity enforced), then dock2pod deploys the image
// that fails (or, for another writer, `kubectl set image` once dock2pod has patched).
// Two runs per reason and sample (`--kinds` chooses the reasons):
//   judged:   dock2pod with `rollback: false` and `kubectl rollout status` (the pinned
//             kubectl) on the same Deployment from the moment the patch is in; kubectl
//             gives up when the controller marks ProgressDeadlineExceeded, or says the
//             rollout succeeded (soak; a sidecar Ready for a moment), which the sample
//             keeps; not run where it has no equivalent (another writer).
//   rollback: dock2pod as shipped (`rollback: true`), alone; none where dock2pod does
//             not roll back by design (another writer).
// The failure's moment is the first record proving it (journal.ts firstFailure,
// firstReplicaSetFailure, findOtherWriter): a Pod status, a Pod condition, a ReplicaSet
// condition, a Deployment change or the kubelet's, scheduler's or controller's Event,
// timed by the cluster's sub-second eventTime where it carries one, else by the
// observer's arrival; every sample keeps which (`failureSource`). Runs of different
// reasons overlap, CONCURRENCY at a time, each in its own namespace: the node is one
// 2-core machine, which the rows say. Runs of a reason sized from what the node has left
// (CPU requests) take turns.
import { loadavg } from 'node:os'
import {
  clearRequestLog,
  kubectlOk,
  nodeFreeCpuMillis,
  requestLog,
} from '../../testbed/kube/testing.ts'
import type { Testbed } from '../../testbed/index.ts'
import {
  failureRows,
  failureTasks,
  KIND_TEXT,
  KINDS,
  type FailedRun,
  type FailureSample,
  type Kind,
  type Variant,
} from '../failure-rows.ts'
import {
  createDeployment,
  createNamespace,
  deleteNamespace,
  generationOf,
  waitNamespaceGone,
  kubectlRolloutStatus,
  lineAt,
  runDock2pod,
  type PodSpec,
} from '../harness.ts'
import {
  benchImages,
  buildDockerfile,
  buildImage,
  loginAuthRegistry,
  type BenchImages,
} from '../images.ts'
import {
  findDeadlineExceeded,
  findPatch,
  findStatusComplete,
  firstFailure,
  findOtherWriter,
  firstReplicaSetFailure,
  type Failure,
  type ObservedEvent,
} from '../journal.ts'
import { startObserver } from '../observer.ts'
import type { Scenario, ScenarioContext } from '../scenario.ts'
import { OBSERVER_MARK } from '../observer.ts'
import {
  behaviourDockerfileOn,
  CRASH_AFTER_READY,
  execReadinessProbe,
  missingCommandDockerfileOn,
  modeCheckCommand,
  oomDockerfileOn,
  pullLaterInit,
  READY_PORT,
} from '../../testbed/workload.ts'
import { deleteManifest, manifestDigest } from '../../testbed/docker/registry-api.ts'
import { startFaultProxy } from '../../testbed/docker/fault-proxy.ts'

/** The scenario's Deployments give up after this (Kubernetes' default is 600). */
export const PROGRESS_DEADLINE_S = 15
/** Runs at once, each in its own namespace. */
export const CONCURRENCY = 4

/** Set up before dock2pod's run: the image it deploys and what the template needs. */
interface Staged {
  image: string
  podSpec?: (spec: PodSpec) => void
  /** After the healthy Deployment rolled out, before dock2pod runs. */
  after?: () => Promise<void>
  /** Once the observer has seen dock2pod's patch (another writer's change). */
  afterPatch?: () => Promise<void>
  /** Inputs known only once staged (credentials): not written to results.json. */
  inputs?: Record<string, string>
  /** Whatever the namespace's deletion does not undo (a node label). */
  cleanup?: () => Promise<void>
}

interface KindSpec {
  stage: (ns: string) => Promise<Staged>
  /** The failure's first record, after dock2pod's patch (its image and generation). */
  find: (events: readonly ObservedEvent[], patch: Patch) => Failure | undefined
  /** Inputs beside image-ref, deployment, namespace, rollback. */
  inputs?: Record<string, string>
  /** The first Pod status saying so, when an Event may prove the failure long before it. */
  podStatus?: (events: readonly ObservedEvent[], patch: Patch) => Failure | undefined
}

type Patch = { image: string; generation: number }

const PROBE = { httpGet: { path: '/ready', port: READY_PORT }, periodSeconds: 1, timeoutSeconds: 5 }

export const failureLatency: Scenario = async (ctx) => {
  const n = ctx.n(10, 1)
  const tb = await ctx.testbed()
  const cluster = tb.cluster
  const images = await benchImages(ctx)
  const extra = await catalogueImages(ctx, tb)
  const kinds = kindSpecs(tb, images, extra)
  const samples: FailureSample[] = []
  const failedRuns: FailedRun[] = []
  const t0 = performance.now()
  // The request log is cleared once: the runs overlap, so each reads its own namespace's.
  await clearRequestLog(cluster)

  const chosen = ctx.opts.kinds ?? KINDS
  const tasks = failureTasks(chosen, n)
  // Reasons whose runs must not overlap one another (KIND_TEXT oneAtATime) take turns.
  const turns = new Map<Kind, Promise<unknown>>()
  const inTurn = <T>(kind: Kind, run: () => Promise<T>): Promise<T> => {
    if (!KIND_TEXT[kind].oneAtATime) return run()
    const p = (turns.get(kind) ?? Promise.resolve()).then(run)
    turns.set(
      kind,
      p.catch(() => {}),
    )
    return p
  }
  let next = 0
  const worker = async () => {
    while (next < tasks.length) {
      const { kind, variant, ns } = tasks[next++]!
      try {
        samples.push(await inTurn(kind, () => oneRun(kind, variant, ns)))
      } catch (err) {
        // A run the node spoiled (or a tool that failed) is kept as such, not averaged in.
        const error = err instanceof Error ? err.message : String(err)
        failedRuns.push({ namespace: ns, kind, error: error.slice(0, 2000) })
        ctx.log(`${ns}: run failed: ${error.slice(0, 300)}`)
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))

  async function oneRun(kind: Kind, variant: Variant, ns: string): Promise<FailureSample> {
    const spec = kinds[kind]
    const startedAtS = (performance.now() - t0) / 1000
    const loadAvg1 = loadavg()[0]!
    await createNamespace(cluster, ns)
    const observer = await startObserver(cluster, ns)
    let staged: Staged | undefined
    try {
      staged = await spec.stage(ns)
      await createDeployment(cluster, {
        namespace: ns,
        name: 'app',
        image: images.good,
        replicas: 1,
        progressDeadlineSeconds: KIND_TEXT[kind].progressDeadline?.seconds ?? PROGRESS_DEADLINE_S,
        ...(staged.podSpec ? { podSpec: staged.podSpec } : {}),
      })
      await staged.after?.()
      const g0 = await generationOf(cluster, ns, 'app')
      const d2p = runDock2pod({
        entry: ctx.entry,
        inputs: {
          'image-ref': staged.image,
          deployment: 'app',
          namespace: ns,
          rollback: variant === 'rollback' ? 'true' : 'false',
          ...spec.inputs,
          ...staged.inputs,
        },
        env: { KUBECONFIG: cluster.kubeconfigPath },
      })
      const runKubectl = variant === 'judged' && KIND_TEXT[kind].kubectl !== 'none'
      // Only when something waits on it: an unawaited wait would reject unhandled.
      const patched =
        runKubectl || staged.afterPatch
          ? observer.until((ev) => findPatch(ev, 'app', g0) !== undefined, 'patch')
          : undefined
      const afterPatch = staged.afterPatch ? patched!.then(staged.afterPatch) : undefined
      const kubectl = runKubectl
        ? patched!.then(() => kubectlRolloutStatus(cluster, ns))
        : undefined
      const [d, k] = await Promise.all([d2p, kubectl, afterPatch])
      // Let the last status (rollback complete, deadline) arrive.
      await new Promise((r) => setTimeout(r, 1500))
      const events = observer.events()
      const patch = findPatch(events, 'app', g0)
      if (!patch) throw new Error(`${ns}: dock2pod did not patch the Deployment:\n${d.run.stdout}`)
      const failure = spec.find(events, patch)
      if (!failure)
        throw new Error(
          `${ns}: the observer saw no failure of ${patch.image}; dock2pod said: ${d.lines.find((l) => l.text.startsWith('::error'))?.text.slice(0, 600) ?? d.run.stdout.slice(-1500)}`,
        )
      const errorAt = lineAt(d, /^::error/)
      const deadline = findDeadlineExceeded(events, 'app')
      const podWatch = (await requestLog(cluster)).find(
        (r) =>
          r.path.endsWith(`/namespaces/${ns}/${KIND_TEXT[kind].watch ?? 'pods'}`) &&
          /(^|&)watch=(true|1)/.test(r.query) &&
          !r.query.includes(OBSERVER_MARK),
      )
      const sample: FailureSample = {
        kind,
        variant,
        namespace: ns,
        reason: failure.reason,
        failureSource: failure.source,
        dock2podReason: d.run.outputs['failure-reason'] ?? '',
        patchToFailureMs: failure.at - patch.at,
        dock2podMs: errorAt - failure.at,
        dock2podExitMs: d.startedAt + d.run.durationMs - failure.at,
        watchingBefore: podWatch !== undefined && Date.parse(podWatch.time) < failure.at,
        dock2podError: d.lines.find((l) => l.text.startsWith('::error'))!.text.slice(0, 400),
        deadlineFirst: errorAt < failure.at || (deadline !== undefined && deadline.at < failure.at),
        startedAtS,
        endedAtS: 0,
        loadAvg1,
      }
      const status = spec.podStatus?.(events, patch)
      if (status) sample.podStatusAfterMs = status.at - failure.at
      // It said the rollout succeeded (soak: before the crash; a sidecar: while it ran).
      if (k?.code === 0) sample.kubectlPassedBeforeMs = failure.at - k.exitAt
      else if (k) {
        if (!/exceeded its progress deadline/.test(k.stderr))
          throw new Error(
            `${ns}: kubectl rollout status ended otherwise (exit ${k.code}): ${k.stderr}`,
          )
        sample.kubectlMs = k.exitAt - failure.at
        if (deadline) sample.kubectlAfterDeadlineMs = k.exitAt - deadline.at
      }
      if (variant === 'rollback') {
        if (d.run.exitCode === 0) throw new Error(`${ns}: dock2pod passed a broken image`)
        const back = findStatusComplete(events, 'app', patch.generation + 1, 1, images.good)
        if (!back)
          throw new Error(`${ns}: the observer never saw the Deployment back on ${images.good}`)
        sample.rollbackHealthyMs = back.at - failure.at
      }
      sample.endedAtS = (performance.now() - t0) / 1000
      ctx.log(
        `${ns}: ${failure.reason} ${sample.patchToFailureMs.toFixed(0)} ms after the patch (${failure.source}); dock2pod (${sample.dock2podReason}) +${sample.dock2podMs.toFixed(0)} ms` +
          (sample.kubectlMs !== undefined ? `, kubectl +${sample.kubectlMs.toFixed(0)} ms` : '') +
          (sample.kubectlPassedBeforeMs !== undefined
            ? `, kubectl exited 0 ${Math.abs(sample.kubectlPassedBeforeMs).toFixed(0)} ms ${sample.kubectlPassedBeforeMs >= 0 ? 'before' : 'after'} the failure`
            : '') +
          (sample.rollbackHealthyMs !== undefined
            ? `, healthy again +${sample.rollbackHealthyMs.toFixed(0)} ms`
            : ''),
      )
      return sample
    } finally {
      observer.stop()
      await staged?.cleanup?.().catch((e: unknown) => ctx.log(`${ns}: cleanup: ${String(e)}`))
      // Its Pods would keep pulling or restarting beside the next run.
      await deleteNamespace(cluster, ns)
      // The next run of a reason that takes turns sizes itself from what is left.
      if (KIND_TEXT[kind].oneAtATime) await waitNamespaceGone(cluster, ns)
    }
  }

  const wallS = (performance.now() - t0) / 1000
  const rows = failureRows(samples, failedRuns, {
    progressDeadlineSeconds: PROGRESS_DEADLINE_S,
    concurrency: CONCURRENCY,
    kinds: chosen,
  })
  return {
    rows,
    details: {
      n,
      progressDeadlineSeconds: PROGRESS_DEADLINE_S,
      concurrency: CONCURRENCY,
      wallSeconds: wallS,
      kinds: Object.fromEntries(
        chosen.map((k) => [k, { ...KIND_TEXT[k], inputs: kinds[k].inputs ?? {} }]),
      ),
      samples,
      failedRuns,
    },
  }
}

interface CatalogueImages {
  /** Never Ready: GET /ready answers 404 for ever. */
  unready: string
  /** The shell (PID 1) holds 64 MiB: OOMKilled under a 16 MiB limit. */
  oom: string
  /** CMD is a binary the image does not have. */
  noCommand: string
  /** Healthy, another image than `good` (the reasons that fail whatever the image). */
  next: string
  /** Ready at once, exits 2 eight seconds later (CRASH_AFTER_READY). Built on first use. */
  lateCrash: () => Promise<string>
  /** A healthy image in the htpasswd registry (pushed after a login). Built on first use. */
  private: () => Promise<string>
}

/** `make` run once, on the first call. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined
  return () => (p ??= make())
}

function catalogueImages(ctx: ScenarioContext, tb: Testbed): Promise<CatalogueImages> {
  return ctx.memo('catalogue-images', async () => {
    const base = tb.docker.baseImage
    return {
      unready: await buildImage(tb, 'bench/unready', { readyAfter: 'never' }),
      oom: await buildDockerfile(tb, 'bench/oom', oomDockerfileOn(base)),
      noCommand: await buildDockerfile(tb, 'bench/no-command', missingCommandDockerfileOn(base)),
      next: await buildImage(tb, 'bench/next', { log: ['next version'] }),
      lateCrash: once(() => buildImage(tb, 'bench/late-crash', CRASH_AFTER_READY)),
      private: once(async () => {
        await loginAuthRegistry(tb)
        return buildDockerfile(
          tb,
          'bench/private',
          behaviourDockerfileOn(base, { log: ['private'] }),
          undefined,
          tb.docker.registryAuth.host,
        )
      }),
    }
  })
}

function kindSpecs(
  tb: Testbed,
  images: BenchImages,
  extra: CatalogueImages,
): Record<Kind, KindSpec> {
  const cluster = tb.cluster
  const k = (ns: string, args: string[], input?: string) =>
    kubectlOk(cluster, ['-n', ns, ...args], input !== undefined ? { input } : {})
  let nodeName: Promise<string> | undefined
  const node = () =>
    (nodeName ??= kubectlOk(cluster, [
      'get',
      'nodes',
      '-o',
      'jsonpath={.items[0].metadata.name}',
    ]).then((s) => s.trim()))
  const probe = (field: string, failureThreshold: number) => (spec: PodSpec) => {
    spec.containers[0]![field] = { ...PROBE, failureThreshold }
  }
  const unhealthy =
    (probe: string) =>
    (ev: readonly ObservedEvent[], { image }: Patch) =>
      firstFailure(ev, image, {
        eventReasons: ['Unhealthy'],
        eventMessage: new RegExp(`^${probe} probe failed`),
      })
  /**
   * An init container (or native sidecar) `container` reading MODE from a ConfigMap that
   * says `ok` while the healthy Pod starts, then `broken`: the new Pod's copy fails.
   */
  const modeFlip = async (ns: string, container: Record<string, unknown>): Promise<Staged> => {
    await k(ns, ['create', 'configmap', 'app-mode', '--from-literal=MODE=ok'])
    return {
      image: extra.next,
      podSpec: (spec) => {
        spec.initContainers = [
          {
            ...container,
            image: images.good,
            env: [
              { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'app-mode', key: 'MODE' } } },
            ],
          },
        ]
      },
      after: async () => {
        await k(ns, ['delete', 'configmap', 'app-mode'])
        await k(ns, ['create', 'configmap', 'app-mode', '--from-literal=MODE=broken'])
      },
    }
  }
  const initFailed = (ev: readonly ObservedEvent[], { image }: Patch) =>
    firstFailure(ev, image, {
      initContainers: true,
      waiting: ['CrashLoopBackOff'],
      exited: true,
      eventReasons: ['BackOff'],
    })
  const crashed = (ev: readonly ObservedEvent[], { image }: Patch) =>
    firstFailure(ev, image, {
      waiting: ['CrashLoopBackOff'],
      exited: true,
      eventReasons: ['BackOff'],
    })
  const pullFailed = (ev: readonly ObservedEvent[], { image }: Patch) =>
    firstFailure(ev, image, {
      waiting: ['ErrImagePull', 'ImagePullBackOff'],
      eventReasons: ['Failed'],
    })
  /**
   * An image of its own for run `ns` (its log line names the namespace, so one run's
   * registry fault never touches another's), pushed to the open registry, and its digest;
   * the template's init container sleeps so the node pulls it only after `afterPatch`.
   */
  const pullLater = async (ns: string, repo: string) => {
    const ref = await buildImage(tb, repo, { log: [ns] }, ns)
    const digest = await manifestDigest(tb.docker.registry.host, repo, ns)
    const podSpec = (spec: PodSpec) => {
      spec.initContainers = [pullLaterInit(images.good)]
    }
    return { ref, digest, podSpec }
  }
  /** The first Pod status saying ErrImagePull/ImagePullBackOff (no Event). */
  const pullStatus = (ev: readonly ObservedEvent[], { image }: Patch) =>
    firstFailure(ev, image, { waiting: ['ErrImagePull', 'ImagePullBackOff'] })
  /**
   * The htpasswd registry's image, pulled with the Pod's `secret` (none: no
   * imagePullSecrets). The runner has the right credentials, so it resolves the digest.
   */
  const privatePull = async (secret?: string): Promise<Staged> => {
    const { user, password } = tb.docker.registryAuth
    return {
      image: await extra.private(),
      podSpec: (spec) => {
        if (secret) spec.imagePullSecrets = [{ name: secret }]
        // Ask the registry on every start: the node may hold a copy another Pod pulled.
        spec.containers[0]!.imagePullPolicy = 'Always'
      },
      inputs: { username: user!, password: password! },
    }
  }
  const unschedulable = (ev: readonly ObservedEvent[], { image }: Patch) =>
    firstFailure(ev, image, { unschedulable: true, eventReasons: ['FailedScheduling'] })
  return {
    pull: {
      stage: async () => ({ image: await images.unpullable() }),
      find: pullFailed,
    },
    crash: {
      stage: async () => ({ image: images.crash }),
      find: crashed,
    },
    readiness: {
      stage: async () => ({ image: extra.unready }),
      find: unhealthy('Readiness'),
      inputs: { 'ready-grace': '0s' },
    },
    'readiness-exec': {
      stage: async () => ({
        image: extra.unready,
        podSpec: (spec) => {
          spec.containers[0]!.readinessProbe = execReadinessProbe
        },
      }),
      find: unhealthy('Readiness'),
      inputs: { 'ready-grace': '0s' },
    },
    oom: {
      stage: async () => ({
        image: extra.oom,
        podSpec: (spec) => {
          spec.containers[0]!.resources = {
            requests: { memory: '16Mi' },
            limits: { memory: '16Mi' },
          }
        },
      }),
      find: (ev, { image }) => firstFailure(ev, image, { terminatedReasons: ['OOMKilled'] }),
    },
    config: {
      stage: async (ns) => {
        await k(ns, ['create', 'secret', 'generic', 'app-env', '--from-literal=token=t'])
        return {
          image: extra.next,
          podSpec: (spec) => {
            spec.containers[0]!.env = [
              { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'app-env', key: 'token' } } },
            ]
          },
          // The running Pod read it at its start; a new Pod cannot.
          after: async () => void (await k(ns, ['delete', 'secret', 'app-env'])),
        }
      },
      find: (ev, { image }) =>
        firstFailure(ev, image, {
          waiting: ['CreateContainerConfigError'],
          eventReasons: ['Failed'],
        }),
    },
    'no-command': {
      stage: async () => ({ image: extra.noCommand }),
      find: (ev, { image }) =>
        firstFailure(ev, image, {
          terminatedReasons: ['StartError'],
          waiting: ['RunContainerError'],
          eventReasons: ['Failed'],
        }),
    },
    init: {
      stage: (ns) =>
        modeFlip(ns, {
          name: 'migrate',
          command: modeCheckCommand({ says: 'migrating', exitCode: 5 }),
        }),
      find: initFailed,
    },
    sidecar: {
      stage: (ns) =>
        modeFlip(ns, {
          name: 'proxy',
          restartPolicy: 'Always',
          command: modeCheckCommand({ says: 'proxy', exitCode: 4, stayUp: true }),
        }),
      find: initFailed,
    },
    liveness: {
      stage: async () => ({ image: extra.unready, podSpec: probe('livenessProbe', 2) }),
      find: unhealthy('Liveness'),
    },
    startup: {
      stage: async () => ({ image: extra.unready, podSpec: probe('startupProbe', 3) }),
      find: unhealthy('Startup'),
    },
    unschedulable: {
      stage: async (ns) => {
        const label = `bench.dock2pod/${ns}`
        const name = await node()
        await kubectlOk(cluster, ['label', 'node', name, `${label}=yes`])
        const unlabel = async () =>
          void (await kubectlOk(cluster, ['label', 'node', name, `${label}-`]))
        return {
          image: extra.next,
          podSpec: (spec) => {
            spec.nodeSelector = { [label]: 'yes' }
          },
          // The running Pod stays where it is; a new one has nowhere to go.
          after: unlabel,
          cleanup: async () => {
            const r = await kubectlOk(cluster, ['get', 'node', name, '-o', 'json'])
            const labels = (JSON.parse(r) as { metadata: { labels?: Record<string, string> } })
              .metadata.labels
            if (labels && label in labels) await unlabel()
          },
        }
      },
      find: unschedulable,
    },
    quota: {
      stage: async (ns) => ({
        image: extra.next,
        after: async () => {
          await k(ns, ['create', 'quota', 'pods', '--hard=pods=1'])
          // Enforced once the quota controller has filled its status.
          const deadline = Date.now() + 30_000
          while (
            (await k(ns, ['get', 'quota', 'pods', '-o', 'jsonpath={.status.hard.pods}'])).trim() !==
            '1'
          ) {
            if (Date.now() > deadline) throw new Error(`${ns}: the quota's status stayed empty`)
            await new Promise((r) => setTimeout(r, 100))
          }
        },
      }),
      find: (ev, { image }) => firstReplicaSetFailure(ev, image),
    },
    limitrange: {
      stage: async (ns) => ({
        image: extra.next,
        podSpec: (spec) => {
          spec.containers[0]!.resources = {
            requests: { memory: '16Mi' },
            limits: { memory: '128Mi' },
          }
        },
        // Once the healthy Pod runs: the new Pod's limit is over the maximum.
        after: async () =>
          void (await k(
            ns,
            ['apply', '-f', '-'],
            JSON.stringify({
              apiVersion: 'v1',
              kind: 'LimitRange',
              metadata: { name: 'memory' },
              spec: { limits: [{ type: 'Container', max: { memory: '64Mi' } }] },
            }),
          )),
      }),
      find: (ev, { image }) =>
        firstReplicaSetFailure(ev, image, /maximum memory usage per Container is 64Mi/),
    },
    podsecurity: {
      stage: async (ns) => ({
        image: extra.next,
        // Enforced from now on: the running Pod stays, a new one is refused at admission.
        after: async () =>
          void (await kubectlOk(cluster, [
            'label',
            'namespace',
            ns,
            'pod-security.kubernetes.io/enforce=restricted',
          ])),
      }),
      find: (ev, { image }) => firstReplicaSetFailure(ev, image, /violates PodSecurity/),
    },
    'unschedulable-cpu': {
      stage: async () => {
        // Sized at this run's start (runs of this reason take turns): the running Pod
        // fits, a second one (the surge) does not.
        const free = await nodeFreeCpuMillis(cluster)
        if (free < 100) throw new Error(`the node has ${free}m CPU left for requests`)
        const request = `${Math.floor(free * 0.7)}m`
        return {
          image: extra.next,
          podSpec: (spec) => {
            spec.containers[0]!.resources = { requests: { cpu: request } }
          },
        }
      },
      find: unschedulable,
    },
    'pull-auth': {
      stage: async (ns) => {
        const { host, user } = tb.docker.registryAuth
        await k(ns, [
          'create',
          'secret',
          'docker-registry',
          'pull',
          `--docker-server=${host}`,
          `--docker-username=${user}`,
          '--docker-password=not-the-password',
        ])
        return privatePull('pull')
      },
      find: pullFailed,
    },
    'pull-no-secret': {
      stage: () => privatePull(),
      find: pullFailed,
    },
    soak: {
      stage: async () => ({ image: await extra.lateCrash() }),
      find: crashed,
      inputs: { soak: '20s' },
    },
    'other-writer': {
      stage: async (ns) => ({
        image: extra.unready,
        afterPatch: async () =>
          void (await k(ns, [
            'set',
            'image',
            'deployment/app',
            `app=${extra.next}`,
            '--field-manager=ops-team',
          ])),
      }),
      find: (ev, { generation }) => findOtherWriter(ev, 'app', generation, 'ops-team'),
      inputs: { 'ready-grace': '5m' },
    },
    'manifest-gone': {
      stage: async (ns) => {
        const repo = 'bench/manifest-gone'
        const { ref, digest, podSpec } = await pullLater(ns, repo)
        return {
          image: ref,
          podSpec,
          // dock2pod resolved the tag to this digest before its patch; the node's pull finds nothing.
          afterPatch: () => deleteManifest(tb.docker.registry.host, repo, digest),
        }
      },
      find: pullFailed,
      podStatus: pullStatus,
    },
    'registry-down': {
      stage: async (ns) => {
        const proxy = await startFaultProxy(tb.docker.registry.host)
        try {
          const repo = 'bench/registry-down'
          const { podSpec } = await pullLater(ns, repo)
          return {
            // dock2pod resolves the digest through the proxy, the node's pull finds it down.
            image: `${proxy.host}/${repo}:${ns}`,
            podSpec,
            afterPatch: () => proxy.setDown('refuse'),
            cleanup: () => proxy.stop(),
          }
        } catch (err) {
          await proxy.stop()
          throw err
        }
      },
      find: pullFailed,
      podStatus: pullStatus,
    },
  }
}
