// Stand-ins that keep client-node's auth-provider and SOCKS libraries out of the start of
// a run (src/kube/deferred.ts says which, why and when they are loaded). Used by
// scripts/bundle.ts.
//
// For each deferred package, the build gets, where client-node's import of it resolves
// (the node_modules of client-node's staged copy):
//   <pkg>/package.json                 `main`: the stand-in
//   <pkg>/dock2pod-deferred.mjs         the stand-in
//   <pkg>/node_modules/<pkg>/          a copy of the package as client-node resolves it
// The stand-in exports every name client-node imports from the package, each at first a
// placeholder that throws if anything touches it, and registers with
// src/kube/deferred.ts a loader that imports the real package and puts its exports in
// place (ES module exports are live bindings). Only the loader's `import()` reaches the
// real package, so webpack puts it, and what only it needs, in a chunk of its own.
//
// client-node's files are not touched: only what the package names resolve to in the
// build. `npm run bundle` fails if client-node imports one of them from a file other than
// the ones deferred.ts names, and __tests__/dependencies.test.ts checks the same.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import { DEFERRED_PACKAGES, type DeferredPackage } from '../src/kube/deferred.ts'
import { importersOf } from './package-imports.ts'

/** The stand-in's file name in its package directory. */
export const STAND_IN_FILE = 'dock2pod-deferred.mjs'

/** For each deferred package, the files of client-node's dist/ that import it: the uses
 *  src/kube/deferred.ts's `deferredFor` was written from. */
export const IMPORTERS: Record<DeferredPackage, string[]> = {
  'openid-client': ['oidc_auth.js'],
  'jsonpath-plus': ['azure_auth.js', 'gcp_auth.js'],
  socks: ['config.js'],
  'socks-proxy-agent': ['config.js'],
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

/** What a stand-in exports: the names imported, or for a namespace import ('*') every
 *  name the package exports (but `default`, which client-node does not import). */
export function standInNames(imported: Iterable<string>, exported: readonly string[]): string[] {
  const names = new Set(imported)
  if (names.delete('*')) for (const n of exported) if (n !== 'default') names.add(n)
  return [...names].sort()
}

/** The stand-in's source. `registry` is the import path of src/kube/deferred.ts's
 *  compiled module, relative to the stand-in. */
export function standInSource(pkg: string, names: readonly string[], registry: string): string {
  for (const n of names)
    if (!IDENTIFIER.test(n)) throw new Error(`${pkg}: cannot stand in for the export "${n}"`)
  const p = JSON.stringify(pkg)
  return [
    `// Written by dock2pod scripts/bundle.ts: a stand-in for ${pkg}, which is loaded only`,
    '// when the kubeconfig needs it (src/kube/deferred.ts).',
    `import { registerDeferred } from ${JSON.stringify(registry)}`,
    'function unloaded(name) {',
    '  const fail = () => {',
    `    throw new Error(\`dock2pod: ${pkg}'s \${name} was used before src/kube/deferred.ts loaded it\`)`,
    '  }',
    '  return new Proxy(function () {}, { get: fail, apply: fail, construct: fail })',
    '}',
    ...names.map((n) => `export let ${n} = unloaded(${JSON.stringify(n)})`),
    `registerDeferred(${p}, async () => {`,
    // Destructured, so that webpack keeps only these exports of the package.
    `  const { ${names.map((n) => `${n}: $${n}`).join(', ')} } = await import(${p})`,
    ...names.map((n) => `  ${n} = $${n}`),
    '})',
    '',
  ].join('\n')
}

/** The directory of `pkg` as Node resolves it from `fromDir` (nearest node_modules). Not
 *  `require.resolve('<pkg>/package.json')`, as stageUndiciEntry does for undici: a package
 *  whose exports map leaves out ./package.json (socks-proxy-agent's) refuses that. */
function packageDir(fromDir: string, pkg: string): string {
  for (let dir = resolve(fromDir); ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', pkg)
    if (existsSync(join(candidate, 'package.json'))) return candidate
    if (dirname(dir) === dir) throw new Error(`${pkg} is not installed where ${fromDir} is`)
  }
}

/** Stage every deferred package's stand-in beside `stagedClientNode` (client-node's copy
 *  in the build), copying the packages from where `installedClientNode` resolves them.
 *  `registryModule` is the compiled src/kube/deferred.ts in the build. */
export async function stageDeferred(
  stagedClientNode: string,
  installedClientNode: string,
  registryModule: string,
): Promise<void> {
  for (const pkg of DEFERRED_PACKAGES) {
    const importers = importersOf(stagedClientNode, pkg)
    const files = [...importers.keys()].map((f) => f.split(sep).join('/')).sort()
    if (files.join() !== [...IMPORTERS[pkg]].sort().join())
      throw new Error(
        `@kubernetes/client-node imports ${pkg} from ${files.join(', ') || 'nowhere'}, not ${IMPORTERS[pkg].join(', ')}: check when src/kube/deferred.ts loads it`,
      )
    const dir = join(stagedClientNode, 'node_modules', pkg)
    rmSync(dir, { recursive: true, force: true })
    const real = packageDir(installedClientNode, pkg)
    cpSync(real, join(dir, 'node_modules', pkg), { recursive: true })
    const imported = new Set([...importers.values()].flatMap((s) => [...s]))
    // The real package's name, version and license, so that the bundle's licenses.txt
    // (written by ncc from the first module of each package it meets) keeps its text;
    // written before the probe below, as Node caches the package.json lookups it makes.
    const { version, license } = JSON.parse(readFileSync(join(real, 'package.json'), 'utf8')) as {
      version: string
      license?: string
    }
    for (const f of readdirSync(real))
      if (/^licen[cs]e/i.test(f)) cpSync(join(real, f), join(dir, f))
    writeFileSync(
      join(dir, 'package.json'),
      `${JSON.stringify({ name: pkg, version, license, type: 'module', main: STAND_IN_FILE }, null, 2)}\n`,
    )
    // Node resolves the name from the stand-in's directory to the copy, as webpack will.
    const probe = join(dir, 'dock2pod-names.mjs')
    writeFileSync(probe, `export default Object.keys(await import(${JSON.stringify(pkg)}))\n`)
    const exported = ((await import(pathToFileURL(probe).href)) as { default: string[] }).default
    rmSync(probe)
    const absent = [...imported].filter((n) => n !== '*' && !exported.includes(n))
    if (absent.length)
      throw new Error(
        `@kubernetes/client-node uses ${absent.join(', ')} of ${pkg}, which it does not export`,
      )
    let registry = relative(dir, registryModule).split(sep).join('/')
    if (!registry.startsWith('.')) registry = `./${registry}`
    writeFileSync(
      join(dir, STAND_IN_FILE),
      standInSource(pkg, standInNames(imported, exported), registry),
    )
  }
}
