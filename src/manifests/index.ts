// `manifests`: before the build, read, place and dry-run every object (so a bad manifest,
// a conflict or a missing permission fails before an image is pushed, on its file and
// line); after the build, apply them server-side in order with the pushed image pinned.
// The wait and the rollback of the workloads among them are kube/index.ts's.
import { formatReference, type ImageReference } from '../image/reference.ts'
import type { KubeApi } from '../kube/api.ts'
import { isKubeError } from '../kube/errors.ts'
import type { Workload } from '../kube/types.ts'
import { WORKLOAD_KINDS, type WorkloadKind } from '../kube/workload.ts'
import { AnnotatedError } from '../report/annotated-error.ts'
import { cut, LIMITS } from '../util/bounds.ts'
import { conflictManagers, describeApplyError } from './conflict.ts'
import { loadManifests } from './load.ts'
import { applyOrder } from './order.ts'
import { ManifestError, parseManifests, type ManifestObject } from './parse.ts'
import { pinImages } from './rewrite.ts'

/**
 * Server-side apply that takes back fields only dock2pod itself holds: its image patches
 * and rollbacks (`deployment`, or a rollback of an applied workload) write as manager
 * `dock2pod` with operation Update, which the API server counts as another manager
 * (seen on kube-apiserver 1.34: the apply after a rollback conflicts with "dock2pod").
 * A conflict with anyone else stands.
 */
async function applyTakingOwn(
  api: KubeApi,
  path: string,
  obj: unknown,
  opts: { dryRun?: boolean; force: boolean },
): Promise<unknown> {
  try {
    return await api.applyObject(path, obj, opts)
  } catch (err) {
    const managers = isKubeError(err, 409) ? conflictManagers(err) : []
    if (!opts.force && managers.length > 0 && managers.every((m) => m === 'dock2pod'))
      return api.applyObject(path, obj, { ...opts, force: true })
    throw err
  }
}

export interface PlannedObject extends ManifestObject {
  /** Undefined for cluster-scoped objects. */
  namespace?: string
  resource: string
  /** Its API path. */
  path: string
}

export interface ManifestPlan {
  objects: PlannedObject[]
  repo: ImageReference
  force: boolean
}

/** `Kind namespace/name`, or `Kind name` when cluster-scoped. */
export const objectId = (o: {
  obj: { kind: string; metadata: { name: string } }
  namespace?: string
}) => `${o.obj.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.obj.metadata.name}`

function annotated(message: string, o: { file: string; line?: number }): AnnotatedError {
  return new AnnotatedError(message, {
    title: 'manifests',
    file: o.file,
    ...(o.line ? { startLine: o.line } : {}),
  })
}

/** Read, place and dry-run every object. Throws InputError or AnnotatedError. */
export async function prepareManifests(
  lines: string[],
  force: boolean,
  api: KubeApi,
  defaultNamespace: string,
  image: ImageReference,
): Promise<ManifestPlan> {
  const loaded = await loadManifests(lines)
  let parsed: ManifestObject[]
  try {
    parsed = [...parseManifests(loaded.files), ...parseManifests(loaded.rendered, true)]
  } catch (err) {
    if (err instanceof ManifestError) throw annotated(err.message, err)
    throw err
  }
  if (parsed.length === 0)
    throw annotated('The manifests hold no object to apply.', { file: lines[0] ?? '' })
  if (parsed.length > LIMITS.manifestObjects)
    throw annotated(`The manifests hold more than ${LIMITS.manifestObjects} objects.`, parsed[0]!)

  const objects: PlannedObject[] = []
  for (const m of parsed) {
    const { apiVersion, kind } = m.obj
    const where = `${m.file}${m.line ? `:${m.line}` : ''}`
    const r = await api.resourceFor(apiVersion, kind)
    if (!r)
      throw annotated(
        `${where}: the cluster serves no ${cut(kind, 100)} in ${cut(apiVersion, 100)} (a typo, or a custom resource whose definition is not installed yet).`,
        m,
      )
    const obj = structuredClone(m.obj)
    const namespace = r.namespaced ? (obj.metadata.namespace ?? defaultNamespace) : undefined
    if (namespace) obj.metadata.namespace = namespace
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`
    const path = `${base}${namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/${r.resource}/${encodeURIComponent(obj.metadata.name)}`
    objects.push({ ...m, obj, ...(namespace ? { namespace } : {}), resource: r.resource, path })
  }
  const ordered = applyOrder(objects)
  const seen = new Set<string>()
  for (const o of ordered) {
    if (seen.has(o.path)) throw annotated(`${objectId(o)} is given twice in the manifests.`, o)
    seen.add(o.path)
  }

  // Namespaces the set itself creates: a dry run of what goes into them cannot find them
  // yet (nothing is created by a dry run), as with `kubectl apply --dry-run=server`.
  const newNamespaces = new Set(
    ordered
      .filter((o) => o.obj.kind === 'Namespace' && o.obj.apiVersion === 'v1')
      .map((o) => o.obj.metadata.name),
  )
  const probe = formatReference(image)
  for (const o of ordered) {
    try {
      await applyTakingOwn(api, o.path, pinImages(o.obj, image, probe).obj, {
        dryRun: true,
        force,
      })
    } catch (err) {
      if (
        isKubeError(err, 404) &&
        o.namespace &&
        newNamespaces.has(o.namespace) &&
        err.status?.details?.kind === 'namespaces'
      )
        continue
      const where = `${o.file}${o.line ? `:${o.line}` : ''}`
      throw annotated(
        `${where}: ${describeApplyError(err, { kind: o.obj.kind, resource: o.resource, ...(o.namespace ? { namespace: o.namespace } : {}), name: o.obj.metadata.name }, api.server)} (server-side dry run; nothing was built, pushed or applied)`,
        o,
      )
    }
  }
  return { objects: ordered, repo: image, force }
}

export interface AppliedWorkload {
  kind: WorkloadKind
  namespace: string
  name: string
  /** Containers whose image was set. */
  containers: string[]
  /** The object before the apply; undefined when the apply created it. */
  before?: Workload
  after: Workload
}

export interface ApplyResult {
  /** One line per object: `ConfigMap shop/settings created`. */
  lines: string[]
  /** Objects the apply created. */
  created: string[]
  workloads: AppliedWorkload[]
}

/** The apply failed part-way: what was applied stays, and is listed. */
export class ApplyError extends Error {
  override name = 'ApplyError'
  readonly result: ApplyResult
  readonly annotation: AnnotatedError
  constructor(annotation: AnnotatedError, result: ApplyResult) {
    super(annotation.message)
    this.annotation = annotation
    this.result = result
  }
}

const isWorkload = (o: PlannedObject) =>
  o.obj.apiVersion === 'apps/v1' && (WORKLOAD_KINDS as readonly string[]).includes(o.obj.kind)

/** Apply every object in order, the pushed image pinned; stops at the first refusal. */
export async function applyManifests(
  plan: ManifestPlan,
  api: KubeApi,
  imageRef: string,
  log: (line: string) => void,
): Promise<ApplyResult> {
  const result: ApplyResult = { lines: [], created: [], workloads: [] }
  for (const o of plan.objects) {
    const { obj: pinned, changed } = pinImages(o.obj, plan.repo, imageRef)
    try {
      let before: unknown
      try {
        before = await api.getObject(o.path)
      } catch (err) {
        if (!isKubeError(err, 404)) throw err
      }
      const after = await applyTakingOwn(api, o.path, pinned, { force: plan.force })
      const meta = (x: unknown) => (x as { metadata?: { resourceVersion?: string } }).metadata
      const state = !before
        ? 'created'
        : meta(before)?.resourceVersion === meta(after)?.resourceVersion
          ? 'unchanged'
          : 'configured'
      const line = `${objectId(o)} ${state}`
      result.lines.push(line)
      if (state === 'created') result.created.push(objectId(o))
      log(line)
      if (isWorkload(o)) {
        const containers = [
          ...new Set(
            changed
              .map((p) => /\.containers\[([^\]]*)\]$/.exec(p)?.[1])
              .filter((c): c is string => Boolean(c)),
          ),
        ]
        result.workloads.push({
          kind: o.obj.kind as WorkloadKind,
          namespace: o.namespace ?? '',
          name: o.obj.metadata.name,
          containers,
          ...(before ? { before: before as Workload } : {}),
          after: after as Workload,
        })
      }
    } catch (err) {
      const where = `${o.file}${o.line ? `:${o.line}` : ''}`
      throw new ApplyError(
        annotated(
          `${where}: ${describeApplyError(err, { kind: o.obj.kind, resource: o.resource, ...(o.namespace ? { namespace: o.namespace } : {}), name: o.obj.metadata.name }, api.server)}`,
          o,
        ),
        result,
      )
    }
  }
  return result
}
