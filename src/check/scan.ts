// Which scanner reads a file, by its path and then its content, and the one entry
// point that runs it. Pure: path, text and what other files say (ScanContext) in, image
// uses and problems out.
//   Dockerfile, Dockerfile.prod, api.dockerfile, …     → Dockerfile
//   .github/workflows/*.yml                             → workflow
//   action.yml                                          → action metadata (docker:// image)
//   kustomization.yaml / kind: Kustomization, Component → kustomize images
//   a document with `kind:`                             → Kubernetes manifest
//   compose*.yml, or a `services:` map                  → compose
//   values*.yaml (a chart's values)                     → Helm values
import { isDockerfileName, scanDockerfile } from './dockerfile.ts'
import type { ImageUse } from './findings.ts'
import {
  isComposeName,
  looksLikeCompose,
  scanComposeDocument,
  type ComposePartner,
  type DotEnv,
} from './compose.ts'
import { CHART_NAMES, scanHelmValues, type ChartInfo } from './helm.ts'
import { kindOf, scanK8sDocument } from './k8s.ts'
import { KUSTOMIZE_KINDS, scanKustomization } from './kustomize.ts'
import { markSkaffoldArtifacts, SKAFFOLD_NAMES, type SkaffoldConfig } from './skaffold.ts'
import {
  isActionMetadataPath,
  isWorkflowPath,
  scanActionMetadata,
  scanWorkflowDocument,
} from './workflow.ts'
import { MergeLimitError, parseYamlStream } from './yaml-nodes.ts'

/** What other files of the repository say about one file (context.ts reads them). */
export interface ScanContext {
  /** A values file's chart: the Chart.yaml beside it and the chart's templates. */
  chart?: ChartInfo
  /** A kustomization's resources and components: the references they hold. */
  kustomizeInputs?: string[]
  /** The `.env` file in a compose file's folder: compose's variables. */
  dotEnv?: DotEnv
  /** The file compose merges with a compose file by default (its override). */
  composePartner?: ComposePartner
  /** The skaffold.yaml files in the file's folder and above it. */
  skaffold?: SkaffoldConfig[]
}

/** What a file was read as, for the summary's counts. */
export type ReadKind =
  | 'Dockerfile'
  | 'workflow'
  | 'action metadata'
  | 'kustomization'
  | 'kustomize Component'
  | 'Kubernetes manifest'
  | 'compose file'
  | 'Helm values'

/** Why a file the check listed was not read for images. */
export type SkipReason =
  | 'Helm template'
  | 'Helm Chart.yaml'
  | 'Skaffold config'
  | 'YAML file with no image field the check reads'
  | 'not valid YAML'

export type FileClass = 'dockerfile' | 'yaml'

export interface Problem {
  line: number
  column?: number
  message: string
}

export interface FileScan {
  uses: ImageUse[]
  /** Malformed YAML, an unparsable Dockerfile: reported as a warning on the file. */
  problems: Problem[]
  /** What the file was read as (several for a mixed multi-document file). */
  readAs: ReadKind[]
  /** Set when nothing in the file was read for images. */
  skipped?: SkipReason
}

/** Whether the check reads this path at all (by name only: no I/O). */
export function classifyPath(path: string): FileClass | undefined {
  if (isDockerfileName(path)) return 'dockerfile'
  if (/\.ya?ml$/i.test(path)) return 'yaml'
  return undefined
}

export function isKustomizationName(path: string): boolean {
  return /(^|\/)(kustomization\.ya?ml|Kustomization)$/.test(path)
}

export function isValuesName(path: string): boolean {
  return /(^|\/)values[^/]*\.ya?ml$/i.test(path)
}

/** A Helm chart template (`templates/*.yaml` with `{{ }}`): not YAML until rendered. */
export function isHelmTemplate(path: string, text: string): boolean {
  return /(^|\/)templates\//.test(path) && text.includes('{{')
}

function scanFileUnbounded(path: string, text: string, ctx: ScanContext): FileScan {
  const cls = classifyPath(path) ?? (isKustomizationName(path) ? 'yaml' : undefined)
  if (cls === 'dockerfile') {
    const r = scanDockerfile(text)
    return { uses: r.uses, problems: r.problems, readAs: ['Dockerfile'] }
  }
  if (cls !== 'yaml')
    return {
      uses: [],
      problems: [],
      readAs: [],
      skipped: 'YAML file with no image field the check reads',
    }
  if (isHelmTemplate(path, text))
    return { uses: [], problems: [], readAs: [], skipped: 'Helm template' }
  // Read for context (appVersion, artifacts), never for images that are pulled.
  const base = path.slice(path.lastIndexOf('/') + 1)
  if (CHART_NAMES.includes(base))
    return { uses: [], problems: [], readAs: [], skipped: 'Helm Chart.yaml' }
  if (SKAFFOLD_NAMES.includes(base))
    return { uses: [], problems: [], readAs: [], skipped: 'Skaffold config' }

  const { docs, lineCounter: lc, errors } = parseYamlStream(text)
  const problems: Problem[] = errors.map((e) => ({
    line: e.line,
    column: e.column,
    message: `is not valid YAML: ${e.message}`,
  }))
  const uses: ImageUse[] = []
  const readAs = new Set<ReadKind>()
  for (const doc of docs) {
    if (doc.errors.length > 0) continue
    if (isWorkflowPath(path)) {
      readAs.add('workflow')
      uses.push(...scanWorkflowDocument(doc, lc))
      continue
    }
    if (isActionMetadataPath(path)) {
      readAs.add('action metadata')
      uses.push(...scanActionMetadata(doc, lc))
      continue
    }
    const kind = kindOf(doc)
    if (kind && KUSTOMIZE_KINDS.has(kind)) {
      readAs.add(kind === 'Component' ? 'kustomize Component' : 'kustomization')
      uses.push(...scanKustomization(doc.contents ?? undefined, doc, lc, ctx.kustomizeInputs))
      continue
    }
    if (kind) {
      readAs.add('Kubernetes manifest')
      uses.push(...scanK8sDocument(doc, lc))
      continue
    }
    if (isKustomizationName(path)) {
      // kustomize accepts a kustomization without apiVersion/kind.
      readAs.add('kustomization')
      uses.push(...scanKustomization(doc.contents ?? undefined, doc, lc, ctx.kustomizeInputs))
      continue
    }
    if (isComposeName(path) || looksLikeCompose(doc)) {
      readAs.add('compose file')
      uses.push(...scanComposeDocument(doc, lc, ctx.dotEnv, ctx.composePartner))
      continue
    }
    if (isValuesName(path)) {
      readAs.add('Helm values')
      uses.push(
        ...scanHelmValues(doc, lc, { file: path, ...(ctx.chart ? { chart: ctx.chart } : {}) }),
      )
    }
  }
  const marked = markSkaffoldArtifacts(uses, ctx.skaffold ?? [])
  marked.sort((a, b) => a.line - b.line || a.column - b.column)
  const scan: FileScan = { uses: marked, problems, readAs: [...readAs] }
  if (readAs.size === 0)
    scan.skipped =
      problems.length > 0 ? 'not valid YAML' : 'YAML file with no image field the check reads'
  return scan
}

/** The images a file names; a merge-key bomb is reported as a problem, never a finding. */
export function scanFile(path: string, text: string, ctx: ScanContext = {}): FileScan {
  try {
    return scanFileUnbounded(path, text, ctx)
  } catch (err) {
    if (!(err instanceof MergeLimitError)) throw err
    return { uses: [], problems: [{ line: 1, column: 1, message: err.message }], readAs: [] }
  }
}
