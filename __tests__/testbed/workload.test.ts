// The test workload's shell script: every behaviour is a script busybox sh accepts, and a
// log line is printed as written, quotes included.
import { spawnSync } from 'node:child_process'
import { describe, expect, test } from 'vitest'
import { behaviourScript, type Behaviour } from '../../testbed/workload.ts'

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
