// Manifest text → Kubernetes objects, each with the file and line it came from, so an
// error (ours, or the API server's on a dry run) lands on the user's line. Pure.
import { LineCounter, parseAllDocuments } from 'yaml'
import { cut, LIMITS } from '../util/bounds.ts'

/** What the user's YAML gives: only the fields dock2pod reads are typed. */
export interface KubeObject {
  apiVersion: string
  kind: string
  metadata: { name: string; namespace?: string; [field: string]: unknown }
  [field: string]: unknown
}

export interface ManifestSource {
  /** Workspace-relative, as the annotation names it. */
  file: string
  text: string
}

export interface ManifestObject {
  file: string
  /** 1-based; undefined for rendered output (kustomize), whose lines are not the user's. */
  line?: number
  obj: KubeObject
}

/** A manifest the action cannot use, on its file and line. */
export class ManifestError extends Error {
  override name = 'ManifestError'
  readonly file: string
  readonly line: number | undefined
  constructor(message: string, file: string, line?: number) {
    super(message)
    this.file = file
    this.line = line
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

function check(value: unknown, file: string, line: number | undefined): KubeObject {
  const where = `${file}${line ? `:${line}` : ''}`
  if (!isRecord(value))
    throw new ManifestError(`${where}: a manifest must be a mapping (an object).`, file, line)
  const { apiVersion, kind, metadata } = value
  if (typeof apiVersion !== 'string' || !apiVersion)
    throw new ManifestError(`${where}: the object has no apiVersion.`, file, line)
  if (typeof kind !== 'string' || !kind)
    throw new ManifestError(`${where}: the object has no kind.`, file, line)
  if (!isRecord(metadata) || typeof metadata.name !== 'string' || !metadata.name)
    throw new ManifestError(
      `${where}: ${cut(kind, 100)} has no metadata.name (generateName cannot be applied server-side).`,
      file,
      line,
    )
  if (metadata.namespace !== undefined && typeof metadata.namespace !== 'string')
    throw new ManifestError(`${where}: metadata.namespace is not a string.`, file, line)
  return value as KubeObject
}

/**
 * Every object of every document, in order; `kind: List` is opened. `rendered` sources
 * (kustomize's output) carry no line: its lines are not the user's.
 */
export function parseManifests(sources: ManifestSource[], rendered = false): ManifestObject[] {
  const out: ManifestObject[] = []
  for (const { file, text } of sources) {
    const lines = new LineCounter()
    const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false })
    for (const doc of Array.isArray(docs) ? docs : [docs]) {
      const err = doc.errors[0]
      if (err) {
        const line = rendered ? undefined : lines.linePos(err.pos[0]).line
        throw new ManifestError(
          `${file}${line ? `:${line}` : ''}: not valid YAML: ${cut(err.message.split('\n')[0] ?? '', LIMITS.quotedLine)}`,
          file,
          line,
        )
      }
      const start = doc.contents?.range?.[0]
      const line = rendered || start === undefined ? undefined : lines.linePos(start).line
      const value: unknown = doc.toJS({ maxAliasCount: 100 })
      if (value === null || value === undefined) continue // an empty document
      // `kind: List` (what `kubectl get -o yaml` writes) has no name of its own.
      if (isRecord(value) && value.kind === 'List' && Array.isArray(value.items)) {
        for (const item of value.items as unknown[])
          out.push({ file, ...(line ? { line } : {}), obj: check(item, file, line) })
        continue
      }
      out.push({ file, ...(line ? { line } : {}), obj: check(value, file, line) })
    }
  }
  return out
}
