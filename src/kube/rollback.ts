// Rollback: put a Deployment back on the pod template it had before dock2pod's patch.
// The patch carries the resourceVersion of the object we checked, so the API server
// refuses it (409) when anything wrote the Deployment in between; we then read it again,
// and roll back only while its template is still the one we set. A template someone
// else changed meanwhile is left alone, and the report says so.
import type { KubeApi } from './api.ts'
import { describeKubeError } from './describe-error.ts'
import { isKubeError } from './errors.ts'
import { rollbackPatch, type ChangeRecord } from './patch.ts'
import { templatesEqual } from './rollout-state.ts'
import type { Deployment, PodTemplateSpec } from './types.ts'

export interface RollbackTarget {
  namespace: string
  name: string
  /** The template before our patch. */
  previous: PodTemplateSpec
  /** The template our patch produced. */
  applied: PodTemplateSpec
}

export type RollbackSent =
  | { state: 'sent'; deployment: Deployment }
  | { state: 'conflict'; message: string }
  | { state: 'error'; message: string }

function images(t: PodTemplateSpec | undefined): string {
  return (t?.spec?.containers ?? []).map((c) => `${c.name}=${c.image ?? ''}`).join(', ')
}

/**
 * Send the rollback patch. `latest` is the newest copy we already hold (from the watch);
 * without one, or after a 409, the Deployment is read again.
 */
export async function sendRollback(
  api: KubeApi,
  target: RollbackTarget,
  latest: Deployment | undefined,
  cause: string,
  change: ChangeRecord,
  attempts = 3,
): Promise<RollbackSent> {
  const { namespace, name } = target
  let current = latest
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      current ??= await api.getDeployment(namespace, name)
    } catch (err) {
      return {
        state: 'error',
        message: describeKubeError(
          err,
          { verb: 'get', resource: 'deployments', namespace, name },
          api.server,
        ),
      }
    }
    if (!templatesEqual(current.spec?.template, target.applied)) {
      return {
        state: 'conflict',
        message: `Deployment ${namespace}/${name} was changed by someone else after dock2pod's patch (its pod template now runs ${images(current.spec?.template)}); not rolled back, so as not to overwrite that change.`,
      }
    }
    const body = rollbackPatch(
      target.previous,
      current.metadata.resourceVersion ?? '',
      cause,
      change,
    )
    try {
      return { state: 'sent', deployment: await api.patchDeployment(namespace, name, body) }
    } catch (err) {
      if (isKubeError(err, 409)) {
        // Written meanwhile (often only its status): read again and check the template.
        current = undefined
        continue
      }
      return {
        state: 'error',
        message: describeKubeError(
          err,
          { verb: 'patch', resource: 'deployments', namespace, name },
          api.server,
        ),
      }
    }
  }
  return {
    state: 'conflict',
    message: `Deployment ${namespace}/${name} kept changing while dock2pod tried to roll it back (409 Conflict ${attempts} times); not rolled back.`,
  }
}
