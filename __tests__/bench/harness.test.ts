// spawnTimed's first line: the one the caller's pattern names, not a workflow command
// that came before it (the cold-start rows time the action's own first line).
import { describe, expect, test } from 'vitest'
import { spawnTimed } from '../../bench/harness.ts'

const script = [
  "process.stdout.write('::add-mask::s3cret\\n')",
  "setTimeout(() => process.stdout.write('Cluster https://x (context c)\\nmore\\n'), 150)",
].join(';')

describe('spawnTimed', () => {
  test('without a pattern, the first line is the first line', async () => {
    const p = await spawnTimed(process.execPath, ['-e', script])
    expect(p.firstLineText).toBe('::add-mask::s3cret')
    expect(p.firstLineAt).toBe(p.lines[0]!.at)
  })

  test('with a pattern, the first line it matches, and the child killed once it is in', async () => {
    const p = await spawnTimed(process.execPath, ['-e', `${script};setTimeout(() => {}, 60000)`], {
      firstLine: /^Cluster /,
      killAfterFirstLine: true,
    })
    expect(p.firstLineText).toBe('Cluster https://x (context c)')
    expect(p.firstLineAt).toBe(p.lines[1]!.at)
    // killed (by a signal: no exit code), not left to its 60 s timer
    expect(p.code).toBeNull()
  })
})
