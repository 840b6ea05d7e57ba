// docker-compose files: `services.<name>.image`. Pure. Compose interpolates `${VAR}`
// from the environment at run time, and from the `.env` file of the project folder (the
// compose file's) for what the environment does not set. A value the `.env` beside the
// file gives is used, then a default (`${TAG:-1.2}`); a variable with neither cannot be
// judged from the repository and is reported as unresolved.
// A service with `build:` beside `image:` names the image compose builds locally, not one
// it pulls: its use is marked as built; so is one whose `build:` is in the file compose
// merges with this one by default (compose.yaml and compose.override.yaml).
import type { LineCounter, Node } from 'yaml'
import type { ImageUse } from './findings.ts'
import { isUnresolved, substituteVariables, unresolvedReason } from './variables.ts'
import {
  entries,
  get,
  getEntry,
  lineOf,
  parseYamlStream,
  scalarText,
  span,
  type Doc,
} from './yaml-nodes.ts'

/** File names compose reads by default, and their usual variants (`docker-compose.prod.yml`). */
export function isComposeName(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1)
  return /^(docker-)?compose([.-][\w.-]*)?\.ya?ml$/i.test(base)
}

/** The names compose reads by default in a folder, and the override it merges into them,
 *  each in compose's order of preference. */
const COMPOSE_DEFAULT_NAMES = [
  'compose.yaml',
  'compose.yml',
  'docker-compose.yaml',
  'docker-compose.yml',
]
const COMPOSE_OVERRIDE_NAMES = [
  'compose.override.yaml',
  'compose.override.yml',
  'docker-compose.override.yaml',
  'docker-compose.override.yml',
]

/** The names of the file compose merges with this one by default: a default file's
 *  override, an override's default file. Empty for other names (merged only with -f). */
export function composePartnerNames(path: string): string[] {
  const base = path.slice(path.lastIndexOf('/') + 1)
  if (COMPOSE_DEFAULT_NAMES.includes(base)) return COMPOSE_OVERRIDE_NAMES
  if (COMPOSE_OVERRIDE_NAMES.includes(base)) return COMPOSE_DEFAULT_NAMES
  return []
}

/** The file compose merges with a compose file, and its services that have `build:`. */
export interface ComposePartner {
  file: string
  built: Set<string>
}

/** The services of a compose file's text that have `build:`. */
export function composeBuiltServices(text: string): Set<string> {
  const built = new Set<string>()
  for (const doc of parseYamlStream(text).docs) {
    if (doc.errors.length > 0) continue
    for (const s of entries(get(doc.contents, doc, 'services'), doc))
      if (getEntry(s.value, doc, 'build')) built.add(s.key)
  }
  return built
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

/** A `.env` file: the variables it sets, as compose reads it (`export` allowed, quotes
 *  removed, `#` comments; `${VAR}` in a value expands the variables above it). */
export interface DotEnv {
  /** Its path, for the message. */
  file: string
  vars: Map<string, string>
}

export function parseDotEnv(text: string): Map<string, string> {
  const vars = new Map<string, string>()
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line)
    if (!m) continue
    const [, name, raw] = m as unknown as [string, string, string]
    let value: string
    const quote = raw[0]
    if (quote === "'" || quote === '"') {
      const end = raw.indexOf(quote, 1)
      // An unclosed quote: not a value compose would read the same way.
      if (end < 0) continue
      value = raw.slice(1, end)
      if (quote === "'") {
        vars.set(name, value)
        continue
      }
    } else value = raw.replace(/\s+#.*$/, '').trim()
    const sub = substituteVariables(value, (n) => vars.get(n), { dollarDollar: true })
    if (!isUnresolved(sub)) vars.set(name, sub.value)
  }
  return vars
}

export function scanComposeDocument(
  doc: Doc,
  lc: LineCounter,
  env?: DotEnv,
  partner?: ComposePartner,
): ImageUse[] {
  const uses: ImageUse[] = []
  for (const service of entries(get(doc.contents, doc, 'services'), doc)) {
    const image = getEntry(service.value, doc, 'image')
    const node = image?.value as Node | undefined
    const written = scalarText(node)?.trim()
    if (!node || !written) continue
    const place = `services.${service.key}.image`
    const fromEnv = new Set<string>()
    const lookup = (name: string) => {
      const value = env?.vars.get(name)
      if (value !== undefined) fromEnv.add(name)
      return value
    }
    const sub = substituteVariables(written, lookup, { dollarDollar: true })
    const pos = span(node, lc)
    const ignoreAbove = [lineOf(service.keyNode, lc)]
    const built = getEntry(service.value, doc, 'build')
      ? { built: `built locally: services.${service.key} has build: beside image:` }
      : partner?.built.has(service.key)
        ? { built: `built locally: services.${service.key} has build: in ${partner.file}` }
        : {}
    if (isUnresolved(sub)) {
      uses.push({
        ...pos,
        image: written,
        written,
        kind: 'compose-service',
        place,
        unresolved: unresolvedReason(
          sub,
          `no default in the file${env ? ` and no value in ${env.file}` : ''}`,
        ),
        ignoreAbove,
        ...built,
      })
      continue
    }
    uses.push({
      ...pos,
      image: sub.value.trim(),
      ...(sub.value.trim() !== written ? { written } : {}),
      ...(fromEnv.size > 0
        ? {
            via: `${[...fromEnv].map((n) => `${n}=${env!.vars.get(n)}`).join(', ')} from ${env!.file}`,
          }
        : {}),
      kind: 'compose-service',
      place,
      ignoreAbove,
      ...built,
    })
  }
  return uses
}
