// `npm run bundle`: src/ → dist/ with tsc and ncc. Builds into .tmp/ and replaces
// dist/ only when everything succeeded, so a type error never deletes dist/.
//
// Packages that do not declare `"sideEffects": false` make webpack (inside ncc) keep
// every module their entry points reach, used or not:
// - @kubernetes/client-node: config.js imports gen/index.js, and with it 17 MB of
//   generated API classes and models that dock2pod never calls (the source imports
//   the few modules it uses by path, src/kube/client.ts);
// - @actions/core imports @actions/http-client for getIDToken alone, and http-client
//   imports undici (900 kB) for its proxy agent: loaded on every run, check mode too.
// Their modules have no import-time side effects (declarations only), so we declare
// it for webpack's sake in the installed copies before bundling. The bundle shrinks
// from 21 MB to 4 MB and the main chunk from 1 MB to 40 kB.
import { execFileSync } from 'node:child_process'
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const SIDE_EFFECT_FREE = ['@kubernetes/client-node', '@actions/core', '@actions/http-client']

for (const pkg of SIDE_EFFECT_FREE) {
  // By path: some of them export no ./package.json.
  const file = join('node_modules', pkg, 'package.json')
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
