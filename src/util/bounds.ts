// Every size the action quotes is bounded: text we did not write (a Pod's log line, an
// event, an image reference, a file name) is cut before it reaches a log line, an
// annotation, the job summary or an output. The limits sit here, in one place, with the
// functions that cut.

export const LIMITS = {
  /** One line quoted from a Pod's log, an event, the kubelet or an API error, in chars. */
  quotedLine: 500,
  /** An image reference quoted: a valid one (name ≤ 255, tag ≤ 128, digest) is shorter. */
  imageRef: 512,
  /** Log lines of a crashed container quoted, and the bytes of log asked of the API. */
  podLogLines: 20,
  podLogBytes: 64 * 1024,
  /** An annotation's message, in chars. */
  annotation: 16 * 1024,
  /** Each write to the job summary, in bytes: GitHub drops a step's summary over 1 MiB. */
  summaryBytes: 256 * 1024,
  /** Each output, in bytes: GitHub refuses an output over 1 MB. */
  outputBytes: 256 * 1024,
  /** A manifest read from a registry: the OCI distribution spec's 4 MiB. */
  manifestBytes: 4 * 1024 * 1024,
  /** One manifest file read (or one folder kustomize renders), and all of them together. */
  manifestFileBytes: 1024 * 1024,
  manifestTotalBytes: 8 * 1024 * 1024,
  /** Files a `manifests` glob or folder may name, and objects in all of them. */
  manifestFiles: 500,
  manifestObjects: 1000,
  /** A Dockerfile deploy mode reads, to judge its base images or to point at the step that
   *  failed: the check's bound on one file. */
  dockerfileBytes: 1024 * 1024,
  /** buildx's metadata file (the digest, and provenance when asked for). */
  buildMetadataBytes: 4 * 1024 * 1024,
  /** A token service's answer. */
  tokenBytes: 1024 * 1024,
} as const

/** A value quoted in a message: at most `max` characters, and says so when cut. */
export function cut(value: string, max: number): string {
  if (value.length <= max) return value
  // Never split a surrogate pair: half a character prints as garbage.
  let end = max
  const c = value.charCodeAt(end - 1)
  if (c >= 0xd800 && c <= 0xdbff) end--
  return `${value.slice(0, end)}… (cut, ${value.length} characters)`
}

/**
 * Text of at most `maxBytes` UTF-8 bytes, cut at a line break when it must be cut, with
 * `note` (which must fit in the rest) as the last line.
 */
export function cutLines(text: string, maxBytes: number, note: string): string {
  if (Buffer.byteLength(text) <= maxBytes) return text
  const room = maxBytes - Buffer.byteLength(note) - 1
  let used = 0
  const kept: string[] = []
  for (const line of text.split('\n')) {
    const n = Buffer.byteLength(line) + 1
    if (used + n > room) break
    kept.push(line)
    used += n
  }
  return `${kept.join('\n')}\n${note}`
}

/**
 * A JSON array of at most `maxBytes`: the longest prefix of `items` that fits. Valid JSON
 * either way, which a cut string would not be.
 */
export function boundedJsonArray(items: unknown[], maxBytes: number): string {
  const all = JSON.stringify(items)
  if (Buffer.byteLength(all) <= maxBytes) return all
  const parts: string[] = []
  let used = 2
  for (const item of items) {
    const json = JSON.stringify(item)
    const n = Buffer.byteLength(json) + (parts.length ? 1 : 0)
    if (used + n > maxBytes) break
    parts.push(json)
    used += n
  }
  return `[${parts.join(',')}]`
}
