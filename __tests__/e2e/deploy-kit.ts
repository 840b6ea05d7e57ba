// What the deploy e2e files share: test images scripted by their labels (built with
// the real engine, pushed to the open test registry), Deployments made with kubectl,
// and runs of the committed bundle against a simulated cluster.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAction, type ActionRun, type RunOptions } from '../../testbed/action-runner.ts'
import type { Cluster } from '../../testbed/cluster/index.ts'
import { kubectlOk } from '../../testbed/cluster/testing.ts'
import { run } from '../../testbed/docker/proc.ts'
import { dockerEnv, dockerTestbed } from './docker-testbed.ts'

export const unique = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`

/** A Dockerfile on the test bed's busybox whose labels script the simulated container. */
export function labelledDockerfile(labels: Record<string, string>): string {
  const lines = [`FROM ${dockerTestbed().baseImage}`]
  // JSON string escaping is what the Dockerfile's double quotes undo: `\\n` → `\n`.
  for (const [k, v] of Object.entries(labels))
    lines.push(`LABEL ${JSON.stringify(k)}=${JSON.stringify(v)}`)
  return lines.join('\n') + '\n'
}

/** Build with the real engine and push to the open registry; returns `registry/path:v1`. */
export async function buildTestImage(
  path: string,
  labels: Record<string, string>,
): Promise<string> {
  const tb = dockerTestbed()
  const ctx = mkdtempSync(join(tmpdir(), 'd2p-test-img-'))
  writeFileSync(join(ctx, 'Dockerfile'), labelledDockerfile(labels))
  const ref = `${tb.registry}/${path}:v1`
  const env = { ...process.env, ...dockerEnv(tb) }
  for (const args of [
    ['build', '--tag', ref, ctx],
    ['push', ref],
  ]) {
    const r = await run(tb.dockerCli, args, { env })
    if (r.code !== 0) throw new Error(`docker ${args[0]} ${ref}: ${r.stderr}`)
  }
  return ref
}

/** A Deployment made with kubectl and rolled out. */
export async function createDeployment(
  cluster: Cluster,
  name: string,
  opts: { image: string; replicas?: number; namespace?: string },
): Promise<void> {
  const ns = ['-n', opts.namespace ?? 'default']
  await kubectlOk(cluster, [
    ...ns,
    'create',
    'deployment',
    name,
    `--image=${opts.image}`,
    `--replicas=${opts.replicas ?? 3}`,
  ])
  await kubectlOk(cluster, [...ns, 'rollout', 'status', `deployment/${name}`, '--timeout=60s'])
}

/** Run the committed bundle against the cluster (KUBECONFIG) and the Docker test bed. */
export function runAgainst(
  cluster: Cluster,
  inputs: Record<string, string>,
  opts: RunOptions = {},
): Promise<ActionRun> {
  const tb = dockerTestbed()
  return runAction({
    inputs,
    env: { ...dockerEnv(tb), KUBECONFIG: cluster.kubeconfigPath },
    path: [tb.binDir],
    timeoutMs: 120_000,
    ...opts,
  })
}

export const errorAnnotations = (r: ActionRun) => r.annotations.filter((a) => a.level === 'error')

export interface DeploymentOutput {
  name: string
  status: string
  previousImage: string
  image: string
  diagnosis: { reason: string } | null
}
export const deploymentsOutput = (r: ActionRun) =>
  JSON.parse(r.outputs.deployments ?? '[]') as DeploymentOutput[]
