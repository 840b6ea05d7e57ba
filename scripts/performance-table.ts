// The Performance table of docs/performance.md is generated from bench/results.json, so
// the figures in the docs are those of the committed bench runs (bench/merge.ts): `npm run docs`
// rewrites it, `npm run docs:check` fails when it differs.
import { readFileSync, writeFileSync } from 'node:fs'
import { format, resolveConfig } from 'prettier'
import { asResultsFile } from '../bench/merge.ts'
import { renderPerformance } from '../bench/report.ts'

const DOC = 'docs/performance.md'
const MARK = 'performance'

export function replaceBetween(text: string, marker: string, body: string): string {
  const start = `<!-- ${marker}:start -->`
  const end = `<!-- ${marker}:end -->`
  const a = text.indexOf(start)
  const b = text.indexOf(end)
  if (a < 0 || b < a) throw new Error(`${DOC} lacks the markers ${start} … ${end}`)
  return `${text.slice(0, a + start.length)}\n${body}\n${text.slice(b)}`
}

const results = asResultsFile(JSON.parse(readFileSync('bench/results.json', 'utf8')))
const doc = readFileSync(DOC, 'utf8')
// Formatted as prettier would, so `npm run format` and this script agree.
const next = await format(replaceBetween(doc, MARK, renderPerformance(results)), {
  ...(await resolveConfig(DOC)),
  parser: 'markdown',
})
if (process.argv.includes('--check')) {
  if (next !== doc) {
    console.error(
      `${DOC}: the Performance table differs from bench/results.json: run \`npm run docs\` and commit ${DOC}.`,
    )
    process.exit(1)
  }
  console.log(`${DOC}: the Performance table matches bench/results.json.`)
} else {
  writeFileSync(DOC, next)
}
