// What the deploy e2e files share: test images whose command does what the test needs
// (built with the real engine on the test bed's busybox, pushed to the open registry),
// Deployments with an HTTP readiness probe the container answers, and runs of the
// committed bundle against the real cluster.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAction, type ActionRun, type RunOptions } from '../../testbed/action-runner.ts'
import { run } from '../../testbed/docker/proc.ts'
import { kubectlOk, type KubeTarget } from '../../testbed/kube/testing.ts'
import { behaviourDockerfileOn, readinessProbe, type Behaviour } from '../../testbed/workload.ts'
import { dockerEnv, dockerTestbed } from './docker-testbed.ts'

export const unique = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`

export { READY_PORT, behaviourScript, type Behaviour } from '../../testbed/workload.ts'

/** A Dockerfile on the test bed's busybox whose command does what `b` says. */
export function behaviourDockerfile(b: Behaviour): string {
  return behaviourDockerfileOn(dockerTestbed().baseImage, b)
}

/** Build with the real engine and push to the open registry; returns `registry/path:v1`. */
export function buildTestImage(path: string, b: Behaviour = {}): Promise<string> {
  return buildImageFrom(path, behaviourDockerfile(b))
}

/** Build `dockerfile` with the real engine and push it to the open registry as `path:v1`. */
export async function buildImageFrom(path: string, dockerfile: string): Promise<string> {
  const tb = dockerTestbed()
  const ctx = mkdtempSync(join(tmpdir(), 'd2p-test-img-'))
  try {
    writeFileSync(join(ctx, 'Dockerfile'), dockerfile)
    const ref = `${tb.registry}/${path}:v1`
    const env = { ...process.env, ...dockerEnv(tb) }
    const r = await run(
      tb.dockerCli,
      ['buildx', 'build', '--push', '--provenance=false', '--tag', ref, ctx],
      { env },
    )
    if (r.code !== 0) throw new Error(`docker buildx build ${ref}: ${r.stderr}`)
    return ref
  } finally {
    rmSync(ctx, { recursive: true, force: true })
  }
}

/** A Deployment object: one container named after the image, ready when GET /ready answers. */
export function deploymentManifest(
  name: string,
  opts: { image: string; replicas?: number; namespace?: string; progressDeadlineSeconds?: number },
): Record<string, unknown> {
  const container = opts.image
    .replace(/[@:][^/]*$/, '')
    .split('/')
    .pop()!
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: opts.namespace ?? 'default', labels: { app: name } },
    spec: {
      replicas: opts.replicas ?? 3,
      ...(opts.progressDeadlineSeconds
        ? { progressDeadlineSeconds: opts.progressDeadlineSeconds }
        : {}),
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          terminationGracePeriodSeconds: 1,
          containers: [
            {
              name: container,
              image: opts.image,
              readinessProbe,
            },
          ],
        },
      },
    },
  }
}

const created: { name: string; namespace: string }[] = []

/**
 * Delete the Deployments this file created (their Pods keep the one node busy): call
 * it in afterAll.
 */
export async function deleteCreatedDeployments(cluster: KubeTarget): Promise<void> {
  for (const d of created.splice(0))
    await kubectlOk(cluster, [
      '-n',
      d.namespace,
      'delete',
      'deployment',
      d.name,
      '--wait=false',
      '--ignore-not-found',
    ])
}

/** A Deployment created with kubectl and rolled out. */
export async function createDeployment(
  cluster: KubeTarget,
  name: string,
  opts: { image: string; replicas?: number; namespace?: string; progressDeadlineSeconds?: number },
): Promise<void> {
  const ns = ['-n', opts.namespace ?? 'default']
  created.push({ name, namespace: opts.namespace ?? 'default' })
  await kubectlOk(cluster, ['apply', '-f', '-'], {
    input: JSON.stringify(deploymentManifest(name, opts)),
  })
  await kubectlOk(cluster, [...ns, 'rollout', 'status', `deployment/${name}`, '--timeout=120s'])
}

/** Run the committed bundle against the cluster (KUBECONFIG) and the Docker test bed. */
export function runAgainst(
  cluster: KubeTarget,
  inputs: Record<string, string>,
  opts: RunOptions = {},
): Promise<ActionRun> {
  const tb = dockerTestbed()
  return runAction({
    inputs,
    env: { ...dockerEnv(tb), KUBECONFIG: cluster.kubeconfigPath },
    path: [tb.binDir],
    timeoutMs: 180_000,
    ...opts,
  })
}

export const errorAnnotations = (r: ActionRun) => r.annotations.filter((a) => a.level === 'error')

export interface DeploymentOutput {
  name: string
  status: string
  previousImage: string
  image: string
  diagnosis: { reason: string; pullFailure?: string } | null
}
export const deploymentsOutput = (r: ActionRun) =>
  JSON.parse(r.outputs.deployments ?? '[]') as DeploymentOutput[]
