// Every size the action quotes is bounded: text we did not write (a Pod's log line, an
// event, an image reference, a file name) is cut before it reaches a log line, an
// annotation, the job summary or an output. The limits sit here, in one place, with the
// one function that cuts.

/** A value quoted in a message: at most `max` characters, and says so when cut. */
export function cut(value: string, max: number): string {
  if (value.length <= max) return value
  // Never split a surrogate pair: half a character prints as garbage.
  let end = max
  const c = value.charCodeAt(end - 1)
  if (c >= 0xd800 && c <= 0xdbff) end--
  return `${value.slice(0, end)}… (cut, ${value.length} characters)`
}
