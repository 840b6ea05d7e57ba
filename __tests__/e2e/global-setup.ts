// One real Docker engine and registry pair for the whole e2e run (starting dockerd is
// the slow part). Under CI=true a test bed that cannot start fails the run; elsewhere
// the e2e tests skip with a loud message.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { CAPTURE_ENV, checkCaptured } from '../../testbed/capture.ts'
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
let captureDir: string | undefined

export async function setup(project: TestProject): Promise<void> {
  // Every run of the action in this e2e run records what it showed, for the leak check
  // in teardown (the test workers inherit this environment).
  captureDir = mkdtempSync(join(tmpdir(), 'd2p-capture-'))
  process.env[CAPTURE_ENV] = captureDir
  try {
    testbed = await startDockerTestbed()
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err)
    if (process.env.CI === 'true')
      throw new Error(`The Docker test bed could not start (CI=true, so this fails):\n${reason}`, {
        cause: err,
      })
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
  const registryAuth = testbed?.registryAuth
  await testbed?.stop()
  if (!captureDir) return
  // No secret any run was handed (nor the test registry's password, in either form)
  // shows in what any run printed, annotated, summarised or output.
  const known = registryAuth?.password
    ? [
        registryAuth.password,
        Buffer.from(`${registryAuth.user}:${registryAuth.password}`).toString('base64'),
      ]
    : []
  const report = checkCaptured(captureDir, known)
  rmSync(captureDir, { recursive: true, force: true })
  console.log(
    `secret-leak check: ${report.runs} runs; ${report.held} (run, secret) pairs where the run was handed the secret; ` +
      `every run's log, annotations, job summary, outputs, exported variables and saved state also searched for all ${report.secrets} secrets of the suite (${report.searches} searches); ${report.leaks.length} leaks`,
  )
  if (report.leaks.length > 0)
    throw new Error(`secrets leaked into the action's visible output:\n${report.leaks.join('\n')}`)
}
