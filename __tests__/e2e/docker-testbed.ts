// For e2e test files: the shared Docker test bed, or a loud skip outside CI.
import { execFileSync } from 'node:child_process'
import { inject, test } from 'vitest'
import type { ClusterInfo, DockerTestbedInfo } from './global-setup.ts'

export function dockerTestbed(): DockerTestbedInfo {
  return inject('dockerTestbed')
}

/** `test`, skipped (outside CI only) when the engine could not start. */
export const dockerTest = test.skipIf(Boolean(inject('dockerTestbed')?.unavailable))

/** Environment to run the action or the docker CLI against the test bed. */
export function dockerEnv(
  tb: DockerTestbedInfo = dockerTestbed(),
  opts: { buildx?: boolean } = {},
): Record<string, string> {
  return {
    DOCKER_HOST: tb.dockerHost,
    DOCKER_BUILDKIT: '1',
    // Without the buildx plugin: the action falls back to docker build + docker push.
    DOCKER_CONFIG: opts.buildx === false ? tb.plainDockerConfig : tb.dockerConfig,
  }
}

/** The real cluster the whole e2e run shares (started in global-setup). */
export function testCluster(): ClusterInfo {
  return inject('cluster')
}

/** The engine's image list, intermediate images included: `ID repository:tag`, sorted. */
export function engineImages(tb: DockerTestbedInfo = dockerTestbed()): string[] {
  const out = execFileSync(
    tb.dockerCli,
    ['image', 'ls', '--all', '--no-trunc', '--format', '{{.ID}} {{.Repository}}:{{.Tag}}'],
    { env: { ...process.env, ...dockerEnv(tb) }, encoding: 'utf8', maxBuffer: 16 << 20 },
  )
  return out.split('\n').filter(Boolean).sort()
}

/**
 * The build records of the default buildx builder (the test bed's buildkitd): every
 * build, even one that failed halfway, leaves one. `ID` per line, sorted.
 */
export function buildRecords(tb: DockerTestbedInfo = dockerTestbed()): string[] {
  const out = execFileSync(tb.dockerCli, ['buildx', 'history', 'ls', '--format', '{{.Ref}}'], {
    env: { ...process.env, ...dockerEnv(tb) },
    encoding: 'utf8',
    maxBuffer: 16 << 20,
  })
  return out.split('\n').filter(Boolean).sort()
}
