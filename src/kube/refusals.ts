// Workloads dock2pod refuses before anything is built: pure, from the object as read.
import type { Deployment } from './types.ts'

/**
 * Why this Deployment cannot be rolled out by a patch, or undefined. A paused
 * Deployment takes the patch but starts no rollout: the wait could only time out.
 */
export function refusalOf(d: Deployment): string | undefined {
  const ns = d.metadata.namespace ?? 'default'
  const name = d.metadata.name ?? ''
  if (d.spec?.paused)
    return `Input 'deployment': Deployment ${ns}/${name} is paused (spec.paused): a new image would not roll out. Resume it first (kubectl rollout resume deployment/${name} --namespace ${ns}), or leave it out of deployment.`
  return undefined
}
