// Every step output and the job summary are written in one place: src/report/publish.ts
// (outputs) through src/report/job-summary.ts (the summary). This guard reads the
// sources and fails on a write anywhere else, so a new output cannot bypass that
// module's rule for errors (a failed output fails the step, a failed summary warns).
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { expect, test } from 'vitest'
import { ROOT } from '../../testbed/action-runner.ts'

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [relative(ROOT, join(dir, e.name))]
        : [],
  )
}

const WRITERS: [string, RegExp, string][] = [
  ['an output', /\bsetOutput\s*\(/, 'src/report/publish.ts'],
  ['the job summary', /\bcore\.summary\b|\bGITHUB_STEP_SUMMARY\b/, 'src/report/job-summary.ts'],
  ['the outputs file', /\bGITHUB_OUTPUT\b/, 'none'],
]

test.each(WRITERS)('%s is written only in %s', (_what, pattern, home) => {
  const writers = sources(join(ROOT, 'src')).filter((f) =>
    pattern.test(readFileSync(join(ROOT, f), 'utf8')),
  )
  expect(writers).toEqual(home === 'none' ? [] : [home])
})
