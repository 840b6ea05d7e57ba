// `dockerfile` and `context` never reach outside the workspace: not by `../`, not by an
// absolute path, not by a symlink to a file or a folder outside. A real directory tree
// with real links; the error names the input and quotes nothing of the file.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { workspacePathKind } from '../../src/facts.ts'
import { DEFAULTS, INPUT_NAMES, parseInputs, type RawInputs } from '../../src/inputs.ts'

const SECRET = 'root:$6$outside-the-workspace-secret'
let top: string
let ws: string

beforeAll(() => {
  top = realpathSync(mkdtempSync(join(tmpdir(), 'd2p-paths-')))
  ws = join(top, 'repo')
  const outside = join(top, 'outside')
  mkdirSync(join(ws, 'app'), { recursive: true })
  mkdirSync(outside)
  writeFileSync(join(ws, 'Dockerfile'), 'FROM scratch\n')
  writeFileSync(join(ws, 'app', 'Dockerfile'), 'FROM scratch\n')
  writeFileSync(join(outside, 'shadow'), `${SECRET}\n`)
  writeFileSync(join(outside, 'Dockerfile'), `${SECRET}\n`)
  symlinkSync(join(outside, 'shadow'), join(ws, 'link-file'))
  symlinkSync(outside, join(ws, 'link-dir'))
  symlinkSync('../../outside/shadow', join(ws, 'app', 'relative-link'))
  symlinkSync('app', join(ws, 'inside-dir'))
  symlinkSync('Dockerfile', join(ws, 'inside-file'))
})
afterAll(() => rmSync(top, { recursive: true, force: true }))

const raw = (over: Partial<RawInputs>): RawInputs => {
  const r = {} as RawInputs
  for (const n of INPUT_NAMES) r[n] = DEFAULTS[n] ?? ''
  return { ...r, image: 'acme/app', tag: 'v1', ...over }
}
const parse = (over: Partial<RawInputs>) =>
  parseInputs(raw(over), {
    eventName: 'push',
    ref: 'refs/heads/main',
    sha: 'abcdef0123456789abcdef0123456789abcdef01',
    pathKind: (p) => workspacePathKind(p, ws, ws),
  })

// Each attack: the input, its value; `outsideFile()` for the absolute path of a file.
const FILE_ATTACKS: [string, () => string][] = [
  ['../ up and out', () => '../outside/shadow'],
  ['../ deep, as in the report', () => '../../../../../../../../etc/passwd'],
  ['../ that comes back in', () => '../repo/../outside/Dockerfile'],
  ['absolute path outside', () => join(top, 'outside', 'shadow')],
  ['absolute /etc/passwd', () => '/etc/passwd'],
  ['symlink to a file outside', () => 'link-file'],
  ['relative symlink to a file outside', () => 'app/relative-link'],
  ['a file in a symlinked folder outside', () => 'link-dir/Dockerfile'],
]
const DIR_ATTACKS: [string, () => string][] = [
  ['../', () => '..'],
  ['../ sibling', () => '../outside'],
  ['absolute path outside', () => join(top, 'outside')],
  ['absolute /', () => '/'],
  ['symlink to a folder outside', () => 'link-dir'],
]

describe('dockerfile outside the workspace is refused', () => {
  test.each(FILE_ATTACKS)('%s', (_, value) => {
    const v = value()
    expect(workspacePathKind(v, ws, ws)).toBe('outside')
    let message = ''
    try {
      parse({ dockerfile: v })
    } catch (err) {
      message = (err as Error).message
    }
    expect(message).toMatch(/^Input 'dockerfile': ".*" is outside the workspace/)
    expect(message).not.toContain(SECRET)
    expect(message).not.toContain('root:')
  })

  test.each(FILE_ATTACKS)('with a remote context too: %s', (_, value) => {
    expect(() =>
      parse({ dockerfile: value(), context: 'https://github.com/acme/app.git' }),
    ).toThrow(/^Input 'dockerfile': .* is outside the workspace/)
  })
})

describe('context outside the workspace is refused', () => {
  test.each(DIR_ATTACKS)('%s', (_, value) => {
    expect(workspacePathKind(value(), ws, ws)).toBe('outside')
    expect(() => parse({ context: value() })).toThrow(
      /^Input 'context': ".*" is outside the workspace/,
    )
  })
})

describe('inside the workspace still works', () => {
  test.each([
    ['Dockerfile', 'file'],
    ['app/Dockerfile', 'file'],
    ['./app/../Dockerfile', 'file'],
    [join('.', 'inside-file'), 'file'],
    ['inside-dir/Dockerfile', 'file'],
    ['.', 'dir'],
    ['app', 'dir'],
    ['inside-dir', 'dir'],
  ])('%s is a %s', (p, kind) => expect(workspacePathKind(p, ws, ws)).toBe(kind))

  test('an absolute path inside the workspace, through a link inside it', () => {
    const s = parse({ dockerfile: join(ws, 'inside-dir', 'Dockerfile'), context: 'inside-dir' })
    expect(s.build?.context).toBe('inside-dir')
  })

  test('a missing file inside is "missing", not "outside"', () => {
    expect(workspacePathKind('nope/Dockerfile', ws, ws)).toBeUndefined()
    expect(() => parse({ dockerfile: 'nope/Dockerfile' })).toThrow(/is not a file in the workspace/)
  })

  test('a very long path is cut in the error', () => {
    const long = `../${'a'.repeat(5000)}`
    expect(() => parse({ dockerfile: long })).toThrow(/… \(cut, 5003 characters\)" is outside/)
  })
})
