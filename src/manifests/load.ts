// The `manifests` lines → manifest text: files, globs, and folders (a folder with a
// kustomization is rendered by `kubectl kustomize`, else its YAML files are read).
// Nothing outside the workspace is read, and every size is bounded (util/bounds.ts).
import { globSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { workspacePathKind, workspaceRoot } from '../facts.ts'
import { InputError } from '../inputs.ts'
import { cut, LIMITS } from '../util/bounds.ts'
import { execArgs } from '../util/exec.ts'
import { withoutBom } from '../util/text.ts'
import type { ManifestSource } from './parse.ts'

export interface LoadedManifests {
  /** Files read as they are: their lines are the user's. */
  files: ManifestSource[]
  /** kustomize's output, one per folder (named by its kustomization file). */
  rendered: ManifestSource[]
}

const YAML_FILE = /\.(ya?ml|json)$/i
const KUSTOMIZATION = ['kustomization.yaml', 'kustomization.yml', 'Kustomization']
const GLOB = /[*?[{]/

const quote = (s: string) => `"${cut(s, 200)}"`

/** `where`: the workspace and the directory relative paths start from (tests pass their own). */
export async function loadManifests(
  lines: string[],
  where: { root: string; cwd: string } = { root: workspaceRoot(), cwd: process.cwd() },
): Promise<LoadedManifests> {
  const { root, cwd } = where
  const files: ManifestSource[] = []
  const rendered: ManifestSource[] = []
  let total = 0
  const seen = new Set<string>()
  const kindOf = (p: string) => workspacePathKind(p, root, cwd)
  const name = (p: string) => relative(root, resolve(cwd, p)) || '.'

  const account = (bytes: number, what: string) => {
    total += bytes
    if (total > LIMITS.manifestTotalBytes)
      throw new InputError(
        'manifests',
        `${quote(what)} takes the manifests past ${LIMITS.manifestTotalBytes / 1024 / 1024} MiB together; deploy fewer at once.`,
      )
  }
  const readOne = (path: string) => {
    const file = name(path)
    if (seen.has(file)) return
    seen.add(file)
    if (seen.size > LIMITS.manifestFiles)
      throw new InputError('manifests', `names more than ${LIMITS.manifestFiles} files.`)
    const size = statSync(resolve(cwd, path)).size
    if (size > LIMITS.manifestFileBytes)
      throw new InputError(
        'manifests',
        `${quote(file)} is larger than ${LIMITS.manifestFileBytes / 1024 / 1024} MiB.`,
      )
    account(size, file)
    files.push({ file, text: withoutBom(readFileSync(resolve(cwd, path), 'utf8')) })
  }

  for (const line of lines) {
    if (GLOB.test(line)) {
      const matches = globSync(line, { cwd })
        .filter((m) => YAML_FILE.test(m))
        .sort()
      const inside = matches.filter((m) => kindOf(m) === 'file')
      if (matches.some((m) => kindOf(m) === 'outside'))
        throw new InputError(
          'manifests',
          `${quote(line)} matches files outside the workspace (GITHUB_WORKSPACE); give paths inside the repository.`,
        )
      if (inside.length === 0)
        throw new InputError('manifests', `${quote(line)} matches no .yaml, .yml or .json file.`)
      for (const m of inside) readOne(m)
      continue
    }
    const kind = kindOf(line)
    if (kind === 'outside')
      throw new InputError(
        'manifests',
        `${quote(line)} is outside the workspace (GITHUB_WORKSPACE), or a symlink to something outside it; give a path inside the repository.`,
      )
    if (kind === undefined)
      throw new InputError('manifests', `${quote(line)} is not a file or folder in the workspace.`)
    if (kind === 'file') {
      readOne(line)
      continue
    }
    const entries = readdirSync(resolve(cwd, line))
    const kustomization = KUSTOMIZATION.find((k) => entries.includes(k))
    if (kustomization) {
      rendered.push({
        file: name(join(line, kustomization)),
        text: await kustomize(resolve(cwd, line), line, account),
      })
      continue
    }
    const yaml = entries.filter((e) => YAML_FILE.test(e)).sort()
    const inFolder = yaml.map((e) => join(line, e)).filter((p) => kindOf(p) === 'file')
    if (inFolder.length === 0)
      throw new InputError(
        'manifests',
        `the folder ${quote(line)} has no kustomization.yaml and no .yaml, .yml or .json file.`,
      )
    for (const p of inFolder) readOne(p)
  }
  return { files, rendered }
}

/** `kubectl kustomize DIR`, as `kubectl apply -k` renders it; kubectl from PATH. */
async function kustomize(path: string, dir: string, account: (n: number, what: string) => void) {
  const r = await execArgs('kubectl', ['kustomize', path], {
    maxOutputBytes: LIMITS.manifestFileBytes * 4,
  })
  if (r.exitCode === 127)
    throw new InputError(
      'manifests',
      `${quote(dir)} has a kustomization, which needs kubectl on PATH to render (GitHub's hosted runners have it); install kubectl in an earlier step (azure/setup-kubectl), or list the YAML files instead.`,
    )
  if (r.exitCode !== 0)
    throw new InputError(
      'manifests',
      `kubectl kustomize ${quote(dir)} failed: ${cut(r.stderr.trim().split('\n').slice(-3).join(' '), LIMITS.quotedLine)}`,
    )
  account(Buffer.byteLength(r.stdout), dir)
  if (Buffer.byteLength(r.stdout) >= LIMITS.manifestFileBytes * 4)
    throw new InputError('manifests', `kubectl kustomize ${quote(dir)} renders more than 4 MiB.`)
  return r.stdout
}
