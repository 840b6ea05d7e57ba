// Which YAML files of the repository are GitHub workflows: every file under
// .github/workflows/, and every file under examples/ whose document has `jobs` (the
// Kubernetes manifests there, like rbac.yaml, are not). The workflow linter and the
// examples test share this list, so neither can miss a new example.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { parseAllDocuments } from 'yaml'

export const WORKFLOW_DIRS = ['.github/workflows', 'examples'] as const

function yamlFilesUnder(root: string, dir: string): string[] {
  let entries
  try {
    entries = readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
  } catch {
    return []
  }
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort()
}

/** Whether a YAML text is a workflow: a single document that maps `jobs`. */
export function isWorkflowText(text: string): boolean {
  const docs = parseAllDocuments(text)
  if (docs.length !== 1) return false
  const value: unknown = docs[0]!.toJS()
  return typeof value === 'object' && value !== null && 'jobs' in value
}

export interface YamlFiles {
  /** Workflows, relative to the root. */
  workflows: string[]
  /** The other YAML files under those folders (Kubernetes manifests of the examples). */
  others: string[]
}

export function listWorkflowFiles(root: string): YamlFiles {
  const workflows: string[] = []
  const others: string[] = []
  for (const dir of WORKFLOW_DIRS) {
    for (const file of yamlFilesUnder(root, dir)) {
      const isWorkflow =
        dir === '.github/workflows' || isWorkflowText(readFileSync(join(root, file), 'utf8'))
      ;(isWorkflow ? workflows : others).push(file)
    }
  }
  return { workflows, others }
}
