// Workspace text as an editor shows it: no byte order mark, and a bound on what is read.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { readTextFile, withoutBom } from '../../src/util/text.ts'

const dir = mkdtempSync(join(tmpdir(), 'd2p-text-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

test('withoutBom drops a leading U+FEFF and nothing else', () => {
  expect(withoutBom('\uFEFFFROM alpine:3.20\n')).toBe('FROM alpine:3.20\n')
  expect(withoutBom('FROM alpine:3.20\n')).toBe('FROM alpine:3.20\n')
  // Only the first one is a byte order mark; one inside the text is the text's.
  expect(withoutBom('\uFEFF\uFEFFx')).toBe('\uFEFFx')
  expect(withoutBom('a\uFEFF')).toBe('a\uFEFF')
  expect(withoutBom('')).toBe('')
})

test('readTextFile: UTF-8 without the mark, up to the bound; over it, not read', () => {
  const file = join(dir, 'Dockerfile')
  writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('FROM é\n')]))
  expect(readTextFile(file, 100)).toBe('FROM é\n')
  // 3 bytes of mark + 8 bytes of text (é is two): 11 bytes fit 11, not 10.
  expect(readTextFile(file, 11)).toBe('FROM é\n')
  expect(readTextFile(file, 10)).toBe('too-big')
  expect(() => readTextFile(join(dir, 'missing'), 100)).toThrow(/ENOENT/)
})
