// The check's job summary and report output, rendered from findings. Pure: publish.ts
// writes them.
import type { Finding } from '../check/findings.ts'
import type { FileCounts } from '../check/tally.ts'
import { boundedJsonArray, cutLines, LIMITS } from '../util/bounds.ts'

export interface CheckReportMeta extends FileCounts {
  /** How the files were chosen: `all files`, `the pull request's files (GitHub API)`, … */
  source: string
}

/** Plural of each kind and skip reason: `2 Kubernetes manifests`, `568 Helm templates`. */
const PLURAL: Record<string, string> = {
  Dockerfile: 'Dockerfiles',
  workflow: 'workflows',
  'action metadata': 'action metadata files',
  kustomization: 'kustomizations',
  'kustomize Component': 'kustomize Components',
  'Kubernetes manifest': 'Kubernetes manifests',
  'compose file': 'compose files',
  'Helm values': 'Helm values files',
  'Helm template': 'Helm templates',
  'Helm Chart.yaml': 'Helm Chart.yaml files',
  'Skaffold config': 'Skaffold configs',
  'YAML file with no image field the check reads': 'YAML files with no image field the check reads',
}

function counted(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([k, n]) => `${n} ${n === 1 ? k : (PLURAL[k] ?? k)}`)
    .join(', ')
}

/** `Checked 7 files (all files): 2 Kubernetes manifests, …. Skipped 568: 568 Helm templates.` */
export function renderFileCounts(meta: CheckReportMeta): string {
  const n = meta.checkedTotal
  let out = `Checked ${n} file${n === 1 ? '' : 's'} (${meta.source})`
  out += n > 0 ? `: ${counted(meta.checked)}.` : '.'
  if (meta.skippedTotal > 0) out += ` Skipped ${meta.skippedTotal}: ${counted(meta.skipped)}.`
  return out
}

const WHY: Record<Finding['reason'], string> = {
  untagged: 'no tag (means :latest)',
  latest: ':latest is mutable',
  'denied-tag': 'tag refused by deny-tags',
  unresolved: 'cannot be resolved from the file',
  invalid: 'not an image reference',
}

const ICON: Record<Finding['severity'], string> = { error: '❌', warning: '⚠️', notice: 'ℹ️' }

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
  const notices = findings.filter((f) => f.severity === 'notice')
  const lines: string[] = ['## dock2pod check: mutable image references', '']
  lines.push(
    `${renderFileCounts(meta)} ` +
      (errors.length === 0
        ? 'No `:latest` or untagged image.'
        : `**${errors.length} image reference${errors.length === 1 ? '' : 's'} to pin**.`) +
      (warnings.length > 0
        ? ` ${warnings.length} reference${warnings.length === 1 ? '' : 's'} could not be checked.`
        : '') +
      (notices.length > 0
        ? ` ${notices.length} image${notices.length === 1 ? '' : 's'} built by the repository itself (notices; \`built-images: error\` fails on them).`
        : ''),
  )
  if (findings.length === 0) return `${lines.join('\n')}\n`
  lines.push('', '| | file | line | image | why | suggested fix |', '|---|---|---|---|---|---|')
  for (const f of findings) {
    const fix = f.digest
      ? `pin the digest: ${code(`${f.image.split('@')[0]}@${f.digest}`)}`
      : cell(f.fix)
    lines.push(
      `| ${ICON[f.severity]} | ${code(f.file)} | ${f.line} | ${code(f.written ?? f.image)} | ${cell(WHY[f.reason])}${f.severity === 'notice' ? ' (built here)' : ''} | ${fix} |`,
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
