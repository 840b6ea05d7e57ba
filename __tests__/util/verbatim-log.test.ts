// Untrusted text in the log: printed unchanged, never read as a workflow command. The
// harness's parser honours stop-commands and the legacy `##[` form as the runner does.
import { describe, expect, test } from 'vitest'
import { parseWorkflowCommands } from '../../testbed/action-runner.ts'
import { hasWorkflowCommand, infoVerbatim, VerbatimStream } from '../../src/util/verbatim-log.ts'

const ATTACKS = [
  '::error::pwned',
  '  ::warning file=x::indented',
  'fine\n::set-output name=digest::sha256:evil',
  'fine\r::add-mask::secret',
  'mid-line ##[error]legacy form',
  '##[stop-commands]forever',
  '%0A::warning::x',
]

describe('hasWorkflowCommand', () => {
  test.each([
    ['::error::x', true],
    ['\t::notice::x', true],
    ['a\n::group::x', true],
    ['a\r::group::x', true],
    ['text ##[warning]x', true],
    ['%0A::warning::x', false],
    ['a :: b', false],
    ['[command]docker build "--label" "a::b"', false],
  ])('%j → %s', (text, expected) => expect(hasWorkflowCommand(text)).toBe(expected))
})

describe('infoVerbatim', () => {
  test.each(ATTACKS)('%j shows and runs nothing', (attack) => {
    let out = ''
    infoVerbatim(`before\n${attack}\nafter`, (s) => (out += s))
    const parsed = parseWorkflowCommands(out)
    expect(parsed.commands).toEqual([])
    expect(parsed.annotations).toEqual([])
    // Shown unchanged, between the stop and resume lines when needed.
    expect(out).toContain(`before\n${attack}\nafter\n`)
  })

  test('plain text prints as is, one line more', () => {
    let out = ''
    infoVerbatim('just text', (s) => (out += s))
    expect(out).toBe('just text\n')
  })

  test('commands after it work again', () => {
    let out = ''
    infoVerbatim('::error::pwned', (s) => (out += s))
    out += '::error::real\n'
    expect(parseWorkflowCommands(out).annotations).toEqual([{ level: 'error', message: 'real' }])
  })
})

describe('VerbatimStream', () => {
  test('chunks split anywhere: no command runs, the text is intact, commands resume at end', () => {
    const text = `#5 step\n${ATTACKS.join('\n')}\nlast line without newline`
    for (const size of [1, 3, 7, 1000]) {
      let out = ''
      const s = new VerbatimStream((x) => (out += x))
      for (let i = 0; i < text.length; i += size) s.push(Buffer.from(text.slice(i, i + size)))
      s.end()
      out += '::notice::after\n'
      const parsed = parseWorkflowCommands(out)
      expect(parsed.annotations).toEqual([{ level: 'notice', message: 'after' }])
      expect(parsed.commands.map((c) => c.command)).toEqual(['notice'])
      const shown = out.replace(/^::(stop-commands::)?d2p-[0-9a-f]+(::)?\n/gm, '')
      expect(shown).toBe(`${text}\n::notice::after\n`)
    }
  })

  test('clean output adds no line', () => {
    let out = ''
    const s = new VerbatimStream((x) => (out += x))
    s.push('#1 [internal] load build definition\n#1 DONE 0.0s\n')
    s.end()
    expect(out).toBe('#1 [internal] load build definition\n#1 DONE 0.0s\n')
  })
})

describe('VerbatimStream: a line longer than it holds', () => {
  test.each([
    ['spaces, then ::error:: in a later chunk', [' '.repeat(100_000), '::error::pwned\n']],
    [
      'NEL, 64 KiB of spaces, then the command',
      ['\u0085', ' '.repeat(65_536), ':', ':save-state name=x::y\n'],
    ],
    [
      'a 1 MiB line cut anywhere, a command after its break',
      ['x'.repeat(1 << 20), '\n::error::next\n'],
    ],
  ])('%s: at most 64 KiB held, printed in pieces, no command runs', (_, chunks) => {
    let out = ''
    const shown = () => out.replace(/^::(stop-commands::)?d2p-[0-9a-f]+(::)?\n/gm, '')
    const s = new VerbatimStream((x) => (out += x))
    let pushed = 0
    for (const c of chunks) {
      s.push(c)
      pushed += c.length
      // What came in and is not printed yet is what the stream holds.
      expect(pushed - shown().length).toBeLessThanOrEqual(64 * 1024)
    }
    s.end()
    const parsed = parseWorkflowCommands(out)
    expect(parsed.commands).toEqual([])
    expect(parsed.stoppedAtEnd).toBe(false)
    expect(shown()).toBe(chunks.join(''))
  })
})
