// Failure detection and rollback on the real cluster. Each run: a fresh namespace, the
// bench's observer watching it (observer.ts), a healthy one-replica Deployment with
// `progressDeadlineSeconds: PROGRESS_DEADLINE_S`, then dock2pod deploys a broken image:
//   pull:  staged: an image pushed, then its config blob deleted at the registry; the
//          tag resolves to a digest for dock2pod, the node's pull of it fails for real
//          (ErrImagePull, "…: not found"). A new such image per run.
//   crash: a real container that prints a line and exits with code 3 one second after
//          it starts, never Ready.
// Two runs per kind and sample:
//   judged:   dock2pod with `rollback: false` and `kubectl rollout status` (the pinned
//             kubectl) on the same Deployment from the moment the patch is in; kubectl
//             gives up when the controller marks ProgressDeadlineExceeded.
//   rollback: dock2pod as shipped (`rollback: true`), alone.
// The failure's moment is the first record proving it (journal.ts firstFailure): a Pod
// status with ErrImagePull/ImagePullBackOff (pull) or the container exited non-zero or
// CrashLoopBackOff (crash), or the kubelet's Event about it, whichever came first, timed
// by the cluster's sub-second eventTime where it carries one, else by the observer's
// arrival; every sample keeps which (`failureSource`).
import { clearRequestLog, requestLog } from '../../testbed/kube/testing.ts'
import { distribution, missing, type Row } from '../figures.ts'
import {
  createDeployment,
  createNamespace,
  deleteNamespace,
  generationOf,
  kubectlTimed,
  lineAt,
  runDock2pod,
} from '../harness.ts'
import { benchImages } from '../images.ts'
import {
  describeSources,
  findDeadlineExceeded,
  findPatch,
  findStatusComplete,
  firstFailure,
  type ClockSource,
} from '../journal.ts'
import { startObserver } from '../observer.ts'
import type { Scenario } from '../scenario.ts'
import { OBSERVER_MARK } from '../observer.ts'

/** The scenario's Deployments give up after this (Kubernetes' default is 600). */
export const PROGRESS_DEADLINE_S = 20
const KINDS = ['pull', 'crash'] as const
type Kind = (typeof KINDS)[number]
type Variant = 'judged' | 'rollback'

export interface FailureSample {
  kind: Kind
  variant: Variant
  namespace: string
  /** What proved the failure first, and which clock timed it. */
  reason: string
  failureSource: ClockSource
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
  /** dock2pod's Pod watch was open before the failure's moment (request log). */
  watchingBefore: boolean
  /** The start of dock2pod's ::error line: what it saw. */
  dock2podError: string
  /**
   * dock2pod's error came before the observer's first record of the failure: the node
   * had not failed yet when the progress deadline passed (a pull hanging past it), so
   * the run times the deadline, not the failure; left out of the latency figures.
   */
  deadlineFirst: boolean
}

export const failureLatency: Scenario = async (ctx) => {
  const n = ctx.n(10, 1)
  const tb = await ctx.testbed()
  const cluster = tb.cluster
  const images = await benchImages(ctx)
  const samples: FailureSample[] = []
  const failedRuns: { namespace: string; error: string }[] = []
  for (let i = 0; i < n; i++)
    for (const variant of ['judged', 'rollback'] as const)
      for (const kind of KINDS) {
        const ns = `fail-${kind}-${variant}-${i}`
        try {
          samples.push(await oneRun(kind, variant, ns))
        } catch (err) {
          // A run the node spoiled (or a tool that failed) is kept as such, not averaged in.
          const error = err instanceof Error ? err.message : String(err)
          failedRuns.push({ namespace: ns, error: error.slice(0, 2000) })
          ctx.log(`${ns}: run failed: ${error.slice(0, 300)}`)
        }
      }

  async function oneRun(kind: Kind, variant: Variant, ns: string): Promise<FailureSample> {
    await createNamespace(cluster, ns)
    const observer = await startObserver(cluster, ns)
    try {
      await createDeployment(cluster, {
        namespace: ns,
        name: 'app',
        image: images.good,
        replicas: 1,
        progressDeadlineSeconds: PROGRESS_DEADLINE_S,
      })
      const image = kind === 'pull' ? await images.unpullable() : images.crash
      const g0 = await generationOf(cluster, ns, 'app')
      await clearRequestLog(cluster)
      const d2p = runDock2pod({
        entry: ctx.entry,
        inputs: {
          'image-ref': image,
          deployment: 'app',
          namespace: ns,
          rollback: variant === 'rollback' ? 'true' : 'false',
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
      const failure = firstFailure(
        events,
        patch.image,
        kind === 'pull'
          ? { waiting: ['ErrImagePull', 'ImagePullBackOff'], eventReasons: ['Failed'] }
          : { waiting: ['CrashLoopBackOff'], exited: true, eventReasons: ['BackOff'] },
      )
      if (!failure) throw new Error(`${ns}: the observer saw no failure of ${patch.image}`)
      const errorAt = lineAt(d, /^::error/)
      const podWatch = (await requestLog(cluster)).find(
        (r) =>
          r.path.endsWith(`/namespaces/${ns}/pods`) &&
          /(^|&)watch=(true|1)/.test(r.query) &&
          !r.query.includes(OBSERVER_MARK),
      )
      const sample: FailureSample = {
        kind,
        variant,
        namespace: ns,
        reason: failure.reason,
        failureSource: failure.source,
        patchToFailureMs: failure.at - patch.at,
        dock2podMs: errorAt - failure.at,
        dock2podExitMs: d.startedAt + d.run.durationMs - failure.at,
        watchingBefore: podWatch !== undefined && Date.parse(podWatch.time) < failure.at,
        dock2podError: d.lines.find((l) => l.text.startsWith('::error'))!.text.slice(0, 400),
        deadlineFirst: errorAt < failure.at,
      }
      if (k) {
        if (!/exceeded its progress deadline/.test(k.stderr))
          throw new Error(
            `${ns}: kubectl rollout status ended otherwise (exit ${k.code}): ${k.stderr}`,
          )
        sample.kubectlMs = k.exitAt - failure.at
        const deadline = findDeadlineExceeded(events, 'app')
        if (deadline) sample.kubectlAfterDeadlineMs = k.exitAt - deadline.at
      }
      if (variant === 'rollback') {
        if (d.run.exitCode === 0) throw new Error(`${ns}: dock2pod passed a broken image`)
        const back = findStatusComplete(events, 'app', patch.generation + 1, 1, images.good)
        if (!back)
          throw new Error(`${ns}: the observer never saw the Deployment back on ${images.good}`)
        sample.rollbackHealthyMs = back.at - failure.at
      }
      ctx.log(
        `${ns}: ${failure.reason} ${sample.patchToFailureMs.toFixed(0)} ms after the patch (${failure.source}); dock2pod +${sample.dock2podMs.toFixed(0)} ms` +
          (sample.kubectlMs !== undefined ? `, kubectl +${sample.kubectlMs.toFixed(0)} ms` : '') +
          (sample.rollbackHealthyMs !== undefined
            ? `, healthy again +${sample.rollbackHealthyMs.toFixed(0)} ms`
            : ''),
      )
      return sample
    } finally {
      observer.stop()
      // Its Pods would keep pulling or restarting beside the next run.
      await deleteNamespace(cluster, ns)
    }
  }

  const rows: Row[] = []
  const scale = 600 - PROGRESS_DEADLINE_S
  for (const kind of KINDS) {
    const ofKind = samples.filter((x) => x.kind === kind)
    const judged = ofKind.filter((x) => x.variant === 'judged' && !x.deadlineFirst)
    const rolled = ofKind.filter((x) => x.variant === 'rollback' && !x.deadlineFirst)
    const late = ofKind.filter((x) => x.deadlineFirst).length
    const what =
      kind === 'pull'
        ? 'unpullable image (staged: config blob deleted at the registry)'
        : 'crashing container (exit 3 one second after start)'
    const proof =
      kind === 'pull'
        ? 'the first Pod status with ErrImagePull/ImagePullBackOff or kubelet Event Failed'
        : 'the first Pod status with the container exited non-zero or CrashLoopBackOff, or kubelet Event BackOff'
    const lost = failedRuns.filter((f) => f.namespace.startsWith(`fail-${kind}-`)).length
    const lostNote =
      (lost
        ? `; ${lost} run(s) of this kind failed and are left out (results.json: failedRuns)`
        : '') +
      (late
        ? `; in ${late} run(s) the node had not reported the failure when the ${PROGRESS_DEADLINE_S} s progress deadline passed, so both tools ended on the deadline: left out (deadlineFirst)`
        : '')
    const dist = (xs: number[]) =>
      xs.length ? distribution(xs, 'ms') : missing('no run succeeded')
    const kubectlMs = judged.flatMap((x) => (x.kubectlMs === undefined ? [] : [x.kubectlMs]))
    rows.push({
      scenario: 'failure-latency',
      measure: `Failure detected: ${what}`,
      dock2pod: dist(judged.map((x) => x.dock2podMs)),
      kubectl: kubectlMs.length ? distribution(kubectlMs, 'ms') : missing('not run'),
      note: `from ${proof}, timed by ${describeSources(judged.map((x) => ({ source: x.failureSource })))} (Pod status and legacy Event timestamps are whole seconds), to dock2pod's ::error line (rollback off) and to kubectl rollout status's exit on the same Deployment. progressDeadlineSeconds: ${PROGRESS_DEADLINE_S}: kubectl gives up only when the controller marks the deadline, counted from the rollout's last progress, so with the default 600 s add ${scale} s to its figure. dock2pod's Pod watch was open before the failure in ${judged.filter((x) => x.watchingBefore).length}/${judged.length}${lostNote}`,
    })
    rows.push({
      scenario: 'failure-latency',
      measure: `Rolled back healthy: ${what}`,
      dock2pod: dist(rolled.map((x) => x.rollbackHealthyMs!)),
      kubectl: missing('kubectl rollout status does not roll back'),
      note: `dock2pod with rollback on (separate runs): from the failure (as above; ${describeSources(rolled.map((x) => ({ source: x.failureSource })))}) to the observer's arrival of the Deployment status complete again on the previous image (observedGeneration current, 1/1 updated and available)`,
    })
  }
  return {
    rows,
    details: { n, progressDeadlineSeconds: PROGRESS_DEADLINE_S, samples, failedRuns },
  }
}
