// The check's job summary and report output, rendered from findings. Pure: the
// caller writes them (core.summary, core.setOutput) last.
import type { Finding } from '../check/findings.ts'
import { boundedJsonArray, cutLines, LIMITS } from '../util/bounds.ts'

export interface CheckReportMeta {
  /** How the files were chosen: `all files`, `the pull request's files (GitHub API)`, … */
  source: string
  filesScanned: number
}

const WHY: Record<Finding['reason'], string> = {
  untagged: 'no tag (means :latest)',
  latest: ':latest is mutable',
  'denied-tag': 'tag refused by deny-tags',
  unresolved: 'cannot be resolved from the file',
  invalid: 'not an image reference',
}

/** A table cell: no line breaks, `|` escaped, code spans without backticks inside. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|')
}
function code(text: string): string {
  return `\`${cell(text).replace(/`/g, "'")}\``
}

export function renderCheckSummary(findings: Finding[], meta: CheckReportMeta): string {
  const errors = findings.filter((f) => f.severity === 'error')
  const warnings = findings.filter((f) => f.severity === 'warning')
  const lines: string[] = ['## dock2pod check: mutable image references', '']
  lines.push(
    `Scanned ${meta.filesScanned} file${meta.filesScanned === 1 ? '' : 's'} (${meta.source}): ` +
      (errors.length === 0
        ? 'no `:latest` or untagged image.'
        : `**${errors.length} image reference${errors.length === 1 ? '' : 's'} to pin**.`) +
      (warnings.length > 0
        ? ` ${warnings.length} reference${warnings.length === 1 ? '' : 's'} could not be checked.`
        : ''),
  )
  if (findings.length === 0) return `${lines.join('\n')}\n`
  lines.push('', '| | file | line | image | why | suggested fix |', '|---|---|---|---|---|---|')
  for (const f of findings) {
    const fix = f.digest
      ? `pin the digest: ${code(`${f.image.split('@')[0]}@${f.digest}`)}`
      : cell(f.fix)
    lines.push(
      `| ${f.severity === 'error' ? '❌' : '⚠️'} | ${code(f.file)} | ${f.line} | ${code(f.written ?? f.image)} | ${cell(WHY[f.reason])} | ${fix} |`,
    )
  }
  lines.push(
    '',
    'Silence one reference with a `# dock2pod-ignore` comment at the end of its line or on the line above; exempt images with `allow-images`.',
  )
  // Under GitHub's 1 MiB per step: the table stops, the annotations list every finding.
  return cutLines(
    `${lines.join('\n')}\n`,
    LIMITS.summaryBytes,
    `\n_${findings.length} findings in all; the rest of the table is cut to keep the job summary under its size limit. The annotations list each one._\n`,
  )
}

/**
 * The `report` output: the findings as a JSON array, as many as fit in LIMITS.outputBytes
 * (the `findings` output counts them all).
 */
export function renderReportJson(findings: Finding[]): string {
  return boundedJsonArray(findings, LIMITS.outputBytes)
}
