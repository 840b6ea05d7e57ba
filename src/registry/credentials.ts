// Registry credentials found the way the docker CLI finds them, so whatever logged the
// runner in (docker/login-action, `docker login`, an ECR or GCR credential helper) works
// for us too: `$DOCKER_CONFIG/config.json` (else `~/.docker/config.json`), then per host
// `credHelpers[host]`, else `credsStore`, else `auths[host]`.
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { execArgs } from '../util/exec.ts'

export interface DockerConfig {
  auths?: Record<
    string,
    { auth?: string; username?: string; password?: string; identitytoken?: string }
  >
  credHelpers?: Record<string, string>
  credsStore?: string
}

export type Credential =
  | { kind: 'basic'; username: string; password: string }
  /** An OAuth2 refresh token (`identitytoken`), exchanged at the token endpoint. */
  | { kind: 'identity'; token: string }

export type CredentialSource =
  | { from: 'helper'; helper: string; serverUrl: string }
  | { from: 'auths'; key: string; credential: Credential }

/** Docker Hub's key in config.json, as `docker login` writes it. */
export const DOCKER_HUB_KEY = 'https://index.docker.io/v1/'

const HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io'])

/** A config.json key (`https://ghcr.io`, `ghcr.io/v1/`) reduced to its host, as the CLI does. */
export function configKeyHost(key: string): string {
  const host = key
    .replace(/^[a-z]+:\/\//i, '')
    .split('/')[0]!
    .toLowerCase()
  return HUB_ALIASES.has(host) ? 'docker.io' : host
}

/** `auth` is base64 of `user:password`. */
export function decodeAuth(auth: string): { username: string; password: string } | undefined {
  const text = Buffer.from(auth, 'base64').toString('utf8')
  const colon = text.indexOf(':')
  return colon > 0 ? { username: text.slice(0, colon), password: text.slice(colon + 1) } : undefined
}

/** Where the credentials of `domain` (`docker.io`, `ghcr.io`, `127.0.0.1:5000`) come from. */
export function credentialSource(
  config: DockerConfig,
  domain: string,
): CredentialSource | undefined {
  const host = configKeyHost(domain)
  const serverUrl = host === 'docker.io' ? DOCKER_HUB_KEY : host
  for (const [key, helper] of Object.entries(config.credHelpers ?? {})) {
    if (configKeyHost(key) === host && helper) return { from: 'helper', helper, serverUrl }
  }
  if (config.credsStore) return { from: 'helper', helper: config.credsStore, serverUrl }
  return fromAuths(config, host)
}

function fromAuths(
  config: DockerConfig,
  host: string,
): Extract<CredentialSource, { from: 'auths' }> | undefined {
  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    if (configKeyHost(key) !== host) continue
    if (entry.identitytoken)
      return { from: 'auths', key, credential: { kind: 'identity', token: entry.identitytoken } }
    const pair = entry.auth
      ? decodeAuth(entry.auth)
      : entry.username && entry.password
        ? { username: entry.username, password: entry.password }
        : undefined
    if (pair) return { from: 'auths', key, credential: { kind: 'basic', ...pair } }
  }
  return undefined
}

/** A credential helper's `get` answer; `<token>` as the user means an identity token. */
export function parseHelperOutput(stdout: string): Credential | undefined {
  const j = JSON.parse(stdout) as { Username?: string; Secret?: string }
  if (!j.Secret) return undefined
  if (j.Username === '<token>') return { kind: 'identity', token: j.Secret }
  return { kind: 'basic', username: j.Username ?? '', password: j.Secret }
}

/** The config file the docker CLI reads; an absent file is an empty config. */
export function readDockerConfig(env: NodeJS.ProcessEnv = process.env): DockerConfig {
  const dir = env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker')
  let text: string
  try {
    text = readFileSync(join(dir, 'config.json'), 'utf8')
  } catch {
    return {}
  }
  try {
    return JSON.parse(text) as DockerConfig
  } catch (err) {
    throw new Error(`${join(dir, 'config.json')} is not valid JSON: ${(err as Error).message}`, {
      cause: err,
    })
  }
}

/** Runs `docker-credential-<helper> get` with the server on stdin. */
export type HelperRunner = (
  helper: string,
  serverUrl: string,
) => Promise<{ exitCode: number; stdout: string; stderr: string }>

export const runCredentialHelper: HelperRunner = (helper, serverUrl) =>
  execArgs(`docker-credential-${helper}`, ['get'], { input: Buffer.from(serverUrl) })

/**
 * The credential for a registry domain, or undefined for anonymous access. A helper
 * that does not know the server is anonymous too, as for the CLI; a helper that cannot
 * run is an error naming it.
 */
export async function credentialsFor(
  domain: string,
  opts: { config?: DockerConfig; runHelper?: HelperRunner } = {},
): Promise<Credential | undefined> {
  const config = opts.config ?? readDockerConfig()
  const source = credentialSource(config, domain)
  if (!source) return undefined
  if (source.from === 'auths') return source.credential
  const r = await (opts.runHelper ?? runCredentialHelper)(source.helper, source.serverUrl)
  if (r.exitCode !== 0) {
    if (/credentials not found/i.test(r.stdout + r.stderr))
      return fromAuths(config, configKeyHost(domain))?.credential
    throw new Error(
      `the Docker credential helper docker-credential-${source.helper} failed for ${source.serverUrl}: ${(r.stderr || r.stdout).trim()}`,
    )
  }
  return parseHelperOutput(r.stdout)
}
