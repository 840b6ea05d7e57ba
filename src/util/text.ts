// Text files of the workspace, read as an editor shows them.
import { readFileSync, statSync } from 'node:fs'

/**
 * The text without the byte order mark some editors write first (U+FEFF). Editors do not
 * show it, so a column counted with it is one too far on line 1: every parser's
 * positions are taken from the text after it.
 */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/**
 * A UTF-8 text file without its byte order mark, or `'too-big'` when it is larger than
 * `maxBytes` (then it is not read). Throws when it cannot be read.
 */
export function readTextFile(path: string, maxBytes: number): string | 'too-big' {
  if (statSync(path).size > maxBytes) return 'too-big'
  return withoutBom(readFileSync(path, 'utf8'))
}
