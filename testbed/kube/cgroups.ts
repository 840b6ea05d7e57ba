// The node's cgroup root in every cgroup v1 hierarchy: made before the kubelet starts,
// emptied and removed on stop, and by the sweep of a test bed whose owner died.
import { mkdirSync, readFileSync, readdirSync, rmdirSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Every kubelet of this machine would otherwise share `/kubepods`, and a kubelet kills
 * the processes of pod cgroups it does not know: each test bed's node gets a cgroup root
 * of its own (`/<bridge>`), made in every cgroup v1 hierarchy before the kubelet starts
 * and removed on stop.
 */
function cgroupHierarchies(): string[] {
  return readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((l) => l.split(' '))
    .filter((f) => f[2] === 'cgroup' || f[2] === 'cgroup2')
    .map((f) => f[1]!)
}

export function makeCgroupRoot(name: string): void {
  for (const h of cgroupHierarchies()) mkdirSync(join(h, name), { recursive: true })
}

/** SIGKILL every process in the cgroup root: the Pods' containers outlive their shims. */
export function killCgroupRoot(name: string): void {
  for (const h of cgroupHierarchies()) {
    const walk = (dir: string) => {
      let entries: string[]
      try {
        entries = readdirSync(dir)
      } catch {
        return
      }
      try {
        for (const pid of readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n'))
          if (/^\d+$/.test(pid))
            try {
              process.kill(Number(pid), 'SIGKILL')
            } catch {
              /* gone */
            }
      } catch {
        /* no procs file */
      }
      for (const e of entries) if (!e.includes('.')) walk(join(dir, e))
    }
    walk(join(h, name))
  }
}

/** Remove the cgroup root's folders, deepest first (they must hold no process by then). */
export function removeCgroupRoot(name: string): void {
  const walk = (dir: string): string[] => {
    let subs: string[]
    try {
      subs = readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => join(dir, d.name))
    } catch {
      return []
    }
    return [...subs.flatMap(walk), dir]
  }
  for (const h of cgroupHierarchies())
    for (const dir of walk(join(h, name))) {
      try {
        rmdirSync(dir)
      } catch {
        /* busy or gone */
      }
    }
}
