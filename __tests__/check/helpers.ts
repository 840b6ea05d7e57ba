// What a reported span covers in the file, so a table can say "this exact text".
export function textAt(
  text: string,
  at: { line: number; column: number; endLine: number; endColumn: number },
): string {
  const lines = text.split('\n')
  if (at.endLine !== at.line) return lines.slice(at.line - 1, at.endLine).join('\n')
  return lines[at.line - 1]!.slice(at.column - 1, at.endColumn - 1)
}
