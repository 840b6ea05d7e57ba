// Where the test bed's Go components live: built from the Go module proxy at the
// versions pinned in testbed/components/versions.env by testbed/components/build.sh,
// into a cache outside the repository (DOCK2POD_CACHE, default ~/.cache/dock2pod-testbed).
import { spawn } from 'node:child_process'
import { accessSync, constants, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const COMPONENTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'components')

export interface Versions {
  KUBERNETES_VERSION: string
  ETCD_VERSION: string
  BUILDX_VERSION: string
  BUILDKIT_VERSION: string
}

/** The pinned versions, read from versions.env (`NAME=value` lines, `#` comments). */
export function pinnedVersions(): Versions {
  const text = readFileSync(join(COMPONENTS_DIR, 'versions.env'), 'utf8')
  const out: Record<string, string> = {}
  for (const line of text.split('\n')) {
    const m = /^([A-Z_]+)=(\S+)\s*$/.exec(line)
    if (m) out[m[1]!] = m[2]!
  }
  for (const k of ['KUBERNETES_VERSION', 'ETCD_VERSION', 'BUILDX_VERSION', 'BUILDKIT_VERSION'])
    if (!out[k]) throw new Error(`testbed/components/versions.env names no ${k}`)
  return out as unknown as Versions
}

export const cacheDir = () =>
  process.env.DOCK2POD_CACHE || join(homedir(), '.cache', 'dock2pod-testbed')

export interface Binaries {
  versions: Versions
  etcd: string
  kubeApiserver: string
  kubeControllerManager: string
  kubeScheduler: string
  kubelet: string
  kubectl: string
  /** The static pause binary compiled from the kubernetes module's build/pause/linux/pause.c. */
  pause: string
  buildkitd: string
  buildctl: string
  /** The buildx CLI plugin (install as `cli-plugins/docker-buildx`). */
  dockerBuildx: string
}

export function binaries(v: Versions = pinnedVersions()): Binaries {
  const c = cacheDir()
  const k = join(c, `kubernetes-${v.KUBERNETES_VERSION}`)
  const bk = join(c, `buildkit-${v.BUILDKIT_VERSION}`)
  return {
    versions: v,
    etcd: join(c, `etcd-${v.ETCD_VERSION}`, 'etcd'),
    kubeApiserver: join(k, 'kube-apiserver'),
    kubeControllerManager: join(k, 'kube-controller-manager'),
    kubeScheduler: join(k, 'kube-scheduler'),
    kubelet: join(k, 'kubelet'),
    kubectl: join(k, 'kubectl'),
    pause: join(k, 'pause'),
    buildkitd: join(bk, 'buildkitd'),
    buildctl: join(bk, 'buildctl'),
    dockerBuildx: join(c, `buildx-${v.BUILDX_VERSION}`, 'docker-buildx'),
  }
}

export type Component = Exclude<keyof Binaries, 'versions'>

function missing(b: Binaries, only?: Component[]): string[] {
  const all = Object.entries(b).filter(
    ([k]) => k !== 'versions' && (!only || only.includes(k as Component)),
  ) as [string, string][]
  return all
    .filter(([, p]) => {
      try {
        accessSync(p, constants.X_OK)
        return false
      } catch {
        return true
      }
    })
    .map(([, p]) => p)
}

/**
 * The binaries, built first when any is missing. build.sh prints a progress line per
 * component and step (with the elapsed time) to stderr, so a cold first run that takes
 * many minutes is never silent.
 */
export async function ensureComponents(only?: Component[]): Promise<Binaries> {
  const b = binaries()
  if (missing(b, only).length === 0) return b
  process.stderr.write(
    `testbed: building the pinned components into ${cacheDir()} (cold: tens of minutes on 2 cores)\n`,
  )
  await new Promise<void>((resolve, reject) => {
    const child = spawn('bash', [join(COMPONENTS_DIR, 'build.sh')], {
      stdio: ['ignore', process.stderr, process.stderr],
    })
    child.on('error', reject)
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`testbed/components/build.sh exited ${code}`)),
    )
  })
  const still = missing(b, only)
  if (still.length) throw new Error(`build.sh finished but these are missing: ${still.join(', ')}`)
  return b
}
