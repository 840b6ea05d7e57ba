// BuildKit for the test bed: the real buildkitd (moby/buildkit, built by
// testbed/components/build.sh) on a unix socket, and the real `docker buildx` CLI plugin
// installed in the engine's DOCKER_CONFIG with a `remote` builder on that socket, made
// the default. buildkitd runs its steps with the OCI worker (Debian's runc) on the host
// network, and treats the test bed's registries as plain HTTP.
import { copyFileSync, chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { run, startDaemon, waitFor, type Daemon } from './proc.ts'

export const BUILDER_NAME = 'dock2pod-testbed'

export interface BuildKit {
  socket: string
  builder: string
  pid: number
  stop(): Promise<void>
}

export interface BuildKitOptions {
  dir: string
  buildkitd: string
  buildctl: string
  dockerBuildx: string
  /** The engine's DOCKER_CONFIG folder: the plugin and the builder go there. */
  dockerConfig: string
  dockerCli: string
  env: Record<string, string>
  /** host:port of the registries, reached over plain HTTP. */
  registries: string[]
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return '(no log)'
  }
}

export async function startBuildKit(o: BuildKitOptions): Promise<BuildKit> {
  mkdirSync(o.dir, { recursive: true })
  const socket = join(o.dir, 'buildkitd.sock')
  const config = join(o.dir, 'buildkitd.toml')
  writeFileSync(
    config,
    [
      `root = "${join(o.dir, 'root')}"`,
      '[grpc]',
      `  address = ["unix://${socket}"]`,
      '[worker.oci]',
      '  enabled = true',
      '  snapshotter = "overlayfs"',
      '  networkMode = "host"',
      '  gc = false',
      '[worker.containerd]',
      '  enabled = false',
      ...o.registries.flatMap((r) => [`[registry."${r}"]`, '  http = true', '  insecure = true']),
      '',
    ].join('\n'),
  )
  const log = join(o.dir, 'buildkitd.log')
  const daemon: Daemon = startDaemon(o.buildkitd, ['--config', config], log)
  try {
    await waitFor(
      'buildkitd',
      async () => {
        if (daemon.child.exitCode !== null) throw new Error(`buildkitd exited:\n${tail(log)}`)
        const r = await run(o.buildctl, ['--addr', `unix://${socket}`, 'debug', 'workers'], {
          timeoutMs: 5000,
        })
        return r.code === 0
      },
      60_000,
      () => tail(log),
    )
    const plugins = join(o.dockerConfig, 'cli-plugins')
    mkdirSync(plugins, { recursive: true })
    copyFileSync(o.dockerBuildx, join(plugins, 'docker-buildx'))
    chmodSync(join(plugins, 'docker-buildx'), 0o755)
    const env = { ...process.env, ...o.env, DOCKER_CONFIG: o.dockerConfig }
    const r = await run(
      o.dockerCli,
      [
        'buildx',
        'create',
        '--name',
        BUILDER_NAME,
        '--driver',
        'remote',
        '--use',
        `unix://${socket}`,
      ],
      { env },
    )
    if (r.code !== 0) throw new Error(`docker buildx create failed: ${r.stderr.trim()}`)
    const inspect = await run(o.dockerCli, ['buildx', 'inspect', '--bootstrap', BUILDER_NAME], {
      env,
      timeoutMs: 60_000,
    })
    if (inspect.code !== 0)
      throw new Error(`docker buildx inspect --bootstrap failed: ${inspect.stderr.trim()}`)
  } catch (err) {
    await daemon.stop()
    throw err
  }
  return { socket, builder: BUILDER_NAME, pid: daemon.pid, stop: () => daemon.stop() }
}
