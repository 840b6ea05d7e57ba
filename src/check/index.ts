// mode: check, the pull-request check: find every place an image is named, refuse
// :latest and untagged references, annotate each on its line, summarise, fail.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as core from '@actions/core'
import type { RunFacts } from '../facts.ts'
import type { CheckSettings } from '../inputs.ts'
import type { Policy } from '../policy/index.ts'
import { publishCheck } from '../report/publish.ts'
import {
  changedFilesFromApi,
  changedFilesFromGit,
  isCandidate,
  MAX_CONTEXT_BYTES,
  MAX_CONTEXT_READS,
  readableFile,
  walkWorkspace,
  withDependents,
  workspaceReader,
  type PullRequestRef,
} from './files.ts'
import { checkFile } from './check-file.ts'
import { loadScanContexts } from './context.ts'
import type { Finding } from './findings.ts'
import { FileTally } from './tally.ts'
import { registryDigestResolver, suggestDigests, type DigestResolver } from './suggest.ts'
import { withoutBom } from '../util/text.ts'
import { infoVerbatim } from '../util/verbatim-log.ts'

export interface CheckDeps {
  /** The workspace root (GITHUB_WORKSPACE); annotations name files relative to it. */
  root: string
  /** The event payload's pull request, when the event is one. */
  pullRequest?: PullRequestRef
  /** Current digest of a tag, for the suggested fix. Undefined: the generic fix. */
  resolveDigest?: DigestResolver
}

export async function runCheck(
  settings: CheckSettings,
  facts: RunFacts,
  deps?: CheckDeps,
): Promise<void> {
  const d = deps ?? (await defaultDeps(facts))
  const policy: Policy = { denyTags: settings.denyTags, allowImages: settings.allowImages }
  const { files, source } = await selectFiles(settings, facts, d)

  const findings: Finding[] = []
  const tally = new FileTally()
  const readable: string[] = []
  for (const file of files) {
    const state = await readableFile(d.root, file)
    if (state === 'missing') continue
    if (state === 'too-big') {
      // A file name is the pull request author's to choose: `::error::x.yaml` stays text.
      infoVerbatim(`${file}: skipped, larger than 1 MiB`)
      tally.skip('larger than 1 MiB')
      continue
    }
    readable.push(file)
  }
  // Charts, kustomize resources and skaffold.yaml files, read even when the PR leaves them.
  const reader = workspaceReader(d.root)
  const contexts = await loadScanContexts(readable, reader)
  if (reader.exhausted)
    core.warning(
      `dock2pod check: the charts, kustomize resources and skaffold.yaml files around the checked files are more than ${MAX_CONTEXT_READS} files or ${MAX_CONTEXT_BYTES / 1024 / 1024} MiB; the rest were not read, so an image that depends on them may be reported as unresolved, or not reported.`,
    )
  for (const file of readable) {
    let text: string
    try {
      text = withoutBom(readFileSync(join(d.root, file), 'utf8'))
    } catch (err) {
      core.warning(`${file}: cannot be read (${(err as Error).message}); it was not checked.`, {
        file,
      })
      tally.skip('unreadable')
      continue
    }
    const { scan, findings: found } = await checkFile(file, text, contexts, policy, {
      builtImages: settings.builtImages,
    })
    tally.add(scan)
    for (const p of scan.problems) {
      core.warning(`${file} ${p.message}; the images in it may not all be checked.`, {
        file,
        startLine: p.line,
        ...(p.column ? { startColumn: p.column } : {}),
        title: 'dock2pod: file not checked',
      })
    }
    if (scan.readAs.length > 0)
      core.debug(`${file}: read as ${scan.readAs.join(', ')}, ${scan.uses.length} image(s)`)
    findings.push(...found)
  }
  const counts = tally.counts()
  const scanned = counts.checkedTotal

  await suggestDigests(findings, d.resolveDigest)

  await publishCheck(findings, { source, ...counts })
  const errors = findings.filter((f) => f.severity === 'error').length

  if (errors > 0) {
    core.setFailed(
      `dock2pod check: ${errors} image reference${errors === 1 ? ' is' : 's are'} :latest or untagged (or use a refused tag); pin a version tag or a digest.`,
    )
  } else {
    core.notice(
      `dock2pod check: no :latest or untagged image in ${scanned} file${scanned === 1 ? '' : 's'} (${source}).`,
    )
  }
}

/** The files to read and, for the log and summary, how they were chosen. */
export async function selectFiles(
  settings: CheckSettings,
  facts: RunFacts,
  deps: CheckDeps,
): Promise<{ files: string[]; source: string }> {
  const all = async (why: string) => {
    const files = await walkWorkspace(deps.root)
    core.info(`Checking all files of the workspace (${why}): ${files.length} candidate(s).`)
    return { files, source: 'all files' }
  }
  if (settings.scope === 'all') return all('scope: all')
  const pr = deps.pullRequest
  if (!pr)
    return all(`scope: changed, but the ${facts.eventName || 'unknown'} event has no pull request`)

  const errors: string[] = []
  if (settings.githubToken) {
    try {
      const changed = await changedFilesFromApi(settings.githubToken, pr)
      const files = (await withDependents(workspaceReader(deps.root), changed)).filter(isCandidate)
      core.info(
        `Checking the files of pull request #${pr.number}, listed by the GitHub API: ${files.length} candidate(s).`,
      )
      return { files, source: `the files of pull request #${pr.number} (GitHub API)` }
    } catch (err) {
      errors.push(`the GitHub API: ${oneLine(err)}`)
    }
  } else {
    errors.push('the GitHub API: no github-token')
  }
  try {
    const changed = await changedFilesFromGit(deps.root, pr)
    const files = (await withDependents(workspaceReader(deps.root), changed)).filter(isCandidate)
    infoVerbatim(
      `Checking the files of pull request #${pr.number}, from git diff ${pr.baseSha.slice(0, 7)}...${pr.headSha.slice(0, 7)} (${errors.join('; ')}): ${files.length} candidate(s).`,
    )
    return { files, source: `the files of pull request #${pr.number} (git diff)` }
  } catch (err) {
    errors.push(`git: ${oneLine(err)}`)
  }
  core.warning(
    `dock2pod check: cannot list the files of pull request #${pr.number} (${errors.join('; ')}); checking every file instead.`,
  )
  return all('the pull request files could not be listed')
}

function oneLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err)
  return msg.split('\n')[0]!.slice(0, 300)
}

async function defaultDeps(facts: RunFacts): Promise<CheckDeps> {
  const pr = facts.pullRequest
  let pullRequest: PullRequestRef | undefined
  if (pr) {
    const [owner = '', repo = ''] = (facts.repository ?? '').split('/')
    pullRequest = { owner, repo, number: pr.number, baseSha: pr.baseSha, headSha: pr.headSha }
  }
  return {
    root: process.env.GITHUB_WORKSPACE || process.cwd(),
    ...(pullRequest ? { pullRequest } : {}),
    resolveDigest: registryDigestResolver(),
  }
}
