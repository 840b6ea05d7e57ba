// For e2e test files: the shared Docker test bed, or a loud skip outside CI.
import { inject, test } from 'vitest'
import type { ClusterInfo, DockerTestbedInfo } from './global-setup.ts'

export function dockerTestbed(): DockerTestbedInfo {
  return inject('dockerTestbed')
}

/** `test`, skipped (outside CI only) when the engine could not start. */
export const dockerTest = test.skipIf(Boolean(inject('dockerTestbed')?.unavailable))

/** Environment to run the action or the docker CLI against the test bed. */
export function dockerEnv(tb: DockerTestbedInfo = dockerTestbed()): Record<string, string> {
  return { DOCKER_HOST: tb.dockerHost, DOCKER_BUILDKIT: '1', DOCKER_CONFIG: tb.dockerConfig }
}

/** The real cluster the whole e2e run shares (started in global-setup). */
export function testCluster(): ClusterInfo {
  return inject('cluster')
}
