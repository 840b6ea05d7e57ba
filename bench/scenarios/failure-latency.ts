// Failure-detection latency. Each rollout: a fresh namespace with a healthy one-replica
// Deployment; dock2pod deploys a broken image (deploy-only, `rollback: false` so the
// Deployment stays broken for kubectl to judge too), and `kubectl rollout status` starts
// as soon as the patch is in the store, on the same rollout.
//   pull:  an image in the htpasswd registry; dock2pod resolves it with credentials, the
//          cluster has no pull secret → ErrImagePull ("unauthorized"), ImagePullBackOff.
//          Measured from the first Pod status with ErrImagePull (the first report of the
//          failure; ImagePullBackOff follows a relist later and is recorded too). The
//          registry sits behind the test bed's fault proxy, which delays the kubelet's
//          first request by PULL_DELAY_MS: the failure then comes after dock2pod's
//          watches are open, and what is measured is detection, not dock2pod's start-up.
//   crash: exits with code 1 30 s (cluster time) after start, before its 60 s to Ready;
//          measured from the first Pod status with CrashLoopBackOff (the first exit is
//          restarted at once, as the kubelet does).
// Each sample records whether dock2pod's Pod watch was open before the failure report
// (from the API server's request log).
// dock2pod's end: the wall time its `::error` line arrives. kubectl's: its exit, which
// comes once the Deployment's progress deadline (600 s, the default) has passed: the
// cluster runs at SPEED× so that takes 600/SPEED s of wall time; kubectl's latency is
// given in cluster time and wall time.
import type { Cluster } from '../../testbed/cluster/index.ts'
import { clearRequestLog, requestLog } from '../../testbed/cluster/testing.ts'
import { startFaultProxy } from '../../testbed/docker/fault-proxy.ts'
import { distribution, missing, type Row } from '../figures.ts'
import { median } from '../stats.ts'
import {
  createDeployment,
  createNamespace,
  deleteNamespace,
  generationOf,
  kubectlTimed,
  lineAt,
  runDock2pod,
  startBenchCluster,
  waitPatched,
} from '../harness.ts'
import { benchImages } from '../images.ts'
import { findDeadlineExceeded, findPatch, firstWaiting } from '../journal.ts'
import type { Scenario } from '../scenario.ts'

export const FAILURE_SPEED = 300
const PULL_DELAY_MS = 300
const KINDS = ['pull', 'crash'] as const
type Kind = (typeof KINDS)[number]

export interface FailureSample {
  kind: Kind
  namespace: string
  /** The journal's first report, and which state it was. */
  reason: string
  /** ms from the patch to that report (wall). */
  patchToFailureMs: number
  dock2podMs: number
  kubectlWallMs?: number
  kubectlClusterS?: number
  /** kubectl's exit after the ProgressDeadlineExceeded condition was recorded (wall ms). */
  kubectlAfterDeadlineMs?: number
  backOffAfterErrImagePullMs?: number
  /** dock2pod's Pod watch was open before the failure report. */
  watchingBefore: boolean
}

export const failureLatency: Scenario = async (ctx) => {
  const n = ctx.n(20, 2)
  const docker = await ctx.docker()
  const images = await benchImages(ctx)
  const cluster = await startBenchCluster(FAILURE_SPEED)
  const proxy = await startFaultProxy(docker.registryAuth.host)
  const privateRef = `${proxy.host}/${images.privateRepo}`
  const samples: FailureSample[] = []
  try {
    for (let i = 0; i < n; i++) {
      for (const kind of KINDS) {
        samples.push(await oneRollout(cluster, kind, `fail-${kind}-${i}`))
      }
    }
  } finally {
    await cluster.stop()
    await proxy.stop()
  }

  async function oneRollout(cluster: Cluster, kind: Kind, ns: string): Promise<FailureSample> {
    await createNamespace(cluster, ns)
    await createDeployment(cluster, { namespace: ns, name: 'app', image: images.good, replicas: 1 })
    const g0 = generationOf(cluster, ns, 'app')
    const rv0 = Number(cluster.store.currentRv())
    await clearRequestLog(cluster)
    const auth = docker.registryAuth
    const inputs: Record<string, string> =
      kind === 'pull'
        ? { 'image-ref': privateRef, username: auth.user!, password: auth.password! }
        : { 'image-ref': images.crash }
    const d2p = runDock2pod({
      entry: ctx.entry,
      inputs: { ...inputs, deployment: 'app', namespace: ns, rollback: 'false' },
      env: { KUBECONFIG: cluster.kubeconfigPath },
    })
    await waitPatched(cluster, ns, 'app', g0)
    // The kubelet pulls after the patch; dock2pod has resolved the image before it.
    if (kind === 'pull') proxy.inject({ delayMs: PULL_DELAY_MS, times: 1 })
    const kubectl = kubectlTimed(cluster, [
      '-n',
      ns,
      'rollout',
      'status',
      'deployment/app',
      '--timeout=30m',
    ])
    const [d, k] = await Promise.all([d2p, kubectl])
    const events = cluster.store.events(rv0)
    const patch = findPatch(events, ns, 'app', g0)
    if (!patch) throw new Error(`${ns}: dock2pod did not patch the Deployment:\n${d.run.stdout}`)
    const reasons = kind === 'pull' ? ['ErrImagePull', 'ImagePullBackOff'] : ['CrashLoopBackOff']
    const first = firstWaiting(events, ns, patch.image, reasons)
    if (!first) throw new Error(`${ns}: the journal has no ${reasons.join('/')} for ${patch.image}`)
    const errorAt = lineAt(d, /^::error/)
    const podWatch = (await requestLog(cluster)).find(
      (r) => r.path.endsWith(`/namespaces/${ns}/pods`) && /(^|&)watch=(true|1)/.test(r.query),
    )
    proxy.clearFaults()
    // Its Pods would keep pulling (and take the next rollout's delay) or restarting.
    await deleteNamespace(cluster, ns)
    const sample: FailureSample = {
      kind,
      namespace: ns,
      reason: first.reason,
      patchToFailureMs: first.wallTime - patch.wallTime,
      dock2podMs: errorAt - first.wallTime,
      watchingBefore: podWatch !== undefined && Date.parse(podWatch.time) < first.wallTime,
    }
    if (kind === 'pull') {
      const backOff = firstWaiting(events, ns, patch.image, ['ImagePullBackOff'])
      if (backOff) sample.backOffAfterErrImagePullMs = backOff.wallTime - first.wallTime
    }
    if (k) {
      if (!/exceeded its progress deadline/.test(k.stderr))
        throw new Error(
          `${ns}: kubectl rollout status ended otherwise (exit ${k.code}): ${k.stderr}`,
        )
      sample.kubectlWallMs = k.exitAt - first.wallTime
      sample.kubectlClusterS = (sample.kubectlWallMs * FAILURE_SPEED) / 1000
      const deadline = findDeadlineExceeded(events, ns, 'app')
      if (deadline) sample.kubectlAfterDeadlineMs = k.exitAt - deadline.wallTime
    }
    ctx.log(
      `${ns}: ${first.reason} ${sample.patchToFailureMs.toFixed(0)} ms after the patch${sample.watchingBefore ? '' : ' (before dock2pod watched Pods)'}; dock2pod +${sample.dock2podMs.toFixed(0)} ms` +
        (k ? `, kubectl +${sample.kubectlWallMs!.toFixed(0)} ms wall` : ''),
    )
    return sample
  }

  const rows: Row[] = []
  for (const kind of KINDS) {
    const s = samples.filter((x) => x.kind === kind)
    const from = kind === 'pull' ? 'ErrImagePull' : 'CrashLoopBackOff'
    const kubectlMs = s.flatMap((x) => (x.kubectlWallMs === undefined ? [] : [x.kubectlWallMs]))
    const kubectlCluster = s.flatMap((x) =>
      x.kubectlClusterS === undefined ? [] : [x.kubectlClusterS],
    )
    const what =
      kind === 'pull'
        ? 'unpullable image (private registry, no pull secret)'
        : 'crashing container (exit 1)'
    rows.push({
      scenario: 'failure-latency',
      measure: `Failure detected: ${what}, from the first ${from} (wall)`,
      dock2pod: distribution(
        s.map((x) => x.dock2podMs),
        'ms',
      ),
      kubectl: kubectlMs.length ? distribution(kubectlMs, 'ms') : missing('not run'),
      note: `cluster at ${FAILURE_SPEED}× speed; dock2pod to its ::error line (watching before the failure in ${s.filter((x) => x.watchingBefore).length}/${s.length}); kubectl exits at the progress deadline (600 s)${kind === 'crash' ? '; dock2pod reads the crashed container’s log first' : ''}`,
    })
    if (kubectlCluster.length)
      rows.push({
        scenario: 'failure-latency',
        measure: `Failure detected: ${what}, in cluster time`,
        dock2pod: missing('its wait is wall time: row above'),
        kubectl: distribution(kubectlCluster, 's'),
        note: `kubectl's wall time × ${FAILURE_SPEED}: what it takes on a real cluster. The 600 s count from the patch; the failure came ${((median(s.map((x) => x.patchToFailureMs)) * FAILURE_SPEED) / 1000).toFixed(0)} s (cluster, median) after it`,
      })
  }
  return {
    rows,
    details: { n, speed: FAILURE_SPEED, progressDeadlineSeconds: 600, samples },
  }
}
