// The Docker half of the test bed: one real engine and two real registries (open,
// and htpasswd). Tests, the demo and the benchmarks start it through here.
import { claim, record, sweepStaleTestbeds } from '../sweep.ts'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startDockerEngine, type DockerEngine } from './engine.ts'
import { ensurePackages } from './install.ts'
import { startRegistry, type Registry } from './registry.ts'
import { seedBaseImage } from './base-image.ts'
import { startBuildKit, type BuildKit } from './buildkit.ts'
import { ensureComponents } from '../kube/components.ts'

export { startDockerEngine, DOCKER_CLI, type DockerEngine } from './engine.ts'
export { startRegistry, type Registry } from './registry.ts'
export { ensurePackages, missingPackages } from './install.ts'
export { seedBaseImage, BASE_REPO, BASE_TAG } from './base-image.ts'

export interface DockerTestbed {
  engine: DockerEngine
  registry: Registry
  registryAuth: Registry
  /** `<registry>/testbed/busybox:1.35`: a base image with a shell, for RUN steps. */
  baseImage: string
  /** buildkitd behind the engine's default buildx builder (a `remote` one). */
  buildkit: BuildKit
  /** A DOCKER_CONFIG without the buildx plugin: the `docker build` + `docker push` path. */
  plainDockerConfig: string
  dir: string
  stop(): Promise<void>
}

export async function startDockerTestbed(): Promise<DockerTestbed> {
  await ensurePackages()
  // Short path: dockerd's sockets must fit in ~100 bytes.
  await sweepStaleTestbeds()
  const dir = mkdtempSync(join(tmpdir(), 'd2p-'))
  claim(dir)
  const started: { stop(): Promise<void> }[] = []
  const stopAll = async () => {
    for (const s of started.reverse()) await s.stop().catch(() => {})
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 })
  }
  try {
    const registry = await startRegistry(join(dir, 'reg'))
    started.push(registry)
    const registryAuth = await startRegistry(join(dir, 'reg-auth'), { auth: true })
    started.push(registryAuth)
    const engine = await startDockerEngine(join(dir, 'e'), (bridge) => record(dir, { bridge }))
    started.push(engine)
    const baseImage = await seedBaseImage(engine, registry.host)
    const bin = await ensureComponents(['buildkitd', 'buildctl', 'dockerBuildx'])
    const buildkit = await startBuildKit({
      dir: join(dir, 'bk'),
      buildkitd: bin.buildkitd,
      buildctl: bin.buildctl,
      dockerBuildx: bin.dockerBuildx,
      dockerConfig: engine.env.DOCKER_CONFIG!,
      dockerCli: engine.cli,
      env: engine.env,
      registries: [registry.host, registryAuth.host],
    })
    started.push(buildkit)
    const plainDockerConfig = join(dir, 'config-plain')
    mkdirSync(plainDockerConfig)
    return {
      engine,
      registry,
      registryAuth,
      baseImage,
      buildkit,
      plainDockerConfig,
      dir,
      stop: stopAll,
    }
  } catch (err) {
    await stopAll()
    throw err
  }
}
