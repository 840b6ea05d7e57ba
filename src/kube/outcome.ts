// What a deploy run decides once the waits are over, as pure functions of their results:
//   planRollback — did the run fail, and which patched workloads go back (none another
//                  writer changed meanwhile);
//   rollbackReport, rollbackFromWait — what a rollback sent (or waited for) reports;
//   resultOf — one workload's row: status, diagnosis, revision, ready replicas, note;
//   runFailed — the exit code.
// kube/index.ts gathers the inputs (patches, waits, rollbacks) and acts on the answers;
// report/deploy.ts renders the rows.
import type { DeploymentResult, RollbackReport } from '../report/deploy.ts'
import { describeKubeError } from './describe-error.ts'
import type { Diagnosis } from './diagnose.ts'
import type { RollbackSent } from './rollback.ts'
import type { WaitResult } from './rollout.ts'
import { progressLine, revisionOf as workloadRevision, type Verdict } from './rollout-state.ts'
import type { Deployment } from './types.ts'
import { RESOURCE_OF, type WorkloadKind } from './workload.ts'

/** What the run knows when its waits are over. */
export interface RunState {
  /** The `rollback` input. */
  rollbackOn: boolean
  /** SIGINT/SIGTERM came. */
  cancelled: boolean
  /** A patch was refused (the others may have gone through). */
  patchFailed: boolean
}

/**
 * Whether the run failed, and which patched workloads to roll back: all of them (the
 * healthy ones too: a run deploys all or none) when anything failed and `rollback` is
 * on; none otherwise. A workload another writer changed during the wait is never rolled
 * back: that would overwrite their change.
 */
export function planRollback<T>(
  patched: readonly {
    item: T
    wait: WaitResult['outcome'] | undefined
    /** Another writer changed it after our patch (ChangedByAnotherWriter). */
    changedByAnother?: boolean
  }[],
  s: RunState,
): { failed: boolean; rollBack: T[] } {
  const failed =
    s.cancelled || s.patchFailed || patched.some((p) => p.wait === 'failed' || p.wait === 'error')
  const rollBack =
    failed && s.rollbackOn ? patched.filter((p) => !p.changedByAnother).map((p) => p.item) : []
  return { failed, rollBack }
}

/** The wait ended because another writer changed the workload. */
export function changedByAnother(w: WaitResult | undefined): boolean {
  return w?.outcome === 'failed' && w.diagnosis.reason === 'ChangedByAnotherWriter'
}

/** The note of a workload left as another writer made it. */
export const LEFT_TO_THE_OTHER_WRITER =
  "Not rolled back: another writer changed it after dock2pod's patch, and dock2pod does not overwrite their change. It stays as they left it."

/** Whether one finished wait (or a refused patch) should stop the other waits at once. */
export function stopsTheOthers(
  w: WaitResult['outcome'] | 'patch-failed',
  rollbackOn: boolean,
): boolean {
  // Only when they are all going to be rolled back anyway.
  return rollbackOn && (w === 'failed' || w === 'error' || w === 'patch-failed')
}

/** Ready replicas of any kind (a DaemonSet counts `numberReady`). */
export function readyReplicas(d: Deployment | undefined): number {
  return d?.status?.readyReplicas ?? d?.status?.numberReady ?? 0
}

/** How many Pods the workload wants: a DaemonSet one per node it schedules to. */
export function desiredReplicas(kind: WorkloadKind, d: Deployment): number {
  return kind === 'DaemonSet' ? (d.status?.desiredNumberScheduled ?? 0) : (d.spec?.replicas ?? 1)
}

export function revisionOf(kind: WorkloadKind, d: Deployment | undefined, v?: Verdict): string {
  return v?.progress.revision ?? workloadRevision(kind, d) ?? ''
}

/** A rollback sent and not waited for (a cancel): what its answer said. */
export function rollbackReport(
  sent: RollbackSent | undefined,
  previousImage: string,
): RollbackReport {
  if (!sent) return { state: 'sent', message: `rollback patch to ${previousImage} sent` }
  if (sent.state === 'sent')
    return { state: 'sent', message: `rollback patch to ${previousImage} accepted` }
  return { state: sent.state, message: sent.message }
}

/** A rollback waited for: healthy again, or what is wrong with it. */
export function rollbackFromWait(kind: WorkloadKind, r: WaitResult): RollbackReport {
  const revision = revisionOf(kind, r.deployment, r.verdict)
  const ready = r.deployment ? { readyReplicas: readyReplicas(r.deployment) } : {}
  if (r.outcome === 'done')
    return {
      state: 'ready',
      message: 'back on the previous template and ready',
      revision,
      ...ready,
    }
  if (r.outcome === 'failed')
    return {
      state: 'failed',
      message: `${r.diagnosis.reason}: ${r.diagnosis.message}`,
      diagnosis: r.diagnosis,
      revision,
      ...ready,
    }
  return {
    ...ready,
    state: 'failed',
    message:
      r.outcome === 'error' ? String((r.error as Error)?.message ?? r.error) : 'not waited for',
    revision,
  }
}

/** A workload as planned, before the patch. */
export interface TargetSeen {
  kind: WorkloadKind
  namespace: string
  name: string
  containers: string[]
  deployment: Deployment
}

/** How one workload's patch went, and what followed it. */
export type Settled =
  | { kind: 'unchanged'; target: TargetSeen; deployment: Deployment; previousImage: string }
  | {
      kind: 'error'
      target: TargetSeen
      message: string
      previousImage: string
      /** A cancel came before the patch was sent. */
      cancelled?: true
    }
  | {
      kind: 'patched'
      target: TargetSeen
      previousImage: string
      /** As our patch left it. */
      deployment: Deployment
      patchedAt: number
      /** Created by this run's apply (a first deploy): nothing to roll back to. */
      created?: string[]
      wait?: WaitResult
      /** When its wait ended (or the rollout completed, before a soak). */
      finishedAt?: number
      rollback?: RollbackReport
    }

/** One workload's row of the report: its status, diagnosis, revision and note. */
export function resultOf(
  s: Settled,
  run: { imageRef: string; cancelled: boolean; rollbackOn: boolean },
): DeploymentResult {
  const t = s.target
  const base = {
    kind: t.kind,
    namespace: t.namespace,
    name: t.name,
    container: t.containers.join(','),
    image: run.imageRef,
  }
  // Not patched (nothing to change, or the patch refused): the workload as it was read.
  const asRead = (d: Deployment) => ({
    ...base,
    previousImage: s.previousImage,
    revision: revisionOf(t.kind, d),
    readyReplicas: readyReplicas(d),
    desiredReplicas: desiredReplicas(t.kind, d),
    seconds: 0,
  })
  if (s.kind === 'unchanged')
    return { ...asRead(s.deployment), status: 'unchanged', diagnosis: null }
  if (s.kind === 'error')
    return {
      ...asRead(t.deployment),
      status: 'failed',
      diagnosis: { reason: s.cancelled ? 'Cancelled' : 'PatchFailed', message: s.message },
    }
  const w = s.wait
  const rb = s.rollback
  const d = w?.deployment ?? s.deployment
  let diagnosis: Diagnosis | null = null
  let note: string | undefined
  if (w?.outcome === 'failed') diagnosis = w.diagnosis
  else if (w?.outcome === 'error')
    diagnosis = {
      reason: 'WatchFailed',
      message: describeKubeError(
        w.error,
        { verb: 'watch', resource: RESOURCE_OF[t.kind], namespace: t.namespace, name: t.name },
        '',
      ),
    }
  else if (run.cancelled)
    diagnosis = {
      reason: 'Cancelled',
      message: `the run was cancelled while waiting: ${w ? progressLine(t.name, w.verdict) : 'before the wait'}`,
    }
  else if (rb && w?.outcome === 'done')
    note =
      'This rollout was healthy; it was rolled back because another Deployment of this run failed.'
  else if (rb) note = 'Rolled back because another Deployment of this run failed.'

  const ok = w?.outcome === 'done' && !rb && !run.cancelled
  const rolledBack = rb?.state === 'ready' || (run.cancelled && rb?.state === 'sent')
  return {
    ...base,
    previousImage: s.previousImage,
    revision: rb?.revision || revisionOf(t.kind, d, w?.verdict),
    readyReplicas: rb?.readyReplicas ?? readyReplicas(d),
    desiredReplicas: desiredReplicas(t.kind, d),
    seconds: ((s.finishedAt ?? s.patchedAt) - s.patchedAt) / 1000,
    status: ok ? 'ready' : rolledBack ? 'rolled-back' : 'failed',
    diagnosis,
    ...(rb ? { rollback: rb } : {}),
    ...(note ? { note } : {}),
    ...(!run.rollbackOn && !ok
      ? { note: 'rollback is off: the Deployment stays on the new image.' }
      : {}),
    ...(changedByAnother(w) && !rb ? { note: LEFT_TO_THE_OTHER_WRITER } : {}),
    ...(s.created && !ok
      ? {
          note: `First deploy: there is nothing to roll back to. The objects stay, as kubectl leaves them; this run created ${s.created.join(', ')}.`,
        }
      : {}),
  }
}

/** The run fails (exit 1) when any workload failed or was rolled back. */
export function runFailed(results: readonly DeploymentResult[]): boolean {
  return results.some((r) => r.status === 'failed' || r.status === 'rolled-back')
}
