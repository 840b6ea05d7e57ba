// The undici that @kubernetes/client-node bundles with it, cut to what client-node
// imports from it. Used by scripts/bundle.ts.
//
// undici's entry point (index.js) requires all of undici on load: its mock agents,
// caches, WebSocket, EventSource, HTTP/1 and /2 clients, interceptors. client-node
// imports three names from it (config.js: Agent, ProxyAgent; watch.js and
// isomorphic-fetch.js: fetch). In the bundle, undici was 1.6 MB of the 2.3 MB chunk
// that deploy mode loads before its first line, and loading that chunk was most of
// the start-up (docs/performance.md, "Cold start"). So the bundle is built against a
// copy of undici whose entry point requires only the modules those three names live
// in: undici's own files, unchanged, fewer of them.
//
// undici's index.js also does one thing on load besides exporting: it gives every
// dispatcher its request, stream, pipeline, connect and upgrade methods
// (`Object.assign(Dispatcher.prototype, api)`). ProxyAgent's tunnel calls `connect`, so
// the entry does the same (INDEX_SIDE_EFFECTS); without it a kubeconfig's `proxy-url`
// failed with "this[kClient].connect is not a function" (the e2e proxy test found it).
//
// client-node still imports `undici`; only what that name resolves to in the build
// changes. If a client-node upgrade imports a name this entry lacks, the bundle fails
// (`missingNames`), and so does __tests__/dependencies.test.ts, which also fails if
// undici's index.js gains another load-time statement.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { importsFrom, jsFiles } from './package-imports.ts'

/** Each name client-node imports from undici: the undici module that defines it. */
export const UNDICI_PARTS: Record<string, { module: string; property?: string }> = {
  Agent: { module: './lib/dispatcher/agent.js' },
  ProxyAgent: { module: './lib/dispatcher/proxy-agent.js' },
  fetch: { module: './lib/web/fetch/index.js', property: 'fetch' },
}

/** What undici's index.js does on load besides exporting, as it does it. */
export const INDEX_SIDE_EFFECTS = [
  "Object.assign(require('./lib/dispatcher/dispatcher.js').prototype, require('./lib/api/index.js'))",
]

/** The file name of the entry point written into the undici copy. */
export const ENTRY_FILE = 'dock2pod-entry.js'

/** The entry point's CommonJS source (undici is CommonJS). */
export function entrySource(parts = UNDICI_PARTS): string {
  const lines = Object.entries(parts).map(
    ([name, p]) =>
      `  ${name}: require(${JSON.stringify(p.module)})${p.property ? `.${p.property}` : ''},`,
  )
  return [
    "'use strict'",
    '// Written by dock2pod scripts/bundle.ts: the parts of undici @kubernetes/client-node imports.',
    ...INDEX_SIDE_EFFECTS,
    'module.exports = {',
    ...lines,
    '}',
    '',
  ].join('\n')
}

/** The names a module's source imports (or re-exports) from `undici`; '*' for a
 *  namespace, default, `export *` or dynamic import, which an entry of named parts cannot
 *  serve. */
export const undiciImports = (source: string): Set<string> => importsFrom(source, 'undici')

/** The names client-node's dist/ imports from undici that `parts` does not provide, with
 *  the file that imports each. */
export function missingNames(clientNodeDir: string, parts = UNDICI_PARTS): string[] {
  const missing: string[] = []
  for (const file of jsFiles(join(clientNodeDir, 'dist')))
    for (const name of undiciImports(readFileSync(file, 'utf8')))
      if (!Object.hasOwn(parts, name)) missing.push(`${name} (${file})`)
  return missing
}
