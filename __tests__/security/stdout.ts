// What the code under test prints to stdout, where the runner reads workflow commands:
// collected in place of the real stream for the length of each test.
import { afterEach, beforeEach, vi } from 'vitest'

/** Install per test: `text()` is what was printed since the test began. */
export function captureStdout(): { text: () => string; add: (s: string) => void } {
  let out = ''
  beforeEach(() => {
    out = ''
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
      out += String(s)
      return true
    })
  })
  afterEach(() => vi.restoreAllMocks())
  return { text: () => out, add: (s) => (out += s) }
}
