// The bodies of the two changes dock2pod makes to a Deployment, as pure functions.
// Both are strategic-merge patches (application/strategic-merge-patch+json). The record
// of who changed what goes on the Deployment's own metadata, never on the pod template:
// a template annotation would make the template differ from the old ReplicaSet's, and a
// rollback could then not reuse it.
import type { PodTemplateSpec } from './types.ts'

export const CHANGE_CAUSE = 'kubernetes.io/change-cause'
export const COMMIT_ANNOTATION = 'dock2pod.io/commit'
export const RUN_ANNOTATION = 'dock2pod.io/run-url'

/** Who made the change: recorded on the Deployment for `kubectl rollout history`. */
export interface ChangeRecord {
  commit: string
  runUrl: string
}

function changeAnnotations(cause: string, change: ChangeRecord): Record<string, string> {
  return {
    [CHANGE_CAUSE]: cause,
    ...(change.commit ? { [COMMIT_ANNOTATION]: change.commit } : {}),
    ...(change.runUrl ? { [RUN_ANNOTATION]: change.runUrl } : {}),
  }
}

/**
 * Set `image` on the named containers. With `resourceVersion`, the API server refuses
 * (409) when the Deployment changed since it was read, so the previous template we keep
 * for a rollback is exactly the one replaced.
 */
export function imagePatch(
  containers: string[],
  image: string,
  change: ChangeRecord,
  resourceVersion?: string,
): Record<string, unknown> {
  const cause = `dock2pod: set image ${containers.join(', ')}=${image}${change.commit ? ` (commit ${change.commit.slice(0, 12)})` : ''}`
  return {
    metadata: {
      ...(resourceVersion ? { resourceVersion } : {}),
      annotations: changeAnnotations(cause, change),
    },
    spec: { template: { spec: { containers: containers.map((name) => ({ name, image })) } } },
  }
}

/**
 * Put the pod template back as it was, whole (`$patch: replace`: a merge would keep
 * anything added meanwhile), guarded by `resourceVersion`.
 */
export function rollbackPatch(
  previous: PodTemplateSpec,
  resourceVersion: string,
  cause: string,
  change: ChangeRecord,
): Record<string, unknown> {
  return {
    metadata: { resourceVersion, annotations: changeAnnotations(cause, change) },
    spec: { template: { ...structuredClone(previous), $patch: 'replace' } },
  }
}

/** The image each named container runs in a template (for `previous-image`). */
export function containerImages(
  template: PodTemplateSpec | undefined,
  names: string[],
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const c of template?.spec?.containers ?? []) {
    if (names.includes(c.name)) out[c.name] = c.image ?? ''
  }
  return out
}
