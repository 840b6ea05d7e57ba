// The sweep of a dead test bed: everything it made goes, and a live test bed's folder is
// never touched. Staged: the "dead test bed" is a folder with an owner file naming an
// exited process, a process started for it, a tmpfs mount, a bridge and a cgroup root.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { afterAll, expect, test } from 'vitest'
import { claim, ownerGone, processStart, record, sweepStaleTestbeds } from './sweep.ts'
import { makeCgroupRoot } from './kube/cgroups.ts'

const root = mkdtempSync(join(tmpdir(), 'd2p-sweep-test-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const alive = (pid: number) => processStart(pid) !== undefined
const linkExists = (name: string) => spawnSync('ip', ['link', 'show', name]).status === 0
const memoryHierarchy = readFileSync('/proc/self/mounts', 'utf8')
  .split('\n')
  .map((l) => l.split(' '))
  .find((f) => f[2] === 'cgroup' && f[3]?.split(',').includes('memory'))?.[1]

function idler(arg: string) {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', arg], {
    stdio: 'ignore',
    detached: true,
  })
  child.unref()
  return child.pid!
}

test('a folder whose owner died loses its processes, mounts, bridge, cgroup root and itself', async () => {
  const dead = spawnSync('true').pid
  const dir = mkdtempSync(join(root, 'd2pk-'))
  writeFileSync(
    join(dir, 'owner.json'),
    JSON.stringify({ pid: dead, start: '1', bridges: [], cgroupRoots: [] }),
  )
  const bridge = `d2pk${randomBytes(3).toString('hex')}`
  record(dir, { bridge, cgroupRoot: `/${bridge}` })
  expect(spawnSync('ip', ['link', 'add', bridge, 'type', 'bridge']).status).toBe(0)
  makeCgroupRoot(`/${bridge}`)
  const daemon = idler(join(dir, 'containerd.sock'))
  const inPod = idler('pod')
  if (memoryHierarchy) writeFileSync(join(memoryHierarchy, bridge, 'cgroup.procs'), String(inPod))
  mkdirSync(join(dir, 'mnt'))
  expect(spawnSync('mount', ['-t', 'tmpfs', 'tmpfs', join(dir, 'mnt')]).status).toBe(0)

  const lines: string[] = []
  const swept = await sweepStaleTestbeds(root, (l) => lines.push(l))

  expect(swept).toEqual([dir])
  expect(lines.join('\n')).toContain(`owner PID ${dead} is gone`)
  expect(alive(daemon)).toBe(false)
  if (memoryHierarchy) {
    expect(alive(inPod)).toBe(false)
    expect(existsSync(join(memoryHierarchy, bridge))).toBe(false)
  } else process.kill(inPod, 'SIGKILL')
  expect(readFileSync('/proc/self/mounts', 'utf8')).not.toContain(join(dir, 'mnt'))
  expect(linkExists(bridge)).toBe(false)
  expect(existsSync(dir)).toBe(false)
})

test('a folder whose owner runs is left as it is, with its processes', async () => {
  const dir = mkdtempSync(join(root, 'd2p-'))
  claim(dir)
  const daemon = idler(join(dir, 'dockerd.sock'))
  try {
    expect(await sweepStaleTestbeds(root, () => {})).toEqual([])
    expect(alive(daemon)).toBe(true)
    expect(existsSync(join(dir, 'owner.json'))).toBe(true)
  } finally {
    process.kill(daemon, 'SIGKILL')
  }
})

test('a reused PID is not the owner: another start time means gone', () => {
  const start = processStart(process.pid)!
  expect(ownerGone({ pid: process.pid, start, bridges: [], cgroupRoots: [] })).toBe(false)
  expect(
    ownerGone({ pid: process.pid, start: String(Number(start) + 1), bridges: [], cgroupRoots: [] }),
  ).toBe(true)
})

test('folders without an owner file, and folders of other names, are not swept', async () => {
  const bare = mkdtempSync(join(root, 'd2pk-'))
  const other = mkdtempSync(join(root, 'd2p-runner-'))
  writeFileSync(
    join(other, 'owner.json'),
    JSON.stringify({ pid: 1 << 22, start: '1', bridges: [], cgroupRoots: [] }),
  )
  expect(await sweepStaleTestbeds(root, () => {})).toEqual([])
  expect(existsSync(bare)).toBe(true)
  expect(existsSync(other)).toBe(true)
})
