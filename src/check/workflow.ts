// GitHub Actions files: a workflow's job containers (`jobs.<id>.container`, a string or
// `.image`), service containers (`jobs.<id>.services.<id>.image`) and Docker steps
// (`uses: docker://image`); and an action's own metadata (`runs.image: docker://…`, a
// composite action's `runs.steps[].uses: docker://…`).
// Pure. An expression is set at run time and reported as unresolved, but for a job's own
// `matrix.<key>`, written out in its `strategy.matrix`: each value it takes (after
// `exclude` and `include`, as GitHub combines them) is judged (`node:${{ matrix.node }}`
// with `node: [20, 22]`).
import { isScalar, type LineCounter, type Node } from 'yaml'
import type { ImageUse, PlaceKind } from './findings.ts'
import { asSeq, entries, get, getEntry, lineOf, scalarText, span, type Doc } from './yaml-nodes.ts'

export function isWorkflowPath(path: string): boolean {
  return /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(path)
}

export function isActionMetadataPath(path: string): boolean {
  return /(^|\/)action\.ya?ml$/.test(path)
}

const DOCKER_SCHEME = 'docker://'

export function scanWorkflowDocument(doc: Doc, lc: LineCounter): ImageUse[] {
  const uses: ImageUse[] = []
  for (const job of entries(get(doc.contents, doc, 'jobs'), doc)) {
    const matrix = matrixCombos(job.value, doc)
    const referenceUse = (
      node: Node | undefined,
      kind: PlaceKind,
      place: string,
      ignoreAbove: number[] = [],
    ) => referenceUses(node, lc, kind, place, ignoreAbove, matrix)
    const container = getEntry(job.value, doc, 'container')
    if (container?.value) {
      const node =
        scalarText(container.value) !== undefined
          ? container.value
          : get(container.value, doc, 'image')
      const place = `jobs.${job.key}.container${node === container.value ? '' : '.image'}`
      uses.push(...referenceUse(node, 'workflow-container', place, [lineOf(container.keyNode, lc)]))
    }
    for (const service of entries(get(job.value, doc, 'services'), doc)) {
      const node =
        scalarText(service.value) !== undefined ? service.value : get(service.value, doc, 'image')
      uses.push(
        ...referenceUse(node, 'workflow-service', `jobs.${job.key}.services.${service.key}.image`, [
          lineOf(service.keyNode, lc),
        ]),
      )
    }
    for (const step of dockerSteps(get(job.value, doc, 'steps'), doc, `jobs.${job.key}.steps`))
      uses.push(...referenceUse(step.node, 'workflow-step', step.place))
  }
  return uses
}

/** The `uses: docker://…` of a list of steps, each with its place (by name, id or index). */
function dockerSteps(steps: unknown, doc: Doc, at: string): { node: Node; place: string }[] {
  return (asSeq(steps, doc)?.items ?? []).flatMap((step, i) => {
    const node = get(step, doc, 'uses')
    if (!node || !scalarText(node)?.trim().startsWith(DOCKER_SCHEME)) return []
    const name = scalarText(get(step, doc, 'name')) ?? scalarText(get(step, doc, 'id'))
    return [{ node, place: `${at}[${name ?? i}].uses` }]
  })
}

/** A Docker container action: `runs: {using: docker, image: docker://…}`. */
export function scanActionMetadata(doc: Doc, lc: LineCounter): ImageUse[] {
  const runs = get(doc.contents, doc, 'runs')
  const using = scalarText(get(runs, doc, 'using'))
  // A composite action's steps may run a container too.
  if (using === 'composite')
    return dockerSteps(get(runs, doc, 'steps'), doc, 'runs.steps').flatMap((step) =>
      referenceUses(step.node, lc, 'action-image', step.place),
    )
  if (using !== 'docker') return []
  const node = get(runs, doc, 'image')
  if (!scalarText(node)?.trim().startsWith(DOCKER_SCHEME)) return []
  return referenceUses(node, lc, 'action-image', 'runs.image')
}

/** One combination of a job's matrix: each key's value as text, undefined where it is
 *  not written out (an expression, a map). */
type Combination = Record<string, string | undefined>

/** GitHub's limit on a matrix's jobs; a bigger one is not expanded here. */
const MAX_COMBINATIONS = 256

/** A matrix value as GitHub hands it to an expression: numbers as numbers (3.10 is 3.1). */
function matrixValue(node: unknown): string | undefined {
  if (isScalar(node) && (typeof node.value === 'number' || typeof node.value === 'boolean'))
    return String(node.value)
  return scalarText(node)
}

/**
 * The job's matrix combinations, as GitHub forms them: the product of its keys' lists,
 * less `exclude`, then each `include` added to every one of them whose original values
 * it keeps (overwriting what an earlier include added), or else a combination of its
 * own. Undefined without a matrix written out.
 */
export function matrixCombos(job: unknown, doc: Doc): Combination[] | undefined {
  const matrix = get(get(job, doc, 'strategy'), doc, 'matrix')
  if (!matrix || scalarText(matrix) !== undefined) return undefined
  const objects = (key: string): Combination[] =>
    (asSeq(get(matrix, doc, key), doc)?.items ?? []).map((item) =>
      Object.fromEntries(entries(item, doc).map((e) => [e.key, matrixValue(e.value)])),
    )
  let combos: Combination[] = [{}]
  const original = new Set<string>()
  for (const e of entries(matrix, doc)) {
    if (e.key === 'include' || e.key === 'exclude') continue
    original.add(e.key)
    const seq = asSeq(e.value, doc)
    // Not a list (an expression such as fromJSON(...)): its values are not known here.
    const values = seq ? seq.items.map(matrixValue) : [undefined]
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [e.key]: v })))
    if (combos.length > MAX_COMBINATIONS) return undefined
  }
  const excluded = objects('exclude')
  combos = combos.filter(
    (c) =>
      !excluded.some((x) => Object.entries(x).every(([k, v]) => v !== undefined && c[k] === v)),
  )
  if (original.size === 0) combos = []
  // An include is added to the product's combinations only; one it fits none of is a
  // combination of its own (so an include-only matrix has one per entry).
  const own: Combination[] = []
  for (const inc of objects('include')) {
    let added = false
    combos = combos.map((c) => {
      const keeps = Object.entries(inc).every(([k, v]) => !original.has(k) || c[k] === v)
      if (!keeps) return c
      added = true
      return { ...c, ...inc }
    })
    if (!added) own.push({ ...inc })
    if (combos.length + own.length > MAX_COMBINATIONS) return undefined
  }
  return [...combos, ...own]
}

const EXPRESSION = /\$\{\{\s*(.*?)\s*\}\}/g
const MATRIX_KEY = /^matrix\.([A-Za-z_][\w-]*)$/

/**
 * The references a text names in each matrix combination, each with the values that
 * made it; undefined when it uses any other expression, or a matrix value not written out.
 */
function expandMatrix(
  text: string,
  combos: Combination[] | undefined,
): Map<string, string> | undefined {
  const keys = [...text.matchAll(EXPRESSION)].map((m) => MATRIX_KEY.exec(m[1]!)?.[1])
  if (!combos || combos.length === 0 || keys.some((k) => k === undefined)) return undefined
  // Own keys only: matrix.constructor is no value of the matrix.
  const value = (c: Combination, k: string) => (Object.hasOwn(c, k) ? c[k] : undefined)
  const images = new Map<string, string>()
  for (const c of combos) {
    if (keys.some((k) => value(c, k!) === undefined)) return undefined
    const image = text.replace(EXPRESSION, (_, expr: string) =>
      value(c, MATRIX_KEY.exec(expr)![1]!)!,
    )
    if (!images.has(image))
      images.set(image, [...new Set(keys)].map((k) => `matrix.${k} = ${value(c, k!)}`).join(', '))
  }
  return images
}

function referenceUses(
  node: Node | undefined,
  lc: LineCounter,
  kind: PlaceKind,
  place: string,
  ignoreAbove: number[] = [],
  matrix?: Combination[],
): ImageUse[] {
  const raw = scalarText(node)
  if (!node || raw === undefined || raw.trim() === '') return []
  const pos = span(node, lc)
  let text = raw.trim()
  const lead = raw.length - raw.trimStart().length
  let column = pos.column + lead
  if (text.startsWith(DOCKER_SCHEME)) {
    text = text.slice(DOCKER_SCHEME.length)
    column += DOCKER_SCHEME.length
  }
  const at = {
    ...pos,
    column,
    ...(pos.endLine === pos.line ? { endColumn: column + text.length } : {}),
  }
  if (text.includes('${{')) {
    const expanded = expandMatrix(text, matrix)
    if (expanded)
      return [...expanded].map(([image, via]) => ({
        ...at,
        image,
        written: text,
        via,
        kind,
        place,
        ignoreAbove,
      }))
    return [
      {
        ...at,
        image: text,
        written: text,
        kind,
        place,
        unresolved: 'it is set at run time by an expression',
        ignoreAbove,
      },
    ]
  }
  return [{ ...at, image: text, kind, place, ignoreAbove }]
}
