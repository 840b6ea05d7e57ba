// Build and push: the first half of deploy mode. Probe the CLI, refuse what it cannot
// do, check the registry is there, log in, build, push, then ask the registry itself
// for the digest: the one the action reports is the one a node will pull.
import * as core from '@actions/core'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import {
  formatReference,
  registryDomain,
  repositoryName,
  type ImageReference,
} from '../image/reference.ts'
import { setPhase } from '../cancel.ts'
import type { RunFacts } from '../facts.ts'
import type { BuildSettings, RegistryLogin } from '../inputs.ts'
import { InputError } from '../inputs.ts'
import { RegistryClient, RegistryError } from '../registry/client.ts'
import { credentialsFor } from '../registry/credentials.ts'
import { AnnotatedError } from '../report/annotated-error.ts'
import { publishBuild, publishImage } from '../report/publish.ts'
import { saveDockerLogout } from '../state.ts'
import { cut, LIMITS } from '../util/bounds.ts'
import { readTextFile } from '../util/text.ts'
import { infoVerbatim } from '../util/verbatim-log.ts'
import {
  locateFailure,
  parseBuildFailure,
  pushFailedMessage,
  pushRetryMessage,
  pushWorthRetrying,
} from './build-errors.ts'
import {
  buildxArgs,
  dockerBuildArgs,
  dockerPushArgs,
  ghaCacheEnv,
  secretEnv,
  unsupportedInput,
  type BuildCapabilities,
  type BuildOptions,
} from './buildx-args.ts'
import { docker, login, probeBuildx, versionAtLeast } from './docker.ts'
import { metadataDigest, pushedDigest, tail } from './output.ts'

/** What the build (or the deploy-only resolution) hands to the deploy phase. */
export interface BuiltImage {
  /** `registry/image` */
  imageName: string
  /** The pushed full references. */
  tags: string[]
  /** `sha256:…`, confirmed with the registry; empty when nothing was pushed. */
  digest: string
  /** `registry/image:tag@sha256:…`, what is deployed. */
  imageRef: string
}

/** Lines of the build log repeated after a failure, outside the collapsed group. */
const TAIL_LINES = 25

export async function buildAndPush(build: BuildSettings, facts: RunFacts): Promise<BuiltImage> {
  const probe = await probeBuildx()
  const caps: BuildCapabilities = {
    buildx: probe.version !== undefined,
    attestations: probe.version !== undefined && versionAtLeast(probe.version, '0.10.0'),
  }
  const unsupported = unsupportedInput(build, caps)
  if (unsupported) throw unsupported
  if (!caps.buildx) {
    core.notice(
      `docker buildx is not available on this runner (${probe.problem}): building with docker build and pushing with docker push. Multi-platform builds, attestations, cache export and secrets need buildx (docker/setup-buildx-action).`,
    )
  }

  const registry = new RegistryClient()
  const tags = build.tags.map(formatReference)
  setPhase('the registry check')
  if (build.push) await checkReachable(registry, build.tags)
  if (build.login) {
    setPhase('login')
    const { registry: host, username, password } = build.login
    await core.group(`Log in to ${host || 'Docker Hub'}`, () => login(host, username, password))
    saveDockerLogout(host)
  }

  const workDir = mkdtempSync(join(process.env.RUNNER_TEMP || tmpdir(), 'dock2pod-build-'))
  try {
    const opts: BuildOptions = {
      build,
      metadataFile: join(workDir, 'metadata.json'),
      oci: {
        ...(facts.sourceUrl ? { source: facts.sourceUrl } : {}),
        ...(facts.sha ? { revision: facts.sha } : {}),
        created: new Date().toISOString(),
      },
    }
    setPhase('build')
    const started = performance.now()
    const args = caps.buildx ? buildxArgs(opts, caps) : dockerBuildArgs(opts)
    const title = caps.buildx && build.push ? `Build and push ${tags[0]}` : `Build ${tags[0]}`
    const env = { ...secretEnv(build.secrets), ...ghaCacheEnv(build, process.env) }
    let built = await core.group(title, () => docker(args, { env }))
    let retried = false
    if (built.exitCode !== 0 && caps.buildx && build.push) {
      const failure = parseBuildFailure(`${built.stdout}\n${built.stderr}`)
      if (pushWorthRetrying(failure)) {
        // BuildKit holds every step's result: the second run pushes, it does not rebuild.
        core.warning(pushRetryMessage(cut(failure!.reason, LIMITS.quotedLine)))
        built = await core.group(`${title} (second attempt)`, () => docker(args, { env }))
        retried = true
      }
    }
    const buildSeconds = (performance.now() - started) / 1000
    if (built.exitCode !== 0) throw buildFailed(build, `${built.stdout}\n${built.stderr}`)

    let metadata = ''
    let reported: string | undefined
    if (caps.buildx) {
      try {
        const read = readTextFile(opts.metadataFile, LIMITS.buildMetadataBytes)
        if (read === 'too-big')
          core.debug(`buildx's metadata file is over ${LIMITS.buildMetadataBytes} bytes; not read`)
        else metadata = read
      } catch {
        // buildx before 0.6 writes no metadata: the registry's digest stands alone then.
      }
      reported = metadataDigest(metadata)
    } else if (build.push) {
      setPhase('push')
      reported = await core.group(`Push ${tags.join(', ')}`, async () => {
        let digest: string | undefined
        for (const tag of tags) {
          const r = await docker(dockerPushArgs(tag))
          if (r.exitCode !== 0) {
            throw new Error(
              `docker push ${tag} failed: ${tail(r.stderr || r.stdout, 3) || `exit code ${r.exitCode}`}`,
            )
          }
          digest ??= pushedDigest(r.stdout)?.digest
        }
        return digest
      })
    }

    const first = build.tags[0]!
    let digest = ''
    setPhase('the digest check')
    if (build.push) digest = await confirmDigest(registry, build.tags, reported)
    const imageRef = digest ? `${tags[0]}@${digest}` : tags[0]!
    if (digest) infoVerbatim(`Pushed ${imageRef}`)

    const sizeBytes = digest
      ? await registry.imageSize({ ...first, digest }).catch(() => undefined)
      : undefined
    await publishBuild(
      { image: build.imageName, tags, digest, imageRef, metadata },
      {
        image: build.imageName,
        tags,
        digest,
        ...(sizeBytes !== undefined ? { sizeBytes } : {}),
        buildSeconds,
        builder: caps.buildx ? 'buildx' : 'docker build',
        pushed: build.push,
        ...(retried ? { pushedOnSecondAttempt: true } : {}),
      },
    )
    return { imageName: build.imageName, tags, digest, imageRef }
  } finally {
    rmSync(workDir, { recursive: true, force: true })
  }
}

/** Deploy-only: the digest of `image-ref` at its registry (a tag resolved, a digest confirmed). */
export async function resolveImageRef(
  ref: ImageReference,
  login?: RegistryLogin,
): Promise<BuiltImage> {
  // With username/password, they are the credentials for the image's own registry;
  // every other registry (and without them, this one) uses the runner's Docker config.
  const domain = registryDomain(ref)
  const registry = new RegistryClient(
    login
      ? {
          credentials: async (d) =>
            d === domain
              ? { kind: 'basic', username: login.username, password: login.password }
              : credentialsFor(d),
        }
      : {},
  )
  let found
  try {
    found = await registry.resolveDigest(ref)
  } catch (err) {
    if (err instanceof RegistryError && err.kind === 'not-found')
      throw new InputError(
        'image-ref',
        `"${formatReference(ref)}" does not exist at ${registryDomain(ref)}. Check the tag or digest.`,
      )
    throw registryFailure(err, registryDomain(ref), `resolving image-ref ${formatReference(ref)}`)
  }
  if (ref.digest && found.digest !== ref.digest)
    throw new Error(
      `The registry ${registryDomain(ref)} names ${formatReference(ref)} ${found.digest}; refusing to deploy a digest it does not confirm.`,
    )
  const tagged = formatReference({ ...ref, digest: undefined })
  const imageRef = `${tagged}@${found.digest}`
  const imageName = repositoryName(ref)
  const tags = ref.tag ? [tagged] : []
  publishImage({ image: imageName, tags, digest: found.digest, imageRef })
  infoVerbatim(`Resolved ${formatReference(ref)} to ${imageRef}`)
  return { imageName, tags, digest: found.digest, imageRef }
}

/** Before a long build: is every registry we push to there at all? */
async function checkReachable(registry: RegistryClient, refs: ImageReference[]): Promise<void> {
  for (const domain of new Set(refs.map(registryDomain))) {
    try {
      await registry.ping(domain)
    } catch (err) {
      throw registryFailure(err, domain, 'before building')
    }
  }
}

/**
 * The digest the registry serves for every tag; it must be the one the build reported
 * (when it reported one), or the deploy would pin something else than was built.
 */
async function confirmDigest(
  registry: RegistryClient,
  refs: ImageReference[],
  reported: string | undefined,
): Promise<string> {
  let digest = reported
  for (const ref of refs) {
    let found
    try {
      found = await registry.resolveDigest(ref)
    } catch (err) {
      throw registryFailure(
        err,
        registryDomain(ref),
        `confirming the push of ${formatReference(ref)}`,
      )
    }
    if (digest === undefined) {
      infoVerbatim(`The build reported no digest; the registry's is ${found.digest}.`)
      digest = found.digest
    } else if (found.digest !== digest) {
      throw new Error(
        `The registry serves ${formatReference(ref)} as ${found.digest}, but the build pushed ${digest}. Another push to the same tag may have raced this one; nothing is deployed.`,
      )
    }
  }
  return digest!
}

function registryFailure(err: unknown, domain: string, when: string): Error {
  if (!(err instanceof RegistryError)) return err instanceof Error ? err : new Error(String(err))
  if (err.kind === 'unreachable')
    return new Error(
      `The${err.message.replace(/^the/, '')}, ${when}. Check input 'registry' (or 'tags'); nothing was pushed.`,
    )
  return new Error(`The registry ${domain} failed ${when}: ${err.message}.`)
}

/** One error for a failed build: on the Dockerfile line when the builder said which. */
function buildFailed(build: BuildSettings, log: string): Error {
  // The build's own output: a RUN step may print anything, `::error::` included.
  infoVerbatim(`Last lines of the build log:\n${tail(log, TAIL_LINES)}`)
  const failure = parseBuildFailure(log)
  const reason = cut(
    failure?.reason || 'the builder gave no reason (see the log above)',
    LIMITS.quotedLine,
  )
  let text: string | undefined
  try {
    const read = readTextFile(build.dockerfile, LIMITS.dockerfileBytes)
    // Too big to read again: the error names no line.
    if (read !== 'too-big') text = read
  } catch {
    // A remote context: the Dockerfile is not here to point at.
  }
  const at = failure && text !== undefined ? locateFailure(text, failure, build.target) : undefined
  // A failed push may leave layers (and, with a registry cache, cache blobs) behind; the
  // tags that name the image are what this run could not finish.
  if (failure?.pushing) return new Error(pushFailedMessage(reason))
  if (!at) return new Error(`The image build failed: ${reason}. Nothing was pushed.`)
  const file = relative(process.env.GITHUB_WORKSPACE || process.cwd(), resolve(build.dockerfile))
  return new AnnotatedError(
    `The image build failed at ${file}:${at.line} (${cut(at.text, LIMITS.quotedLine)}): ${reason}. Nothing was pushed.`,
    { title: 'Build failed', file, startLine: at.line },
  )
}
