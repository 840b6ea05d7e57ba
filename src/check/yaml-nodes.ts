// Small helpers over the `yaml` library's node tree, shared by the YAML scanners:
// follow aliases and merge keys (`<<: *defaults`) the way the consumers of these files
// do, read a scalar as written (`tag: 1.10` is "1.10", not 1.1), and turn a node's
// source range into 1-based line and column.
import {
  LineCounter,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
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

/** The node an alias stands for (its anchor's node); any other node itself. */
export function deref(node: unknown, doc: Doc): Node | undefined {
  let n = node
  for (let i = 0; i < 32 && isAlias(n); i++) n = n.resolve(doc)
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

/**
 * The entries of a mapping, merge keys expanded: keys written in the map win over
 * merged ones, and an earlier merged map wins over a later one (YAML's merge rules).
 */
export function entries(node: unknown, doc: Doc, depth = 0): Entry[] {
  const map = asMap(node, doc)
  if (!map || depth > 16) return []
  const own: Entry[] = []
  const merged: Entry[] = []
  for (const pair of map.items) {
    const key = keyText(pair.key)
    if (key === undefined) continue
    if (key === '<<' && !(isScalar(pair.key) && pair.key.type !== 'PLAIN')) {
      const v = deref(pair.value, doc)
      const sources = isSeq(v) ? v.items : [v]
      for (const s of sources) merged.push(...entries(s, doc, depth + 1))
      continue
    }
    own.push({ key, keyNode: pair.key as Node, value: deref(pair.value, doc) })
  }
  const seen = new Set(own.map((e) => e.key))
  for (const e of merged) {
    if (!seen.has(e.key)) {
      seen.add(e.key)
      own.push(e)
    }
  }
  return own
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
