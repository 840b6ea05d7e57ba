// Facts of the workflow run (event, ref, commit, pull request) and the workspace as the
// inputs see it. Read from the runner's variables and the event payload directly:
// @actions/github's context lives in its main module beside Octokit, and loading that
// costs more of the action's start-up than the whole check needs.
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs'
import { isAbsolute, relative, resolve } from 'node:path'

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
  /**
   * What a path (relative to the workspace) is, symlinks resolved: 'file', 'dir',
   * 'outside' when it resolves outside the workspace, or undefined when it is missing.
   */
  pathKind(path: string): 'file' | 'dir' | 'outside' | undefined
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
    pathKind: (path: string) => workspacePathKind(path, workspaceRoot(env), process.cwd()),
  }
}

/** The workspace: GITHUB_WORKSPACE, else the working directory (a local run). */
export function workspaceRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.GITHUB_WORKSPACE || process.cwd()
}

/** Whether `path` is `root` or below it. */
function inside(root: string, path: string): boolean {
  const rel = relative(root, path)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

/**
 * What `path` (relative to `cwd`, as the docker CLI reads it) is, once every symlink is
 * resolved: 'outside' when it, or what a link in it points at, is not under `workspace`;
 * else 'file', 'dir', or undefined when it does not exist.
 */
export function workspacePathKind(
  path: string,
  workspace: string,
  cwd: string,
): 'file' | 'dir' | 'outside' | undefined {
  let root: string
  try {
    root = realpathSync(workspace)
  } catch {
    root = resolve(workspace)
  }
  const lexical = resolve(cwd, path)
  if (!inside(resolve(workspace), lexical) && !inside(root, lexical)) return 'outside'
  let real: string
  try {
    real = realpathSync(lexical)
  } catch {
    // Missing, unreadable, or a link to nowhere: nothing docker could read either.
    return undefined
  }
  if (!inside(root, real)) return 'outside'
  return statSync(real).isDirectory() ? 'dir' : 'file'
}
