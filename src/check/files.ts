// Which files the check reads: the whole workspace (`scope: all`), or the files of the
// pull request (`scope: changed`) — from the GitHub API, or from `git diff` between the
// event's base and head commits when the API cannot be reached. The only module of the
// check that touches disk, git or the network.
// Synchronous file calls: the check reads thousands of small files one after the other
// and has nothing to do meanwhile; each async call is a round trip through libuv's thread
// pool (open, fstat, read, close), which on a busy 2-core runner took most of the time.
import { lstatSync, readdirSync, readFileSync, realpathSync, type Dirent } from 'node:fs'
import { join, relative, sep } from 'node:path'
import type { RepoReader } from './context.ts'
import { composePartnerNames, isComposeName } from './compose.ts'
import { CHART_NAMES } from './helm.ts'
import { classifyPath, isKustomizationName, isValuesName } from './scan.ts'
import { withoutBom } from '../util/text.ts'

/** Directories never walked: VCS data, dependencies, virtualenvs, vendored code. */
export const SKIPPED_DIRS = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  'bower_components',
  'vendor',
  'third_party',
  '.venv',
  'venv',
  '__pycache__',
  '.terraform',
  '.tox',
])
/** Larger files are skipped: a manifest or Dockerfile is never this big. */
export const MAX_FILE_BYTES = 1024 * 1024
/** Enough for any repository; a bound in case the workspace holds something huge. */
export const MAX_FILES = 20_000

/** Whether the check reads a path at all (by name). */
export function isCandidate(path: string): boolean {
  if (path.split('/').some((part) => SKIPPED_DIRS.has(part))) return false
  return classifyPath(path) !== undefined || isKustomizationName(path)
}

/** Every candidate file under root, relative with `/`, sorted. Symlinks are not followed. */
export async function walkWorkspace(root: string): Promise<string[]> {
  const out: string[] = []
  const walk = async (dir: string): Promise<void> => {
    let dirents: Dirent[]
    try {
      dirents = readdirSync(dir, { withFileTypes: true })
    } catch {
      return
    }
    for (const d of dirents) {
      if (out.length >= MAX_FILES) return
      const full = join(dir, d.name)
      if (d.isDirectory()) {
        if (!SKIPPED_DIRS.has(d.name)) await walk(full)
      } else if (d.isFile()) {
        const rel = relative(root, full).split(sep).join('/')
        if (isCandidate(rel)) out.push(rel)
      }
    }
  }
  await walk(root)
  return out.sort()
}

/** A file still in the workspace (not deleted by the PR), small enough to read. */
export async function readableFile(
  root: string,
  rel: string,
): Promise<'ok' | 'missing' | 'too-big'> {
  try {
    const st = lstatSync(join(root, rel))
    if (!st.isFile()) return 'missing'
    return st.size > MAX_FILE_BYTES ? 'too-big' : 'ok'
  } catch {
    return 'missing'
  }
}

/**
 * The changed files, and the files whose judgement a change to another file moves:
 * - the compose files beside a changed `.env` (their variables), and the file compose
 *   merges with a changed compose file by default (its `build:`);
 * - a chart's values files, when its `Chart.yaml` (appVersion) or a template (what
 *   fills an empty tag) changed.
 * Sorted, each once. Folders are listed as the context is read: inside the workspace.
 */
export async function withDependents(
  reader: RepoReader,
  changed: readonly string[],
): Promise<string[]> {
  const out = new Set(changed)
  /** The files of `dir` that `wanted` picks, added to `out` (one listing each). */
  const add = async (dir: string, wanted: (name: string, names: string[]) => boolean) => {
    const names = (await reader.list(dir)).filter((e) => !e.dir).map((e) => e.name)
    for (const name of names) if (wanted(name, names)) out.add(dir ? `${dir}/${name}` : name)
  }
  const isChartValues = (name: string, names: string[]) =>
    isValuesName(name) && names.some((n) => CHART_NAMES.includes(n))
  for (const file of changed) {
    const parts = file.split('/')
    const base = parts.pop()!
    const partners = composePartnerNames(file)
    if (base === '.env') await add(parts.join('/'), isComposeName)
    else if (partners.length > 0) await add(parts.join('/'), (name) => partners.includes(name))
    else if (CHART_NAMES.includes(base)) await add(parts.join('/'), isChartValues)
    else {
      // A template: the chart is the folder above the nearest `templates`.
      const t = parts.lastIndexOf('templates')
      if (t >= 0) await add(parts.slice(0, t).join('/'), isChartValues)
    }
  }
  return [...out].sort()
}

/** Bounds on what is read besides the checked files (charts, kustomize resources, skaffold.yaml). */
export const MAX_CONTEXT_READS = 20_000
export const MAX_CONTEXT_BYTES = 64 * 1024 * 1024

export interface WorkspaceReader extends RepoReader {
  /** Set once a read was refused because the budget was spent. */
  readonly exhausted: boolean
}

/**
 * The workspace as a RepoReader for context.ts: relative paths only, nothing outside
 * the workspace (`..`, absolute paths, and folders whose real path leads out are
 * refused; a file that is a symlink is not read), regular files up to MAX_FILE_BYTES,
 * and at most `reads` files and `bytes` bytes in all.
 */
export function workspaceReader(
  root: string,
  budget: { reads: number; bytes: number } = {
    reads: MAX_CONTEXT_READS,
    bytes: MAX_CONTEXT_BYTES,
  },
): WorkspaceReader {
  let reads = 0
  let bytes = 0
  let exhausted = false
  let realRoot: string | undefined
  // One realpath per folder: a symlinked folder anywhere on the way is resolved here.
  const folders = new Map<string, boolean>()
  const folderInside = (rel: string): boolean => {
    let inside = folders.get(rel)
    if (inside === undefined) {
      try {
        const real = realpathSync(join(root, rel))
        const top = (realRoot ??= realpathSync(root))
        inside = real === top || real.startsWith(top + sep)
      } catch {
        inside = false
      }
      folders.set(rel, inside)
    }
    return inside
  }
  const safe = (rel: string) => !rel.startsWith('/') && !rel.split('/').includes('..')
  return {
    get exhausted() {
      return exhausted
    },
    async read(rel) {
      if (!safe(rel)) return undefined
      if (reads >= budget.reads || bytes >= budget.bytes) {
        exhausted = true
        return undefined
      }
      const slash = rel.lastIndexOf('/')
      if (!folderInside(slash >= 0 ? rel.slice(0, slash) : '')) return undefined
      const full = join(root, rel)
      try {
        const st = lstatSync(full)
        if (!st.isFile() || st.size > MAX_FILE_BYTES) return undefined
        if (bytes + st.size > budget.bytes) {
          exhausted = true
          return undefined
        }
        reads++
        bytes += st.size
        return withoutBom(readFileSync(full, 'utf8'))
      } catch {
        return undefined
      }
    },
    async list(rel) {
      if (!safe(rel) || !folderInside(rel)) return []
      try {
        const dirents = readdirSync(join(root, rel), { withFileTypes: true })
        return dirents
          .filter((d) => d.isFile() || d.isDirectory())
          .map((d) => ({ name: d.name, dir: d.isDirectory() }))
      } catch {
        return []
      }
    },
  }
}

export interface PullRequestRef {
  owner: string
  repo: string
  number: number
  baseSha: string
  headSha: string
}

/**
 * The files of a pull request from the API (`pulls.listFiles`, paginated), without the
 * removed ones. @actions/github (Octokit) is imported here, not at start: a check run on
 * a push never loads it. Bounded by `timeoutMs` as a whole.
 */
export async function changedFilesFromApi(
  token: string,
  pr: PullRequestRef,
  timeoutMs = 15_000,
): Promise<string[]> {
  const { getOctokit } = await import('@actions/github')
  const signal = AbortSignal.timeout(timeoutMs)
  const octokit = getOctokit(token, { request: { signal, retries: 0 } })
  const files = await octokit.paginate(octokit.rest.pulls.listFiles, {
    owner: pr.owner,
    repo: pr.repo,
    pull_number: pr.number,
    per_page: 100,
  })
  return files.filter((f) => f.status !== 'removed').map((f) => f.filename)
}

/** The files changed between the merge base of base and head, and head (`git diff base...head`). */
export async function changedFilesFromGit(cwd: string, pr: PullRequestRef): Promise<string[]> {
  const { execArgs } = await import('../util/exec.ts')
  const res = await execArgs(
    'git',
    [
      'diff',
      '--name-only',
      '--no-renames',
      '--diff-filter=d',
      '-z',
      `${pr.baseSha}...${pr.headSha}`,
      '--',
    ],
    { cwd },
  )
  if (res.exitCode !== 0) {
    throw new Error(
      `git diff ${pr.baseSha.slice(0, 7)}...${pr.headSha.slice(0, 7)} failed: ${res.stderr.trim().split('\n')[0] ?? ''}`,
    )
  }
  return res.stdout.split('\0').filter(Boolean)
}
