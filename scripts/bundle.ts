// `npm run bundle`: src/ → dist/ with tsc and ncc. Builds into .tmp/ and replaces
// dist/ only when everything succeeded, so a type error never deletes dist/.
//
// @kubernetes/client-node does not declare `"sideEffects": false`, so webpack (inside
// ncc) keeps every module its entry points reach: config.js imports gen/index.js, and
// with it 17 MB of generated API classes and models that dock2pod never calls — a
// bundle 5× larger, and a client that takes a quarter of a second and ~100 MB to load.
// Its modules have no import-time side effects (classes and functions only), so we
// declare it for webpack's sake in the installed copy before bundling. The source
// imports the few modules it uses by path (src/kube/client.ts).
import { execFileSync } from 'node:child_process'
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const SIDE_EFFECT_FREE = ['@kubernetes/client-node']

const require = createRequire(import.meta.url)
for (const pkg of SIDE_EFFECT_FREE) {
  const file = join(dirname(require.resolve(`${pkg}/package.json`)), 'package.json')
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as { sideEffects?: boolean }
  if (manifest.sideEffects !== false) {
    manifest.sideEffects = false
    // A fresh file, not an edit in place: node_modules may hold hard links.
    rmSync(file)
    writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`)
  }
}

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: 'inherit' })
rmSync('build', { recursive: true, force: true })
rmSync('.tmp/dist', { recursive: true, force: true })
run('tsc', ['-p', 'tsconfig.build.json'])
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
