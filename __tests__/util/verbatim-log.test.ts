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
