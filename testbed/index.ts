// The whole test bed in one call: the real Docker engine, both registries, BuildKit
// behind buildx, and the real cluster (etcd, the control plane, one node with
// containerd) behind the test hooks' proxy. `env` carries the variables
// shared/TESTBED.md names.
import { startDockerTestbed, DOCKER_CLI, type DockerTestbed } from './docker/index.ts'
import { startCluster, type Cluster } from './kube/index.ts'

export interface Testbed {
  docker: DockerTestbed
  cluster: Cluster
  env: Record<string, string>
  stop(): Promise<void>
}

export async function startTestbed(opts: { maxPods?: number } = {}): Promise<Testbed> {
  const docker = await startDockerTestbed()
  let cluster: Cluster
  try {
    cluster = await startCluster(docker, opts)
  } catch (err) {
    await docker.stop()
    throw err
  }
  const env: Record<string, string> = {
    KUBECONFIG: cluster.kubeconfigPath,
    KUBECONFIG_RESTRICTED: cluster.restrictedKubeconfigPath,
    DOCKER_HOST: docker.engine.host,
    DOCKER_CLI,
    DOCKER_CONFIG: docker.engine.env.DOCKER_CONFIG!,
    REGISTRY: docker.registry.host,
    REGISTRY_AUTH: docker.registryAuth.host,
    REGISTRY_USER: docker.registryAuth.user!,
    REGISTRY_PASSWORD: docker.registryAuth.password!,
    TESTBED_URL: cluster.url,
    TESTBED_BASE_IMAGE: docker.baseImage,
    TESTBED_KUBECTL: cluster.kubectl,
  }
  return {
    docker,
    cluster,
    env,
    async stop() {
      await cluster.stop()
      await docker.stop()
    },
  }
}
