// The command lines of a build, as argument arrays: `docker buildx build`, or on a
// runner without buildx, `docker build` + `docker push`. Pure: the capabilities of the
// docker CLI are probed beforehand and passed in, the time and workflow facts too, so a
// table of options → argv covers every input.
import type { BuildSettings } from '../inputs.ts'
import { InputError } from '../inputs.ts'
import { formatReference } from '../image/reference.ts'

/** What the build needs besides the inputs: decided by the caller, never read here. */
export interface BuildOptions {
  build: BuildSettings
  /** Where buildx writes its metadata JSON (a file under RUNNER_TEMP). */
  metadataFile: string
  /** OCI labels from the workflow. */
  oci: { source?: string; revision?: string; created: string }
}

/** What the installed docker CLI can do, probed before the build. */
export interface BuildCapabilities {
  /** `docker buildx version` answered. */
  buildx: boolean
  /** buildx ≥ 0.10: `--provenance` and `--sbom`. */
  attestations: boolean
}

const OCI = 'org.opencontainers.image'

/** The environment variable that carries secret number `index` to buildx. */
export const secretEnvName = (index: number): string => `DOCK2POD_SECRET_${index}`

/**
 * The secrets' values, keyed by the variables `--secret id=…,env=…` names: they reach
 * buildx through its environment, never its argv (which any process can read).
 */
export function secretEnv(secrets: string[]): Record<string, string> {
  const env: Record<string, string> = {}
  secrets.forEach((s, i) => (env[secretEnvName(i)] = s.slice(s.indexOf('=') + 1)))
  return env
}

/** What buildx's `type=gha` cache reads from its environment when the entry names no token. */
const GHA_CACHE_ENV = [
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_CACHE_URL',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_CACHE_SERVICE_V2',
]

/**
 * The runner's cache variables, by name, when a `cache-from`/`cache-to` entry is
 * `type=gha`: the one case buildx needs the runtime token. Docker's environment leaves
 * it out otherwise (src/util/exec.ts childEnv).
 */
export function ghaCacheEnv(b: BuildSettings, env: NodeJS.ProcessEnv): Record<string, string> {
  const gha = [...b.cacheFrom, ...b.cacheTo].some((c) => c.split(',').includes('type=gha'))
  const out: Record<string, string> = {}
  if (!gha) return out
  for (const k of GHA_CACHE_ENV) if (env[k]) out[k] = env[k]
  return out
}

/** The workflow's OCI labels, unless the `labels` input sets the same key. */
export function ociLabels(opts: BuildOptions): string[] {
  const given = new Set(opts.build.labels.map((l) => l.slice(0, l.indexOf('='))))
  const out: string[] = []
  const add = (key: string, value: string | undefined) => {
    if (value && !given.has(`${OCI}.${key}`)) out.push(`${OCI}.${key}=${value}`)
  }
  add('source', opts.oci.source)
  add('revision', opts.oci.revision)
  add('created', opts.oci.created)
  return out
}

/** `--tag`, `--build-arg`, `--label`, … shared by buildx and the plain `docker build`. */
function commonArgs(opts: BuildOptions): string[] {
  const b = opts.build
  const args: string[] = ['--progress', 'plain', '--file', b.dockerfile]
  for (const t of b.tags) args.push('--tag', formatReference(t))
  for (const a of b.buildArgs) args.push('--build-arg', a)
  for (const l of [...ociLabels(opts), ...b.labels]) args.push('--label', l)
  if (b.target) args.push('--target', b.target)
  if (b.platforms.length > 0) args.push('--platform', b.platforms.join(','))
  for (const c of b.cacheFrom) args.push('--cache-from', c)
  if (b.noCache) args.push('--no-cache')
  if (b.pull) args.push('--pull')
  return args
}

/**
 * The first of `provenance`/`sbom` that asks for an attestation (set to anything but
 * empty or `false`), or undefined: `false` asks for nothing, whatever the builder.
 */
function attestationAskedBy(b: BuildSettings): 'provenance' | 'sbom' | undefined {
  const asks = (value: string) => value !== '' && value !== 'false'
  if (asks(b.provenance)) return 'provenance'
  if (asks(b.sbom)) return 'sbom'
  return undefined
}

/**
 * Why these options cannot be built with this CLI, as an InputError naming the input,
 * or undefined. Called before anything is built, logged in to or pushed.
 */
export function unsupportedInput(
  b: BuildSettings,
  caps: BuildCapabilities,
): InputError | undefined {
  const attestation = attestationAskedBy(b)
  if (caps.buildx) {
    if (!caps.attestations && attestation)
      return new InputError(
        attestation,
        `asks for an attestation, which needs buildx 0.10 or later, and this runner's buildx is older. Update buildx, or remove ${attestation}.`,
      )
    return undefined
  }
  const without = `needs docker buildx, which this runner does not have (it builds with plain docker build)`
  if (b.platforms.length > 1)
    return new InputError(
      'platforms',
      `lists ${b.platforms.length} platforms: building for more than one ${without}. Install buildx (docker/setup-buildx-action), or give one platform.`,
    )
  if (attestation)
    return new InputError(
      attestation,
      `asks for an attestation, which ${without}. Install buildx (docker/setup-buildx-action), or remove ${attestation}.`,
    )
  if (b.cacheTo.length > 0)
    return new InputError(
      'cache-to',
      `exporting a cache ${without}. Install buildx (docker/setup-buildx-action), or remove cache-to.`,
    )
  if (b.secrets.length > 0)
    return new InputError(
      'secrets',
      `passing build secrets from the environment ${without}. Install buildx (docker/setup-buildx-action), or remove secrets.`,
    )
  return undefined
}

/** `docker buildx build …`, minus the leading `docker`. */
export function buildxArgs(opts: BuildOptions, caps: BuildCapabilities): string[] {
  const b = opts.build
  const args = ['buildx', 'build', ...commonArgs(opts)]
  for (const c of b.cacheTo) args.push('--cache-to', c)
  b.secrets.forEach((s, i) =>
    args.push('--secret', `id=${s.slice(0, s.indexOf('='))},env=${secretEnvName(i)}`),
  )
  if (caps.attestations) {
    if (b.provenance !== '') args.push('--provenance', b.provenance)
    if (b.sbom !== '') args.push('--sbom', b.sbom)
  }
  args.push('--metadata-file', opts.metadataFile)
  if (b.push) args.push('--push')
  // `--` ends the options: a context is never read as one.
  args.push('--', b.context)
  return args
}

/** `docker build …` for runners without buildx; pushing is a separate `docker push`. */
export function dockerBuildArgs(opts: BuildOptions): string[] {
  return ['build', ...commonArgs(opts), '--', opts.build.context]
}

/** `docker push <ref>`, once per tag. */
export const dockerPushArgs = (ref: string): string[] => ['push', ref]
