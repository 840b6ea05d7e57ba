// The one place a run's results reach the workflow: step outputs, the annotations that
// report results (a failed Deployment, a check finding) and the job summary, for every
// mode. The renderers beside it are pure (build-summary.ts, deploy.ts, check-summary.ts);
// this module only writes what they render, once per run and mode.
//
// One rule for errors: the outputs are the step's contract with the next step, so a
// failed write fails the step (core.setOutput throws); the summary is a report, so a
// failed write is a warning (job-summary.ts). Warnings about the run itself (a file not
// checked, a retry) are said where they happen, not here.
import * as core from '@actions/core'
import { renderBuildSummary, type BuildReport } from './build-summary.ts'
import type { Finding } from '../check/findings.ts'
import { renderCheckSummary, renderReportJson, type CheckReportMeta } from './check-summary.ts'
import {
  annotationTitle,
  failureReason,
  renderAnnotation,
  renderDeploymentsOutput,
  renderDeploySummary,
  rolledBack,
  type DeploymentResult,
} from './deploy.ts'
import { writeJobSummary } from './job-summary.ts'

/** What the build phase made: the outputs `image`, `tags`, `digest`, `image-ref`, `metadata`. */
export interface BuildOutputs {
  image: string
  tags: string[]
  digest: string
  imageRef: string
  /** buildx's metadata file, as JSON text ('' without buildx). */
  metadata: string
}

export async function publishBuild(o: BuildOutputs, summary: BuildReport): Promise<void> {
  publishImage(o)
  core.setOutput('metadata', o.metadata)
  await writeJobSummary(renderBuildSummary(summary))
}

/** The image outputs alone: a deploy of `image-ref` (nothing built) resolved it to these. */
export function publishImage(o: Omit<BuildOutputs, 'metadata'>): void {
  core.setOutput('image', o.image)
  core.setOutput('tags', o.tags.join('\n'))
  core.setOutput('digest', o.digest)
  core.setOutput('image-ref', o.imageRef)
}

/**
 * The deploy's outputs (the first workload's `revision`, `ready-replicas`,
 * `previous-image`; every workload in `deployments`; `failure-reason`, `rolled-back`),
 * one annotation per workload that failed or was rolled back, and the summary table.
 */
export async function publishDeploy(results: DeploymentResult[]): Promise<void> {
  const first = results[0]
  if (first) {
    core.setOutput('revision', first.revision)
    core.setOutput('ready-replicas', String(first.readyReplicas))
    core.setOutput('previous-image', first.previousImage)
  }
  core.setOutput('deployments', renderDeploymentsOutput(results))
  core.setOutput('failure-reason', failureReason(results))
  core.setOutput('rolled-back', String(rolledBack(results)))
  for (const r of results) {
    if (r.status !== 'failed' && r.status !== 'rolled-back') continue
    const message = renderAnnotation(r)
    // A Deployment rolled back only because another failed is a warning, not a failure.
    if (!r.diagnosis && r.note) core.warning(message, { title: annotationTitle(r) })
    else core.error(message, { title: annotationTitle(r) })
  }
  await writeJobSummary(renderDeploySummary(results))
}

const FINDING_TITLES: Record<Finding['severity'], string> = {
  error: 'dock2pod: mutable image reference',
  warning: 'dock2pod: image not checked',
  notice: 'dock2pod: image built here',
}

/** The check's findings on their lines, the outputs `findings` and `report`, the summary. */
export async function publishCheck(findings: Finding[], meta: CheckReportMeta): Promise<void> {
  for (const f of findings) {
    const props = {
      file: f.file,
      startLine: f.line,
      ...(f.endLine !== f.line
        ? { endLine: f.endLine }
        : { startColumn: f.column, endColumn: f.endColumn }),
      title: FINDING_TITLES[f.severity],
    }
    const message = `${f.message}. Fix: ${f.fix}.`
    if (f.severity === 'error') core.error(message, props)
    else if (f.severity === 'warning') core.warning(message, props)
    else core.notice(message, props)
  }
  core.setOutput('findings', String(findings.filter((f) => f.severity === 'error').length))
  core.setOutput('report', renderReportJson(findings))
  await writeJobSummary(renderCheckSummary(findings, meta))
}

/** The `duration` output, in every mode and on every ending. */
export function publishDuration(seconds: number): void {
  core.setOutput('duration', seconds.toFixed(1))
}
