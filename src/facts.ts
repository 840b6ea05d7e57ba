// Facts of the workflow run (event, ref, commit, pull request) and the workspace as the
// inputs see it. Read from the runner's variables and the event payload directly:
// @actions/github's context lives in its main module beside Octokit, and loading that
// costs more of the action's start-up than the whole check needs.
import { existsSync, readFileSync, statSync } from 'node:fs'
import { resolve } from 'node:path'

/** Facts of the workflow run that defaults depend on. */
export interface RunFacts {
  eventName: string
  /** `refs/tags/v1.2.3`, `refs/heads/main`, … */
  ref: string
  sha: string
  /** The PR head commit on pull_request events. */
  prHeadSha?: string
  /** `https://github.com/acme/app`, for the image's OCI source label. */
  sourceUrl?: string
  /** `owner/repo` (GITHUB_REPOSITORY). */
  repository?: string
  /** The workflow run's page, recorded on what the action changes. */
  runUrl?: string
  /** The pull request of a pull_request event. */
  pullRequest?: { number: number; baseSha: string; headSha: string }
  /** Whether a path (relative to the workspace) exists: 'file', 'dir' or undefined. */
  pathKind(path: string): 'file' | 'dir' | undefined
}

interface EventPayload {
  pull_request?: { number?: number; base?: { sha?: string }; head?: { sha?: string } }
}

export function readEventPayload(path = process.env.GITHUB_EVENT_PATH): EventPayload {
  if (!path || !existsSync(path)) return {}
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as EventPayload
  } catch {
    return {}
  }
}

export function runFacts(env: NodeJS.ProcessEnv = process.env): RunFacts {
  const payload = readEventPayload(env.GITHUB_EVENT_PATH)
  const pr = payload.pull_request
  const server = env.GITHUB_SERVER_URL || 'https://github.com'
  const repository = env.GITHUB_REPOSITORY || undefined
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    ref: env.GITHUB_REF ?? '',
    sha: env.GITHUB_SHA ?? '',
    ...(pr?.head?.sha ? { prHeadSha: pr.head.sha } : {}),
    ...(pr?.number && pr.base?.sha && pr.head?.sha
      ? { pullRequest: { number: pr.number, baseSha: pr.base.sha, headSha: pr.head.sha } }
      : {}),
    ...(repository ? { repository, sourceUrl: `${server}/${repository}` } : {}),
    ...(repository && env.GITHUB_RUN_ID
      ? { runUrl: `${server}/${repository}/actions/runs/${env.GITHUB_RUN_ID}` }
      : {}),
    pathKind(path: string) {
      const p = resolve(process.cwd(), path)
      if (!existsSync(p)) return undefined
      return statSync(p).isDirectory() ? 'dir' : 'file'
    },
  }
}
