// A test bed that is SIGKILLed, or a vitest run that is interrupted, never runs its
// stop(): its daemons, the Pods' processes, mounts, cgroups and bridges stay. Each test
// bed folder therefore names its owner (the PID and start time of the process that
// started it) and what it made outside the folder (bridges, a cgroup root). Every new
// test bed first sweeps the folders whose owner is gone. A folder whose owner still runs
// is never touched, so test beds of other runs on the same machine are safe.
import { readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { run } from './docker/proc.ts'
import { killCgroupRoot, removeCgroupRoot } from './kube/cgroups.ts'

const OWNER_FILE = 'owner.json'
/** Folders the test beds make in the temp folder: `d2p-` (Docker side), `d2pk-` (cluster). */
const FOLDER = /^d2pk?-[A-Za-z0-9]{6}$/

export interface Owner {
  pid: number
  /** Field 22 of /proc/PID/stat: tells a reused PID from the owner. */
  start: string
  bridges: string[]
  cgroupRoots: string[]
}

export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) may hold spaces and parentheses: count after the last ')'.
    return stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .at(19)
  } catch {
    return undefined
  }
}

function readOwner(dir: string): Owner | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8')) as Owner
  } catch {
    return undefined
  }
}

/** Record this process as the folder's owner. */
export function claim(dir: string, pid = process.pid): void {
  const owner: Owner = { pid, start: processStart(pid) ?? '', bridges: [], cgroupRoots: [] }
  writeFileSync(join(dir, OWNER_FILE), JSON.stringify(owner))
}

/** Record something the test bed made outside its folder, before it is made. */
export function record(dir: string, what: { bridge?: string; cgroupRoot?: string }): void {
  const owner = readOwner(dir)
  if (!owner) return
  if (what.bridge) owner.bridges.push(what.bridge)
  if (what.cgroupRoot) owner.cgroupRoots.push(what.cgroupRoot)
  writeFileSync(join(dir, OWNER_FILE), JSON.stringify(owner))
}

/** Gone: no process with that PID, or another process that reuses it. */
export function ownerGone(owner: Owner): boolean {
  const start = processStart(owner.pid)
  return start === undefined || start !== owner.start
}

/** Processes whose command line names the folder or a path under it. */
function processesUnder(dir: string): number[] {
  const pids: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue
    let args: string[]
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')
    } catch {
      continue
    }
    if (args.some((a) => a === dir || a.includes(`${dir}/`) || a.endsWith(`=${dir}`)))
      pids.push(Number(entry))
  }
  return pids
}

function mountsUnder(dir: string): string[] {
  return readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((l) => (l.split(' ')[1] ?? '').replace(/\\040/g, ' '))
    .filter((p) => p === dir || p.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length)
}

/** Remove one dead test bed's leftovers; returns what was done, one line each. */
export async function sweepFolder(dir: string, owner: Owner): Promise<string[]> {
  const done: string[] = []
  const pids = processesUnder(dir)
  for (const pid of pids)
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      /* gone */
    }
  if (pids.length) done.push(`killed ${pids.length} processes started for it`)
  for (const root of owner.cgroupRoots) killCgroupRoot(root)
  // Killed processes release their mounts and cgroups a moment later.
  await new Promise((r) => setTimeout(r, 300))
  const mounts = mountsUnder(dir)
  for (const m of mounts) await run('umount', ['-l', m])
  if (mounts.length) done.push(`unmounted ${mounts.length} mounts`)
  for (const root of owner.cgroupRoots) {
    removeCgroupRoot(root)
    done.push(`removed cgroup root ${root}`)
  }
  for (const bridge of owner.bridges) {
    const r = await run('ip', ['link', 'del', bridge])
    if (r.code === 0) done.push(`removed bridge ${bridge}`)
  }
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 })
  done.push('removed the folder')
  return done
}

/**
 * Sweep every test bed folder in `root` whose owner is gone. Folders without an owner
 * file are left alone: they may belong to a test bed still starting, or to a version
 * that wrote none.
 */
export async function sweepStaleTestbeds(
  root = tmpdir(),
  log: (line: string) => void = (l) => console.error(l),
): Promise<string[]> {
  const swept: string[] = []
  for (const name of readdirSync(root)) {
    if (!FOLDER.test(name)) continue
    const dir = join(root, name)
    if (!existsSync(join(dir, OWNER_FILE))) continue
    const owner = readOwner(dir)
    if (!owner || !ownerGone(owner)) continue
    const done = await sweepFolder(dir, owner)
    log(`testbed: swept ${dir} (owner PID ${owner.pid} is gone): ${done.join(', ')}`)
    swept.push(dir)
  }
  return swept
}
