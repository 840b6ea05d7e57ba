// Text the action did not write itself — docker's output, a registry's error, a value
// from an input or a Dockerfile — must never be read by the runner as a workflow
// command. The runner reads `::cmd::` at the start of a line (after white space) and the
// legacy `##[cmd]` anywhere in a line, and splits lines at \r as well as \n. Such text
// is printed unchanged between `::stop-commands::<token>` and `::<token>::`, the
// runner's own way to print untrusted text; text without a command in it prints as is.
//
// "After white space" is .NET's: the runner trims a line with String.TrimStart(), which
// removes every Char.IsWhiteSpace character, NEL (U+0085) included; JavaScript's `\s`
// misses NEL. LEADING below is a superset of both, plus the zero-width format characters
// some Unicode versions counted as spaces: a false "has a command" costs two log lines,
// a missed one hands the log to whoever wrote the text.
import { randomBytes } from 'node:crypto'

const LEADING = /^[\s\u0085\u180e\u200b-\u200d\u2060\ufeff]*::/

/** Would the runner read a command in `text`? */
export function hasWorkflowCommand(text: string): boolean {
  return text.split(/\r\n|\r|\n/).some((l) => LEADING.test(l) || l.includes('##['))
}

const newToken = () => `d2p-${randomBytes(12).toString('hex')}`

/** Print `text` (one or more lines) so the runner shows it and runs none of it. */
export function infoVerbatim(
  text: string,
  write: (s: string) => unknown = (s) => process.stdout.write(s),
): void {
  if (!hasWorkflowCommand(text)) {
    write(`${text}\n`)
    return
  }
  const token = newToken()
  write(`::stop-commands::${token}\n${text}\n::${token}::\n`)
}

/** Characters of one unfinished line held before it is printed in pieces. */
const MAX_PENDING = 64 * 1024

/**
 * A stream of untrusted output (a child's stdout and stderr), printed as it arrives,
 * line by line. Commands stop before the first line that holds one and resume at
 * `end()`, so a clean log has no extra lines.
 */
export class VerbatimStream {
  private pending = ''
  private token: string | undefined
  private readonly write: (s: string) => unknown

  constructor(write: (s: string) => unknown = (s) => process.stdout.write(s)) {
    this.write = write
  }

  push(chunk: Buffer | string): void {
    this.pending += chunk.toString()
    // Up to the last line break; \r alone ends a line for the runner too.
    const cut = Math.max(this.pending.lastIndexOf('\n'), this.pending.lastIndexOf('\r'))
    if (cut >= 0) {
      this.emit(this.pending.slice(0, cut + 1))
      this.pending = this.pending.slice(cut + 1)
    }
    // One line longer than we hold (a RUN printing 50 MiB without a break) goes out in
    // pieces; a piece cannot tell whether the line began with white space and `::`, so
    // commands stop first, whatever it holds.
    if (this.pending.length > MAX_PENDING) {
      this.stop()
      this.write(this.pending)
      this.pending = ''
    }
  }

  /** Flush the last partial line and let the runner read commands again. */
  end(): void {
    if (this.pending) this.emit(`${this.pending}\n`)
    this.pending = ''
    if (this.token) this.write(`::${this.token}::\n`)
    this.token = undefined
  }

  private emit(lines: string): void {
    if (hasWorkflowCommand(lines)) this.stop()
    this.write(lines)
  }

  /** Stop commands until end(), once. */
  private stop(): void {
    if (this.token) return
    this.token = newToken()
    this.write(`::stop-commands::${this.token}\n`)
  }
}
