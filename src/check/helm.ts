// Helm: values files (`values*.yaml`) and the chart they sit in. Pure: parsed values,
// and the chart's Chart.yaml and templates as text, in; image uses out.
//
// An image is any map of the shapes charts use, at any depth: `{registry?, repository,
// tag?, digest?|sha?}`, `{image, tag}` and `{name, tag}`; or a scalar under an image key
// (`image`, `initImage`, `sidecar_image`), or a list of them (`images`, `extraImages`).
// A `digest` or `sha` pins the image whatever its tag says.
//
// An empty or missing tag is what `helm create` writes: the template renders
// `{{ .Values.image.tag | default .Chart.AppVersion }}`. So it is judged against the
// chart: beside the values file a Chart.yaml, and in its templates what fills the tag in.
import type { LineCounter, Node } from 'yaml'
import { parseImageReference } from '../image/reference.ts'
import type { ImageUse } from './findings.ts'
import { scalarUse } from './k8s.ts'
import { imageName } from './kustomize.ts'
import { hasVariables } from './variables.ts'
import {
  asSeq,
  entries,
  get,
  isEmptyScalar,
  lineOf,
  parseYamlStream,
  scalarText,
  span,
  type Doc,
  type Entry,
  type Span,
} from './yaml-nodes.ts'

/** The chart a values file sits in: its Chart.yaml and its templates, as read. */
export interface ChartInfo {
  /** Path of Chart.yaml, relative to the workspace. */
  file: string
  /** `appVersion` as written; undefined when missing or empty. */
  appVersion?: string
  templates: { path: string; text: string }[]
}

export const CHART_NAMES = ['Chart.yaml', 'Chart.yml']

/** `appVersion` of a Chart.yaml text, as written. */
export function chartAppVersion(text: string): string | undefined {
  const { docs } = parseYamlStream(text)
  const doc = docs[0]
  if (!doc || doc.errors.length > 0) return undefined
  const v = scalarText(get(doc.contents, doc, 'appVersion'))?.trim()
  return v ? v : undefined
}

/** What the chart's templates put where a values map's tag is empty. */
export type TagFallback =
  | { kind: 'appVersion'; template: string }
  | { kind: 'none'; template: string }
  | { kind: 'unknown' }

const ACTION = /\{\{-?([\s\S]*?)-?\}\}/g
const APP_VERSION = /\.[Cc]hart\.AppVersion\b/

function actionsOf(text: string): string[] {
  return [...text.matchAll(ACTION)].map((m) => m[1]!)
}

/**
 * How the templates fill in the tag of the values map at `path` (`image`,
 * `upgradeJob.image.busybox`):
 * - an action that reads `.Values.<path>.tag` and falls back to `.Chart.AppVersion`
 *   (`| default .Chart.AppVersion`, `default .Chart.AppVersion …`) → appVersion;
 * - a line that reads `.Values.<path>.repository` with `.Chart.AppVersion` (the tag
 *   value unused) → appVersion;
 * - the map handed whole to a helper (`include "x.image" (dict "imageRoot" .Values.image
 *   "chart" .Chart)`) in a chart whose templates default a tag to AppVersion → appVersion;
 * - a template that reads `.Values.<path>.tag` with no AppVersion anywhere in it → none;
 * - anything else (lists, `index`, a tag passed through variables) → unknown.
 */
export function templateFallback(templates: ChartInfo['templates'], path: string): TagFallback {
  if (!/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(path)) return { kind: 'unknown' }
  const at = `\\.Values\\.${path.replace(/\./g, '\\.')}`
  const tagRef = new RegExp(`${at}\\.tag(?![\\w.])`)
  const repoRef = new RegExp(`${at}\\.(repository|name|image)(?![\\w.])`)
  const wholeRef = new RegExp(`${at}(?![\\w.])`)
  let none: string | undefined
  let unknown = false
  for (const t of templates) {
    if (!tagRef.test(t.text)) continue
    const actions = actionsOf(t.text)
    if (actions.some((a) => tagRef.test(a) && APP_VERSION.test(a)))
      return { kind: 'appVersion', template: t.path }
    if (actions.some((a) => APP_VERSION.test(a))) unknown = true
    else none ??= t.path
  }
  if (unknown) return { kind: 'unknown' }
  if (none) return { kind: 'none', template: none }
  for (const t of templates) {
    const line = t.text.split('\n').find((l) => repoRef.test(l) && APP_VERSION.test(l))
    if (line !== undefined) return { kind: 'appVersion', template: t.path }
  }
  if (templates.some((t) => actionsOf(t.text).some((a) => wholeRef.test(a)))) {
    const helper = templates.find((t) =>
      actionsOf(t.text).some((a) => APP_VERSION.test(a) && /\bdefault\b/.test(a)),
    )
    if (helper) return { kind: 'appVersion', template: helper.path }
  }
  return { kind: 'unknown' }
}

/** Keys that hold one image: `image`, `initImage`, `sidecar_image`, `proxy-image`. */
const IMAGE_KEY = /^(image|.*Image|.*[_-]image)$/
/** Keys that hold a list of images: `images`, `extraImages`, `extra_images`. */
const IMAGE_LIST_KEY = /^(images|.*Images|.*[_-]images)$/
/** Keys that only an image map has beside `repository` or `name`. */
const IMAGE_MAP_KEYS = ['tag', 'digest', 'sha', 'registry', 'pullPolicy']

export interface ValuesScanOptions {
  /** Path of the values file, relative to the workspace (for messages). */
  file?: string
  /** The chart the values file sits in; undefined when there is no Chart.yaml beside it. */
  chart?: ChartInfo
}

export function scanHelmValues(
  doc: Doc,
  lc: LineCounter,
  opts: ValuesScanOptions = {},
): ImageUse[] {
  const uses: ImageUse[] = []
  const seen = new Set<Node>()
  // keyLine: the line of the key that owns the node (`image:`); an ignore comment above
  // it silences the whole map.
  const walk = (
    node: Node | undefined,
    path: string,
    key: string,
    keyLine: number,
    depth: number,
  ) => {
    if (!node || depth > 40 || seen.has(node)) return
    seen.add(node)
    const seq = asSeq(node, doc)
    if (seq) {
      seq.items.forEach((item, i) => {
        const here = `${path}[${i}]`
        if (IMAGE_LIST_KEY.test(key) && scalarText(item) !== undefined) {
          const use = scalarUse(item as Node, doc, lc, 'helm-values', here)
          if (use) uses.push(use)
        } else walk(item as Node, here, key, keyLine, depth + 1)
      })
      return
    }
    const own = entries(node, doc)
    if (own.length === 0) return
    const mapUse = imageMapUse(own, key, keyLine, doc, lc, path, opts)
    if (mapUse) {
      uses.push(mapUse)
      return
    }
    for (const e of own) {
      const here = path ? `${path}.${e.key}` : e.key
      if (IMAGE_KEY.test(e.key) && scalarText(e.value) !== undefined) {
        const use = scalarUse(e.value, doc, lc, 'helm-values', here)
        if (use) uses.push(use)
        continue
      }
      walk(e.value, here, e.key, lineOf(e.keyNode, lc), depth + 1)
    }
  }
  walk(doc.contents as Node | undefined, '', '', 0, 0)
  return uses
}

function isReference(text: string): boolean {
  try {
    parseImageReference(text)
    return true
  } catch {
    return false
  }
}

/** The entry naming the image in a map of one of the image shapes, or undefined. */
function imageNameEntry(own: Entry[], key: string): Entry | undefined {
  const has = (k: string) => own.some((e) => e.key === k)
  const scalar = (k: string) => {
    const e = own.find((x) => x.key === k)
    return e && scalarText(e.value)?.trim() ? e : undefined
  }
  const imageish = IMAGE_KEY.test(key) || IMAGE_LIST_KEY.test(key)
  const marked = IMAGE_MAP_KEYS.some(has)
  const repository = scalar('repository')
  if (repository) return imageish || marked ? repository : undefined
  const image = scalar('image')
  if (image && has('tag')) return image
  const name = scalar('name')
  if (name && has('tag') && (imageish || IMAGE_MAP_KEYS.slice(1).some(has))) return name
  return undefined
}

function imageMapUse(
  own: Entry[],
  key: string,
  keyLine: number,
  doc: Doc,
  lc: LineCounter,
  path: string,
  opts: ValuesScanOptions,
): ImageUse | undefined {
  const repoEntry = imageNameEntry(own, key)
  if (!repoEntry?.value) return undefined
  const repository = scalarText(repoEntry.value)!.trim()
  const entry = (k: string) => own.find((e) => e.key === k)
  const ignoreAbove = keyLine > 0 ? [keyLine] : []
  const registry = scalarText(entry('registry')?.value)?.trim()
  const name = `${registry ? `${registry}/` : ''}${repository}`
  const here = (k: string) => (path ? `${path}.${k}` : k)
  if (hasVariables(name)) {
    return scalarUse(repoEntry.value, doc, lc, 'helm-values', here(repoEntry.key), ignoreAbove)
  }
  // Outside an image key, a map is an image only if it names one (not a chart or git URL).
  if (!IMAGE_KEY.test(key) && !IMAGE_LIST_KEY.test(key) && !isReference(name)) return undefined
  const digestEntry = [entry('digest'), entry('sha')].find((e) => scalarText(e?.value)?.trim())
  if (digestEntry) {
    const digest = scalarText(digestEntry.value)!.trim()
    const use = scalarUse(
      digestEntry.value,
      doc,
      lc,
      'helm-values',
      here(digestEntry.key),
      ignoreAbove,
    )
    return use && !use.unresolved
      ? {
          ...use,
          image: `${imageName(name)}@${digest.includes(':') ? digest : `sha256:${digest}`}`,
        }
      : use
  }
  const tagEntry = entry('tag')
  const tag =
    tagEntry && !isEmptyScalar(tagEntry.value) ? scalarText(tagEntry.value)?.trim() : undefined
  if (tag) {
    const use = scalarUse(tagEntry!.value, doc, lc, 'helm-values', here('tag'), ignoreAbove)
    return use && !use.unresolved ? { ...use, image: `${name}:${tag}` } : use
  }
  // The repository may carry its own tag or digest (`repository: nginx:1.27`).
  if (/[:@]/.test(repository.slice(repository.lastIndexOf('/') + 1))) {
    return scalarUse(repoEntry.value, doc, lc, 'helm-values', here(repoEntry.key), ignoreAbove)
  }
  // No tag: point at an empty `tag:` when it is written, else at the repository.
  const pos = tagEntry
    ? joinSpans(span(tagEntry.keyNode, lc), tagEntry.value, lc)
    : span(repoEntry.value, lc)
  const place = `${here(tagEntry ? 'tag' : repoEntry.key)}${tagEntry ? ' (empty)' : ' (no tag)'}`
  const base = { ...pos, kind: 'helm-values' as const, place, ignoreAbove }
  return { ...base, ...emptyTag(name, path, opts) }
}

/**
 * What an empty or missing tag resolves to, from the chart around the values file. The
 * finding's place already says the tag is empty; `via` and `unresolved` say the rest.
 */
function emptyTag(
  name: string,
  path: string,
  opts: ValuesScanOptions,
): Pick<ImageUse, 'image' | 'unresolved' | 'via'> {
  const chart = opts.chart
  if (!chart) {
    return {
      image: name,
      unresolved: `no Chart.yaml is beside ${opts.file ?? 'the values file'}, so the tag comes from a chart the check cannot see`,
    }
  }
  const fallback = templateFallback(chart.templates, path)
  if (fallback.kind === 'unknown') {
    const dir = chart.file.slice(0, chart.file.lastIndexOf('/') + 1)
    return {
      image: name,
      unresolved: `the templates of ${dir || 'the chart'} do not show what fills in the tag`,
    }
  }
  if (fallback.kind === 'none')
    return { image: name, via: `${fallback.template} uses the tag with no fallback` }
  if (!chart.appVersion) {
    return {
      image: name,
      via: `${fallback.template} falls back to the chart's appVersion, and ${chart.file} has none`,
    }
  }
  return {
    image: `${name}:${chart.appVersion}`,
    via: `${fallback.template} falls back to appVersion "${chart.appVersion}" of ${chart.file}`,
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

/** The chart directory of a values file: where its Chart.yaml would be. */
export function chartDirOf(valuesPath: string): string {
  const slash = valuesPath.lastIndexOf('/')
  return slash >= 0 ? valuesPath.slice(0, slash) : ''
}
