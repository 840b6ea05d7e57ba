// Small helpers over the `yaml` library's node tree, shared by the YAML scanners:
// follow aliases and merge keys (`<<: *defaults`) the way the consumers of these files
// do, read a scalar as written (`tag: 1.10` is "1.10", not 1.1), and turn a node's
// source range into 1-based line and column.
import {
  LineCounter,
  visit,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  type Alias,
  type Document,
  type Node,
  type YAMLMap,
  type YAMLSeq,
  type Scalar,
} from 'yaml'

export type Doc = Document.Parsed

export interface ParsedYaml {
  docs: Doc[]
  lineCounter: LineCounter
  /** The first error of each malformed document (1-based). */
  errors: { line: number; column: number; message: string }[]
}

export function parseYamlStream(text: string): ParsedYaml {
  const lineCounter = new LineCounter()
  const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: false })
  const docs = Array.isArray(parsed) ? parsed : []
  const errors: ParsedYaml['errors'] = []
  for (const doc of docs) {
    const err = doc.errors[0]
    if (err) {
      const pos = lineCounter.linePos(err.pos[0])
      errors.push({ line: pos.line, column: pos.col, message: err.message.split('\n')[0]! })
    }
  }
  return { docs, lineCounter, errors }
}

// What each alias of a document stands for, found in one walk: yaml's Alias.resolve walks
// the whole document for every call, and a file of a few thousand aliases then costs
// minutes. An alias names the last anchor of that name before it, in document order.
const anchorsOf = new WeakMap<Doc, Map<Alias, Node | undefined>>()

function aliasTargets(doc: Doc): Map<Alias, Node | undefined> {
  let targets = anchorsOf.get(doc)
  if (targets) return targets
  targets = new Map()
  const anchors = new Map<string, Node>()
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) targets!.set(node, anchors.get(node.source))
      else if (node.anchor) anchors.set(node.anchor, node)
    },
  })
  anchorsOf.set(doc, targets)
  return targets
}

/** The node an alias stands for (its anchor's node); any other node itself. */
export function deref(node: unknown, doc: Doc): Node | undefined {
  let n = node
  for (let i = 0; i < 32 && isAlias(n); i++) n = aliasTargets(doc).get(n)
  return isAlias(n) ? undefined : (n as Node | undefined)
}

export function asMap(node: unknown, doc: Doc): YAMLMap | undefined {
  const n = deref(node, doc)
  return isMap(n) ? n : undefined
}

export function asSeq(node: unknown, doc: Doc): YAMLSeq | undefined {
  const n = deref(node, doc)
  return isSeq(n) ? n : undefined
}

/** The key of a pair as text, or undefined when it is not a scalar. */
export function keyText(key: unknown): string | undefined {
  return isScalar(key) && key.value !== null && key.value !== undefined
    ? String(key.value)
    : undefined
}

export interface Entry {
  key: string
  keyNode: Node
  value: Node | undefined
}

/** Merged entries one document may expand to, in all: far above any real file. */
export const MAX_MERGED_ENTRIES = 100_000

/** A document whose merge keys expand past MAX_MERGED_ENTRIES: not read further. */
export class MergeLimitError extends Error {
  override name = 'MergeLimitError'
  constructor() {
    super(
      `its merge keys (<<) expand to more than ${MAX_MERGED_ENTRIES} entries; the document was not checked`,
    )
  }
}

// Each map's expansion, once: merge sources used again (`<<: [*a, *a]`, nested levels of
// them) are not expanded again, so a small file cannot multiply the work at every level.
// The count bounds what is left (many maps merged many times, alias cycles): every
// expansion step and merged entry counts. (yaml's own maxAliasCount bounds only toJS(),
// which the scanners do not use: they need each node's place in the file.)
const expanded = new WeakMap<YAMLMap, Entry[]>()
const work = new WeakMap<Doc, number>()

function spend(doc: Doc, n: number): void {
  const total = (work.get(doc) ?? 0) + n
  if (total > MAX_MERGED_ENTRIES) throw new MergeLimitError()
  work.set(doc, total)
}

/**
 * The entries of a mapping, merge keys expanded: keys written in the map win over
 * merged ones, and an earlier merged map wins over a later one (YAML's merge rules).
 * Throws MergeLimitError past MAX_MERGED_ENTRIES merged entries in the document.
 */
export function entries(node: unknown, doc: Doc): Entry[] {
  return expand(node, doc, new Set()).entries
}

function expand(
  node: unknown,
  doc: Doc,
  open: Set<YAMLMap>,
): { entries: Entry[]; complete: boolean } {
  const map = asMap(node, doc)
  if (!map) return { entries: [], complete: true }
  const done = expanded.get(map)
  if (done) return { entries: done, complete: true }
  // A map that merges itself, through any number of aliases: nothing more to add.
  if (open.has(map)) return { entries: [], complete: false }
  // Deeper than any real file nests, and short of the stack's end.
  if (open.size > 256) throw new MergeLimitError()
  spend(doc, 1)
  open.add(map)
  let complete = true
  const own: Entry[] = []
  const merged: Entry[] = []
  for (const pair of map.items) {
    const key = keyText(pair.key)
    if (key === undefined) continue
    if (key === '<<' && !(isScalar(pair.key) && pair.key.type !== 'PLAIN')) {
      const v = deref(pair.value, doc)
      const sources = isSeq(v) ? v.items : [v]
      for (const s of sources) {
        const more = expand(s, doc, open)
        spend(doc, more.entries.length)
        complete &&= more.complete
        merged.push(...more.entries)
      }
      continue
    }
    own.push({ key, keyNode: pair.key as Node, value: deref(pair.value, doc) })
  }
  open.delete(map)
  const seen = new Set(own.map((e) => e.key))
  for (const e of merged) {
    if (!seen.has(e.key)) {
      seen.add(e.key)
      own.push(e)
    }
  }
  // Only a whole expansion is kept: one cut by a cycle depends on where it was entered.
  if (complete) expanded.set(map, own)
  return { entries: own, complete }
}

export function getEntry(node: unknown, doc: Doc, key: string): Entry | undefined {
  return entries(node, doc).find((e) => e.key === key)
}

export function get(node: unknown, doc: Doc, key: string): Node | undefined {
  return getEntry(node, doc, key)?.value
}

/** A scalar as the file spells it; undefined for maps, sequences and null. */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined
  const s = node as Scalar
  if (s.value === null || s.value === undefined) return undefined
  if (s.type === 'PLAIN' && typeof s.source === 'string') return s.source
  return String(s.value)
}

/** Whether a scalar is written but empty (`tag:`, `tag: ""`, `tag: ~`). */
export function isEmptyScalar(node: unknown): boolean {
  if (node === undefined || node === null) return true
  if (!isScalar(node)) return false
  return node.value === null || node.value === undefined || String(node.value) === ''
}

export interface Span {
  line: number
  column: number
  endLine: number
  endColumn: number
}

/** The span of a node's value: inside the quotes for a quoted scalar. */
export function span(node: Node, lc: LineCounter): Span {
  let [start, end] = node.range ?? [0, 0]
  if (isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE')) {
    start += 1
    end = Math.max(start, end - 1)
  }
  const s = lc.linePos(start)
  const e = lc.linePos(end)
  return { line: s.line, column: s.col, endLine: e.line, endColumn: e.col }
}

/** The line (1-based) a node starts on. */
export function lineOf(node: Node, lc: LineCounter): number {
  return lc.linePos(node.range?.[0] ?? 0).line
}
