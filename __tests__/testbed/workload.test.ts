// The test workload's shell script: every behaviour is a script busybox sh accepts, and a
// log line is printed as written, quotes included.
import { spawnSync } from 'node:child_process'
import { describe, expect, test } from 'vitest'
import {
  behaviourScript,
  cpuMillis,
  freeCpuMillis,
  modeCheckCommand,
  type Behaviour,
} from '../../testbed/workload.ts'

describe('behaviourScript', () => {
  test.each<[string, Behaviour]>([
    ['the default: ready at once, runs on', {}],
    ['ready after 2 s', { readyAfter: 2 }],
    ['never ready', { readyAfter: 'never' }],
    ['a crash: a line, exit 3 after 1 s', { log: ['boom'], exitAfter: 1, exitCode: 3 }],
  ])('%s: valid sh', (_, b) => {
    expect(spawnSync('sh', ['-n', '-c', behaviourScript(b)]).status).toBe(0)
  })
  test('a crash exits with its code after printing its lines, quotes intact', () => {
    // httpd may be missing off the test bed: run the script without its server lines.
    const script = behaviourScript({ log: [`it's "quoted"`], exitAfter: 0, exitCode: 3 })
      .split('\n')
      .filter((l) => !/httpd|mkdir/.test(l))
      .join('\n')
    const r = spawnSync('sh', ['-c', script], { encoding: 'utf8' })
    expect(r.status).toBe(3)
    expect(r.stdout).toBe(`it's "quoted"\n`)
  })
})

describe('modeCheckCommand', () => {
  const runIt = (argv: string[], mode: string) =>
    spawnSync(argv[0]!, [...argv.slice(1)], {
      env: { ...process.env, MODE: mode },
      encoding: 'utf8',
      timeout: 5000,
    })
  test.each([
    { mode: 'ok', status: 0, out: 'migrating in mode ok\n' },
    { mode: 'broken', status: 5, out: 'migrating in mode broken\n' },
  ])('an init container: MODE=$mode exits $status', ({ mode, status, out }) => {
    const r = runIt(modeCheckCommand({ says: 'migrating', exitCode: 5 }), mode)
    expect({ status: r.status, out: r.stdout }).toEqual({ status, out })
  })
  test('a sidecar exits its code unless MODE is ok; if ok, it runs on (valid sh, ends waiting)', () => {
    const argv = modeCheckCommand({ says: 'proxy', exitCode: 4, stayUp: true })
    expect(runIt(argv, 'broken')).toMatchObject({ status: 4, stdout: 'proxy in mode broken\n' })
    // Not run with MODE=ok: its sleeping child would outlive the test.
    expect(spawnSync('sh', ['-n', '-c', argv[2]!]).status).toBe(0)
    expect(argv[2]).toMatch(/; sleep 2147483647 & wait \$!$/)
  })
})

describe('freeCpuMillis', () => {
  const pod = (cpu: string[], o: { phase?: string; deleting?: boolean; node?: string } = {}) => ({
    metadata: o.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {},
    status: { phase: o.phase ?? 'Running' },
    spec: {
      nodeName: o.node === undefined ? 'node-1' : o.node || undefined,
      containers: cpu.map((c) => (c ? { resources: { requests: { cpu: c } } } : {})),
    },
  })
  test.each([
    {
      what: 'quantities in cores and millicores',
      q: ['2', '1.5', '250m', '', undefined],
      want: [2000, 1500, 250, 0, 0],
    },
  ])('cpuMillis: $what', ({ q, want }) => expect(q.map(cpuMillis)).toEqual(want))
  test.each([
    { what: 'no Pods', pods: [], want: 2000 },
    {
      what: 'every container of running Pods',
      pods: [pod(['100m', '']), pod(['0.5'])],
      want: 1400,
    },
    {
      what: 'ended Pods hold nothing',
      pods: [pod(['1'], { phase: 'Succeeded' }), pod(['1'], { phase: 'Failed' })],
      want: 2000,
    },
    {
      what: 'terminating Pods are on their way out',
      pods: [pod(['1400m'], { deleting: true }), pod(['100m'])],
      want: 1900,
    },
    {
      what: 'a Pending Pod bound to the node counts',
      pods: [pod(['300m'], { phase: 'Pending' })],
      want: 1700,
    },
    {
      what: 'a Pending Pod no node took (Unschedulable) holds nothing',
      pods: [pod(['1500m'], { phase: 'Pending', node: '' })],
      want: 2000,
    },
    {
      what: "another node's Pods are not this one's",
      pods: [pod(['1'], { node: 'node-2' })],
      want: 2000,
    },
  ])('$what', ({ pods, want }) => expect(freeCpuMillis('2', 'node-1', pods)).toBe(want))
})
