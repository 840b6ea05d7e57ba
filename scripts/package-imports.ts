// What @kubernetes/client-node's compiled files import from a package, for the bundle's
// stand-ins (scripts/undici-entry.ts, scripts/deferred-deps.ts). client-node's dist/ is
// tsc's output: one `import … from '…'` statement per line, no bundler in between.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

/** The names a module's source imports (or re-exports) from package `pkg`; '*' for a
 *  namespace, default, `export *` or dynamic import, which named parts cannot serve. */
export function importsFrom(source: string, pkg: string): Set<string> {
  const quoted = `['"]${escape(pkg)}['"]`
  const names = new Set<string>()
  for (const m of source.matchAll(
    new RegExp(`\\b(?:import|export)\\s*([^;'"]*?)\\s*from\\s*${quoted}`, 'g'),
  )) {
    const clause = m[1]!
    const braces = /\{([^}]*)\}/.exec(clause)
    // a default import or a namespace beside (or instead of) the named ones
    if (clause.replace(/\{[^}]*\}/, '').replace(/[\s,]/g, '') !== '' || !braces) names.add('*')
    for (const spec of braces?.[1]?.split(',') ?? []) {
      const name = spec
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)[0]
        ?.trim()
      if (name) names.add(name)
    }
  }
  if (new RegExp(`(?:import|require)\\s*\\(\\s*${quoted}\\s*\\)`).test(source)) names.add('*')
  return names
}

/** The members a module uses of its namespace import of `pkg` (`import * as ns from
 *  'pkg'`, then only `ns.name`); undefined if it imports `pkg` otherwise as well or uses
 *  the namespace object itself (passes it on, spreads it, indexes it). */
export function namespaceMembers(source: string, pkg: string): Set<string> | undefined {
  const quoted = `['"]${escape(pkg)}['"]`
  const ns = new RegExp(`^import\\s*\\*\\s*as\\s+([\\w$]+)\\s+from\\s*${quoted};?$`, 'm').exec(
    source,
  )
  const others = [...importsFrom(source.replace(ns?.[0] ?? '', ''), pkg)]
  if (!ns || others.length) return undefined
  // Without the import, comments and quoted strings ('oidc' is a name there, not a use),
  // in one left-to-right pass so that a // in a string or a quote in a comment is what it
  // is. A template literal that names the namespace could use it in ${}: not told.
  let templated = false
  const body = source
    .replace(ns[0], '')
    .replace(
      /\/\*[\s\S]*?\*\/|\/\/[^\n]*|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g,
      (t) => {
        if (t.startsWith('`') && t.includes(ns[1]!)) templated = true
        return t.startsWith('/') ? ' ' : "''"
      },
    )
  if (templated) return undefined
  const members = new Set<string>()
  for (const m of body.matchAll(
    new RegExp(`(?<![\\w$.])${escape(ns[1]!)}(?![\\w$])(\\.([\\w$]+))?`, 'g'),
  )) {
    if (!m[2]) return undefined
    members.add(m[2])
  }
  return members
}

/** Every .js file under `dir`, recursively, but client-node's tests. */
export function jsFiles(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...jsFiles(path))
    else if (name.endsWith('.js') && !name.endsWith('_test.js')) out.push(path)
  }
  return out
}

/** The files of client-node's dist/ that import `pkg` (paths relative to dist/), each
 *  with the names it uses: a namespace import counts as the members it uses (or as '*'
 *  when that cannot be told: namespaceMembers). */
export function importersOf(clientNodeDir: string, pkg: string): Map<string, Set<string>> {
  const dist = join(clientNodeDir, 'dist')
  const out = new Map<string, Set<string>>()
  for (const file of jsFiles(dist)) {
    const source = readFileSync(file, 'utf8')
    const names = importsFrom(source, pkg)
    if (!names.size) continue
    out.set(relative(dist, file), (names.has('*') && namespaceMembers(source, pkg)) || names)
  }
  return out
}
