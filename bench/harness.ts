// The side effects the scenarios share: timed child processes, the simulated clusters
// and their Deployments, dock2pod through the runner harness, kubectl through
// /usr/bin/time. Every timestamp is `wallNow()`, the clock the cluster's journal uses
// for `wallTime` (the cluster runs in this process).
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runAction, ROOT, type ActionRun } from '../testbed/action-runner.ts'
import { startCluster, type Cluster } from '../testbed/cluster/index.ts'
import { apiRequest, waitForObject } from '../testbed/cluster/testing.ts'

export const KUBECTL = '/usr/bin/kubectl'
export const TIME = '/usr/bin/time'
export const DEFAULT_ENTRY = join(ROOT, 'dist', 'index.js')
export const USAGE_HOOK = fileURLToPath(new URL('./usage-hook.mjs', import.meta.url))

/** Wall-clock epoch ms, sub-millisecond: the same clock as the journal's `wallTime`. */
export function wallNow(): number {
  return performance.timeOrigin + performance.now()
}

export interface TimedLine {
  at: number
  text: string
}

export interface TimedProcess {
  code: number | null
  startedAt: number
  /** When the first stdout line arrived (undefined: none). */
  firstLineAt?: number
  exitAt: number
  lines: TimedLine[]
  stderr: string
}

/**
 * Spawn and time: `process.hrtime`-based wall clock around spawn → first stdout line →
 * exit. With `killAfterFirstLine` the child is killed once its first line is in.
 */
export function spawnTimed(
  command: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; killAfterFirstLine?: boolean } = {},
): Promise<TimedProcess> {
  return new Promise((resolvePromise, reject) => {
    const startedAt = wallNow()
    const child = spawn(command, args, {
      env: opts.env ?? process.env,
      cwd: opts.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const lines: TimedLine[] = []
    let firstLineAt: number | undefined
    let pending = ''
    let stderr = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      const at = wallNow()
      pending += chunk
      let nl: number
      while ((nl = pending.indexOf('\n')) >= 0) {
        lines.push({ at, text: pending.slice(0, nl) })
        pending = pending.slice(nl + 1)
        if (firstLineAt === undefined) {
          firstLineAt = at
          if (opts.killAfterFirstLine) child.kill('SIGKILL')
        }
      }
    })
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (c: string) => (stderr += c))
    child.on('error', reject)
    child.on('close', (code) => {
      const exitAt = wallNow()
      if (pending) lines.push({ at: exitAt, text: pending })
      resolvePromise({
        code,
        startedAt,
        ...(firstLineAt !== undefined ? { firstLineAt } : {}),
        exitAt,
        lines,
        stderr,
      })
    })
  })
}

/** A cluster for one scenario: enough nodes for 1000 replicas plus surge, a long journal. */
export function startBenchCluster(speed: number, nodes = 1): Promise<Cluster> {
  return startCluster({
    speed,
    nodes: Array.from({ length: nodes }, (_, i) => `node-${i + 1}`),
    // Keep every change of a 1000-replica rollout for the journal queries.
    historyLimit: 500_000,
  })
}

async function api(cluster: Cluster, method: string, path: string, body?: unknown) {
  const r = await apiRequest(cluster, method, path, body)
  if (r.status >= 300) throw new Error(`${method} ${path} answered ${r.status}: ${r.body}`)
  return JSON.parse(r.body) as Record<string, unknown>
}

export async function createNamespace(cluster: Cluster, ns: string): Promise<void> {
  await api(cluster, 'POST', '/api/v1/namespaces', { metadata: { name: ns } })
}

/** Delete a namespace and everything in it at once: its Pods stop pulling and restarting. */
export async function deleteNamespace(cluster: Cluster, ns: string): Promise<void> {
  await api(cluster, 'DELETE', `/api/v1/namespaces/${ns}`)
}

export interface DeploymentSpec {
  namespace: string
  name: string
  image: string
  replicas: number
  progressDeadlineSeconds?: number
  /** Seconds an old Pod takes to go once told to (cluster time); default 1. */
  terminationGracePeriodSeconds?: number
}

/** Create a Deployment (container `app`) and wait until all its replicas are available. */
export async function createDeployment(
  cluster: Cluster,
  d: DeploymentSpec,
  timeoutMs = 300_000,
): Promise<void> {
  await api(cluster, 'POST', `/apis/apps/v1/namespaces/${d.namespace}/deployments`, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: d.name, namespace: d.namespace },
    spec: {
      replicas: d.replicas,
      selector: { matchLabels: { app: d.name } },
      ...(d.progressDeadlineSeconds ? { progressDeadlineSeconds: d.progressDeadlineSeconds } : {}),
      template: {
        metadata: { labels: { app: d.name } },
        spec: {
          terminationGracePeriodSeconds: d.terminationGracePeriodSeconds ?? 1,
          containers: [{ name: 'app', image: d.image }],
        },
      },
    },
  })
  await waitRolledOut(cluster, d.namespace, d.name, d.replicas, timeoutMs)
}

/** Resolve once the Deployment's status says every replica is updated and available. */
export async function waitRolledOut(
  cluster: Cluster,
  ns: string,
  name: string,
  replicas: number,
  timeoutMs = 300_000,
): Promise<void> {
  await waitForObject(
    cluster,
    'apps/deployments',
    ns,
    name,
    (d) =>
      d.status?.observedGeneration === d.metadata.generation &&
      d.status?.updatedReplicas === replicas &&
      d.status?.availableReplicas === replicas &&
      d.status?.replicas === replicas,
    timeoutMs,
  )
}

export function generationOf(cluster: Cluster, ns: string, name: string): number {
  return cluster.store.tryGet('apps/deployments', ns, name)?.metadata.generation ?? 0
}

/** Resolve once Deployment ns/name has a generation above `generation` (it was patched). */
export async function waitPatched(
  cluster: Cluster,
  ns: string,
  name: string,
  generation: number,
  timeoutMs = 60_000,
): Promise<void> {
  await waitForObject(
    cluster,
    'apps/deployments',
    ns,
    name,
    (d) => (d.metadata.generation ?? 0) > generation,
    timeoutMs,
  )
}

export interface ResourceUsage {
  maxRssMB: number
  cpuSeconds: number
}

export interface Dock2podRun {
  run: ActionRun
  startedAt: number
  lines: TimedLine[]
  usage?: ResourceUsage
}

export interface Dock2podOptions {
  entry: string
  inputs: Record<string, string>
  env?: Record<string, string>
  path?: string[]
  workspace?: string
  /** Record the action process's peak RSS and CPU time. */
  usage?: boolean
}

/** Run the bundle as the runner does, every stdout line stamped with `wallNow()`. */
export async function runDock2pod(opts: Dock2podOptions): Promise<Dock2podRun> {
  const lines: TimedLine[] = []
  let usageDir: string | undefined
  const env: Record<string, string> = { ...opts.env }
  if (opts.usage) {
    usageDir = mkdtempSync(join(tmpdir(), 'd2p-bench-usage-'))
    env.BENCH_USAGE_FILE = join(usageDir, 'usage.json')
    env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --import=${USAGE_HOOK}`.trim()
  }
  const startedAt = wallNow()
  const run = await runAction({
    entry: resolve(opts.entry),
    inputs: opts.inputs,
    env,
    ...(opts.path ? { path: opts.path } : {}),
    ...(opts.workspace ? { workspace: opts.workspace } : {}),
    onLine: (text) => lines.push({ at: wallNow(), text }),
  })
  let usage: ResourceUsage | undefined
  if (usageDir) {
    const u = JSON.parse(readFileSync(env.BENCH_USAGE_FILE!, 'utf8')) as {
      maxRssKiB: number
      userUs: number
      systemUs: number
    }
    usage = { maxRssMB: (u.maxRssKiB * 1024) / 1e6, cpuSeconds: (u.userUs + u.systemUs) / 1e6 }
    rmSync(usageDir, { recursive: true, force: true })
  }
  return { run, startedAt, lines, ...(usage ? { usage } : {}) }
}

/** The first line matching `pattern`, or throw with the run's output. */
export function lineAt(r: Dock2podRun, pattern: RegExp): number {
  const hit = r.lines.find((l) => pattern.test(l.text))
  if (!hit)
    throw new Error(
      `dock2pod printed no line matching ${pattern} (exit ${r.run.exitCode}):\n${r.run.stdout.slice(-3000)}\n${r.run.stderr.slice(-2000)}`,
    )
  return hit.at
}

export interface KubectlRun extends TimedProcess {
  usage: ResourceUsage
}

/** kubectl against `cluster`, timed, with its peak RSS and CPU from /usr/bin/time. */
export async function kubectlTimed(cluster: Cluster, args: string[]): Promise<KubectlRun> {
  const dir = mkdtempSync(join(tmpdir(), 'd2p-bench-time-'))
  const out = join(dir, 'time')
  try {
    const p = await spawnTimed(TIME, [
      '-o',
      out,
      '-f',
      '%M %U %S',
      KUBECTL,
      '--kubeconfig',
      cluster.kubeconfigPath,
      '--cache-dir',
      join(cluster.dir, 'kubectl-cache'),
      ...args,
    ])
    const last = readFileSync(out, 'utf8').trim().split('\n').pop() ?? ''
    const [rssKiB, user, sys] = last.split(' ').map(Number)
    return {
      ...p,
      usage: { maxRssMB: ((rssKiB ?? 0) * 1024) / 1e6, cpuSeconds: (user ?? 0) + (sys ?? 0) },
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
