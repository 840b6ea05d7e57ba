// `npm run bundle`: src/ → dist/ with tsc and ncc. Builds into .tmp/ and replaces
// dist/ only when everything succeeded, so a type error never deletes dist/.
//
// Packages that do not declare `"sideEffects": false` make webpack (inside ncc) keep
// every module their entry points reach, used or not:
// - @kubernetes/client-node: its entry point re-exports 17 MB of generated API classes
//   and models that dock2pod never calls (src/kube/client.ts takes five names from it);
// - @actions/core imports @actions/http-client for getIDToken alone, and http-client
//   imports undici (900 kB) for its proxy agent: loaded on every run, check mode too.
// Their modules have no import-time side effects (declarations only), so we declare
// it for webpack's sake. The bundle shrinks from 21.8 MB to 4.4 MB and the main chunk
// from 1.08 MB to 36 kB (docs/performance.md).
//
// ncc offers no hook for it: its options (cache, externals, minify, target, …) reach
// none of webpack's, and `module.rules[].sideEffects` is one. So the installed packages
// stay as npm installed them, and the bundle is built beside copies of these three
// packages with the flag set, in build/node_modules: webpack resolves the nearest
// node_modules first. __tests__/dependencies.test.ts fails when the flag stops working.
//
// The same way, client-node's `undici` resolves in the build to a copy of undici whose
// entry point requires only the parts client-node imports (scripts/undici-entry.ts), and
// its auth-provider and SOCKS libraries to stand-ins that load them only when the
// kubeconfig needs them (scripts/deferred-deps.ts, src/kube/deferred.ts).
import { execFileSync } from 'node:child_process'
import { cpSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { stageDeferred } from './deferred-deps.ts'
import { ENTRY_FILE, entrySource, missingNames } from './undici-entry.ts'

const SIDE_EFFECT_FREE = ['@kubernetes/client-node', '@actions/core', '@actions/http-client']

/** Copies of SIDE_EFFECT_FREE under `dir`/node_modules, declared free of side effects. */
function stageSideEffectFree(dir: string): void {
  for (const pkg of SIDE_EFFECT_FREE) {
    const copy = join(dir, 'node_modules', pkg)
    cpSync(join('node_modules', pkg), copy, { recursive: true })
    // By path: some of them export no ./package.json.
    const file = join(copy, 'package.json')
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { sideEffects?: boolean }
    manifest.sideEffects = false
    writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`)
  }
}

/** A copy of the undici client-node resolves, beside client-node's staged copy, whose
 *  entry point is ENTRY_FILE. Fails when client-node imports a name it lacks. */
function stageUndiciEntry(dir: string): void {
  const clientNode = join(dir, 'node_modules', '@kubernetes/client-node')
  const missing = missingNames(clientNode)
  if (missing.length)
    throw new Error(
      `@kubernetes/client-node imports from undici what scripts/undici-entry.ts does not provide: ${missing.join(', ')}`,
    )
  // The undici client-node itself resolves from where npm installed it, nested or not.
  const undici = dirname(
    createRequire(resolve('node_modules/@kubernetes/client-node/package.json')).resolve(
      'undici/package.json',
    ),
  )
  const copy = join(clientNode, 'node_modules', 'undici')
  rmSync(copy, { recursive: true, force: true })
  cpSync(undici, copy, { recursive: true })
  writeFileSync(join(copy, ENTRY_FILE), entrySource())
  const file = join(copy, 'package.json')
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as { main?: string; exports?: unknown }
  manifest.main = ENTRY_FILE
  // client-node imports the bare name only; an exports map would override main.
  delete manifest.exports
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`)
}

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: 'inherit' })
rmSync('build', { recursive: true, force: true })
rmSync('.tmp/dist', { recursive: true, force: true })
run('tsc', ['-p', 'tsconfig.build.json'])
stageSideEffectFree('build')
stageUndiciEntry('build')
await stageDeferred(
  'build/node_modules/@kubernetes/client-node',
  'node_modules/@kubernetes/client-node',
  'build/kube/deferred.js',
)
run('ncc', [
  'build',
  'build/index.js',
  '-o',
  '.tmp/dist',
  '--license',
  'licenses.txt',
  '--target',
  'es2022',
])
rmSync('dist', { recursive: true, force: true })
renameSync('.tmp/dist', 'dist')
rmSync('build', { recursive: true, force: true })
