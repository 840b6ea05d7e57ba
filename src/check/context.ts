// What other files of the repository say about the files the check reads, gathered
// before the scan so that the scanners stay pure:
// - a values file's chart: the Chart.yaml beside it (appVersion) and its templates;
// - a kustomization's resources and components: the references they hold after their
//   own kustomizations, for `newName`-only entries;
// - the skaffold.yaml files in a file's folder and above it: the images Skaffold builds.
// These files are read even when the pull request does not change them. All reading
// goes through a RepoReader (files.ts reads the workspace; tests pass a map).
import { posix } from 'node:path'
import { CHART_NAMES, chartAppVersion, type ChartInfo } from './helm.ts'
import { kindOf, scanK8sDocument } from './k8s.ts'
import { applyImageEntries, imageEntries, kustomizeRefs, KUSTOMIZE_KINDS } from './kustomize.ts'
import { isKustomizationName, isValuesName, type ScanContext } from './scan.ts'
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
): Promise<Map<string, ScanContext>> {
  const listings = new Map<string, Promise<{ name: string; dir: boolean }[]>>()
  const list = (dir: string) => {
    let l = listings.get(dir)
    if (!l) listings.set(dir, (l = reader.list(dir)))
    return l
  }
  // Each file is read once, however many kustomizations build on it.
  const texts = new Map<string, Promise<string | undefined>>()
  const read = (path: string) => {
    let t = texts.get(path)
    if (!t) texts.set(path, (t = reader.read(path)))
    return t
  }
  const fileIn = async (dir: string, names: string[]) => {
    const entries = await list(dir)
    const hit = names.find((n) => entries.some((e) => e.name === n && !e.dir))
    return hit === undefined ? undefined : dir ? `${dir}/${hit}` : hit
  }

  const charts = new Map<string, Promise<ChartInfo | undefined>>()
  const chartAt = (dir: string) => {
    let c = charts.get(dir)
    if (!c) charts.set(dir, (c = readChart(dir)))
    return c
  }
  const readChart = async (dir: string): Promise<ChartInfo | undefined> => {
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
  }

  const skaffolds = new Map<string, Promise<SkaffoldConfig | undefined>>()
  const skaffoldAt = (dir: string) => {
    let s = skaffolds.get(dir)
    if (!s)
      skaffolds.set(
        dir,
        (s = (async () => {
          const file = await fileIn(dir, SKAFFOLD_NAMES)
          const text = file && (await read(file))
          return file && text !== undefined
            ? { file, artifacts: skaffoldArtifacts(text) }
            : undefined
        })()),
      )
    return s
  }

  // kustomize: the references a kustomization puts out, and the ones it takes in.
  const outputs = new Map<string, string[]>()
  const parsed = new Map<string, Promise<Doc | undefined>>()
  const parseKustomization = (file: string) => {
    let p = parsed.get(file)
    if (!p)
      parsed.set(
        file,
        (p = read(file).then((text) => {
          const doc = text === undefined ? undefined : parseYamlStream(text).docs[0]
          return doc && doc.errors.length === 0 ? doc : undefined
        })),
      )
    return p
  }
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
  const images = new Map<string, Promise<string[]>>()
  const manifestImages = (file: string): Promise<string[]> => {
    let p = images.get(file)
    if (!p) images.set(file, (p = readManifestImages(file)))
    return p
  }
  const readManifestImages = async (file: string): Promise<string[]> => {
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
  }
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
    const configs = (await Promise.all(ancestors(file).map(skaffoldAt))).filter(
      (c): c is SkaffoldConfig => c !== undefined,
    )
    if (configs.length > 0) ctx.skaffold = configs
    return ctx
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, files.length) }, worker))
  return new Map(files.map((f) => [f, contexts.get(f)!]))
}
