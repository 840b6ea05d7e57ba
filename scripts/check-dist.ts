// Fails when the committed dist/ is not what `npm run bundle` makes from src/: users
// run dist/index.js, never src/.
import { execFileSync } from 'node:child_process'

execFileSync('npm', ['run', '--silent', 'bundle'], { stdio: 'inherit' })
const diff = execFileSync('git', ['status', '--porcelain', '--', 'dist'], { encoding: 'utf8' })
if (diff.trim() !== '') {
  console.error('dist/ is stale: run `npm run bundle` and commit dist/.\n' + diff)
  console.error(execFileSync('git', ['diff', '--stat', '--', 'dist'], { encoding: 'utf8' }))
  process.exit(1)
}
console.log('dist/ is up to date.')
