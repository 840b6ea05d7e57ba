// kustomize: the `images:` transformer of a Kustomization or a Component, and what the
// resources it builds on hold. Pure: parsed documents and the references of the
// resources in, image uses out. Reading the resources is context.ts's job.
//
// `newTag: latest` is mutable. An entry with `newName` and no `newTag` and no `digest`
// keeps the tag each matching reference already has, so it is judged against the
// references of the kustomization's resources (after their own kustomizations and the
// components): `newName: mirror/web` over a base's `web:latest` is `mirror/web:latest`.
// With no matching reference to read (a remote base, none named so), it is not reported.
//
// The other way round, a manifest's reference is what the kustomizations that build on
// it make of it: `image: web` in a base is no mutable reference when every overlay
// (every kustomization that nothing else builds on) pins it, with a digest or a tag
// other than latest. Then the entries that pin it are judged where they are written
// (deny-tags too), and the manifest's line says nothing.
import type { LineCounter, Node } from 'yaml'
import type { ImageUse } from './findings.ts'
import { scalarUse } from './k8s.ts'
import { asSeq, get, scalarText, type Doc } from './yaml-nodes.ts'

/** Kinds read as kustomizations: `images:`, `resources:`, `components:`. */
export const KUSTOMIZE_KINDS = new Set(['Kustomization', 'Component'])

export interface ImageEntry {
  name: string
  newName?: string
  newTag?: string
  digest?: string
}

/** The name kustomize matches an `images:` entry against: the reference without tag or digest. */
export function imageName(ref: string): string {
  const at = ref.indexOf('@')
  const base = at >= 0 ? ref.slice(0, at) : ref
  const slash = base.lastIndexOf('/')
  const colon = base.lastIndexOf(':')
  return colon > slash ? base.slice(0, colon) : base
}

/** The `:tag`, `@digest` or `:tag@digest` a reference carries after its name. */
function suffixOf(ref: string): string {
  return ref.slice(imageName(ref).length)
}

/** One item of `images:`; undefined without a name. */
function entryOf(item: unknown, doc: Doc): ImageEntry | undefined {
  const name = scalarText(get(item, doc, 'name'))?.trim()
  if (!name) return undefined
  const field = (k: string) => {
    const v = scalarText(get(item, doc, k))?.trim()
    return v ? { [k]: v } : {}
  }
  return { name, ...field('newName'), ...field('newTag'), ...field('digest') }
}

const isEntry = (e: ImageEntry | undefined): e is ImageEntry => e !== undefined

/** The `images:` entries of a kustomization, in order. */
export function imageEntries(node: Node | undefined, doc: Doc): ImageEntry[] {
  return (asSeq(get(node, doc, 'images'), doc)?.items ?? [])
    .map((i) => entryOf(i, doc))
    .filter(isEntry)
}

/** `resources:` (and the older `bases:`), then `components:`, as written. */
export function kustomizeRefs(
  node: Node | undefined,
  doc: Doc,
): { resources: string[]; components: string[] } {
  const list = (key: string) =>
    (asSeq(get(node, doc, key), doc)?.items ?? [])
      .map((i) => scalarText(i)?.trim())
      .filter((s): s is string => !!s)
  return { resources: [...list('resources'), ...list('bases')], components: list('components') }
}

/** One entry applied to one reference, as kustomize's images transformer does. */
function applyEntry(ref: string, e: ImageEntry): string {
  if (imageName(ref) !== e.name) return ref
  const name = e.newName ?? e.name
  if (e.digest) return `${name}@${e.digest}`
  if (e.newTag) return `${name}:${e.newTag}`
  return `${name}${suffixOf(ref)}`
}

/** The references after the entries, each applied in turn. */
export function applyImageEntries(refs: readonly string[], entries: ImageEntry[]): string[] {
  return refs.map((r) => entries.reduce(applyEntry, r))
}

/**
 * One way kustomize builds a manifest: the `images:` entries applied to its references,
 * innermost kustomization first, up to `root`, one that no other kustomization builds on.
 */
export interface KustomizeBuild {
  root: string
  entries: ImageEntry[]
}

/**
 * Whether a build pins the reference: the last entry that sets its tag or digest (on the
 * name the reference has by then; a later rename keeps them) gives a digest, or a tag
 * other than latest. A build that leaves the reference's own tag does not pin it.
 */
export function pinnedBy(ref: string, entries: readonly ImageEntry[]): boolean {
  let current = ref
  let pinned = false
  for (const e of entries) {
    if (imageName(current) !== e.name) continue
    if (e.digest) pinned = true
    else if (e.newTag) pinned = e.newTag !== 'latest'
    current = applyEntry(current, e)
  }
  return pinned
}

/**
 * A manifest's container uses as the kustomizations that build on it build them: without
 * those every build pins (judged at the `images:` entries that pin them). A use that
 * some builds pin and others do not says which do not. Other uses are left as they are.
 */
export function asBuilt(uses: ImageUse[], builds: readonly KustomizeBuild[]): ImageUse[] {
  const roots = new Set(builds.map((b) => b.root))
  return uses.flatMap((u) => {
    if (u.kind !== 'k8s-container' || u.unresolved) return [u]
    const leaving = new Set(builds.filter((b) => !pinnedBy(u.image, b.entries)).map((b) => b.root))
    if (leaving.size === 0) return []
    if (leaving.size === roots.size) return [u]
    const via = `${[...leaving].join(', ')} builds on it and does not pin it`
    return [{ ...u, via: u.via ? `${u.via}; ${via}` : via }]
  })
}

/**
 * Image uses of a kustomization's `images:`. `inputs`: the references its resources and
 * components hold, when they could be read; without them a `newName`-only entry is not
 * reported.
 */
export function scanKustomization(
  node: Node | undefined,
  doc: Doc,
  lc: LineCounter,
  inputs: readonly string[] = [],
): ImageUse[] {
  const kind = scalarText(get(node, doc, 'kind')) === 'Component' ? 'Component' : 'Kustomization'
  const images = asSeq(get(node, doc, 'images'), doc)
  const uses: ImageUse[] = []
  images?.items.forEach((item, i) => {
    const nameNode = get(item, doc, 'name')
    const newNameNode = get(item, doc, 'newName')
    const newTagNode = get(item, doc, 'newTag')
    const digestNode = get(item, doc, 'digest')
    const given = scalarText(nameNode)?.trim()
    const name = scalarText(newNameNode)?.trim() || given
    if (!name) return
    const digest = scalarText(digestNode)?.trim()
    const tag = scalarText(newTagNode)?.trim()
    const where = `${kind} images[${given ?? i}]`
    if (digest) {
      const use = scalarUse(digestNode, doc, lc, 'kustomize-image', `${where}.digest`)
      if (use && !use.unresolved) uses.push({ ...use, image: `${imageName(name)}@${digest}` })
      return
    }
    if (tag) {
      const use = scalarUse(newTagNode, doc, lc, 'kustomize-image', `${where}.newTag`)
      if (use) uses.push(use.unresolved ? use : { ...use, image: `${imageName(name)}:${tag}` })
      return
    }
    if (!newNameNode || !given) return
    const use = scalarUse(newNameNode, doc, lc, 'kustomize-image', `${where}.newName`)
    if (!use) return
    // A newName that carries its own tag or digest is judged as written.
    if (use.unresolved || imageName(name) !== name) {
      uses.push(use)
      return
    }
    // The references this entry sees: the resources', after the entries above it.
    const above = images.items.slice(0, i).map((x) => entryOf(x, doc))
    const before = applyImageEntries(inputs, above.filter(isEntry))
    const matched = [...new Set(before.filter((r) => imageName(r) === given))]
    for (const ref of matched) {
      const suffix = suffixOf(ref)
      uses.push({
        ...use,
        image: `${name}${suffix}`,
        via: suffix
          ? `newName keeps the tag of ${ref} in the resources`
          : `newName keeps the reference ${ref} of the resources, which has no tag`,
      })
    }
  })
  return uses
}
