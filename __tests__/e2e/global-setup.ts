// One test bed for the whole e2e run (starting it is the slow part): the real Docker
// engine, both registries, BuildKit behind buildx, and the real cluster. Under CI=true a
// test bed that cannot start fails the run; elsewhere the e2e tests skip with a loud
// message.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { CAPTURE_ENV, checkCaptured } from '../../testbed/capture.ts'
import { startTestbed, type Testbed } from '../../testbed/index.ts'
import type { KubeTarget } from '../../testbed/kube/testing.ts'

export interface DockerTestbedInfo {
  /** Why the test bed is unavailable (outside CI only); undefined when it runs. */
  unavailable?: string
  dockerHost: string
  dockerCli: string
  binDir: string
  dockerConfig: string
  /** A DOCKER_CONFIG without the buildx plugin (the fallback path). */
  plainDockerConfig: string
  registry: string
  registryAuth: string
  registryUser: string
  registryPassword: string
  baseImage: string
}

export interface ClusterInfo extends KubeTarget {
  restrictedToken: string
  caFile: string
  nodeName: string
}

declare module 'vitest' {
  export interface ProvidedContext {
    dockerTestbed: DockerTestbedInfo
    cluster: ClusterInfo
  }
}

let testbed: Testbed | undefined
let captureDir: string | undefined

export async function setup(project: TestProject): Promise<void> {
  // Every run of the action in this e2e run records what it showed, for the leak check
  // in teardown (the test workers inherit this environment).
  captureDir = mkdtempSync(join(tmpdir(), 'd2p-capture-'))
  process.env[CAPTURE_ENV] = captureDir
  try {
    testbed = await startTestbed()
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err)
    if (process.env.CI === 'true')
      throw new Error(`The test bed could not start (CI=true, so this fails):\n${reason}`, {
        cause: err,
      })
    console.error(`\n!!! e2e tests SKIPPED: the test bed could not start:\n${reason}\n`)
    project.provide('dockerTestbed', { unavailable: reason } as DockerTestbedInfo)
    return
  }
  const { docker, cluster } = testbed
  project.provide('dockerTestbed', {
    dockerHost: docker.engine.host,
    dockerCli: docker.engine.cli,
    binDir: docker.engine.binDir,
    dockerConfig: docker.engine.env.DOCKER_CONFIG!,
    plainDockerConfig: docker.plainDockerConfig,
    registry: docker.registry.host,
    registryAuth: docker.registryAuth.host,
    registryUser: docker.registryAuth.user!,
    registryPassword: docker.registryAuth.password!,
    baseImage: docker.baseImage,
  })
  project.provide('cluster', {
    url: cluster.url,
    caPem: cluster.caPem,
    caFile: cluster.caFile,
    token: cluster.token,
    restrictedToken: cluster.restrictedToken,
    kubectl: cluster.kubectl,
    kubeconfigPath: cluster.kubeconfigPath,
    restrictedKubeconfigPath: cluster.restrictedKubeconfigPath,
    nodeName: cluster.nodeName,
  })
}

export async function teardown(): Promise<void> {
  const registryAuth = testbed?.docker.registryAuth
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
