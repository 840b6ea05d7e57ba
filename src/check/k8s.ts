// Kubernetes YAML: workload manifests (multi-document, Helm-rendered or hand-written),
// kustomizations and Helm-style values files. Pure: parsed documents in, image uses out.
// Positions come from the YAML nodes; an image written through an alias is reported
// where its anchor's value is written, which is where a fix goes.
import type { LineCounter, Node } from 'yaml'
import type { ImageUse, PlaceKind } from './findings.ts'
import { hasVariables } from './variables.ts'
import {
  asSeq,
  entries,
  get,
  getEntry,
  isEmptyScalar,
  lineOf,
  scalarText,
  span,
  type Doc,
  type Span,
} from './yaml-nodes.ts'

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
}

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const

/** The `kind` of a document, when it has one. */
export function kindOf(doc: Doc): string | undefined {
  return scalarText(get(doc.contents, doc, 'kind'))
}

/** Image uses of one Kubernetes document: a workload, a List of them, or a Kustomization. */
export function scanK8sDocument(doc: Doc, lc: LineCounter): ImageUse[] {
  return scanObject(doc.contents as Node | undefined, doc, lc, 0)
}

function scanObject(node: Node | undefined, doc: Doc, lc: LineCounter, depth: number): ImageUse[] {
  const kind = scalarText(get(node, doc, 'kind'))
  if (!kind || depth > 4) return []
  if (kind === 'Kustomization') return scanKustomization(node, doc, lc)
  if (kind === 'List' || kind.endsWith('List')) {
    const items = asSeq(get(node, doc, 'items'), doc)
    return (items?.items ?? []).flatMap((item) => scanObject(item as Node, doc, lc, depth + 1))
  }
  const path = POD_SPEC_PATH[kind]
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

/**
 * kustomize's `images:` transformer. `newTag: latest` is mutable; a `newName` with no
 * newTag and no digest keeps whatever tag the manifests had, so it is reported as
 * untagged unless the new name carries its own tag or digest.
 */
export function scanKustomization(node: Node | undefined, doc: Doc, lc: LineCounter): ImageUse[] {
  const images = asSeq(get(node, doc, 'images'), doc)
  const uses: ImageUse[] = []
  images?.items.forEach((item, i) => {
    const nameNode = get(item, doc, 'name')
    const newNameNode = get(item, doc, 'newName')
    const newTagNode = get(item, doc, 'newTag')
    const digestNode = get(item, doc, 'digest')
    const name = scalarText(newNameNode) ?? scalarText(nameNode)
    if (!name) return
    const digest = scalarText(digestNode)
    const tag = scalarText(newTagNode)
    const where = `Kustomization images[${scalarText(nameNode) ?? i}]`
    if (digest) {
      const use = scalarUse(digestNode, doc, lc, 'kustomize-image', `${where}.digest`)
      if (use && !use.unresolved) uses.push({ ...use, image: `${stripTagged(name)}@${digest}` })
      return
    }
    if (tag !== undefined) {
      const use = scalarUse(newTagNode, doc, lc, 'kustomize-image', `${where}.newTag`)
      if (use) uses.push(use.unresolved ? use : { ...use, image: `${stripTagged(name)}:${tag}` })
      return
    }
    if (newNameNode) {
      const use = scalarUse(newNameNode, doc, lc, 'kustomize-image', `${where}.newName`)
      if (use) uses.push(use)
    }
  })
  return uses
}

function stripTagged(name: string): string {
  const at = name.indexOf('@')
  const base = at >= 0 ? name.slice(0, at) : name
  const slash = base.lastIndexOf('/')
  const colon = base.lastIndexOf(':')
  return colon > slash ? base.slice(0, colon) : base
}

/** Keys that hold an image in values files: `image`, `initImage`, `sidecar_image`, `proxy-image`. */
const IMAGE_KEY = /^(image|.*Image|.*[_-]image)$/

/**
 * Helm-style values: `image: repo:tag` scalars, and the common map shapes
 * `{registry?, repository, tag?, digest?}` (and `name` for repository). A map with a
 * repository and an empty or missing tag is reported as untagged (the chart fills in
 * something else, often :latest); `tag: latest` as :latest.
 */
export function scanHelmValues(doc: Doc, lc: LineCounter): ImageUse[] {
  const uses: ImageUse[] = []
  const seen = new Set<Node>()
  const walk = (node: Node | undefined, path: string, depth: number) => {
    if (!node || depth > 40 || seen.has(node)) return
    seen.add(node)
    const seq = asSeq(node, doc)
    if (seq) {
      seq.items.forEach((item, i) => walk(item as Node, `${path}[${i}]`, depth + 1))
      return
    }
    for (const e of entries(node, doc)) {
      const here = path ? `${path}.${e.key}` : e.key
      if (IMAGE_KEY.test(e.key)) {
        const keyLine = lineOf(e.keyNode, lc)
        if (scalarText(e.value) !== undefined) {
          const use = scalarUse(e.value, doc, lc, 'helm-values', here)
          if (use) uses.push(use)
          continue
        }
        const use = imageMapUse(e.value, doc, lc, here, keyLine)
        if (use) {
          uses.push(use)
          continue
        }
      }
      walk(e.value, here, depth + 1)
    }
  }
  walk(doc.contents as Node | undefined, '', 0)
  return uses
}

function imageMapUse(
  node: Node | undefined,
  doc: Doc,
  lc: LineCounter,
  path: string,
  keyLine: number,
): ImageUse | undefined {
  const repoEntry = getEntry(node, doc, 'repository') ?? getEntry(node, doc, 'name')
  const repository = scalarText(repoEntry?.value)?.trim()
  if (!repoEntry?.value || !repository) return undefined
  const registry = scalarText(get(node, doc, 'registry'))?.trim()
  const tagEntry = getEntry(node, doc, 'tag')
  const digestNode = get(node, doc, 'digest')
  const digest = scalarText(digestNode)?.trim()
  const name = `${registry ? `${registry}/` : ''}${repository}`
  if (hasVariables(name)) {
    return scalarUse(repoEntry.value, doc, lc, 'helm-values', `${path}.${repoEntry.key}`, [keyLine])
  }
  if (digest) {
    const use = scalarUse(digestNode, doc, lc, 'helm-values', `${path}.digest`, [keyLine])
    return use && !use.unresolved
      ? { ...use, image: `${name}@${digest.includes(':') ? digest : `sha256:${digest}`}` }
      : use
  }
  const tag =
    tagEntry && !isEmptyScalar(tagEntry.value) ? scalarText(tagEntry.value)?.trim() : undefined
  if (tag) {
    const use = scalarUse(tagEntry!.value, doc, lc, 'helm-values', `${path}.tag`, [keyLine])
    return use && !use.unresolved ? { ...use, image: `${name}:${tag}` } : use
  }
  // No tag: point at an empty `tag:` when it is written, else at the repository.
  const pos = tagEntry
    ? joinSpans(span(tagEntry.keyNode, lc), tagEntry.value, lc)
    : span(repoEntry.value, lc)
  return {
    ...pos,
    image: name,
    kind: 'helm-values',
    place: `${path}.${tagEntry ? 'tag' : repoEntry.key}${tagEntry ? ' (empty)' : ' (no tag)'}`,
    ignoreAbove: [keyLine],
  }
}

/** From the start of `from` to the end of `to` (the whole `tag: ""`). */
function joinSpans(from: Span, to: Node | undefined, lc: LineCounter): Span {
  if (!to?.range) return from
  const e = lc.linePos(to.range[1])
  return e.line === from.line && e.col > from.column
    ? { ...from, endLine: e.line, endColumn: e.col }
    : from
}
