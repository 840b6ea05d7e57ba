// A real Docker engine (Debian's dockerd 20.10 with its own containerd) on a unix
// socket in a temp dir: no iptables, no bridge, nothing bound to a TCP port.
import { request } from 'node:http'
import { mkdirSync, readFileSync, symlinkSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { randomBytes, randomInt } from 'node:crypto'
import { run, startDaemon, waitFor, type Daemon } from './proc.ts'

/** The CLI that builds here: Debian's, which uses BuildKit with DOCKER_BUILDKIT=1. */
export const DOCKER_CLI = '/usr/bin/docker'

export interface DockerEngine {
  /** `unix:///…/docker.sock`, for DOCKER_HOST. */
  host: string
  socket: string
  /** Path of the docker CLI that works with this engine. */
  cli: string
  /** A directory holding only `docker` → the CLI, to put first on PATH. */
  binDir: string
  pid: number
  /** Environment to run the CLI against this engine (DOCKER_HOST, DOCKER_BUILDKIT, PATH). */
  env: Record<string, string>
  stop(): Promise<void>
}

function ping(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      { socketPath: socket, path: '/_ping', method: 'GET', timeout: 2000 },
      (res) => {
        res.resume()
        resolve(res.statusCode === 200)
      },
    )
    req.on('error', () => resolve(false))
    req.on('timeout', () => {
      req.destroy()
      resolve(false)
    })
    req.end()
  })
}

/** Start dockerd under `dir` (keep the path short: unix sockets allow ~100 bytes). */
export async function startDockerEngine(
  dir: string,
  onBridge: (name: string) => void = () => {},
): Promise<DockerEngine> {
  for (const d of ['data', 'exec', 'bin', 'config']) mkdirSync(join(dir, d), { recursive: true })
  const socket = join(dir, 'docker.sock')
  const binDir = join(dir, 'bin')
  if (!existsSync(join(binDir, 'docker'))) symlinkSync(DOCKER_CLI, join(binDir, 'docker'))
  const log = join(dir, 'dockerd.log')
  const bridge = await createBridge(onBridge)
  const daemon: Daemon = startDaemon(
    '/usr/sbin/dockerd',
    [
      '--data-root',
      join(dir, 'data'),
      '--exec-root',
      join(dir, 'exec'),
      '--pidfile',
      join(dir, 'docker.pid'),
      '--host',
      `unix://${socket}`,
      '--iptables=false',
      '--ip6tables=false',
      `--bridge=${bridge.name}`,
      '--storage-driver=overlay2',
    ],
    log,
  )
  let exited = false
  daemon.child.once('exit', () => (exited = true))
  try {
    await waitFor(
      'dockerd to answer /_ping',
      async () => {
        if (exited) throw new Error('dockerd exited')
        return ping(socket)
      },
      60_000,
      () => `dockerd log (${log}):\n${tail(log)}`,
    )
  } catch (err) {
    await daemon.stop()
    await bridge.remove()
    throw new Error(`the Docker engine did not start: ${(err as Error).message}\n${tail(log)}`, {
      cause: err,
    })
  }
  const host = `unix://${socket}`
  return {
    host,
    socket,
    cli: DOCKER_CLI,
    binDir,
    pid: daemon.pid,
    env: {
      DOCKER_HOST: host,
      DOCKER_BUILDKIT: '1',
      DOCKER_CONFIG: join(dir, 'config'),
      PATH: `${binDir}:${process.env.PATH ?? ''}`,
    },
    stop: async () => {
      await daemon.stop()
      await bridge.remove()
    },
  }
}

/**
 * BuildKit runs RUN steps on a bridge network, so `--bridge=none` would fail every RUN.
 * Each engine gets a bridge of its own (removed on stop) on a /24 of 198.18.0.0/15, the
 * range reserved for benchmarking networks: no route leads anywhere from it, and the
 * containers on it reach nothing but each other.
 */
async function createBridge(
  onBridge: (name: string) => void,
): Promise<{ name: string; remove(): Promise<void> }> {
  const name = `d2p${randomBytes(4).toString('hex')}`
  onBridge(name)
  const cidr = `198.18.${randomInt(0, 256)}.1/24`
  for (const args of [
    ['link', 'add', name, 'type', 'bridge'],
    ['addr', 'add', cidr, 'dev', name],
    ['link', 'set', name, 'up'],
  ]) {
    const r = await run('ip', args)
    if (r.code !== 0) {
      await run('ip', ['link', 'del', name])
      throw new Error(
        `could not create the engine's bridge (ip ${args.join(' ')}): ${r.stderr.trim()}`,
      )
    }
  }
  return { name, remove: async () => void (await run('ip', ['link', 'del', name])) }
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return '(no log)'
  }
}
