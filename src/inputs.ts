// Every input is read here, once, into a typed settings object. Parsing is pure
// (`parseInputs` takes the raw strings and the workflow facts it needs), so a table
// of inputs → settings or error covers it; `readInputs` is the only place that calls
// core.getInput. A bad input fails here, before anything is built, pushed or patched.
import * as core from '@actions/core'
import type { RunFacts } from './facts.ts'
import {
  ImageReferenceError,
  isValidRegistryHost,
  isValidTag,
  parseImageReference,
  repositoryProblem,
  type ImageReference,
} from './image/reference.ts'
import { cut } from './util/bounds.ts'
import { parseDuration } from './util/duration.ts'
import { workloadKindOf, type WorkloadKind } from './kube/workload.ts'

export class InputError extends Error {
  readonly input: string
  constructor(input: string, message: string) {
    super(`Input '${input}': ${message}`)
    this.input = input
    this.name = 'InputError'
  }
}

/** Every input of action.yml, by its name there, in its order (__tests__/inputs.test.ts checks the copy). */
export const INPUT_NAMES = [
  'mode',
  'dockerfile',
  'context',
  'registry',
  'image',
  'tag',
  'tags',
  'build-args',
  'labels',
  'target',
  'platforms',
  'cache-from',
  'cache-to',
  'secrets',
  'no-cache',
  'pull',
  'provenance',
  'sbom',
  'push',
  'username',
  'password',
  'image-ref',
  'deployment',
  'manifests',
  'force-conflicts',
  'namespace',
  'container',
  'kubeconfig',
  'kube-context',
  'timeout',
  'grace',
  'ready-grace',
  'soak',
  'rollback',
  'scope',
  'deny-tags',
  'allow-images',
  'built-images',
  'base-image-policy',
  'github-token',
] as const
export type InputName = (typeof INPUT_NAMES)[number]
export type RawInputs = Record<InputName, string>

/** The non-empty defaults of action.yml (checked by the same test; github-token's expression is the runner's to expand). */
export const DEFAULTS: Partial<RawInputs> = {
  mode: 'deploy',
  dockerfile: 'Dockerfile',
  context: '.',
  'no-cache': 'false',
  pull: 'false',
  push: 'true',
  timeout: '10m',
  grace: '0s',
  'ready-grace': '2m',
  soak: '0s',
  'force-conflicts': 'false',
  rollback: 'true',
  'base-image-policy': 'warn',
  'built-images': 'notice',
}

/** Inputs that only the check uses: an error in deploy mode. */
const CHECK_ONLY: InputName[] = ['scope', 'allow-images', 'built-images']
/** Inputs that both modes read. */
const BOTH_MODES: InputName[] = ['mode', 'deny-tags', 'github-token']
/** Inputs that only the build and deploy phases use: an error in check mode. */
const DEPLOY_ONLY: InputName[] = INPUT_NAMES.filter(
  (n) => !CHECK_ONLY.includes(n) && !BOTH_MODES.includes(n),
)
/** The cluster's inputs, `namespace` to `rollback` in action.yml: an error when nothing is deployed. */
const CLUSTER_INPUTS: InputName[] = INPUT_NAMES.slice(
  INPUT_NAMES.indexOf('namespace'),
  INPUT_NAMES.indexOf('rollback') + 1,
)

export interface DeploymentTarget {
  /** Undefined: the `namespace` input, else the kube context's, else `default`. */
  namespace?: string
  /** Deployment unless the line names another kind. */
  kind: WorkloadKind
  name: string
}

export interface BuildSettings {
  dockerfile: string
  context: string
  /** Full references to push, the first is the one deployed. */
  tags: ImageReference[]
  /** `registry/image` of the first tag, for the `image` output. */
  imageName: string
  /** Whether the tag was derived from the workflow (no `tag`/`tags` given). */
  tagDerived: boolean
  buildArgs: string[]
  labels: string[]
  target: string
  platforms: string[]
  cacheFrom: string[]
  cacheTo: string[]
  secrets: string[]
  noCache: boolean
  pull: boolean
  provenance: string
  sbom: string
  push: boolean
  login?: RegistryLogin
}

export interface DeploySettings {
  deployments: DeploymentTarget[]
  /** `manifests` lines: files, globs or folders, as given (checked when read). */
  manifests: string[]
  forceConflicts: boolean
  namespace: string
  container: string
  kubeconfig: string
  kubeContext: string
  timeoutMs: number
  graceMs: number
  readyGraceMs: number
  /** After the rollout completes, how long its new Pods are watched further (0: not). */
  soakMs: number
  rollback: boolean
}

export interface CheckSettings {
  scope: 'changed' | 'all'
  denyTags: string[]
  allowImages: string[]
  /** An image the repository builds itself (compose `build:`, a Skaffold artifact). */
  builtImages: 'notice' | 'error'
  githubToken: string
}

export interface Settings {
  mode: 'deploy' | 'check'
  /** Undefined in check mode and in deploy-only runs (`image-ref`). */
  build?: BuildSettings
  /** Deploy-only: the reference to deploy, as given. */
  imageRef?: ImageReference
  /** Deploy-only: `username`/`password` to resolve `image-ref` at its registry. */
  imageRefLogin?: RegistryLogin
  /** Undefined when no deployment is named (build-only) and in check mode. */
  deploy?: DeploySettings
  check?: CheckSettings
  /** Tags refused besides `latest`, in both modes. */
  denyTags: string[]
  baseImagePolicy: 'warn' | 'error'
  githubToken: string
}

/** Split a list input on newlines (and commas where the input allows them); trims, drops blanks. */
export function splitList(value: string, opts: { commas?: boolean } = {}): string[] {
  return value
    .split(opts.commas ? /[\n,]/ : /\n/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('#'))
}

/**
 * Split a `KEY=VALUE` list input, one entry per line, each line verbatim. A line that
 * starts with `"` is a quoted entry, as docker/build-push-action's CSV lists read it: it
 * runs to the closing quote, may span lines, and `""` inside stands for one `"`; so a
 * value can hold a newline. Throws on an unterminated quote.
 */
export function splitKeyValueList(name: InputName, value: string): string[] {
  const out: string[] = []
  const lines = value.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim()
    if (line === '' || line.startsWith('#')) continue
    if (!line.startsWith('"')) {
      out.push(line)
      continue
    }
    let text = lines[i]!.trimStart().slice(1)
    let entry = ''
    for (;;) {
      const m = /^((?:[^"]|"")*)"(?!")/.exec(text)
      if (m) {
        if (text.slice(m[0].length).trim() !== '')
          throw new InputError(name, `text after the closing quote of "${entry + m[1]}".`)
        entry += m[1]!.replace(/""/g, '"')
        break
      }
      entry += text.replace(/""/g, '"') + '\n'
      if (++i >= lines.length) throw new InputError(name, 'a quoted entry has no closing quote.')
      text = lines[i]!
    }
    out.push(entry)
  }
  return out
}

/** YAML 1.2 core booleans, as core.getBooleanInput accepts them. */
export function parseBoolean(name: InputName, value: string): boolean {
  if (['true', 'True', 'TRUE'].includes(value)) return true
  if (['false', 'False', 'FALSE'].includes(value)) return false
  throw new InputError(name, `"${value}" is not a boolean; use true or false.`)
}

// Kubernetes names: DNS-1123 label (namespaces, containers) and subdomain (deployments).
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/

function checkDnsLabel(input: InputName, what: string, value: string): void {
  if (value.length > 63 || !DNS_LABEL.test(value)) {
    throw new InputError(
      input,
      `${what} "${value}" is not a valid Kubernetes name (lowercase a-z, 0-9 and '-', at most 63, starting and ending with a letter or digit).`,
    )
  }
}

function checkKeyValues(input: InputName, lines: string[]): void {
  for (const line of lines) {
    const eq = line.indexOf('=')
    if (eq <= 0) throw new InputError(input, `"${line}" is not KEY=VALUE.`)
  }
}

function checkDuration(input: InputName, value: string, maxMs: number): number {
  let ms: number
  try {
    ms = parseDuration(value)
  } catch (err) {
    throw new InputError(input, `${(err as Error).message}`)
  }
  if (ms > maxMs)
    throw new InputError(
      input,
      `"${value}" is longer than the ${maxMs / 3_600_000} h a job may run.`,
    )
  return ms
}

/** A semantic-version tag ref gives its tag; anything else the commit. */
export function deriveTag(facts: RunFacts): string {
  const m = /^refs\/tags\/(v?\d+\.\d+\.\d+(?:[-.][0-9A-Za-z.-]+)?)$/.exec(facts.ref)
  if (m && isValidTag(m[1]!)) return m[1]!
  const sha =
    facts.eventName.startsWith('pull_request') && facts.prHeadSha ? facts.prHeadSha : facts.sha
  if (!/^[0-9a-f]{7,}$/i.test(sha ?? '')) {
    throw new InputError(
      'tag',
      'is empty and cannot be derived: the workflow gives no commit SHA (GITHUB_SHA). Set a version, e.g. tag: v1.2.3.',
    )
  }
  return `sha-${sha.slice(0, 7).toLowerCase()}`
}

function checkTag(input: InputName, tag: string, denyTags: string[]): void {
  if (tag === 'latest')
    throw new InputError(input, `"latest" is not allowed; use a version or the commit SHA.`)
  if (!isValidTag(tag)) {
    throw new InputError(
      input,
      `"${tag}" is not a valid tag (up to 128 of A-Z a-z 0-9 _ . -, not starting with . or -).`,
    )
  }
  if (denyTags.includes(tag))
    throw new InputError(
      input,
      `"${tag}" is refused by deny-tags; use a version or the commit SHA.`,
    )
}

function parseRef(input: InputName, text: string): ImageReference {
  try {
    return parseImageReference(text)
  } catch (err) {
    if (err instanceof ImageReferenceError) throw new InputError(input, `"${text}" ${err.message}.`)
    throw err
  }
}

/** Turn the raw inputs into settings, or throw one InputError naming the input. */
export function parseInputs(raw: RawInputs, facts: RunFacts): Settings {
  const given = (name: InputName) => raw[name] !== '' && raw[name] !== (DEFAULTS[name] ?? '')
  const mode = raw.mode
  if (mode !== 'deploy' && mode !== 'check') {
    throw new InputError('mode', `"${mode}" is not a mode; use deploy or check.`)
  }
  const denyTags = splitList(raw['deny-tags'], { commas: true })
  for (const t of denyTags) {
    if (!isValidTag(t)) throw new InputError('deny-tags', `"${t}" is not a valid tag.`)
  }
  const baseImagePolicy = raw['base-image-policy']
  if (baseImagePolicy !== 'warn' && baseImagePolicy !== 'error') {
    throw new InputError(
      'base-image-policy',
      `"${baseImagePolicy}" is not a policy; use warn or error.`,
    )
  }
  const githubToken = raw['github-token']

  if (mode === 'check') {
    const stray = DEPLOY_ONLY.find(given)
    if (stray)
      throw new InputError(
        stray,
        `is set, but mode is check: the check builds and deploys nothing. Remove it, or use mode: deploy.`,
      )
    const scope = raw.scope || (facts.eventName.startsWith('pull_request') ? 'changed' : 'all')
    if (scope !== 'changed' && scope !== 'all')
      throw new InputError('scope', `"${scope}" is not a scope; use changed or all.`)
    const builtImages = raw['built-images'] || 'notice'
    if (builtImages !== 'notice' && builtImages !== 'error')
      throw new InputError('built-images', `"${builtImages}" is not a level; use notice or error.`)
    return {
      mode,
      check: {
        scope,
        denyTags,
        allowImages: splitList(raw['allow-images'], { commas: true }),
        builtImages,
        githubToken,
      },
      denyTags,
      baseImagePolicy,
      githubToken,
    }
  }

  const strayCheck = CHECK_ONLY.find(given)
  if (strayCheck)
    throw new InputError(strayCheck, `is set, but mode is deploy: it belongs to mode: check.`)

  // Deploy-only: a reference to roll out, nothing to build.
  let imageRef: ImageReference | undefined
  let imageRefLogin: RegistryLogin | undefined
  let build: BuildSettings | undefined
  const push = parseBoolean('push', raw.push)
  if (raw['image-ref'] !== '') {
    for (const other of [
      'dockerfile',
      'image',
      'tag',
      'tags',
      'build-args',
      'target',
      'context',
    ] as InputName[]) {
      if (given(other))
        throw new InputError(
          other,
          `is set together with image-ref: image-ref deploys an image without building one. Remove one of them.`,
        )
    }
    imageRef = parseRef('image-ref', raw['image-ref'])
    if (!imageRef.tag && !imageRef.digest) {
      throw new InputError(
        'image-ref',
        `"${raw['image-ref']}" has neither a tag nor a digest; an untagged reference means :latest. Give a version or a digest.`,
      )
    }
    if (imageRef.tag && !imageRef.digest) checkTag('image-ref', imageRef.tag, denyTags)
    imageRefLogin = parseLogin(raw, imageRef.registry)
  } else {
    build = parseBuild(raw, facts, denyTags, push, given)
  }

  let deploy: DeploySettings | undefined
  const deployments = splitList(raw.deployment).map(parseWorkloadLine)
  const manifests = splitList(raw.manifests)
  for (const m of manifests) {
    // Globs are expanded (and each match checked) when read; a plain path is checked now.
    if (/[*?[{]/.test(m)) continue
    const kind = facts.pathKind(m)
    if (kind === 'outside')
      throw new InputError(
        'manifests',
        `"${cut(m, 200)}" is outside the workspace (GITHUB_WORKSPACE), or a symlink to something outside it; give a path inside the repository.`,
      )
    if (kind === undefined)
      throw new InputError(
        'manifests',
        `"${cut(m, 200)}" is not a file or folder in the workspace.`,
      )
  }
  const forceConflicts = parseBoolean('force-conflicts', raw['force-conflicts'])
  if (forceConflicts && manifests.length === 0)
    throw new InputError(
      'force-conflicts',
      `is true, but manifests is empty: it only applies to manifests. Remove it, or give manifests.`,
    )
  if (deployments.length > 0 || manifests.length > 0) {
    if (!push && build)
      throw new InputError(
        'push',
        `is false, but ${deployments.length ? 'deployment' : 'manifests'} is set: a cluster can only pull an image that was pushed.`,
      )
    const namespace = raw.namespace
    if (namespace) checkDnsLabel('namespace', 'namespace', namespace)
    const container = raw.container
    if (container && container !== '*') checkDnsLabel('container', 'container', container)
    const timeoutMs = checkDuration('timeout', raw.timeout, 6 * 3_600_000)
    if (timeoutMs <= 0) throw new InputError('timeout', `"${raw.timeout}" must be longer than 0s.`)
    deploy = {
      deployments,
      manifests,
      forceConflicts,
      namespace,
      container,
      kubeconfig: raw.kubeconfig,
      kubeContext: raw['kube-context'],
      timeoutMs,
      graceMs: checkDuration('grace', raw.grace, 6 * 3_600_000),
      readyGraceMs: checkDuration('ready-grace', raw['ready-grace'], 6 * 3_600_000),
      soakMs: checkDuration('soak', raw.soak, 6 * 3_600_000),
      rollback: parseBoolean('rollback', raw.rollback),
    }
  } else {
    if (imageRef)
      throw new InputError(
        'image-ref',
        `is set but deployment is empty, and so is manifests: there is nothing to deploy it to.`,
      )
    for (const name of CLUSTER_INPUTS) {
      if (given(name))
        throw new InputError(
          name,
          `is set, but deployment is empty, and so is manifests: nothing is deployed. Name a deployment, or remove it.`,
        )
    }
  }
  return {
    mode,
    ...(build ? { build } : {}),
    ...(imageRef ? { imageRef } : {}),
    ...(imageRefLogin ? { imageRefLogin } : {}),
    ...(deploy ? { deploy } : {}),
    denyTags,
    baseImagePolicy,
    githubToken,
  }
}

/**
 * One line of `deployment`: `name`, `namespace/name`, `kind/name` or
 * `namespace/kind/name`. A first part of two that is a workload kind (`sts`, `daemonset`,
 * …) names the kind, else the namespace.
 */
export function parseWorkloadLine(line: string): DeploymentTarget {
  const form = `"${line}" is not name, namespace/name, kind/name or namespace/kind/name (kind: deployment, statefulset or sts, daemonset or ds).`
  const parts = line.split('/')
  if (parts.length > 3 || parts.some((p) => p === '')) throw new InputError('deployment', form)
  let ns: string | undefined
  let kind: WorkloadKind = 'Deployment'
  const name = parts[parts.length - 1]!
  if (parts.length === 3) {
    ns = parts[0]!
    const k = workloadKindOf(parts[1]!)
    if (!k) throw new InputError('deployment', `${form} "${parts[1]}" is not a workload kind.`)
    kind = k
  } else if (parts.length === 2) {
    const k = workloadKindOf(parts[0]!)
    if (k) kind = k
    else ns = parts[0]!
  }
  if (ns !== undefined) checkDnsLabel('deployment', 'namespace', ns)
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    throw new InputError(
      'deployment',
      `"${name}" is not a valid ${kind} name (lowercase a-z, 0-9, '-' and '.').`,
    )
  }
  return { ...(ns !== undefined ? { namespace: ns } : {}), kind, name }
}

export interface RegistryLogin {
  /** As written in the image reference; '' for Docker Hub. */
  registry: string
  username: string
  password: string
}

/** `username` and `password`: both or neither, for the registry of the image. */
function parseLogin(raw: RawInputs, registry: string): RegistryLogin | undefined {
  if (raw.username === '' && raw.password === '') return undefined
  if (raw.username === '')
    throw new InputError('username', 'is empty but password is set; give both or neither.')
  if (raw.password === '')
    throw new InputError('password', 'is empty but username is set; give both or neither.')
  return { registry, username: raw.username, password: raw.password }
}

function parseBuild(
  raw: RawInputs,
  facts: RunFacts,
  denyTags: string[],
  push: boolean,
  given: (n: InputName) => boolean,
): BuildSettings {
  const registry = raw.registry
  if (registry) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(registry)) {
      throw new InputError(
        'registry',
        `"${registry}" has a scheme; give the host alone, e.g. ${registry.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split('/')[0]}.`,
      )
    }
    if (registry.includes('/'))
      throw new InputError(
        'registry',
        `"${registry}" has a path; give the host (and port) alone, and the path in image.`,
      )
    if (!isValidRegistryHost(registry))
      throw new InputError('registry', `"${registry}" is not a host with an optional port.`)
  }
  let tags: ImageReference[]
  let tagDerived = false
  if (raw.tags !== '') {
    for (const other of ['registry', 'image', 'tag'] as InputName[]) {
      if (given(other))
        throw new InputError(
          'tags',
          `is given together with ${other}: use either full references in tags, or registry/image/tag.`,
        )
    }
    tags = splitList(raw.tags).map((line) => {
      const ref = parseRef('tags', line)
      if (ref.digest)
        throw new InputError('tags', `"${line}" has a digest; a pushed tag cannot name one.`)
      if (ref.tag === undefined)
        throw new InputError('tags', `"${line}" has no tag, which means :latest; give a version.`)
      checkTag('tags', ref.tag, denyTags)
      return ref
    })
  } else {
    const image = raw.image
    if (image === '')
      throw new InputError(
        'image',
        `is required to build: give the repository path, e.g. acme/app (or full references in tags, or image-ref to deploy without building).`,
      )
    if (/[:@]/.test(image))
      throw new InputError(
        'image',
        `"${image}" has a tag or digest; give the repository path alone and the version in tag.`,
      )
    const problem = repositoryProblem(image)
    if (problem) throw new InputError('image', `"${image}" ${problem}.`)
    if (!registry && image.split('/')[0]!.includes('.')) {
      throw new InputError(
        'image',
        `"${image}" starts with a host; give the host in registry and the path in image.`,
      )
    }
    let names = splitList(raw.tag, { commas: true })
    if (names.length === 0) {
      if (raw.tag.trim() !== '') throw new InputError('tag', 'has no tag in it.')
      names = [deriveTag(facts)]
      tagDerived = true
    }
    for (const t of names) checkTag('tag', t, denyTags)
    tags = [...new Set(names)].map((tag) => ({ registry, repository: image, tag }))
  }
  const dockerfile = raw.dockerfile
  const context = raw.context
  const remoteContext = /^(https?:\/\/|git@|git:\/\/)/.test(context)
  // Nothing outside the workspace is read: not through `..`, an absolute path or a
  // symlink. The error quotes the input, never a byte of what it points at.
  const outside = (input: InputName, value: string) =>
    new InputError(
      input,
      `"${cut(value, 200)}" is outside the workspace (GITHUB_WORKSPACE), or a symlink to something outside it; give a path inside the repository.`,
    )
  if (!remoteContext) {
    const kind = facts.pathKind(context)
    if (kind === 'outside') throw outside('context', context)
    if (kind !== 'dir')
      throw new InputError('context', `"${cut(context, 200)}" is not a directory in the workspace.`)
  }
  // A relative Dockerfile is looked up as the docker CLI does: from the working directory.
  // With a remote context it names a file of that repository, but the base-image check
  // and a build error read it here when it exists: the same bounds apply.
  const dockerfileKind = facts.pathKind(dockerfile)
  if (dockerfileKind === 'outside') throw outside('dockerfile', dockerfile)
  if (!remoteContext && dockerfileKind !== 'file') {
    throw new InputError('dockerfile', `"${cut(dockerfile, 200)}" is not a file in the workspace.`)
  }
  const buildArgs = splitKeyValueList('build-args', raw['build-args'])
  checkKeyValues('build-args', buildArgs)
  const labels = splitKeyValueList('labels', raw.labels)
  checkKeyValues('labels', labels)
  const secrets = splitKeyValueList('secrets', raw.secrets)
  checkKeyValues('secrets', secrets)
  for (const s of secrets) {
    // The id goes into `--secret id=…,env=…`: a comma or '=' in it would add fields.
    const id = s.slice(0, s.indexOf('='))
    if (!/^[A-Za-z0-9_.-]+$/.test(id))
      throw new InputError(
        'secrets',
        `the id "${id.slice(0, 64)}" may hold only A-Z a-z 0-9 _ . - (the value after '=' is free).`,
      )
  }
  const platforms = splitList(raw.platforms, { commas: true })
  for (const p of platforms) {
    if (!/^[a-z0-9_]+\/[a-z0-9_]+(\/[a-z0-9_.]+)?$/.test(p))
      throw new InputError('platforms', `"${p}" is not os/arch[/variant], e.g. linux/amd64.`)
  }
  if (raw.target !== '' && !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(raw.target)) {
    throw new InputError('target', `"${raw.target}" is not a stage name.`)
  }
  const login = parseLogin(raw, tags[0]!.registry)
  const first = tags[0]!
  return {
    dockerfile,
    context,
    tags,
    imageName: `${first.registry ? `${first.registry}/` : ''}${first.repository}`,
    tagDerived,
    buildArgs,
    labels,
    target: raw.target,
    platforms,
    cacheFrom: splitList(raw['cache-from']),
    cacheTo: splitList(raw['cache-to']),
    secrets,
    noCache: parseBoolean('no-cache', raw['no-cache']),
    pull: parseBoolean('pull', raw.pull),
    provenance: raw.provenance,
    sbom: raw.sbom,
    push,
    ...(login ? { login } : {}),
  }
}

/**
 * Read every input through @actions/core. Secrets are masked first, so no error message
 * built from them can print them.
 */
export function readInputs(): RawInputs {
  for (const secret of ['password', 'github-token', 'kubeconfig'] as const) {
    const v = core.getInput(secret)
    if (v) core.setSecret(v)
  }
  const raw = {} as RawInputs
  for (const name of INPUT_NAMES)
    raw[name] = core.getInput(name, { trimWhitespace: name !== 'password' })
  // Each secret's value is masked by setSecret above; a secret build value too.
  for (const line of splitKeyValueList('secrets', raw.secrets)) {
    const v = line.slice(line.indexOf('=') + 1)
    if (v) core.setSecret(v)
  }
  return raw
}
