// The side effects the scenarios share: timed child processes, the real test bed and
// its Deployments, dock2pod through the runner harness, the pinned kubectl through
// /usr/bin/time. Every timestamp is `wallNow()`, the clock the observer stamps arrivals
// with (observer.ts).
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runAction, ROOT, type ActionRun } from '../testbed/action-runner.ts'
import { startTestbed, type Testbed } from '../testbed/index.ts'
import { apiRequest, type KubeTarget } from '../testbed/kube/testing.ts'
import { wallNow } from './clock.ts'
import { readinessProbe } from '../testbed/workload.ts'
import type { KubeObject } from './journal.ts'
import type { ScenarioContext } from './scenario.ts'

export const TIME = '/usr/bin/time'
export const DEFAULT_ENTRY = join(ROOT, 'dist', 'index.js')
export const USAGE_HOOK = fileURLToPath(new URL('./usage-hook.mjs', import.meta.url))

export { wallNow }

export interface TimedLine {
  at: number
  text: string
}

export interface TimedProcess {
  code: number | null
  startedAt: number
  /** When the first stdout line (that `firstLine` matches) arrived (undefined: none). */
  firstLineAt?: number
  /** That line. */
  firstLineText?: string
  exitAt: number
  lines: TimedLine[]
  stderr: string
}

/**
 * Spawn and time: `process.hrtime`-based wall clock around spawn → first stdout line →
 * exit. `firstLine`: the first line that matches it counts (the action's own first
 * line, not a workflow command such as `::add-mask::` before it); any line by default.
 * With `killAfterFirstLine` the child is killed once that line is in.
 */
export function spawnTimed(
  command: string,
  args: string[],
  opts: {
    env?: NodeJS.ProcessEnv
    cwd?: string
    firstLine?: RegExp
    killAfterFirstLine?: boolean
  } = {},
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
    let firstLineText: string | undefined
    let pending = ''
    let stderr = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      const at = wallNow()
      pending += chunk
      let nl: number
      while ((nl = pending.indexOf('\n')) >= 0) {
        const text = pending.slice(0, nl)
        lines.push({ at, text })
        pending = pending.slice(nl + 1)
        if (firstLineAt === undefined && (!opts.firstLine || opts.firstLine.test(text))) {
          firstLineAt = at
          firstLineText = text
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
        ...(firstLineAt !== undefined ? { firstLineAt, firstLineText } : {}),
        exitAt,
        lines,
        stderr,
      })
    })
  })
}

/** The real test bed (engine, registries, BuildKit, cluster), started once per bench run. */
export function benchTestbed(ctx: {
  memo: ScenarioContext['memo']
  onCleanup: ScenarioContext['onCleanup']
  log: ScenarioContext['log']
}): Promise<Testbed> {
  return ctx.memo('testbed', async () => {
    const t0 = wallNow()
    const tb = await startTestbed({ maxPods: MAX_PODS })
    ctx.onCleanup(() => tb.stop())
    ctx.log(`test bed up in ${((wallNow() - t0) / 1000).toFixed(0)} s (maxPods ${MAX_PODS})`)
    return tb
  })
}

/**
 * What a bench script outside `npm run bench` (bench:many-rss, bench:profile) needs of a
 * scenario's context: the test bed once, memos, a log; `cleanUp` stops the test bed.
 */
export function scriptContext(name: string): {
  ctx: Pick<ScenarioContext, 'testbed' | 'memo' | 'onCleanup' | 'log'>
  cleanUp: () => Promise<void>
} {
  const memos = new Map<string, Promise<unknown>>()
  const cleanups: (() => Promise<void>)[] = []
  const ctx: Pick<ScenarioContext, 'testbed' | 'memo' | 'onCleanup' | 'log'> = {
    log: (line) => console.error(`[${name}] ${line}`),
    memo: <T>(key: string, make: () => Promise<T>) => {
      if (!memos.has(key)) memos.set(key, make())
      return memos.get(key) as Promise<T>
    },
    onCleanup: (fn) => cleanups.push(fn),
    testbed: () => benchTestbed(ctx),
  }
  const cleanUp = async () => {
    for (const fn of cleanups.reverse()) await fn().catch(() => {})
  }
  return { ctx, cleanUp }
}

/** The node's pod limit: room for api-cost's 150 replicas, their surge and the old Pods
 *  still terminating. */
export const MAX_PODS = 250

async function api(cluster: KubeTarget, method: string, path: string, body?: unknown) {
  const r = await apiRequest(cluster, method, path, body)
  if (r.status >= 300) throw new Error(`${method} ${path} answered ${r.status}: ${r.body}`)
  return JSON.parse(r.body) as KubeObject
}

export async function createNamespace(cluster: KubeTarget, ns: string): Promise<void> {
  await api(cluster, 'POST', '/api/v1/namespaces', { metadata: { name: ns } })
}

/** Delete a namespace and everything in it: its Pods stop pulling and restarting. */
export async function deleteNamespace(cluster: KubeTarget, ns: string): Promise<void> {
  await api(cluster, 'DELETE', `/api/v1/namespaces/${ns}`)
}

/** Resolve once namespace `ns` is gone (its Pods deleted): nothing of it holds the node. */
export async function waitNamespaceGone(
  cluster: KubeTarget,
  ns: string,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while ((await apiRequest(cluster, 'GET', `/api/v1/namespaces/${ns}`)).status !== 404) {
    if (Date.now() > deadline) throw new Error(`namespace ${ns} still there after ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

/** A Pod template's spec, loosely: what a scenario changes in it. */
export interface PodSpec {
  containers: Record<string, unknown>[]
  [field: string]: unknown
}

export interface DeploymentSpec {
  namespace: string
  name: string
  image: string
  replicas: number
  progressDeadlineSeconds?: number
  /** Changes to the Pod template's spec (probes, limits, env, init containers). */
  podSpec?: (spec: PodSpec) => void
  /** The key of the one label that selects the Pods (value: the name); default `app`. */
  labelKey?: string
}

/**
 * A Deployment (container `app`) as the e2e tests make them: Ready when the container
 * answers GET /ready (testbed/workload.ts), 1 s grace period.
 */
export function deploymentObject(d: DeploymentSpec): KubeObject {
  const object: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: d.name, namespace: d.namespace },
    spec: {
      replicas: d.replicas,
      selector: { matchLabels: { [d.labelKey ?? 'app']: d.name } },
      ...(d.progressDeadlineSeconds ? { progressDeadlineSeconds: d.progressDeadlineSeconds } : {}),
      template: {
        metadata: { labels: { [d.labelKey ?? 'app']: d.name } },
        spec: {
          terminationGracePeriodSeconds: 1,
          containers: [
            {
              name: 'app',
              image: d.image,
              readinessProbe,
            },
          ],
        },
      },
    },
  }
  d.podSpec?.(object.spec.template.spec as PodSpec)
  return object
}

/** Create a Deployment and wait until all its replicas are available. */
export async function createDeployment(
  cluster: KubeTarget,
  d: DeploymentSpec,
  timeoutMs = 300_000,
): Promise<void> {
  await api(
    cluster,
    'POST',
    `/apis/apps/v1/namespaces/${d.namespace}/deployments`,
    deploymentObject(d),
  )
  await waitRolledOut(cluster, d.namespace, d.name, d.replicas, timeoutMs)
}

export async function getDeployment(cluster: KubeTarget, ns: string, name: string) {
  return api(cluster, 'GET', `/apis/apps/v1/namespaces/${ns}/deployments/${name}`)
}

/** Ask every 250 ms until `check` holds for the Deployment. */
async function pollDeployment(
  cluster: KubeTarget,
  ns: string,
  name: string,
  check: (d: KubeObject) => boolean,
  what: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const d = await getDeployment(cluster, ns, name)
    if (check(d)) return
    if (Date.now() > deadline)
      throw new Error(
        `${ns}/${name}: not ${what} after ${timeoutMs} ms: ${JSON.stringify(d.status)}`,
      )
    await new Promise((r) => setTimeout(r, 250))
  }
}

/** Resolve once the Deployment's status says every replica is updated and available. */
export function waitRolledOut(
  cluster: KubeTarget,
  ns: string,
  name: string,
  replicas: number,
  timeoutMs = 300_000,
): Promise<void> {
  return pollDeployment(
    cluster,
    ns,
    name,
    (d) =>
      d.status?.observedGeneration === d.metadata.generation &&
      d.status?.updatedReplicas === replicas &&
      d.status?.availableReplicas === replicas &&
      d.status?.replicas === replicas,
    'rolled out',
    timeoutMs,
  )
}

export async function generationOf(cluster: KubeTarget, ns: string, name: string): Promise<number> {
  return (await getDeployment(cluster, ns, name)).metadata.generation ?? 0
}

/** Resolve once Deployment ns/name has a generation above `generation` (it was patched). */
export function waitPatched(
  cluster: KubeTarget,
  ns: string,
  name: string,
  generation: number,
  timeoutMs = 120_000,
): Promise<void> {
  return pollDeployment(
    cluster,
    ns,
    name,
    (d) => (d.metadata.generation ?? 0) > generation,
    'patched',
    timeoutMs,
  )
}

export interface ResourceUsage {
  maxRssMB: number
  cpuSeconds: number
  /** With `memorySampleMs`: the memory sample of the highest RSS (MB), as usage-hook.mjs writes it. */
  atPeak?: Record<string, unknown>
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
  /** With `usage`: sample the memory at this interval and report the highest RSS sample. */
  memorySampleMs?: number
}

/** Run the bundle as the runner does, every stdout line stamped with `wallNow()`. */
export async function runDock2pod(opts: Dock2podOptions): Promise<Dock2podRun> {
  const lines: TimedLine[] = []
  let usageDir: string | undefined
  const env: Record<string, string> = { ...opts.env }
  if (opts.usage) {
    usageDir = mkdtempSync(join(tmpdir(), 'd2p-bench-usage-'))
    env.BENCH_USAGE_FILE = join(usageDir, 'usage.json')
    if (opts.memorySampleMs) env.BENCH_MEMORY_SAMPLE_MS = String(opts.memorySampleMs)
    // After the caller's own options (a profile's --cpu-prof), not instead of them.
    env.NODE_OPTIONS =
      `${env.NODE_OPTIONS ?? process.env.NODE_OPTIONS ?? ''} --import=${USAGE_HOOK}`.trim()
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
      atPeak?: Record<string, unknown>
    }
    usage = {
      maxRssMB: (u.maxRssKiB * 1024) / 1e6,
      cpuSeconds: (u.userUs + u.systemUs) / 1e6,
      ...(u.atPeak ? { atPeak: u.atPeak } : {}),
    }
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

/** `kubectl rollout status` of Deployment `name` in `ns`, timed like kubectlTimed. */
export function kubectlRolloutStatus(
  cluster: KubeTarget & { dir: string },
  ns: string,
  opts: { name?: string; timeout?: string } = {},
): Promise<KubectlRun> {
  return kubectlTimed(cluster, [
    '-n',
    ns,
    'rollout',
    'status',
    `deployment/${opts.name ?? 'app'}`,
    `--timeout=${opts.timeout ?? '5m'}`,
  ])
}

/** kubectl against `cluster`, timed, with its peak RSS and CPU from /usr/bin/time. */
export async function kubectlTimed(
  cluster: KubeTarget & { dir: string },
  args: string[],
): Promise<KubectlRun> {
  const dir = mkdtempSync(join(tmpdir(), 'd2p-bench-time-'))
  const out = join(dir, 'time')
  try {
    const p = await spawnTimed(TIME, [
      '-o',
      out,
      '-f',
      '%M %U %S',
      cluster.kubectl,
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
