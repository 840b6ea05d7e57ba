// docker-compose files: `services.<name>.image`. Pure. Compose interpolates `${VAR}`
// from the environment at run time; a default (`${TAG:-1.2}`) is substituted, a
// variable without one cannot be judged from the file and is reported as unresolved.
// A service with `build:` beside `image:` names the image compose builds locally, not one
// it pulls: its use is marked as built.
import type { LineCounter, Node } from 'yaml'
import type { ImageUse } from './findings.ts'
import { substituteVariables } from './variables.ts'
import { entries, get, getEntry, lineOf, scalarText, span, type Doc } from './yaml-nodes.ts'

/** File names compose reads by default, and their usual variants (`docker-compose.prod.yml`). */
export function isComposeName(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1)
  return /^(docker-)?compose([.-][\w.-]*)?\.ya?ml$/i.test(base)
}

/** Whether a document looks like a compose file: a `services` map of maps with image or build. */
export function looksLikeCompose(doc: Doc): boolean {
  const services = entries(get(doc.contents, doc, 'services'), doc)
  return (
    services.length > 0 &&
    services.every((s) => entries(s.value, doc).length > 0) &&
    services.some((s) => getEntry(s.value, doc, 'image') || getEntry(s.value, doc, 'build'))
  )
}

export function scanComposeDocument(doc: Doc, lc: LineCounter): ImageUse[] {
  const uses: ImageUse[] = []
  for (const service of entries(get(doc.contents, doc, 'services'), doc)) {
    const image = getEntry(service.value, doc, 'image')
    const node = image?.value as Node | undefined
    const written = scalarText(node)?.trim()
    if (!node || !written) continue
    const place = `services.${service.key}.image`
    const sub = substituteVariables(written, () => undefined, { dollarDollar: true })
    const pos = span(node, lc)
    const ignoreAbove = [lineOf(service.keyNode, lc)]
    const built = getEntry(service.value, doc, 'build')
      ? { built: `built locally: services.${service.key} has build: beside image:` }
      : {}
    if (sub.unresolved.length > 0) {
      uses.push({
        ...pos,
        image: written,
        written,
        kind: 'compose-service',
        place,
        unresolved: `${sub.unresolved.map((n) => `$${n}`).join(', ')} ${sub.unresolved.length > 1 ? 'have' : 'has'} no default in the file`,
        ignoreAbove,
        ...built,
      })
      continue
    }
    uses.push({
      ...pos,
      image: sub.value.trim(),
      ...(sub.value.trim() !== written ? { written } : {}),
      kind: 'compose-service',
      place,
      ignoreAbove,
      ...built,
    })
  }
  return uses
}
