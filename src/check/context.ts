// What other files of the repository say about the files the check reads, gathered
// before the scan so that the scanners stay pure:
// - a values file's chart: the Chart.yaml beside it (appVersion) and its templates;
// - a kustomization's resources and components: the references they hold after their
//   own kustomizations, for `newName`-only entries;
// - a manifest's kustomizations: every way the workspace's kustomizations build on it,
//   with the `images:` entries on the way (found by listing the workspace's folders, on
//   first use);
// - the skaffold.yaml files in a file's folder and above it: the images Skaffold builds.
// These files are read even when the pull request does not change them. All reading
// goes through a RepoReader (files.ts reads the workspace; tests pass a map).
import { posix } from 'node:path'
import { CHART_NAMES, chartAppVersion, type ChartInfo } from './helm.ts'
import { kindOf, scanK8sDocument } from './k8s.ts'
import {
  applyImageEntries,
  imageEntries,
  kustomizeRefs,
  KUSTOMIZE_KINDS,
  type ImageEntry,
  type KustomizeBuild,
} from './kustomize.ts'
import { composeBuiltServices, composePartnerNames, parseDotEnv, type DotEnv } from './compose.ts'
import { SKIPPED_DIRS } from './files.ts'
import { isKustomizationName, isValuesName, type ScanContext } from './scan.ts'
import { isActionMetadataPath, isWorkflowPath } from './workflow.ts'
import { SKAFFOLD_NAMES, skaffoldArtifacts, type SkaffoldConfig } from './skaffold.ts'
import { parseYamlStream, type Doc } from './yaml-nodes.ts'

export interface RepoReader {
  /**
   * A workspace file's text (path relative, with `/`); undefined when it is missing, not
   * a regular file, outside the workspace, too big, or over the reader's budget.
   */
  read(path: string): Promise<string | undefined>
  /** The files and folders of a workspace folder (`''` is the root); [] when none. */
  list(dir: string): Promise<{ name: string; dir: boolean }[]>
}

/** kustomize reads one of these names in a folder. */
const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization']
/** Bounds: a chart's templates read, and how deep kustomizations nest. */
export const MAX_TEMPLATES = 300
export const MAX_KUSTOMIZE_DEPTH = 10
/** Bounds on finding the kustomizations that build on a manifest: folders listed, and
 *  ways of building one manifest followed. Past either, the manifest is judged as
 *  written. */
export const MAX_FOLDERS_LISTED = 20_000
export const MAX_KUSTOMIZE_BUILDS = 64
const CONCURRENCY = 16

/** `dir/rel` inside the workspace, normalised; undefined for remote or escaping paths. */
export function joinInside(dir: string, rel: string): string | undefined {
  if (/^[a-z][\w+.-]*:\/\/|^git@|^github\.com\/|\?ref=|\/\//i.test(rel)) return undefined
  if (posix.isAbsolute(rel)) return undefined
  const p = posix.normalize(posix.join(dir || '.', rel)).replace(/\/+$/, '')
  if (p === '..' || p.startsWith('../')) return undefined
  return p === '.' ? '' : p
}

function dirOf(path: string): string {
  const slash = path.lastIndexOf('/')
  return slash >= 0 ? path.slice(0, slash) : ''
}

/**
 * `f` called once per key, its promise shared. Only for work that never waits on itself:
 * kustomizations, which may refer to each other in a cycle, memoise their values instead.
 */
function once<T>(f: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const memo = new Map<string, Promise<T>>()
  return (key) => {
    let p = memo.get(key)
    if (!p) memo.set(key, (p = f(key)))
    return p
  }
}

/** `f` called once, its promise shared. */
function onceValue<T>(f: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined
  return () => (p ??= f())
}

/** The folders from a file's own up to the workspace root. */
function ancestors(path: string): string[] {
  const out: string[] = []
  let d = dirOf(path)
  for (;;) {
    out.push(d)
    if (d === '') return out
    d = dirOf(d)
  }
}

export async function loadScanContexts(
  files: readonly string[],
  reader: RepoReader,
): Promise<ScanContexts> {
  // Each folder is listed and each file read and parsed once, however many files need it.
  const list = once((dir) => reader.list(dir))
  const read = once((path) => reader.read(path))
  const fileIn = async (dir: string, names: string[]) => {
    const entries = await list(dir)
    const hit = names.find((n) => entries.some((e) => e.name === n && !e.dir))
    return hit === undefined ? undefined : dir ? `${dir}/${hit}` : hit
  }

  const chartAt = once(async (dir): Promise<ChartInfo | undefined> => {
    const file = await fileIn(dir, CHART_NAMES)
    const text = file && (await read(file))
    if (!file || text === undefined) return undefined
    const templates: ChartInfo['templates'] = []
    const walk = async (d: string, depth: number) => {
      for (const e of await list(d)) {
        if (templates.length >= MAX_TEMPLATES) return
        const p = `${d}/${e.name}`
        if (e.dir) {
          if (depth < 4) await walk(p, depth + 1)
        } else if (/\.(ya?ml|tpl|txt|json)$/i.test(e.name)) {
          const t = await read(p)
          if (t !== undefined) templates.push({ path: p, text: t })
        }
      }
    }
    await walk(dir ? `${dir}/templates` : 'templates', 0)
    const appVersion = chartAppVersion(text)
    return { file, templates, ...(appVersion ? { appVersion } : {}) }
  })

  const skaffoldAt = once(async (dir): Promise<SkaffoldConfig | undefined> => {
    const file = await fileIn(dir, SKAFFOLD_NAMES)
    const text = file && (await read(file))
    return file && text !== undefined ? { file, artifacts: skaffoldArtifacts(text) } : undefined
  })

  // kustomize: the references a kustomization puts out, and the ones it takes in.
  const outputs = new Map<string, string[]>()
  const parseKustomization = once(async (file): Promise<Doc | undefined> => {
    const text = await read(file)
    const doc = text === undefined ? undefined : parseYamlStream(text).docs[0]
    return doc && doc.errors.length === 0 ? doc : undefined
  })
  const outputOf = async (file: string, stack: string[]): Promise<string[]> => {
    const done = outputs.get(file)
    if (done) return done
    const doc = await parseKustomization(file)
    if (!doc) return []
    const out = applyImageEntries(
      await inputsOf(file, stack),
      imageEntries(doc.contents ?? undefined, doc),
    )
    outputs.set(file, out)
    return out
  }
  const manifestImages = once(async (file): Promise<string[]> => {
    const text = await read(file)
    if (text === undefined) return []
    const { docs, lineCounter } = parseYamlStream(text)
    return docs.flatMap((doc) => {
      const kind = doc.errors.length === 0 ? kindOf(doc) : undefined
      if (!kind || KUSTOMIZE_KINDS.has(kind)) return []
      return scanK8sDocument(doc, lineCounter)
        .filter((u) => !u.unresolved)
        .map((u) => u.image)
    })
  })
  const inputsOf = async (file: string, stack: string[]): Promise<string[]> => {
    if (stack.includes(file) || stack.length > MAX_KUSTOMIZE_DEPTH) return []
    const inner = [...stack, file]
    const doc = await parseKustomization(file)
    if (!doc) return []
    const dir = dirOf(file)
    const { resources, components } = kustomizeRefs(doc.contents ?? undefined, doc)
    let refs: string[] = []
    for (const r of resources) {
      const p = joinInside(dir, r)
      if (p === undefined) continue
      // A file resource is YAML by name; anything else is a folder with a kustomization.
      if (/\.ya?ml$/i.test(p)) {
        refs.push(...(await manifestImages(p)))
        continue
      }
      const k = await fileIn(p, KUSTOMIZATION_NAMES)
      if (k) refs.push(...(await outputOf(k, inner)))
    }
    // A component's transformers apply to everything accumulated so far.
    for (const c of components) {
      const p = joinInside(dir, c)
      const k = p === undefined ? undefined : await fileIn(p, KUSTOMIZATION_NAMES)
      const cdoc = k && (await parseKustomization(k))
      if (!k || !cdoc) continue
      refs = applyImageEntries(
        [...refs, ...(await inputsOf(k, inner))],
        imageEntries(cdoc.contents ?? undefined, cdoc),
      )
    }
    return refs
  }

  // The other way: which kustomizations build on a file (a manifest, or a kustomization
  // folder they name as a resource or component). kustomize reads a kustomization's files
  // only from its own folder down, but a base may be anywhere, so the whole workspace's
  // kustomizations are found, once, by listing its folders.
  let kustomizeIndexCut = false
  const includedBy = onceValue(async () => {
    const files: string[] = []
    let folders = 0
    const walk = async (dir: string): Promise<void> => {
      if (++folders > MAX_FOLDERS_LISTED) {
        kustomizeIndexCut = true
        return
      }
      for (const e of await list(dir)) {
        const p = dir ? `${dir}/${e.name}` : e.name
        if (e.dir) {
          if (!SKIPPED_DIRS.has(e.name)) await walk(p)
        } else if (KUSTOMIZATION_NAMES.includes(e.name)) files.push(p)
      }
    }
    await walk('')
    const by = new Map<string, string[]>()
    const add = (target: string, k: string) => by.set(target, [...(by.get(target) ?? []), k])
    for (const k of files) {
      const doc = await parseKustomization(k)
      if (!doc) continue
      const { resources, components } = kustomizeRefs(doc.contents ?? undefined, doc)
      for (const r of [...resources, ...components]) {
        const p = joinInside(dirOf(k), r)
        if (p === undefined) continue
        const target = /\.ya?ml$/i.test(p) ? p : await fileIn(p, KUSTOMIZATION_NAMES)
        if (target) add(target, k)
      }
    }
    return by
  })
  // The entries a kustomization applies to what it builds on: its components' (in order),
  // then its own, as kustomize runs them.
  const entriesOf = once(async (k): Promise<ImageEntry[]> => {
    const doc = await parseKustomization(k)
    if (!doc) return []
    const entries: ImageEntry[] = []
    for (const c of kustomizeRefs(doc.contents ?? undefined, doc).components) {
      const p = joinInside(dirOf(k), c)
      const ck = p === undefined ? undefined : await fileIn(p, KUSTOMIZATION_NAMES)
      const cdoc = ck && (await parseKustomization(ck))
      if (cdoc) entries.push(...imageEntries(cdoc.contents ?? undefined, cdoc))
    }
    entries.push(...imageEntries(doc.contents ?? undefined, doc))
    return entries
  })
  /** Every way the workspace's kustomizations build on `file`; undefined when none does
   *  or when there are too many to follow. */
  const buildsOf = async (file: string): Promise<KustomizeBuild[] | undefined> => {
    const by = await includedBy()
    if (kustomizeIndexCut || !by.has(file)) return undefined
    const builds: KustomizeBuild[] = []
    let cut = false
    const climb = async (node: string, entries: ImageEntry[], stack: string[]) => {
      if (builds.length >= MAX_KUSTOMIZE_BUILDS) {
        cut = true
        return
      }
      const parents = (by.get(node) ?? []).filter((k) => !stack.includes(k))
      if (parents.length === 0 || stack.length > MAX_KUSTOMIZE_DEPTH) {
        builds.push({ root: node, entries })
        return
      }
      for (const k of parents) await climb(k, [...entries, ...(await entriesOf(k))], [...stack, k])
    }
    for (const k of by.get(file)!) await climb(k, await entriesOf(k), [k])
    return cut ? undefined : builds
  }

  // compose reads `.env` from the project folder, the compose file's by default.
  const dotEnvAt = once(async (dir): Promise<DotEnv | undefined> => {
    const file = await fileIn(dir, ['.env'])
    const text = file && (await read(file))
    return file && text !== undefined ? { file, vars: parseDotEnv(text) } : undefined
  })
  /** A YAML file that is no other kind's by name: compose's when its content says so. */
  const mayBeCompose = (file: string) =>
    /\.ya?ml$/i.test(file) &&
    !isKustomizationName(file) &&
    !isValuesName(file) &&
    !isWorkflowPath(file) &&
    !isActionMetadataPath(file)

  const contexts = new Map<string, ScanContext>()
  // Files in parallel: reading is waiting on the disk. Shared folders, charts and
  // skaffold.yaml files are read once (the promises above are shared).
  let next = 0
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++]!
      contexts.set(file, await contextOf(file))
    }
  }
  const contextOf = async (file: string): Promise<ScanContext> => {
    const ctx: ScanContext = {}
    if (isValuesName(file)) {
      const chart = await chartAt(dirOf(file))
      if (chart) ctx.chart = chart
    }
    if (isKustomizationName(file)) ctx.kustomizeInputs = await inputsOf(file, [])
    if (mayBeCompose(file)) {
      const env = await dotEnvAt(dirOf(file))
      if (env) ctx.dotEnv = env
      const partner = await fileIn(dirOf(file), composePartnerNames(file))
      const text = partner && (await read(partner))
      if (partner && text !== undefined)
        ctx.composePartner = { file: partner, built: composeBuiltServices(text) }
    }
    const configs = (await Promise.all(ancestors(file).map(skaffoldAt))).filter(
      (c): c is SkaffoldConfig => c !== undefined,
    )
    if (configs.length > 0) ctx.skaffold = configs
    return ctx
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, files.length) }, worker))
  return new ScanContexts(
    files.map((f) => [f, contexts.get(f)!]),
    buildsOf,
  )
}

/**
 * Each checked file's context, and, asked for one file at a time, the ways the
 * workspace's kustomizations build on it: finding them lists every folder, which only a
 * manifest with a reference to report needs (check-file.ts).
 */
export class ScanContexts extends Map<string, ScanContext> {
  readonly kustomizeBuilds: (file: string) => Promise<KustomizeBuild[] | undefined>
  constructor(
    entries: [string, ScanContext][],
    kustomizeBuilds: (file: string) => Promise<KustomizeBuild[] | undefined>,
  ) {
    super(entries)
    this.kustomizeBuilds = kustomizeBuilds
  }
}
