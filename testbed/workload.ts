// The test workload that the e2e tests, the demo's checks, the benchmarks and the Pod
// capture all run: a container on the test bed's busybox whose shell command does what a
// scenario needs (print lines, become Ready after a while or never, exit with a code),
// and the HTTP readiness probe it answers. Pure: no vitest, no I/O.

/** The port a test container serves its readiness on (HTTP GET /ready). */
export const READY_PORT = 8080

/** What a test container does; every field is optional (default: ready at once, runs on). */
export interface Behaviour {
  /** Lines printed at start. */
  log?: readonly string[]
  /** Seconds until GET /ready answers 200 (the readiness probe); `never` = never. */
  readyAfter?: number | 'never'
  /** Seconds until it exits with `exitCode` (default 1). */
  exitAfter?: number
  exitCode?: number
}

/** The shell script a test container runs for `b`. */
export function behaviourScript(b: Behaviour): string {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`
  // busybox httpd serves /www: GET /ready answers 404 until the file exists.
  const parts = ['trap "exit 0" TERM', 'mkdir -p /www', `httpd -p ${READY_PORT} -h /www`]
  for (const line of b.log ?? []) parts.push(`echo ${q(line)}`)
  if (b.readyAfter !== 'never') {
    const after = b.readyAfter ?? 0
    parts.push(after > 0 ? `(sleep ${after}; touch /www/ready) &` : 'touch /www/ready')
  }
  if (b.exitAfter !== undefined) parts.push(`sleep ${b.exitAfter}`, `exit ${b.exitCode ?? 1}`)
  // One sleeping child, not one a second: the node runs dozens of these.
  else parts.push('sleep 2147483647 & wait $!')
  return parts.join('\n')
}

/** A Dockerfile on `base` (the test bed's busybox) whose command does what `b` says. */
export function behaviourDockerfileOn(base: string, b: Behaviour): string {
  return `FROM ${base}\nCMD ${JSON.stringify(['sh', '-c', behaviourScript(b)])}\n`
}

/**
 * A Dockerfile on `base` whose shell (PID 1) holds 64 MiB read through a pipe: under a
 * memory limit below that (16 MiB in the tests) the kernel's OOM killer ends it, and the kubelet
 * reports OOMKilled.
 */
export function oomDockerfileOn(base: string): string {
  return `FROM ${base}\nCMD ["sh", "-c", "echo allocating 64 MiB; x=$(head -c 67108864 /dev/zero | tr '\\\\0' a); echo still alive \${#x}; exit 0"]\n`
}

/** A Dockerfile on `base` whose command is not in the image: containerd's StartError. */
export const MISSING_COMMAND = '/no/such/command'
export function missingCommandDockerfileOn(base: string): string {
  return `FROM ${base}\nCMD ["${MISSING_COMMAND}", "--serve"]\n`
}

/**
 * Ready when GET /ready answers. A busy 2-core node can take over a second to answer;
 * one slow answer must not take a Ready Pod out of service.
 */
export const readinessProbe = {
  httpGet: { path: '/ready', port: READY_PORT },
  periodSeconds: 1,
  timeoutSeconds: 5,
  failureThreshold: 3,
} as const

/**
 * The same readiness as an exec probe: `cat` of the file the command touches once ready;
 * until then cat's own complaint is the probe's output, which the kubelet quotes.
 */
export const execReadinessProbe = {
  exec: { command: ['cat', '/www/ready'] },
  periodSeconds: 1,
  timeoutSeconds: 5,
  failureThreshold: 3,
} as const

/** Ready at once, crashes (exit 2) 8 s later: what only a soak after Ready catches. */
export const CRASH_AFTER_READY: Behaviour = {
  log: ['starting web', 'ready; crashing in 8 s'],
  exitAfter: 8,
  exitCode: 2,
}

/**
 * The command of a container that reads MODE (from a ConfigMap) and exits `exitCode`
 * unless it says `ok`: an init container, or with `stayUp` a native sidecar that runs on.
 */
export function modeCheckCommand(o: {
  says: string
  exitCode: number
  stayUp?: boolean
}): string[] {
  const check = `echo "${o.says} in mode $MODE"; test "$MODE" = ok || exit ${o.exitCode}`
  return ['sh', '-c', o.stayUp ? `${check}; sleep 2147483647 & wait $!` : check]
}

/** A CPU quantity (`2`, `1.5`, `250m`) in millicores; absent is 0. */
export function cpuMillis(q: string | undefined): number {
  if (!q) return 0
  return q.endsWith('m') ? Number(q.slice(0, -1)) : Math.round(Number(q) * 1000)
}

interface PodForCpu {
  metadata: { deletionTimestamp?: string }
  status?: { phase?: string }
  spec: { nodeName?: string; containers: { resources?: { requests?: { cpu?: string } } }[] }
}

/**
 * CPU (millicores) node `nodeName` has left for requests: its allocatable minus what the
 * containers of the Pods bound to it request (a Pending Pod no node took holds nothing).
 * Pods that ended (Succeeded, Failed) hold nothing; terminating ones are not counted
 * either, being on their way out (the scheduler waits for them).
 */
export function freeCpuMillis(
  allocatableCpu: string,
  nodeName: string,
  pods: readonly PodForCpu[],
): number {
  const used = pods
    .filter(
      (p) =>
        p.spec.nodeName === nodeName &&
        !p.metadata.deletionTimestamp &&
        p.status?.phase !== 'Succeeded' &&
        p.status?.phase !== 'Failed',
    )
    .flatMap((p) => p.spec.containers)
    .reduce((n, c) => n + cpuMillis(c.resources?.requests?.cpu), 0)
  return cpuMillis(allocatableCpu) - used
}

/** How long `pullLaterInit` sleeps (s). */
export const PULL_LATER_S = 6

/**
 * An init container that sleeps PULL_LATER_S: the kubelet pulls the main container's
 * image only after it, so what is done to the registry right after a rollout's patch
 * lands before the node's pull (a manifest deleted, the registry down).
 */
export function pullLaterInit(image: string): Record<string, unknown> {
  return { name: 'first', image, command: ['sleep', String(PULL_LATER_S)] }
}
