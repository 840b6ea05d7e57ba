// Kubernetes YAML: workload manifests (multi-document, Helm-rendered or hand-written).
// Pure: parsed documents in, image uses out. Kustomizations are kustomize.ts's, values
// files helm.ts's.
// Positions come from the YAML nodes; an image written through an alias is reported
// where its anchor's value is written, which is where a fix goes.
import type { LineCounter, Node } from 'yaml'
import type { ImageUse, PlaceKind } from './findings.ts'
import { hasVariables } from './variables.ts'
import { asSeq, get, getEntry, scalarText, span, type Doc } from './yaml-nodes.ts'

/** Where the pod spec sits in each workload kind. */
const POD_SPEC_PATH: Record<string, string[]> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  // Argo Rollouts keep the Deployment's shape.
  Rollout: ['spec', 'template', 'spec'],
  // OpenShift's DeploymentConfig, and KEDA's ScaledJob (a Job template of its own).
  DeploymentConfig: ['spec', 'template', 'spec'],
  ScaledJob: ['spec', 'jobTargetRef', 'template', 'spec'],
}

/** Kinds whose name core Kubernetes also uses for something else, by their API group. */
const GROUP_POD_SPEC_PATH: Record<string, Record<string, string[]>> = {
  // A Knative Service runs containers; a core Service does not.
  'serving.knative.dev': { Service: ['spec', 'template', 'spec'] },
}

/** Where the pod spec sits in a document of this kind and apiVersion, if it has one. */
function podSpecPath(kind: string, apiVersion: string | undefined): string[] | undefined {
  // Own keys only: a document of kind `constructor` is no workload.
  const own = (table: Record<string, string[]>) =>
    Object.hasOwn(table, kind) ? table[kind] : undefined
  const group = apiVersion?.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : ''
  const byGroup = Object.hasOwn(GROUP_POD_SPEC_PATH, group) ? GROUP_POD_SPEC_PATH[group] : undefined
  return (byGroup && own(byGroup)) ?? own(POD_SPEC_PATH)
}

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const

/** `image: ko://github.com/acme/app/cmd/server`: a Go import path ko builds. */
const KO_SCHEME = 'ko://'

/** The `kind` of a document, when it has one. */
export function kindOf(doc: Doc): string | undefined {
  return scalarText(get(doc.contents, doc, 'kind'))
}

/** Image uses of one Kubernetes document: a workload, or a List of them. */
export function scanK8sDocument(doc: Doc, lc: LineCounter): ImageUse[] {
  return scanObject(doc.contents as Node | undefined, doc, lc, 0)
}

function scanObject(node: Node | undefined, doc: Doc, lc: LineCounter, depth: number): ImageUse[] {
  const kind = scalarText(get(node, doc, 'kind'))
  if (!kind || depth > 4) return []
  if (kind === 'List' || kind.endsWith('List')) {
    const items = asSeq(get(node, doc, 'items'), doc)
    return (items?.items ?? []).flatMap((item) => scanObject(item as Node, doc, lc, depth + 1))
  }
  const path = podSpecPath(kind, scalarText(get(node, doc, 'apiVersion')))
  if (!path) return []
  let spec: Node | undefined = node
  for (const key of path) spec = get(spec, doc, key)
  if (!spec) return []
  const name = scalarText(get(get(node, doc, 'metadata'), doc, 'name'))
  const owner = `${kind}${name ? `/${name}` : ''}`
  const uses: ImageUse[] = []
  for (const list of CONTAINER_LISTS) {
    const seq = asSeq(get(spec, doc, list), doc)
    seq?.items.forEach((container, i) => {
      const image = getEntry(container, doc, 'image')
      const cname = scalarText(get(container, doc, 'name'))
      const where = `${owner} ${[...path, list].join('.')}[${cname ?? i}].image`
      // ko builds a ko:// import path and writes the image it pushed, by digest.
      if (scalarText(image?.value)?.trim().startsWith(KO_SCHEME)) return
      const use = scalarUse(image?.value, doc, lc, 'k8s-container', where)
      if (use) uses.push(use)
    })
  }
  return uses
}

/** A use for a scalar holding a whole reference; undefined when it is not a non-empty string. */
export function scalarUse(
  node: Node | undefined,
  _doc: Doc,
  lc: LineCounter,
  kind: PlaceKind,
  place: string,
  ignoreAbove: number[] = [],
): ImageUse | undefined {
  const text = scalarText(node)?.trim()
  if (!node || !text) return undefined
  const pos = span(node, lc)
  if (hasVariables(text)) {
    return {
      ...pos,
      image: text,
      written: text,
      kind,
      place,
      unresolved: 'it is filled in by a variable or a template when deployed',
      ignoreAbove,
    }
  }
  return { ...pos, image: text, kind, place, ignoreAbove }
}
