// Pure checks of the workflows we publish (examples/, .github/workflows/, the README's
// YAML): every `with:` key given to dock2pod is an input of action.yml and the inputs
// fit together as INTERFACE.md says; every third-party action is pinned by commit SHA
// with a version comment; `permissions:` is declared and `id-token: write` appears only
// where an OIDC login is used. Each function takes text and returns problems as
// strings, so tests feed it both the real files and small bad ones.
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type YAMLMap } from 'yaml'

/** How the README and the examples refer to dock2pod. */
export const DOCK2POD = 'acme/dock2pod'

/** One `uses:` of a workflow, job (reusable workflow) or step. */
export interface UsesRef {
  /** `owner/repo[/path]@ref`, `./path` or `docker://…`, as written. */
  value: string
  /** The comment after it on the same line, trimmed (`v4.2.2`), if any. */
  comment?: string
  line: number
  /** The step's `with:` when it is a step; job-level `uses:` have none here. */
  with?: Record<string, unknown>
  /** The job it belongs to. */
  job: string
}

export interface ParsedWorkflow {
  uses: UsesRef[]
  /** Top-level `permissions:` (undefined when absent). */
  permissions: unknown
  /** Each job's `permissions:` (undefined when absent). */
  jobPermissions: Record<string, unknown>
}

export interface ActionInputs {
  [name: string]: { required?: boolean; default?: string }
}

export function parseWorkflow(text: string): ParsedWorkflow {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter })
  if (doc.errors.length > 0) throw new Error(`not YAML: ${doc.errors[0]!.message}`)
  const root = doc.contents
  const out: ParsedWorkflow = { uses: [], permissions: undefined, jobPermissions: {} }
  if (!isMap(root)) return out
  out.permissions = root.has('permissions') ? doc.toJS().permissions : undefined
  const jobs = root.get('jobs')
  if (isMap(jobs)) {
    for (const pair of jobs.items) {
      const job = String(isScalar(pair.key) ? pair.key.value : pair.key)
      if (!isMap(pair.value)) continue
      const jobMap = pair.value as YAMLMap
      out.jobPermissions[job] = jobMap.has('permissions')
        ? (jobMap.toJSON() as Record<string, unknown>).permissions
        : undefined
      const jobUses = usesOf(jobMap, lineCounter, job)
      if (jobUses) out.uses.push(jobUses)
      const steps = jobMap.get('steps')
      if (isSeq(steps)) {
        for (const step of steps.items) {
          const u = isMap(step) ? usesOf(step, lineCounter, job) : undefined
          if (u) out.uses.push(u)
        }
      }
    }
  } else if (isSeq(root.get('steps'))) {
    // A README fragment that is a list of steps under `steps:`.
    for (const step of (root.get('steps') as { items: unknown[] }).items) {
      const u = isMap(step) ? usesOf(step, lineCounter, '') : undefined
      if (u) out.uses.push(u)
    }
  }
  return out
}

function usesOf(map: YAMLMap, lc: LineCounter, job: string): UsesRef | undefined {
  const node = map.get('uses', true)
  if (!isScalar(node) || typeof node.value !== 'string') return undefined
  const ref: UsesRef = {
    value: node.value,
    line: node.range ? lc.linePos(node.range[0]).line : 0,
    job,
  }
  const comment = node.comment?.trim()
  if (comment) ref.comment = comment
  const w = map.get('with')
  if (isMap(w)) ref.with = w.toJSON() as Record<string, unknown>
  return ref
}

/** Whether a `uses:` is dock2pod itself: this repository (`./`) or `acme/dock2pod@…`. */
export function isDock2pod(value: string): boolean {
  return value === './' || value === '.' || value.startsWith(`${DOCK2POD}@`)
}

const SHA = /^[0-9a-f]{40}$/
const VERSION_COMMENT = /^v?\d+(\.\d+){0,2}\b/

/** A third-party `uses:` must be `owner/repo[/path]@<40 hex>` with `# vX.Y.Z` after it. */
export function pinProblems(ref: UsesRef): string[] {
  const v = ref.value
  if (isDock2pod(v) || v.startsWith('./')) return []
  if (v.startsWith('docker://'))
    return /@sha256:[0-9a-f]{64}$/.test(v)
      ? []
      : [`line ${ref.line}: ${v} is a container image without a digest`]
  const at = v.lastIndexOf('@')
  if (at < 0) return [`line ${ref.line}: ${v} has no ref; pin it by commit SHA`]
  const sha = v.slice(at + 1)
  const problems: string[] = []
  if (!SHA.test(sha))
    problems.push(
      `line ${ref.line}: ${v} is pinned by "${sha}", not by a 40-hex commit SHA (floating refs move)`,
    )
  else if (!ref.comment || !VERSION_COMMENT.test(ref.comment))
    problems.push(`line ${ref.line}: ${v} has no version comment (write "# v1.2.3" after the SHA)`)
  return problems
}

/** Build and deploy inputs: an error in check mode (INTERFACE.md, Phases). */
const CHECK_MODE_INPUTS = new Set(['mode', 'scope', 'deny-tags', 'allow-images', 'github-token'])
/** Inputs that build, refused together with `image-ref` (deploy-only). */
const BUILD_INPUTS = ['dockerfile', 'context', 'image', 'tag', 'tags', 'build-args', 'target']

/** The `with:` of a dock2pod step against action.yml's inputs and the interface's rules. */
export function dock2podInputProblems(
  withMap: Record<string, unknown> | undefined,
  inputs: ActionInputs,
): string[] {
  const given = withMap ?? {}
  const keys = Object.keys(given)
  const problems: string[] = []
  for (const k of keys) {
    if (!(k in inputs)) problems.push(`"${k}" is not an input of action.yml`)
  }
  for (const [name, spec] of Object.entries(inputs)) {
    if (spec.required && !(name in given)) problems.push(`required input "${name}" is not given`)
  }
  const mode = String(given.mode ?? inputs.mode?.default ?? 'deploy')
  if (mode === 'check') {
    for (const k of keys)
      if (!CHECK_MODE_INPUTS.has(k))
        problems.push(`"${k}" is a build/deploy input, but mode is check`)
    return problems
  }
  for (const k of ['scope', 'allow-images'])
    if (k in given) problems.push(`"${k}" belongs to mode: check`)
  if ('image-ref' in given) {
    for (const k of BUILD_INPUTS)
      if (k in given) problems.push(`"${k}" builds, but image-ref deploys without building`)
    if (!('deployment' in given) && !('manifests' in given))
      problems.push(`image-ref is given without a deployment or manifests`)
    return problems
  }
  if (!('image' in given) && !('tags' in given))
    problems.push(`a build needs "image" (or "tags", or "image-ref" to deploy only)`)
  if ('tags' in given)
    for (const k of ['registry', 'image', 'tag'])
      if (k in given) problems.push(`"tags" and "${k}" are both given; use one form`)
  return problems
}

/** Actions that log in with the job's OIDC token, and so need `id-token: write`. */
export const OIDC_ACTIONS = [
  'aws-actions/configure-aws-credentials',
  'google-github-actions/auth',
  'azure/login',
]

function grantsIdToken(p: unknown): boolean {
  if (p === 'write-all') return true
  return (
    typeof p === 'object' && p !== null && (p as Record<string, unknown>)['id-token'] === 'write'
  )
}

/** `permissions:` declared (top level or every job), never write-all, id-token only for OIDC. */
export function permissionProblems(wf: ParsedWorkflow): string[] {
  const problems: string[] = []
  const jobs = Object.keys(wf.jobPermissions)
  if (wf.permissions === undefined) {
    for (const job of jobs)
      if (wf.jobPermissions[job] === undefined)
        problems.push(`job "${job}" runs with the default token permissions; declare permissions:`)
  }
  for (const p of [wf.permissions, ...Object.values(wf.jobPermissions)])
    if (p === 'write-all') problems.push('permissions: write-all is not least privilege')
  const usesOidc = (job: string) =>
    wf.uses.some((u) => u.job === job && OIDC_ACTIONS.some((a) => u.value.startsWith(`${a}@`)))
  for (const job of jobs) {
    const p = wf.jobPermissions[job] ?? wf.permissions
    if (grantsIdToken(p) && !usesOidc(job))
      problems.push(`job "${job}" gets id-token: write but logs in with no OIDC action`)
    if (usesOidc(job) && !grantsIdToken(p))
      problems.push(`job "${job}" uses an OIDC login but has no id-token: write`)
  }
  return problems
}

/** The ```yaml blocks of a Markdown text, with the line each starts on. */
export function yamlBlocks(markdown: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = []
  const lines = markdown.split('\n')
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ya?ml\s*$/.test(lines[i]!)) continue
    const start = i + 1
    let end = start
    while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end++
    out.push({ line: start + 1, text: lines.slice(start, end).join('\n') })
    i = end
  }
  return out
}
