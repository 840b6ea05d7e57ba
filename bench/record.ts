// `npm run bench:record -- <file>…`: record bench runs written with `--out` (a file of one
// run, or of several) in bench/results.json, in the order given, as if each had been run
// without `--out`: its rows replace those of what it covered (merge.ts).
import { readFileSync, writeFileSync } from 'node:fs'
import { SCENARIOS } from './args.ts'
import { asResultsFile, mergeRun } from './merge.ts'

const RESULTS = 'bench/results.json'
const files = process.argv.slice(2)
if (!files.length) {
  console.error('usage: npm run bench:record -- <results file>…')
  process.exit(2)
}
let results = asResultsFile(JSON.parse(readFileSync(RESULTS, 'utf8')))
for (const file of files) {
  const f = asResultsFile(JSON.parse(readFileSync(file, 'utf8')))
  for (const { id, ...run } of f.runs) {
    const rows = f.rows.filter((r) => r.run === id).map(({ run: _, ...r }) => r)
    results = mergeRun(results, run, rows, SCENARIOS)
    console.log(`${file}: run ${id} (${run.command}) recorded, ${rows.length} rows`)
  }
}
writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`)
