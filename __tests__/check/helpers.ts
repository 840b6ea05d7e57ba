// What a reported span covers in the file, so a table can say "this exact text".
export function textAt(
  text: string,
  at: { line: number; column: number; endLine: number; endColumn: number },
): string {
  const lines = text.split('\n')
  if (at.endLine !== at.line) return lines.slice(at.line - 1, at.endLine).join('\n')
  return lines[at.line - 1]!.slice(at.column - 1, at.endColumn - 1)
}

/** The uses a scan found, as a table compares them: line, exact text, reference judged. */
export function usesAt(
  text: string,
  uses: {
    line: number
    column: number
    endLine: number
    endColumn: number
    image: string
    unresolved?: string
  }[],
) {
  return uses.map((u) => ({
    line: u.line,
    at: textAt(text, u),
    image: u.image,
    ...(u.unresolved ? { unresolved: true } : {}),
  }))
}
