// Failure detection and rollback on the real cluster, for each failure reason of the
// catalogue (issue 14; staged as __tests__/e2e/catalogue.test.ts stages them). Each run:
// a fresh namespace, the bench's observer watching it (observer.ts), a healthy
// one-replica Deployment with `progressDeadlineSeconds: PROGRESS_DEADLINE_S` (and what
// the reason needs in its template: a probe, a memory limit, a Secret, an init
// container, a nodeSelector), the reason's staging (a Secret deleted, a ConfigMap
// flipped, a node label removed, a ResourceQuota), then dock2pod deploys the image that
// fails. Two runs per reason and sample:
//   judged:   dock2pod with `rollback: false` and `kubectl rollout status` (the pinned
//             kubectl) on the same Deployment from the moment the patch is in; kubectl
//             gives up when the controller marks ProgressDeadlineExceeded.
//   rollback: dock2pod as shipped (`rollback: true`), alone.
// The failure's moment is the first record proving it (journal.ts firstFailure and
// firstReplicaSetFailure): a Pod status, a Pod condition, a ReplicaSet condition or the
// kubelet's, scheduler's or controller's Event, timed by the cluster's sub-second
// eventTime where it carries one, else by the observer's arrival; every sample keeps
// which (`failureSource`). Runs of different reasons overlap, CONCURRENCY at a time,
// each in its own namespace: the node is one 2-core machine, which the rows say.
import { loadavg } from 'node:os'
import { clearRequestLog, kubectlOk, requestLog } from '../../testbed/kube/testing.ts'
import type { Testbed } from '../../testbed/index.ts'
import {
  failureRows,
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
  kubectlTimed,
  lineAt,
  runDock2pod,
  type PodSpec,
} from '../harness.ts'
import { benchImages, buildDockerfile, buildImage, type BenchImages } from '../images.ts'
import {
  findDeadlineExceeded,
  findPatch,
  findStatusComplete,
  firstFailure,
  firstReplicaSetFailure,
  type Failure,
  type ObservedEvent,
} from '../journal.ts'
import { startObserver } from '../observer.ts'
import type { Scenario, ScenarioContext } from '../scenario.ts'
import { OBSERVER_MARK } from '../observer.ts'
import { missingCommandDockerfileOn, oomDockerfileOn, READY_PORT } from '../../testbed/workload.ts'

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
  /** Whatever the namespace's deletion does not undo (a node label). */
  cleanup?: () => Promise<void>
}

interface KindSpec {
  stage: (ns: string) => Promise<Staged>
  find: (events: readonly ObservedEvent[], image: string) => Failure | undefined
  /** Inputs beside image-ref, deployment, namespace, rollback. */
  inputs?: Record<string, string>
}

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

  const tasks: { kind: Kind; variant: Variant; ns: string }[] = []
  for (let i = 0; i < n; i++)
    for (const kind of KINDS)
      for (const variant of ['judged', 'rollback'] as const)
        tasks.push({ kind, variant, ns: `fail-${kind}-${variant}-${i}` })
  let next = 0
  const worker = async () => {
    while (next < tasks.length) {
      const { kind, variant, ns } = tasks[next++]!
      try {
        samples.push(await oneRun(kind, variant, ns))
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
        progressDeadlineSeconds: PROGRESS_DEADLINE_S,
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
        },
        env: { KUBECONFIG: cluster.kubeconfigPath },
      })
      const kubectl =
        variant === 'judged'
          ? observer
              .until((ev) => findPatch(ev, 'app', g0) !== undefined, 'patch')
              .then(() =>
                kubectlTimed(cluster, [
                  '-n',
                  ns,
                  'rollout',
                  'status',
                  'deployment/app',
                  '--timeout=5m',
                ]),
              )
          : undefined
      const [d, k] = await Promise.all([d2p, kubectl])
      // Let the last status (rollback complete, deadline) arrive.
      await new Promise((r) => setTimeout(r, 1500))
      const events = observer.events()
      const patch = findPatch(events, 'app', g0)
      if (!patch) throw new Error(`${ns}: dock2pod did not patch the Deployment:\n${d.run.stdout}`)
      const failure = spec.find(events, patch.image)
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
      if (k) {
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
    }
  }

  const wallS = (performance.now() - t0) / 1000
  const rows = failureRows(samples, failedRuns, {
    progressDeadlineSeconds: PROGRESS_DEADLINE_S,
    concurrency: CONCURRENCY,
  })
  return {
    rows,
    details: {
      n,
      progressDeadlineSeconds: PROGRESS_DEADLINE_S,
      concurrency: CONCURRENCY,
      wallSeconds: wallS,
      kinds: Object.fromEntries(
        KINDS.map((k) => [k, { ...KIND_TEXT[k], inputs: kinds[k].inputs ?? {} }]),
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
}

function catalogueImages(ctx: ScenarioContext, tb: Testbed): Promise<CatalogueImages> {
  return ctx.memo('catalogue-images', async () => {
    const base = tb.docker.baseImage
    return {
      unready: await buildImage(tb, 'bench/unready', { readyAfter: 'never' }),
      oom: await buildDockerfile(tb, 'bench/oom', oomDockerfileOn(base)),
      noCommand: await buildDockerfile(tb, 'bench/no-command', missingCommandDockerfileOn(base)),
      next: await buildImage(tb, 'bench/next', { log: ['next version'] }),
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
  const unhealthy = (probe: string) => (ev: readonly ObservedEvent[], image: string) =>
    firstFailure(ev, image, {
      eventReasons: ['Unhealthy'],
      eventMessage: new RegExp(`^${probe} probe failed`),
    })
  return {
    pull: {
      stage: async () => ({ image: await images.unpullable() }),
      find: (ev, image) =>
        firstFailure(ev, image, {
          waiting: ['ErrImagePull', 'ImagePullBackOff'],
          eventReasons: ['Failed'],
        }),
    },
    crash: {
      stage: async () => ({ image: images.crash }),
      find: (ev, image) =>
        firstFailure(ev, image, {
          waiting: ['CrashLoopBackOff'],
          exited: true,
          eventReasons: ['BackOff'],
        }),
    },
    readiness: {
      stage: async () => ({ image: extra.unready }),
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
      find: (ev, image) => firstFailure(ev, image, { terminatedReasons: ['OOMKilled'] }),
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
      find: (ev, image) =>
        firstFailure(ev, image, {
          waiting: ['CreateContainerConfigError'],
          eventReasons: ['Failed'],
        }),
    },
    'no-command': {
      stage: async () => ({ image: extra.noCommand }),
      find: (ev, image) =>
        firstFailure(ev, image, {
          terminatedReasons: ['StartError'],
          waiting: ['RunContainerError'],
          eventReasons: ['Failed'],
        }),
    },
    init: {
      stage: async (ns) => {
        await k(ns, ['create', 'configmap', 'app-mode', '--from-literal=MODE=ok'])
        return {
          image: extra.next,
          podSpec: (spec) => {
            spec.initContainers = [
              {
                name: 'migrate',
                image: images.good,
                command: [
                  'sh',
                  '-c',
                  'echo "migrating in mode $MODE"; test "$MODE" = ok || exit 5',
                ],
                env: [
                  {
                    name: 'MODE',
                    valueFrom: { configMapKeyRef: { name: 'app-mode', key: 'MODE' } },
                  },
                ],
              },
            ]
          },
          after: async () => {
            await k(ns, ['delete', 'configmap', 'app-mode'])
            await k(ns, ['create', 'configmap', 'app-mode', '--from-literal=MODE=broken'])
          },
        }
      },
      find: (ev, image) =>
        firstFailure(ev, image, {
          initContainers: true,
          waiting: ['CrashLoopBackOff'],
          exited: true,
          eventReasons: ['BackOff'],
        }),
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
      find: (ev, image) =>
        firstFailure(ev, image, { unschedulable: true, eventReasons: ['FailedScheduling'] }),
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
      find: (ev, image) => firstReplicaSetFailure(ev, image),
    },
  }
}
