// GitHub Actions files: a workflow's job containers (`jobs.<id>.container`, a string or
// `.image`), service containers (`jobs.<id>.services.<id>.image`) and Docker steps
// (`uses: docker://image`); and an action's own metadata (`runs.image: docker://…`).
// Pure. An expression (`${{ matrix.image }}`) is set at run time: reported as unresolved.
import type { LineCounter, Node } from 'yaml'
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
    const container = getEntry(job.value, doc, 'container')
    if (container?.value) {
      const node =
        scalarText(container.value) !== undefined
          ? container.value
          : get(container.value, doc, 'image')
      const place = `jobs.${job.key}.container${node === container.value ? '' : '.image'}`
      const use = referenceUse(node, lc, 'workflow-container', place, [
        lineOf(container.keyNode, lc),
      ])
      if (use) uses.push(use)
    }
    for (const service of entries(get(job.value, doc, 'services'), doc)) {
      const node =
        scalarText(service.value) !== undefined ? service.value : get(service.value, doc, 'image')
      const use = referenceUse(
        node,
        lc,
        'workflow-service',
        `jobs.${job.key}.services.${service.key}.image`,
        [lineOf(service.keyNode, lc)],
      )
      if (use) uses.push(use)
    }
    asSeq(get(job.value, doc, 'steps'), doc)?.items.forEach((step, i) => {
      const node = get(step, doc, 'uses')
      if (!scalarText(node)?.trim().startsWith(DOCKER_SCHEME)) return
      const name = scalarText(get(step, doc, 'name')) ?? scalarText(get(step, doc, 'id'))
      const use = referenceUse(
        node,
        lc,
        'workflow-step',
        `jobs.${job.key}.steps[${name ?? i}].uses`,
      )
      if (use) uses.push(use)
    })
  }
  return uses
}

/** A Docker container action: `runs: {using: docker, image: docker://…}`. */
export function scanActionMetadata(doc: Doc, lc: LineCounter): ImageUse[] {
  const runs = get(doc.contents, doc, 'runs')
  if (scalarText(get(runs, doc, 'using')) !== 'docker') return []
  const node = get(runs, doc, 'image')
  if (!scalarText(node)?.trim().startsWith(DOCKER_SCHEME)) return []
  const use = referenceUse(node, lc, 'action-image', 'runs.image')
  return use ? [use] : []
}

function referenceUse(
  node: Node | undefined,
  lc: LineCounter,
  kind: PlaceKind,
  place: string,
  ignoreAbove: number[] = [],
): ImageUse | undefined {
  const raw = scalarText(node)
  if (!node || raw === undefined || raw.trim() === '') return undefined
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
    return {
      ...at,
      image: text,
      written: text,
      kind,
      place,
      unresolved: 'it is set at run time by an expression',
      ignoreAbove,
    }
  }
  return { ...at, image: text, kind, place, ignoreAbove }
}
