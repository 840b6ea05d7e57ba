// What a deploy shows the workflow: the `deployments` output, one error annotation per
// failed Deployment, and the job-summary table. Pure rendering; publish.ts writes.
import type { WorkloadKind } from '../kube/workload.ts'
import type { Diagnosis } from '../kube/diagnose.ts'
import { boundedJsonArray, cut, cutLines, LIMITS } from '../util/bounds.ts'

export type DeploymentStatus = 'ready' | 'failed' | 'rolled-back' | 'unchanged'

export interface RollbackReport {
  /** `ready`: back on the previous template and healthy; `sent`: patched, not waited for. */
  state: 'ready' | 'failed' | 'conflict' | 'error' | 'sent'
  message: string
  revision?: string
  /** Ready replicas once the rollback was waited for. */
  readyReplicas?: number
  diagnosis?: Diagnosis
}

export interface DeploymentResult {
  /** Default Deployment. */
  kind?: WorkloadKind
  namespace: string
  name: string
  /** The container names, comma-separated. */
  container: string
  previousImage: string
  image: string
  revision: string
  readyReplicas: number
  desiredReplicas: number
  /** From the patch to ready (or to the verdict). */
  seconds: number
  status: DeploymentStatus
  diagnosis: Diagnosis | null
  rollback?: RollbackReport
  /** Why a healthy rollout was rolled back anyway, or a cancel. */
  note?: string
}

/**
 * What a result may quote of the cluster, cut to LIMITS: the image the Deployment ran
 * before, the kubelet's and the events' words, the log lines. Every rendering below
 * starts from this.
 */
export function boundResult(r: DeploymentResult): DeploymentResult {
  const line = (s: string) => cut(s, LIMITS.quotedLine)
  const diagnosis = (d: Diagnosis): Diagnosis => ({
    ...d,
    message: line(d.message),
    ...(d.event !== undefined ? { event: line(d.event) } : {}),
    ...(d.image !== undefined ? { image: cut(d.image, LIMITS.imageRef) } : {}),
    ...(d.logs ? { logs: d.logs.slice(-LIMITS.podLogLines).map(line) } : {}),
    ...(d.changes ? { changes: d.changes.map(line) } : {}),
    ...(d.hint !== undefined ? { hint: cut(d.hint, 2 * LIMITS.quotedLine + LIMITS.imageRef) } : {}),
  })
  return {
    ...r,
    previousImage: cut(r.previousImage, LIMITS.imageRef),
    diagnosis: r.diagnosis ? diagnosis(r.diagnosis) : null,
    ...(r.rollback
      ? {
          rollback: {
            ...r.rollback,
            message: line(r.rollback.message),
            ...(r.rollback.diagnosis ? { diagnosis: diagnosis(r.rollback.diagnosis) } : {}),
          },
        }
      : {}),
  }
}

/** The `deployments` output: one object per Deployment, as shared/INTERFACE.md lists. */
export function renderDeploymentsOutput(results: DeploymentResult[]): string {
  return boundedJsonArray(
    results.map(boundResult).map((r) => ({
      namespace: r.namespace,
      name: r.name,
      container: r.container,
      previousImage: r.previousImage,
      image: r.image,
      revision: r.revision,
      readyReplicas: r.readyReplicas,
      seconds: Math.round(r.seconds * 10) / 10,
      status: r.status,
      diagnosis: r.diagnosis ? { ...r.diagnosis, summary: diagnosisHeadline(r.diagnosis) } : null,
      ...(r.rollback ? { rollback: { state: r.rollback.state, message: r.rollback.message } } : {}),
    })),
    LIMITS.outputBytes,
  )
}

const PULL_FAILURE_WORDS = {
  'not-found': 'image not found',
  unauthorized: 'registry refused the node',
  unreachable: 'registry unreachable from the node',
} as const

/** `ImagePullBackOff, image not found (pod web-abc, container web)` */
export function diagnosisHeadline(d: Diagnosis): string {
  const where = [d.pod ? `pod ${d.pod}` : '', d.container ? `container ${d.container}` : '']
    .filter(Boolean)
    .join(', ')
  const kind =
    d.pullFailure && d.pullFailure !== 'other' ? `, ${PULL_FAILURE_WORDS[d.pullFailure]}` : ''
  return `${d.reason}${kind}${where ? ` (${where})` : ''}`
}

/** The diagnosis as lines of text: reason, where, the kubelet's words, exit code, logs, fix. */
export function renderDiagnosis(d: Diagnosis): string[] {
  const lines = [diagnosisHeadline(d)]
  if (d.message) lines.push(d.message)
  if (d.event && d.event !== d.message) lines.push(`Event: ${d.event}`)
  if (d.changes?.length) {
    lines.push('Changed since dock2pod wrote it:')
    for (const c of d.changes) lines.push(`  ${c}`)
  }
  if (d.exitCode !== undefined)
    lines.push(
      `Exit code ${d.exitCode}${d.restartCount ? ` (restarted ${d.restartCount === 1 ? 'once' : `${d.restartCount} times`})` : ''}`,
    )
  if (d.logs?.length) {
    lines.push(`Last ${d.logs.length} log lines:`)
    for (const l of d.logs) lines.push(`  ${l}`)
  }
  if (d.hint) lines.push(`Fix: ${d.hint}`)
  return lines
}

function rollbackLine(r: DeploymentResult): string | undefined {
  const rb = r.rollback
  if (!rb) return undefined
  switch (rb.state) {
    case 'ready':
      return `Rolled back to ${r.previousImage}${rb.revision ? ` (revision ${rb.revision})` : ''}: ready.`
    case 'sent':
      return `Rollback to ${r.previousImage} sent; not waited for.`
    case 'failed':
      return `Rolled back to ${r.previousImage}, but that is not healthy either: ${rb.message}`
    default:
      return `Not rolled back: ${rb.message}`
  }
}

/** The message of a Deployment's error annotation (its title is `deployment/<name>`). */
export function renderAnnotation(result: DeploymentResult): string {
  const r = boundResult(result)
  const lines = [
    `${r.kind ?? 'Deployment'} ${r.namespace}/${r.name} failed to roll out ${r.image}.`,
  ]
  if (r.diagnosis) lines.push(...renderDiagnosis(r.diagnosis))
  if (r.note) lines.push(r.note)
  const rb = rollbackLine(r)
  if (rb) lines.push(rb)
  return cut(lines.join('\n'), LIMITS.annotation)
}

export function annotationTitle(r: DeploymentResult): string {
  return `${(r.kind ?? 'Deployment').toLowerCase()}/${r.name}`
}

// Markdown table cells: a '|' or a newline would break the row.
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
const code = (s: string): string => (s ? `\`${cell(s).replace(/`/g, "'")}\`` : '_none_')

const STATUS_TEXT: Record<DeploymentStatus, string> = {
  ready: '✅ ready',
  unchanged: '⏸️ unchanged',
  failed: '❌ failed',
  'rolled-back': '↩️ rolled back',
}

/** `StatefulSet ` or `DaemonSet ` before a name in the summary; nothing for a Deployment. */
const kindPrefix = (r: DeploymentResult) => (r.kind && r.kind !== 'Deployment' ? `${r.kind} ` : '')

export function renderDeploySummary(all: DeploymentResult[]): string {
  const results = all.map(boundResult)
  const out = [
    '### Deploy',
    '',
    '| Deployment | Image | Revision | Ready | Time to ready | Status |',
    '|---|---|---|---|---|---|',
  ]
  for (const r of results) {
    const image =
      r.previousImage === r.image ? code(r.image) : `${code(r.previousImage)} → ${code(r.image)}`
    const time = r.status === 'ready' ? `${r.seconds.toFixed(1)} s` : '–'
    out.push(
      `| ${code(`${kindPrefix(r)}${r.namespace}/${r.name}`)} | ${image} | ${cell(r.revision || '–')} | ${r.readyReplicas}/${r.desiredReplicas} | ${time} | ${STATUS_TEXT[r.status]} |`,
    )
  }
  for (const r of results) {
    if (r.status !== 'failed' && r.status !== 'rolled-back') continue
    out.push('', `#### ${cell(`${kindPrefix(r)}${r.namespace}/${r.name}`)}`, '')
    const body = [
      ...(r.diagnosis ? renderDiagnosis(r.diagnosis) : []),
      ...(r.note ? [r.note] : []),
      ...(rollbackLine(r) ? [rollbackLine(r)!] : []),
    ]
    out.push('```text', ...body.map((l) => l.replace(/```/g, "'''")), '```')
  }
  // Under GitHub's 1 MiB per step, with room for the build's section.
  return cutLines(
    out.join('\n') + '\n',
    LIMITS.summaryBytes,
    '\n_The rest is cut to keep the job summary under its size limit; see the annotations._\n',
  )
}

/** The `failure-reason` output: the reason word of the first diagnosed failure, else ''. */
export function failureReason(results: readonly DeploymentResult[]): string {
  for (const r of results)
    if ((r.status === 'failed' || r.status === 'rolled-back') && r.diagnosis)
      return r.diagnosis.reason
  return ''
}

/** The `rolled-back` output: a rollback was sent and came back healthy. */
export function rolledBack(results: readonly DeploymentResult[]): boolean {
  return results.some((r) => r.rollback?.state === 'ready')
}
