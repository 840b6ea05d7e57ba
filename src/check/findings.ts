// What the scanners hand over (an ImageUse: where an image is named, and how), and what
// the check reports (a Finding: a use the policy refuses, or one it cannot judge).
// Pure: scanners give uses, `judgeUses` applies the policy and the inline ignore.
import { parseImageReference } from '../image/reference.ts'
import {
  describeFailure,
  isAllowedImage,
  isIgnoredAt,
  judgeReference,
  type Policy,
} from '../policy/index.ts'
import { cut, LIMITS } from '../util/bounds.ts'

/** The kind of place an image is named in. */
export type PlaceKind =
  | 'dockerfile-from'
  | 'dockerfile-copy-from'
  | 'dockerfile-run-mount'
  | 'k8s-container'
  | 'kustomize-image'
  | 'helm-values'
  | 'compose-service'
  | 'workflow-container'
  | 'workflow-service'
  | 'workflow-step'
  | 'action-image'

/** Where an image is named. Lines and columns are 1-based; endColumn is exclusive. */
export interface ImageUse {
  line: number
  column: number
  endLine: number
  endColumn: number
  /** The reference the policy judges (after ARG/default substitution). */
  image: string
  /** The text as written when it differs from `image` (`${BASE}:${VERSION}`). */
  written?: string
  kind: PlaceKind
  /** Where in the file, for people: `spec.template.spec.containers[0].image`, `FROM (stage build)`. */
  place: string
  /** Set when the reference cannot be known from the file alone (an unset variable). */
  unresolved?: string
  /** What to do about it, when that is not what its kind says (a Dockerfile template). */
  unresolvedFix?: string
  /** How `image` was resolved from other files (a chart's appVersion, a base's tag). */
  via?: string
  /** Set when the repository builds this image itself (compose `build:`, a Skaffold artifact). */
  built?: string
  /** Other lines an ignore comment may sit above (an instruction's first line, a map's key). */
  ignoreAbove?: number[]
}

export type Reason = 'untagged' | 'latest' | 'denied-tag' | 'unresolved' | 'invalid'

/** A judged use: where it is and what it names, as found, plus the verdict. */
export interface Finding extends Pick<
  ImageUse,
  'line' | 'column' | 'endLine' | 'endColumn' | 'image' | 'written' | 'kind' | 'place'
> {
  /** Path relative to the workspace, with `/`. */
  file: string
  /**
   * `error` fails the check; `warning` is a reference the check cannot judge; `notice` is
   * an image the repository builds itself (see `built-images`).
   */
  severity: 'error' | 'warning' | 'notice'
  reason: Reason
  message: string
  fix: string
  /** The current digest of that tag, when a registry could be asked. */
  digest?: string
}

export const DEFAULT_FIX = 'pin a version tag or a digest'

export interface JudgeOptions {
  /** An image the repository builds itself: `notice` (the default) or `error` (judged as any other). */
  builtImages?: 'notice' | 'error'
}

/** Apply the policy (and the inline ignore comment) to the uses found in one file. */
export function judgeUses(
  file: string,
  text: string,
  uses: ImageUse[],
  policy: Policy,
  opts: JudgeOptions = {},
): Finding[] {
  const lines = text.split(/\r?\n/)
  const findings: Finding[] = []
  const byPosition = new Map<string, ImageUse>()
  for (const use of uses) {
    if (isIgnoredAt(lines, use.line, use.ignoreAbove)) continue
    // An anchored image used by several containers is one fix at one place: one finding.
    const at = `${use.line}:${use.column}:${use.image}`
    const first = byPosition.get(at)
    if (first) {
      const f = findings.find(
        (x) => x.line === first.line && x.column === first.column && x.image === first.image,
      )
      // One anchor used by thousands of containers: the first few places say it.
      if (f && f.message.length < LIMITS.annotation / 4)
        f.message += ` (also ${cut(use.place, LIMITS.quotedLine)})`
      continue
    }
    byPosition.set(at, use)
    // Judged whole, quoted cut: a 1 MB reference in a FROM is not 1 MB of annotation,
    // summary and report. Every valid reference is shorter than the cut.
    const image = cut(use.image, LIMITS.imageRef)
    const written = use.written !== undefined ? cut(use.written, LIMITS.imageRef) : undefined
    const place = cut(use.place, LIMITS.quotedLine)
    const base = {
      file,
      line: use.line,
      column: use.column,
      endLine: use.endLine,
      endColumn: use.endColumn,
      image,
      ...(written !== undefined ? { written } : {}),
      kind: use.kind,
      place,
    }
    // Built here, not pulled: a notice unless built-images says error.
    const built = use.built && opts.builtImages !== 'error' ? use.built : undefined
    const via = use.via !== undefined ? cut(use.via, LIMITS.quotedLine) : undefined
    const why = `${via ? ` (${via})` : ''}${use.built ? `; ${use.built}` : ''}`
    if (use.unresolved) {
      // The name may be known when the tag is not (an empty Helm tag): allow-images applies.
      if (isAllowedName(use.image, policy)) continue
      findings.push({
        ...base,
        severity: built ? 'notice' : 'warning',
        reason: 'unresolved',
        message: `${place}: cannot check ${JSON.stringify(written ?? image)}: ${cut(use.unresolved, LIMITS.quotedLine)}${why}`,
        fix: use.unresolvedFix ?? UNRESOLVED_FIX[use.kind] ?? UNRESOLVED_FIX.default,
      })
      continue
    }
    const verdict = judgeReference(use.image, policy)
    if (verdict.status === 'pass') continue
    if (verdict.status === 'invalid') {
      findings.push({
        ...base,
        severity: built ? 'notice' : 'warning',
        reason: 'invalid',
        message: `${place}: ${JSON.stringify(image)} is not an image reference: it ${cut(verdict.message, LIMITS.quotedLine + LIMITS.imageRef)}${why}`,
        fix: 'write registry/repository:tag or @sha256:…',
      })
      continue
    }
    findings.push({
      ...base,
      severity: built ? 'notice' : 'error',
      reason: verdict.reason,
      message: `${place}: ${cut(describeFailure(verdict.reason, verdict.ref), LIMITS.quotedLine + LIMITS.imageRef)}${written ? ` (written ${written}${via ? `; ${via}` : ''})${use.built ? `; ${use.built}` : ''}` : why}`,
      fix: DEFAULT_FIX,
    })
  }
  return findings
}

const WORKFLOW_FIX =
  "write the pinned image in the workflow, or list its values in the job's strategy.matrix, or add a dock2pod-ignore comment"

/** What to do about a reference that cannot be known, by where it is written. */
const UNRESOLVED_FIX: Partial<Record<PlaceKind, string>> & { default: string } = {
  'helm-values': 'write the tag in the values file, or add a dock2pod-ignore comment',
  // A manifest has no defaults: envsubst, sed or a template fills it in.
  'k8s-container':
    'write the pinned image in the file (or pin it where it is filled in), or add a dock2pod-ignore comment',
  // An expression other than the job's own matrix, written out.
  'workflow-container': WORKFLOW_FIX,
  'workflow-service': WORKFLOW_FIX,
  'workflow-step': WORKFLOW_FIX,
  default: 'give the variable a default that pins a version, or add a dock2pod-ignore comment',
}

/** Whether `image` is a reference whose name allow-images exempts. */
function isAllowedName(image: string, policy: Policy): boolean {
  if (policy.allowImages.length === 0) return false
  try {
    return isAllowedImage(parseImageReference(image), policy.allowImages)
  } catch {
    return false
  }
}
