// A refused call to the cluster as one sentence for the error annotation: the verb, the
// resource, the namespace and the fix (for 403, the Role of examples/rbac.yaml).
import type { Resource } from './api.ts'
import { cut, LIMITS } from '../util/bounds.ts'
import { KubeError } from './errors.ts'

const GROUP: Record<string, string> = {
  deployments: 'deployments.apps',
  statefulsets: 'statefulsets.apps',
  daemonsets: 'daemonsets.apps',
  replicasets: 'replicasets.apps',
  pods: 'pods',
  'pods/log': 'pods/log',
  events: 'events',
}

export interface Attempt {
  verb: 'get' | 'list' | 'watch' | 'patch' | 'delete'
  resource: Resource | 'pods/log'
  namespace: string
  name?: string
}

/** The least-privilege Role for deploy mode, checked against dock2pod's requests by a test. */
export const RBAC_EXAMPLE_URL = 'https://github.com/acme/dock2pod/blob/v1/examples/rbac.yaml'

/** What the wait needs besides get and patch on the Deployment (examples/rbac.yaml). */
export const WAIT_ACCESS: readonly Omit<Attempt, 'namespace'>[] = [
  { verb: 'list', resource: 'deployments' },
  { verb: 'watch', resource: 'deployments' },
  { verb: 'list', resource: 'replicasets' },
  { verb: 'watch', resource: 'replicasets' },
  { verb: 'list', resource: 'pods' },
  { verb: 'watch', resource: 'pods' },
  { verb: 'list', resource: 'events' },
  { verb: 'watch', resource: 'events' },
  { verb: 'get', resource: 'pods/log' },
]

/** The sentence for permissions the API server's authorizer says the user lacks. */
export function describeDenied(denied: Attempt[]): string {
  const namespace = denied[0]!.namespace
  const what = denied.map((d) => `${d.verb} ${GROUP[d.resource] ?? d.resource}`).join(', ')
  return `Forbidden: the kubeconfig's user may not ${what} in namespace "${namespace}" (the API server's answer to an access review), which the wait needs to follow the rollout and diagnose a failure. Nothing was changed. Apply the Role and RoleBinding of dock2pod's examples/rbac.yaml (${RBAC_EXAMPLE_URL}) in namespace "${namespace}", bound to that user or service account: it grants exactly what dock2pod needs, and nothing cluster-wide.`
}

/** A sentence for the error annotation: what was refused, why, and the fix. */
export function describeKubeError(err: unknown, what: Attempt, server: string): string {
  const resource = GROUP[what.resource] ?? what.resource
  const target = `${resource}${what.name ? ` "${what.name}"` : ''} in namespace "${what.namespace}"`
  if (!(err instanceof KubeError)) return err instanceof Error ? err.message : String(err)
  const said = err.status?.message
    ? ` The API server said: ${cut(err.status.message, 2 * LIMITS.quotedLine)}`
    : ''
  switch (err.code) {
    case 0:
      return `Cannot reach the cluster at ${server}: ${err.message}. Check the kubeconfig's server address and that this runner can reach it (a private cluster needs a self-hosted runner or a tunnel).`
    case 401:
      return `The cluster at ${server} refused the credentials (401 Unauthorized) when we tried to ${what.verb} ${target}: the token or client certificate in the kubeconfig is invalid or has expired. Refresh the kubeconfig (or the step that writes it, e.g. azure/k8s-set-context, aws eks update-kubeconfig, google-github-actions/get-gke-credentials).${said}`
    case 403:
      return `Forbidden (403): the kubeconfig's user may not ${what.verb} ${target}. Apply the Role and RoleBinding of dock2pod's examples/rbac.yaml (${RBAC_EXAMPLE_URL}) in namespace "${what.namespace}", bound to that user or service account: it grants exactly what dock2pod needs, and nothing cluster-wide.${said}`
    case 404:
      return `Not found (404): ${target} does not exist on ${server}.${said}`
    case 409:
      return `Conflict (409) on ${target}: it was changed by someone else meanwhile.${said}`
    case 429:
      return `The API server kept throttling us (429 Too Many Requests) on ${target}.${said}`
    default:
      return `The API server answered ${err.code}${err.reason ? ` ${err.reason}` : ''} when we tried to ${what.verb} ${target}.${said || ` ${err.message}`}`
  }
}
