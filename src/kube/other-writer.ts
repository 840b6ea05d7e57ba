// Another writer: while dock2pod waits for its rollout, someone else (a person with
// kubectl, a GitOps controller, another pipeline, an autoscaler) changes the workload's
// spec. The generation then moves past the one dock2pod's write produced, and the
// rollout being watched is no longer dock2pod's. Pure: given the object as dock2pod's
// patch (or apply, or rollback) left it and the object now, say who wrote since
// (`metadata.managedFields`) and which fields of the spec differ. rollout.ts ends the
// wait with it; outcome.ts keeps the workload out of the rollback. A change that leaves
// the Pod template as dock2pod wrote it (a scale by an autoscaler) is not one.
import { cut } from '../util/bounds.ts'
import type { Diagnosis } from './diagnose.ts'
import type { ManagedFieldsEntry, Workload } from './types.ts'
import type { WorkloadKind } from './workload.ts'

/** A field manager whose entry changed after dock2pod's write. */
export interface Writer {
  manager: string
  /** `Update` or `Apply`. */
  operation: string
  /** RFC 3339, seconds: when that manager last changed the object. */
  time?: string
  /** `scale` for `kubectl scale` or an autoscaler. */
  subresource?: string
}

/** A field of the spec, as dock2pod left it and as it is now. */
export interface FieldChange {
  /** `spec.replicas`, `spec.template.spec.containers[web].image`. */
  field: string
  ours: string
  theirs: string
}

export interface OtherWrite {
  /** The generation dock2pod's write produced. */
  ourGeneration: number
  generation: number
  /** Oldest first; empty when managedFields name nobody (a server that keeps none). */
  writers: Writer[]
  changes: FieldChange[]
}

/** How many changed fields a report lists; the rest are counted. */
export const MAX_CHANGES = 8
/** A value longer than this is cut (an image reference pinned by digest fits). */
const MAX_VALUE = 300

const entryKey = (e: ManagedFieldsEntry) =>
  `${e.manager ?? ''}\u0000${e.operation ?? ''}\u0000${e.subresource ?? ''}`

/** Whether a managedFields entry owns anything under `spec`. */
function ownsSpec(e: ManagedFieldsEntry): boolean {
  const f = e.fieldsV1
  return typeof f === 'object' && f !== null && 'f:spec' in f
}

/**
 * Who changed the workload's spec after dock2pod's write, and what: undefined while the
 * generation is the one `ours` carries. Writers are the managedFields entries (status
 * aside) that own part of the spec and are new or changed since `ours`; dock2pod's own
 * manager counts too (another run of dock2pod is another writer).
 */
export function otherWrite(ours: Workload, now: Workload): OtherWrite | undefined {
  const ourGeneration = ours.metadata.generation
  const generation = now.metadata.generation
  if (ourGeneration === undefined || generation === undefined) return undefined
  if (ours.metadata.uid && now.metadata.uid && ours.metadata.uid !== now.metadata.uid)
    return undefined
  if (generation <= ourGeneration) return undefined
  // A scale (by hand or by an autoscaler), a new strategy or deadline: what rolls out is
  // still dock2pod's template, so the wait goes on. Only a change of the Pod template, or
  // a pause, makes the rollout someone else's.
  if (whatRollsOut(ours) === whatRollsOut(now)) return undefined
  const changes = specChanges(ours.spec, now.spec)
  const before = new Map((ours.metadata.managedFields ?? []).map((e) => [entryKey(e), e]))
  const writers = (now.metadata.managedFields ?? [])
    .filter((e) => e.subresource !== 'status' && ownsSpec(e))
    .filter((e) => {
      const b = before.get(entryKey(e))
      return !b || b.time !== e.time || JSON.stringify(b.fieldsV1) !== JSON.stringify(e.fieldsV1)
    })
    .map((e): Writer => ({
      manager: e.manager ?? '(no manager)',
      operation: e.operation ?? 'Update',
      ...(e.time ? { time: e.time } : {}),
      ...(e.subresource ? { subresource: e.subresource } : {}),
    }))
    .sort((a, b) => (a.time ?? '').localeCompare(b.time ?? ''))
  return { ourGeneration, generation, writers, changes }
}

/** What decides what rolls out: the Pod template, and whether the rollout is paused. */
const whatRollsOut = (w: Workload) => JSON.stringify([w.spec?.template, w.spec?.paused ?? false])

function render(v: unknown): string {
  if (v === undefined) return '(none)'
  return cut(typeof v === 'string' ? v : JSON.stringify(v), MAX_VALUE)
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** A list whose items are objects with a `name`: containers, env, ports, volumes. */
const isNamedList = (v: unknown): v is Record<string, unknown>[] =>
  Array.isArray(v) && v.length > 0 && v.every((x) => isObject(x) && typeof x.name === 'string')

/**
 * The fields that differ between two specs, deepest first found: objects key by key,
 * lists of named items by name (`containers[web]`), anything else as a whole value.
 */
export function specChanges(ours: unknown, theirs: unknown, path = 'spec'): FieldChange[] {
  const out: FieldChange[] = []
  const walk = (a: unknown, b: unknown, at: string) => {
    if (JSON.stringify(a) === JSON.stringify(b)) return
    if (isObject(a) && isObject(b)) {
      for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort())
        walk(a[k], b[k], `${at}.${k}`)
      return
    }
    if ((isNamedList(a) || a === undefined) && (isNamedList(b) || b === undefined) && (a || b)) {
      const byName = (l: Record<string, unknown>[] | undefined) =>
        new Map((l ?? []).map((x) => [x.name as string, x]))
      const [ma, mb] = [byName(a), byName(b)]
      for (const n of [...new Set([...ma.keys(), ...mb.keys()])])
        walk(ma.get(n), mb.get(n), `${at}[${n}]`)
      return
    }
    out.push({ field: at, ours: render(a), theirs: render(b) })
  }
  walk(ours, theirs, path)
  return out
}

/** `ops-team (Update at 2026-11-26T07:01:02Z)`, `kubectl (Update of scale at …)`. */
export function describeWriter(w: Writer): string {
  const what = `${w.operation}${w.subresource ? ` of ${w.subresource}` : ''}`
  return `${w.manager} (${what}${w.time ? ` at ${w.time}` : ''})`
}

/** The wait's failure when another writer changed the workload: who, what, and no rollback. */
export function otherWriterDiagnosis(
  kind: WorkloadKind,
  namespace: string,
  name: string,
  w: OtherWrite,
): Diagnosis {
  const who = w.writers.length
    ? w.writers.map(describeWriter).join(', ')
    : 'a writer its metadata.managedFields do not name'
  const changes = w.changes.slice(0, MAX_CHANGES).map((c) => `${c.field}: ${c.ours} → ${c.theirs}`)
  if (w.changes.length > MAX_CHANGES)
    changes.push(`… and ${w.changes.length - MAX_CHANGES} more fields`)
  return {
    reason: 'ChangedByAnotherWriter',
    message: `${kind} ${namespace}/${name} was changed by ${who} while dock2pod waited for its rollout: generation ${w.generation}, past the ${w.ourGeneration} of dock2pod's change. dock2pod stopped waiting, since what rolls out now is not its own.`,
    ...(changes.length ? { changes } : {}),
    hint: `find out who else writes this ${kind} (a GitOps controller such as Argo CD or Flux, an autoscaler, another pipeline or a person with kubectl: the field managers above) and let one of them own its image; a \`concurrency:\` group serialises runs of this workflow. Then run again.`,
  }
}
