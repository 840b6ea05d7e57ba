// A refused apply as one sentence. A field conflict names the field manager that owns
// the field, as the API server's Status causes say (`conflict with "kubectl-edit" using
// apps/v1: .spec.replicas`). Pure.
import type { Resource } from '../kube/api.ts'
import { describeKubeError } from '../kube/describe-error.ts'
import { KubeError } from '../kube/errors.ts'
import { cut, LIMITS } from '../util/bounds.ts'

export interface Target {
  kind: string
  /** The plural, as discovery names it (for a 403's advice). */
  resource: string
  namespace?: string
  name: string
}

/** The managers a 409 from server-side apply names, each once, in order. */
export function conflictManagers(err: KubeError): string[] {
  const out: string[] = []
  for (const c of err.status?.details?.causes ?? []) {
    const m = /conflict with "([^"]*)"/.exec(c.message ?? '')
    if (m && !out.includes(m[1]!)) out.push(m[1]!)
  }
  if (out.length === 0) {
    for (const m of (err.status?.message ?? err.message).matchAll(/conflict with "([^"]*)"/g))
      if (!out.includes(m[1]!)) out.push(m[1]!)
  }
  return out
}

export function describeApplyError(err: unknown, t: Target, server: string): string {
  const id = `${t.kind} ${t.namespace ? `${t.namespace}/` : ''}${t.name}`
  if (err instanceof KubeError && err.code === 409) {
    const managers = conflictManagers(err)
    const fields = (err.status?.details?.causes ?? [])
      .map((c) => c.field)
      .filter((f): f is string => Boolean(f))
    if (managers.length)
      return cut(
        `${id}: field conflict: ${fields.length ? fields.join(', ') : 'a field'} ${fields.length > 1 ? 'are' : 'is'} owned by field manager ${managers.map((m) => `"${m}"`).join(', ')}. Nothing was forced. Set force-conflicts: true to take ${fields.length > 1 ? 'these fields' : 'it'} for dock2pod, or remove ${fields.length > 1 ? 'them' : 'it'} from the manifest.`,
        2 * LIMITS.quotedLine,
      )
  }
  if (err instanceof KubeError && (err.code === 400 || err.code === 422))
    return `The API server refused ${id}: ${err.status?.message ?? err.message}`
  return describeKubeError(
    err,
    { verb: 'patch', resource: t.resource as Resource, namespace: t.namespace ?? '', name: t.name },
    server,
  )
}
