// Deploy mode's look at the Dockerfile it is about to build, with the check's policy:
// a mutable base (`FROM node`, `FROM node:latest`, a deny-tags tag; and images pulled by
// COPY --from or RUN --mount) is a warning annotation on its line, or, with
// `base-image-policy: error`, an error that stops the run before anything is built.
import { relative, resolve, sep } from 'node:path'
import * as core from '@actions/core'
import type { Policy } from '../policy/index.ts'
import { LIMITS } from '../util/bounds.ts'
import { readTextFile } from '../util/text.ts'
import { scanDockerfile } from './dockerfile.ts'
import { judgeUses, type Finding } from './findings.ts'

export interface BaseImagePolicy extends Partial<Policy> {
  /** `warn` (default) annotates; `error` annotates and fails before the build. */
  mode: 'warn' | 'error'
  /** The build's `KEY=VALUE` build-args: they override ARG defaults, as in the build. */
  buildArgs?: string[]
}

export class BaseImageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BaseImageError'
  }
}

/** Judge the Dockerfile's base images; returns the findings (errors and warnings). */
export async function checkBaseImages(
  dockerfilePath: string,
  policy: BaseImagePolicy,
): Promise<Finding[]> {
  const file = relative(process.env.GITHUB_WORKSPACE || process.cwd(), resolve(dockerfilePath))
    .split(sep)
    .join('/')
  let text: string
  try {
    const read = readTextFile(dockerfilePath, LIMITS.dockerfileBytes)
    if (read === 'too-big') {
      core.warning(
        `${file} is larger than ${LIMITS.dockerfileBytes / 1024 / 1024} MiB; its base images were not checked.`,
        { file, title: 'dock2pod: base image not checked' },
      )
      return []
    }
    text = read
  } catch {
    core.debug(`base images: ${dockerfilePath} cannot be read here; not checked`)
    return []
  }
  const buildArgs: Record<string, string> = {}
  for (const line of policy.buildArgs ?? []) {
    const eq = line.indexOf('=')
    if (eq > 0) buildArgs[line.slice(0, eq)] = line.slice(eq + 1)
  }
  const scan = scanDockerfile(text, { buildArgs })
  for (const p of scan.problems)
    core.warning(`${file} ${p.message}; its base images were not checked.`, {
      file,
      startLine: p.line,
    })
  const findings = judgeUses(file, text, scan.uses, {
    denyTags: policy.denyTags ?? [],
    allowImages: policy.allowImages ?? [],
  })
  const mutable = findings.filter((f) => f.severity === 'error')
  for (const f of findings) {
    const props = {
      file: f.file,
      startLine: f.line,
      startColumn: f.column,
      endColumn: f.endColumn,
      title:
        f.severity === 'error'
          ? 'dock2pod: mutable base image'
          : 'dock2pod: base image not checked',
    }
    const message = `${f.message}: the build is not reproducible. Fix: ${f.fix}${f.severity === 'error' ? ' (base-image-policy: error makes this fail the run)' : ''}.`
    if (f.severity === 'error' && policy.mode === 'error')
      core.error(
        message.replace(/ \(base-image-policy: error makes this fail the run\)/, ''),
        props,
      )
    else core.warning(message, props)
  }
  if (mutable.length > 0 && policy.mode === 'error') {
    throw new BaseImageError(
      `${file}: ${mutable.length} mutable base image${mutable.length === 1 ? '' : 's'} (${mutable.map((f) => f.image).join(', ')}) and base-image-policy is error; pin a version tag or a digest. Nothing was built.`,
    )
  }
  return findings
}
