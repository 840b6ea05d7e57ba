// Every step output and the job summary are written in one place: src/report/publish.ts
// (outputs) through src/report/job-summary.ts (the summary). This guard reads the
// sources and fails on a write anywhere else, so a new output cannot bypass that
// module's rule for errors (a failed output fails the step, a failed summary warns).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { ROOT } from '../../testbed/action-runner.ts'
import { sourceFiles } from '../helpers/source-files.ts'

const WRITERS: [string, string, RegExp][] = [
  ['an output', 'src/report/publish.ts', /\bsetOutput\s*\(/],
  ['the job summary', 'src/report/job-summary.ts', /\bcore\.summary\b|\bGITHUB_STEP_SUMMARY\b/],
  ['the outputs file', 'no module (core.setOutput writes it)', /\bGITHUB_OUTPUT\b/],
]

/** The code of a source file without its comment lines (a comment may name a writer). */
const code = (f: string) =>
  readFileSync(join(ROOT, f), 'utf8')
    .split('\n')
    .filter((l) => !/^\s*(\/\/|\/?\*)/.test(l))
    .join('\n')

test.each(WRITERS)('%s is written only in %s', (_what, home, pattern) => {
  const writers = sourceFiles().filter((f) => pattern.test(code(f)))
  expect(writers).toEqual(home.startsWith('src/') ? [home] : [])
})
