// Which scanner reads a file, by its path and then its content, and the one entry
// point that runs it. Pure: path and text in, image uses and problems out.
//   *Dockerfile*, *Containerfile*          → Dockerfile
//   .github/workflows/*.yml                 → workflow
//   action.yml                              → action metadata (docker:// image)
//   kustomization.yaml / kind: Kustomization → kustomize images
//   a document with `kind:`                 → Kubernetes manifest
//   compose*.yml, or a `services:` map      → compose
//   values*.yaml (a chart's values)         → Helm-style values
import { isDockerfileName, scanDockerfile } from './dockerfile.ts'
import type { ImageUse } from './findings.ts'
import { isComposeName, looksLikeCompose, scanComposeDocument } from './compose.ts'
import { kindOf, scanK8sDocument, scanKustomization } from './k8s.ts'
import { scanHelmValues } from './k8s.ts'
import {
  isActionMetadataPath,
  isWorkflowPath,
  scanActionMetadata,
  scanWorkflowDocument,
} from './workflow.ts'
import { MergeLimitError, parseYamlStream } from './yaml-nodes.ts'

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
  /** What the file was read as, for the log. */
  readAs: string[]
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

function scanFileUnbounded(path: string, text: string): FileScan {
  const cls = classifyPath(path) ?? (isKustomizationName(path) ? 'yaml' : undefined)
  if (cls === 'dockerfile') {
    const r = scanDockerfile(text)
    return { uses: r.uses, problems: r.problems, readAs: ['Dockerfile'] }
  }
  if (cls !== 'yaml') return { uses: [], problems: [], readAs: [] }
  if (isHelmTemplate(path, text))
    return { uses: [], problems: [], readAs: ['Helm template (skipped)'] }

  const { docs, lineCounter: lc, errors } = parseYamlStream(text)
  const problems: Problem[] = errors.map((e) => ({
    line: e.line,
    column: e.column,
    message: `is not valid YAML: ${e.message}`,
  }))
  const uses: ImageUse[] = []
  const readAs = new Set<string>()
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
    if (kind) {
      readAs.add(kind === 'Kustomization' ? 'kustomization' : 'Kubernetes')
      uses.push(...scanK8sDocument(doc, lc))
      continue
    }
    if (isKustomizationName(path)) {
      // kustomize accepts a kustomization without apiVersion/kind.
      readAs.add('kustomization')
      uses.push(...scanKustomization(doc.contents ?? undefined, doc, lc))
      continue
    }
    if (isComposeName(path) || looksLikeCompose(doc)) {
      readAs.add('compose')
      uses.push(...scanComposeDocument(doc, lc))
      continue
    }
    if (isValuesName(path)) {
      readAs.add('Helm values')
      uses.push(...scanHelmValues(doc, lc))
    }
  }
  uses.sort((a, b) => a.line - b.line || a.column - b.column)
  return { uses, problems, readAs: [...readAs] }
}

/** The images a file names; a merge-key bomb is reported as a problem, never a finding. */
export function scanFile(path: string, text: string): FileScan {
  try {
    return scanFileUnbounded(path, text)
  } catch (err) {
    if (!(err instanceof MergeLimitError)) throw err
    return { uses: [], problems: [{ line: 1, column: 1, message: err.message }], readAs: [] }
  }
}
