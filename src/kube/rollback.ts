// Rollback: put a Deployment back on the pod template it had before dock2pod's patch.
// The patch carries the resourceVersion of the object we checked, so the API server
// refuses it (409) when anything wrote the Deployment in between; we then read it again,
// and roll back only while its template is still the one we set. A template someone
// else changed meanwhile is left alone, and the report says so. The same for the three
// kinds; a StatefulSet also needs its broken Pods deleted (below).
import type { KubeApi } from './api.ts'
import { describeKubeError } from './describe-error.ts'
import { isKubeError } from './errors.ts'
import { rollbackPatch, type ChangeRecord } from './patch.ts'
import { isPodReady, templatesEqual } from './rollout-state.ts'
import { selectorString } from './rollout.ts'
import type { Pod, PodTemplateSpec, Workload } from './types.ts'
import { CONTROLLER_REVISION_HASH, RESOURCE_OF, type WorkloadKind } from './workload.ts'

export interface RollbackTarget {
  /** Default Deployment. */
  kind?: WorkloadKind
  namespace: string
  name: string
  /** The template before our patch. */
  previous: PodTemplateSpec
  /** The template our patch produced. */
  applied: PodTemplateSpec
  /** `metadata.generation` in our patch's answer: a copy older than that predates it. */
  patchedGeneration?: number
}

export type RollbackSent =
  | { state: 'sent'; deployment: Workload }
  | { state: 'conflict'; message: string }
  | { state: 'error'; message: string }

function images(t: PodTemplateSpec | undefined): string {
  return (t?.spec?.containers ?? []).map((c) => `${c.name}=${c.image ?? ''}`).join(', ')
}

/**
 * Send the rollback patch. `latest` is the newest copy we already hold (from the watch);
 * without one, after a 409, or when that copy is older than our patch (a watch that had
 * not yet seen it, as when a cancel comes while the patch is on its way), the Deployment
 * is read again: an older copy still shows the previous template, which is not someone
 * else's change.
 */
export async function sendRollback(
  api: KubeApi,
  target: RollbackTarget,
  latest: Workload | undefined,
  cause: string,
  change: ChangeRecord,
  attempts = 3,
): Promise<RollbackSent> {
  const { namespace, name } = target
  const kind = target.kind ?? 'Deployment'
  const resource = RESOURCE_OF[kind]
  let current =
    latest && (latest.metadata.generation ?? 0) >= (target.patchedGeneration ?? 0)
      ? latest
      : undefined
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      current ??= await api.getWorkload(resource, namespace, name)
    } catch (err) {
      return {
        state: 'error',
        message: describeKubeError(err, { verb: 'get', resource, namespace, name }, api.server),
      }
    }
    if (!templatesEqual(current.spec?.template, target.applied)) {
      return {
        state: 'conflict',
        message: `${kind} ${namespace}/${name} was changed by someone else after dock2pod's patch (its pod template now runs ${images(current.spec?.template)}); not rolled back, so as not to overwrite that change.`,
      }
    }
    const body = rollbackPatch(
      target.previous,
      current.metadata.resourceVersion ?? '',
      cause,
      change,
    )
    try {
      const sent = await api.patchWorkload(resource, namespace, name, body)
      if (kind === 'StatefulSet') await deleteBrokenPods(api, current)
      return { state: 'sent', deployment: sent }
    } catch (err) {
      if (isKubeError(err, 409)) {
        // Written meanwhile (often only its status): read again and check the template.
        current = undefined
        continue
      }
      return {
        state: 'error',
        message: describeKubeError(err, { verb: 'patch', resource, namespace, name }, api.server),
      }
    }
  }
  return {
    state: 'conflict',
    message: `${kind} ${namespace}/${name} kept changing while dock2pod tried to roll it back (409 Conflict ${attempts} times); not rolled back.`,
  }
}

/**
 * A StatefulSet whose new Pod never becomes Ready waits for it forever, even once its
 * template is put back (Kubernetes' documented "forced rollback"): its not-Ready Pods of
 * the failed revision are deleted, each only while it is still that Pod (uid), and the
 * controller recreates them from the restored template. Ready Pods are left to the
 * controller's own rolling update. Best effort: a Pod that cannot be deleted leaves the
 * rollback's wait to report what still blocks it.
 */
async function deleteBrokenPods(api: KubeApi, failed: Workload): Promise<void> {
  const st = failed.status
  const revision = st?.updateRevision
  // Only a revision the controller has seen our template under is the failed one.
  if (!revision || (failed.metadata.generation ?? 0) > (st?.observedGeneration ?? 0)) return
  if (revision === st?.currentRevision && (st?.readyReplicas ?? 0) >= (failed.spec?.replicas ?? 1))
    return
  const namespace = failed.metadata.namespace ?? 'default'
  const selector = [
    selectorString(failed.spec?.selector),
    `${CONTROLLER_REVISION_HASH}=${revision}`,
  ]
    .filter(Boolean)
    .join(',')
  try {
    const pods = await api.list<Pod>('pods', namespace, { labelSelector: selector })
    for (const p of pods.items) {
      if (isPodReady(p) || p.metadata.deletionTimestamp || !p.metadata.name || !p.metadata.uid)
        continue
      await api.deletePod(namespace, p.metadata.name, p.metadata.uid).catch(() => undefined)
    }
  } catch {
    // The rollback's wait says what is left.
  }
}
