// One real Docker engine and registry pair for the whole e2e run (starting dockerd is
// the slow part). Under CI=true a test bed that cannot start fails the run; elsewhere
// the e2e tests skip with a loud message.
import type { TestProject } from 'vitest/node'
import { startDockerTestbed, type DockerTestbed } from '../../testbed/docker/index.ts'

export interface DockerTestbedInfo {
  /** Why the engine is unavailable (outside CI only); undefined when it runs. */
  unavailable?: string
  dockerHost: string
  dockerCli: string
  binDir: string
  dockerConfig: string
  registry: string
  registryAuth: string
  registryUser: string
  registryPassword: string
  baseImage: string
}

declare module 'vitest' {
  export interface ProvidedContext {
    dockerTestbed: DockerTestbedInfo
  }
}

let testbed: DockerTestbed | undefined

export async function setup(project: TestProject): Promise<void> {
  try {
    testbed = await startDockerTestbed()
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err)
    if (process.env.CI === 'true')
      throw new Error(`The Docker test bed could not start (CI=true, so this fails):\n${reason}`)
    console.error(`\n!!! e2e tests SKIPPED: the Docker test bed could not start:\n${reason}\n`)
    project.provide('dockerTestbed', { unavailable: reason } as DockerTestbedInfo)
    return
  }
  project.provide('dockerTestbed', {
    dockerHost: testbed.engine.host,
    dockerCli: testbed.engine.cli,
    binDir: testbed.engine.binDir,
    dockerConfig: testbed.engine.env.DOCKER_CONFIG!,
    registry: testbed.registry.host,
    registryAuth: testbed.registryAuth.host,
    registryUser: testbed.registryAuth.user!,
    registryPassword: testbed.registryAuth.password!,
    baseImage: testbed.baseImage,
  })
}

export async function teardown(): Promise<void> {
  await testbed?.stop()
}
