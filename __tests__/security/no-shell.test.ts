// No input ever reaches a shell: the action starts processes in exactly one place,
// src/util/exec.ts, with an argument array and `shell: false`. This guard reads the
// sources and fails on any other way to start a process.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { ROOT } from '../../testbed/action-runner.ts'
import { sourceFiles } from '../helpers/source-files.ts'

const WRAPPER = 'src/util/exec.ts'

/** Ways to start a process, or a shell. */
const FORBIDDEN: [string, RegExp][] = [
  ['child_process', /\bchild_process\b/],
  ['@actions/exec', /@actions\/exec\b/],
  ['exec(', /(?<![\w.])exec(Sync)?\s*\(/],
  ['execSync', /\bexecSync\b/],
  ['execFileSync / spawnSync', /\b(execFileSync|spawnSync)\b/],
  ['shell: true', /\bshell\s*:\s*(true|['"`])/],
  ['process.binding / dlopen', /process\.(binding|dlopen)\b/],
  ['new Function / eval', /\bnew Function\s*\(|\beval\s*\(/],
]

test('only src/util/exec.ts starts processes, and never through a shell', () => {
  const files = sourceFiles()
  expect(files).toContain(WRAPPER)
  const found: string[] = []
  for (const file of files) {
    const lines = readFileSync(join(ROOT, file), 'utf8').split('\n')
    lines.forEach((line, i) => {
      if (/^\s*(\/\/|\*)/.test(line)) return // comments may name what they avoid
      for (const [what, re] of FORBIDDEN) {
        if (!re.test(line)) continue
        if (file === WRAPPER && what === 'child_process') continue
        found.push(`${file}:${i + 1}: ${what}: ${line.trim()}`)
      }
    })
  }
  expect(found).toEqual([])
})

test('the wrapper spawns with shell: false and an argument array', () => {
  const text = readFileSync(join(ROOT, WRAPPER), 'utf8')
  expect(text).toMatch(/import \{ spawn \} from 'node:child_process'/)
  expect(text).toMatch(/spawn\(file, args, \{/)
  expect(text).toMatch(/shell: false/)
  expect(text.match(/\bspawn\(/g)).toHaveLength(1)
})

test('the guard itself catches what it is for', () => {
  const hits = (line: string) => FORBIDDEN.filter(([, re]) => re.test(line)).map(([w]) => w)
  expect(hits(`import { exec } from 'node:child_process'`)).toContain('child_process')
  expect(hits('exec(`docker build ${tag}`)')).toContain('exec(')
  expect(hits("spawn('docker', args, { shell: true })")).toContain('shell: true')
  expect(hits("spawn('docker', args, { shell: '/bin/sh' })")).toContain('shell: true')
  expect(hits('const r = execSync(cmd)')).toContain('execSync')
  expect(hits("import { getExecOutput } from '@actions/exec'")).toContain('@actions/exec')
  expect(hits('regex.exec(line)')).toEqual([])
  expect(hits("execArgs('docker', args)")).toEqual([])
})
