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
import { distribution, missing, type Row } from '../figures.ts'
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
  describeSources,
  findDeadlineExceeded,
  findPatch,
  findStatusComplete,
  firstFailure,
  firstReplicaSetFailure,
  type ClockSource,
  type Failure,
  type ObservedEvent,
} from '../journal.ts'
import { startObserver } from '../observer.ts'
import type { Scenario, ScenarioContext } from '../scenario.ts'
import { OBSERVER_MARK } from '../observer.ts'
import { median } from '../stats.ts'
import { READY_PORT } from '../../testbed/workload.ts'

/** The scenario's Deployments give up after this (Kubernetes' default is 600). */
export const PROGRESS_DEADLINE_S = 15
/** Runs at once, each in its own namespace. */
export const CONCURRENCY = 4

export const KINDS = [
  'pull',
  'crash',
  'readiness',
  'oom',
  'config',
  'no-command',
  'init',
  'liveness',
  'startup',
  'unschedulable',
  'quota',
] as const
export type Kind = (typeof KINDS)[number]
type Variant = 'judged' | 'rollback'

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
  what: string
  /** What the proof is, for the row's note. */
  proof: string
  stage: (ns: string) => Promise<Staged>
  find: (events: readonly ObservedEvent[], image: string) => Failure | undefined
  /** Inputs beside image-ref, deployment, namespace, rollback. */
  inputs?: Record<string, string>
  /** The watch of dock2pod's that sees the failure (default: its Pod watch). */
  watch?: 'replicasets'
  /** Why dock2pod's figure may exceed 1 s by design, said in the row when it does. */
  slowWhy?: string
}

const PROBE = { httpGet: { path: '/ready', port: READY_PORT }, periodSeconds: 1, timeoutSeconds: 5 }

export interface FailureSample {
  kind: Kind
  variant: Variant
  namespace: string
  /** What proved the failure first, and which clock timed it. */
  reason: string
  failureSource: ClockSource
  /** dock2pod's `failure-reason` output. */
  dock2podReason: string
  /** Patch (observer) → failure (ms). */
  patchToFailureMs: number
  /** Failure → dock2pod's ::error line (ms). */
  dock2podMs: number
  /** Failure → dock2pod's exit (ms). */
  dock2podExitMs: number
  /** judged: failure → kubectl's exit (ms). */
  kubectlMs?: number
  /** judged: ProgressDeadlineExceeded (observer) → kubectl's exit (ms). */
  kubectlAfterDeadlineMs?: number
  /** rollback: failure → the Deployment's status complete on the previous image again (ms). */
  rollbackHealthyMs?: number
  /** dock2pod's Pod (ReplicaSet) watch was open before the failure's moment (request log). */
  watchingBefore: boolean
  /** The start of dock2pod's ::error line: what it saw. */
  dock2podError: string
  /**
   * dock2pod's error, or the Deployment's ProgressDeadlineExceeded, came before the
   * first record of the failure: the node had not failed yet when the progress deadline
   * passed (a Pod slow to start on a busy node), so the run times the deadline, not the
   * failure; left out of the latency figures.
   */
  deadlineFirst: boolean
  /** When the run started, relative to the scenario's start (s): which runs overlapped. */
  startedAtS: number
  endedAtS: number
  /** The machine's 1-minute load average when the run started. */
  loadAvg1: number
}

export const failureLatency: Scenario = async (ctx) => {
  const n = ctx.n(10, 1)
  const tb = await ctx.testbed()
  const cluster = tb.cluster
  const images = await benchImages(ctx)
  const extra = await catalogueImages(ctx, tb)
  const kinds = kindSpecs(tb, images, extra)
  const samples: FailureSample[] = []
  const failedRuns: { namespace: string; kind: Kind; error: string }[] = []
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
          r.path.endsWith(`/namespaces/${ns}/${spec.watch ?? 'pods'}`) &&
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

  const rows: Row[] = []
  const scale = 600 - PROGRESS_DEADLINE_S
  const wallS = (performance.now() - t0) / 1000
  const together = `runs of the ${KINDS.length} reasons overlapped, up to ${CONCURRENCY} at once, each in its own namespace on the one 2-core node`
  for (const kind of KINDS) {
    const spec = kinds[kind]
    const ofKind = samples.filter((x) => x.kind === kind)
    const judged = ofKind.filter((x) => x.variant === 'judged' && !x.deadlineFirst)
    const rolled = ofKind.filter((x) => x.variant === 'rollback' && !x.deadlineFirst)
    const late = ofKind.filter((x) => x.deadlineFirst).length
    const lost = failedRuns.filter((f) => f.kind === kind).length
    const lostNote =
      (lost
        ? `; ${lost} run(s) of this reason failed and are left out (results.json: failedRuns)`
        : '') +
      (late
        ? `; in ${late} run(s) the cluster had not recorded the failure when the ${PROGRESS_DEADLINE_S} s progress deadline passed (a Pod slow to start on the busy node), so the tools ended on the deadline: left out (deadlineFirst)`
        : '')
    const dist = (xs: number[]) =>
      xs.length ? distribution(xs, 'ms') : missing('no run succeeded')
    const kubectlMs = judged.flatMap((x) => (x.kubectlMs === undefined ? [] : [x.kubectlMs]))
    const d2p = judged.map((x) => x.dock2podMs)
    const said = [...new Set(judged.map((x) => x.dock2podReason))].join(', ') || '—'
    const proofs = [...new Set(judged.map((x) => x.reason))].join(', ') || '—'
    const slow =
      d2p.length && median(d2p) > 1000
        ? ` Over 1 s: ${spec.slowWhy ?? `no wait of dock2pod's applies by design here (grace 0s): the time is the watch delivering the change and dock2pod's verdict on the shared, loaded machine`}.`
        : ''
    const loads = ofKind.map((x) => x.loadAvg1)
    const load = loads.length
      ? ` The machine's 1-minute load average at these runs' starts: median ${median(loads).toFixed(1)} (${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}).`
      : ''
    rows.push({
      scenario: 'failure-latency',
      measure: `Failure detected: ${spec.what}`,
      dock2pod: dist(d2p),
      kubectl: kubectlMs.length ? distribution(kubectlMs, 'ms') : missing('not run'),
      note: `from ${spec.proof} (first seen: ${proofs}), timed by ${describeSources(judged.map((x) => ({ source: x.failureSource })))}, to dock2pod's ::error line (rollback off; it said ${said}; its exit came ${judged.length ? fmt(median(judged.map((x) => x.dock2podExitMs))) : '—'} after the failure, median) and to kubectl rollout status's exit on the same Deployment. progressDeadlineSeconds: ${PROGRESS_DEADLINE_S}: kubectl gives up only when the controller marks the deadline, counted from the rollout's last progress, so with the default 600 s add ${scale} s to its figure (it fails at the deadline). ${together}. dock2pod's ${spec.watch === 'replicasets' ? 'ReplicaSet' : 'Pod'} watch was open before the failure in ${judged.filter((x) => x.watchingBefore).length}/${judged.length}${lostNote}.${slow}${load}`,
    })
    rows.push({
      scenario: 'failure-latency',
      measure: `Rolled back healthy: ${spec.what}`,
      dock2pod: dist(rolled.map((x) => x.rollbackHealthyMs!)),
      kubectl: missing('kubectl rollout status does not roll back'),
      note: `dock2pod with rollback on (separate runs): from the failure (as above; ${describeSources(rolled.map((x) => ({ source: x.failureSource })))}) to the observer's arrival of the Deployment status complete again on the previous image (observedGeneration current, 1/1 updated and available); ${together}`,
    })
  }
  return {
    rows,
    details: {
      n,
      progressDeadlineSeconds: PROGRESS_DEADLINE_S,
      concurrency: CONCURRENCY,
      wallSeconds: wallS,
      kinds: Object.fromEntries(
        KINDS.map((k) => [
          k,
          { what: kinds[k].what, proof: kinds[k].proof, inputs: kinds[k].inputs ?? {} },
        ]),
      ),
      samples,
      failedRuns,
    },
  }
}

function fmt(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`
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
      oom: await buildDockerfile(
        tb,
        'bench/oom',
        `FROM ${base}\nCMD ["sh", "-c", "echo allocating 64 MiB; x=$(head -c 67108864 /dev/zero | tr '\\\\0' a); echo still alive \${#x}; exit 0"]\n`,
      ),
      noCommand: await buildDockerfile(
        tb,
        'bench/no-command',
        `FROM ${base}\nCMD ["/no/such/command", "--serve"]\n`,
      ),
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
      what: 'unpullable image (staged: config blob deleted at the registry)',
      proof: 'the first Pod status with ErrImagePull/ImagePullBackOff or kubelet Event Failed',
      stage: async () => ({ image: await images.unpullable() }),
      find: (ev, image) =>
        firstFailure(ev, image, {
          waiting: ['ErrImagePull', 'ImagePullBackOff'],
          eventReasons: ['Failed'],
        }),
    },
    crash: {
      what: 'crashing container (exit 3 one second after start)',
      proof:
        'the first Pod status with the container exited non-zero or CrashLoopBackOff, or kubelet Event BackOff',
      stage: async () => ({ image: images.crash }),
      find: (ev, image) =>
        firstFailure(ev, image, {
          waiting: ['CrashLoopBackOff'],
          exited: true,
          eventReasons: ['BackOff'],
        }),
    },
    readiness: {
      what: 'readiness probe never passing (HTTP GET /ready answers 404; ready-grace: 0s)',
      proof: 'the first kubelet Event Unhealthy "Readiness probe failed" about a new Pod',
      stage: async () => ({ image: extra.unready }),
      find: unhealthy('Readiness'),
      inputs: { 'ready-grace': '0s' },
      slowWhy:
        "dock2pod fails a readiness probe only once the probe has failed for ready-grace (default 2m, here 0s) and it has seen the kubelet's Unhealthy Event; with the default it waits the 2 minutes (or the progress deadline, whichever comes first) by design, since a slow starter may still pass",
    },
    oom: {
      what: 'OOMKilled under a 16 MiB memory limit (the shell holds 64 MiB)',
      proof: 'the first Pod status with the container terminated OOMKilled',
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
      what: 'CreateContainerConfigError (the Secret an env var needs was deleted)',
      proof:
        'the first Pod status waiting CreateContainerConfigError or kubelet Event Failed ("secret … not found")',
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
      what: 'command not in the image (StartError: /no/such/command)',
      proof:
        'the first Pod status with the container terminated StartError or waiting RunContainerError, or kubelet Event Failed',
      stage: async () => ({ image: extra.noCommand }),
      find: (ev, image) =>
        firstFailure(ev, image, {
          terminatedReasons: ['StartError'],
          waiting: ['RunContainerError'],
          eventReasons: ['Failed'],
        }),
    },
    init: {
      what: 'failing init container (exit 5: its ConfigMap now says MODE=broken)',
      proof:
        'the first Pod status with the init container exited non-zero or in CrashLoopBackOff, or kubelet Event BackOff',
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
      what: 'liveness probe failing (HTTP, every 1 s, failureThreshold 2)',
      proof: 'the first kubelet Event Unhealthy "Liveness probe failed" about a new Pod',
      stage: async () => ({ image: extra.unready, podSpec: probe('livenessProbe', 2) }),
      find: unhealthy('Liveness'),
      slowWhy:
        'dock2pod reports LivenessProbeFailed when the kubelet kills the container for it (its Killing Event), which the kubelet does after failureThreshold (2) failures, periodSeconds (1 s) apart: one failed liveness probe restarts nothing, so by design it is not yet a failure',
    },
    startup: {
      what: 'startup probe never passing (HTTP, every 1 s, failureThreshold 3)',
      proof: 'the first kubelet Event Unhealthy "Startup probe failed" about a new Pod',
      stage: async () => ({ image: extra.unready, podSpec: probe('startupProbe', 3) }),
      find: unhealthy('Startup'),
      slowWhy:
        'dock2pod reports StartupProbeFailed when the kubelet kills the container for it (its Killing Event), which the kubelet does after failureThreshold (3) failures, periodSeconds (1 s) apart: until then the container may still start, so by design it is not yet a failure',
    },
    unschedulable: {
      what: 'Unschedulable (nodeSelector on a label the node no longer has)',
      proof:
        "the first Pod status with PodScheduled False (Unschedulable) or the scheduler's Event FailedScheduling",
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
      what: 'FailedCreate (a ResourceQuota of 1 Pod refuses the new Pod)',
      proof:
        "the first ReplicaSet status with ReplicaFailure True or the controller's Event FailedCreate about the new ReplicaSet",
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
      watch: 'replicasets',
    },
  }
}
