// The one job-summary writer: a failed write is a warning, never a thrown error; it
// appends to the runner's file; outside a runner it writes nothing. (@actions/core keeps
// the first summary path it could open, so the failing case runs first and every
// successful write goes to the same file.)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, expect, test, vi } from 'vitest'
import { writeJobSummary } from '../../src/report/job-summary.ts'

const dir = mkdtempSync(join(tmpdir(), 'd2p-summary-'))
const file = join(dir, 'summary')
let printed: string[] = []
beforeEach(() => {
  printed = []
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    printed.push(String(chunk))
    return true
  })
})
afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllEnvs()
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

test('a summary file that cannot be written is one warning, and the run goes on', async () => {
  vi.stubEnv('GITHUB_STEP_SUMMARY', join(dir, 'no-such-dir', 'summary'))
  await expect(writeJobSummary('## failed\n')).resolves.toBeUndefined()
  expect(printed).toHaveLength(1)
  expect(printed[0]).toMatch(/^::warning::Could not write the job summary: /)
  // The text that could not be written is not carried into the next write.
  writeFileSync(file, '')
  vi.stubEnv('GITHUB_STEP_SUMMARY', file)
  await writeJobSummary('next\n')
  expect(readFileSync(file, 'utf8')).toBe('next\n')
})

test('appends the Markdown to GITHUB_STEP_SUMMARY', async () => {
  writeFileSync(file, 'before\n')
  vi.stubEnv('GITHUB_STEP_SUMMARY', file)
  await writeJobSummary('## dock2pod\n')
  expect(readFileSync(file, 'utf8')).toBe('before\n## dock2pod\n')
  expect(printed).toEqual([])
})

test('outside a runner (no GITHUB_STEP_SUMMARY) it writes and prints nothing', async () => {
  writeFileSync(file, '')
  vi.stubEnv('GITHUB_STEP_SUMMARY', '')
  await writeJobSummary('## dock2pod\n')
  expect(readFileSync(file, 'utf8')).toBe('')
  expect(printed).toEqual([])
})
