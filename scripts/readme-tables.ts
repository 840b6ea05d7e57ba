// The inputs and outputs tables of docs/inputs.md are generated from action.yml, so they
// cannot drift: `npm run docs` rewrites them, `npm run docs:check` fails when they differ.
import { readFileSync, writeFileSync } from 'node:fs'
import { format, resolveConfig } from 'prettier'
import { parse } from 'yaml'

interface ActionYaml {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>
  outputs: Record<string, { description: string }>
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ').trim()

export function renderTables(action: ActionYaml): { inputs: string; outputs: string } {
  const inputs = [
    '| input | default | description |',
    '|---|---|---|',
    ...Object.entries(action.inputs).map(([name, i]) => {
      const def = i.default === undefined || i.default === '' ? '' : `\`${i.default}\``
      return `| \`${name}\`${i.required ? ' (required)' : ''} | ${cell(def)} | ${cell(i.description)} |`
    }),
  ].join('\n')
  const outputs = [
    '| output | description |',
    '|---|---|',
    ...Object.entries(action.outputs).map(
      ([name, o]) => `| \`${name}\` | ${cell(o.description)} |`,
    ),
  ].join('\n')
  return { inputs, outputs }
}

export function replaceBetween(text: string, marker: string, body: string): string {
  const start = `<!-- ${marker}:start -->`
  const end = `<!-- ${marker}:end -->`
  const a = text.indexOf(start)
  const b = text.indexOf(end)
  if (a < 0 || b < a) throw new Error(`${DOC} lacks the markers ${start} … ${end}`)
  return `${text.slice(0, a + start.length)}\n${body}\n${text.slice(b)}`
}

const DOC = 'docs/inputs.md'
const action = parse(readFileSync('action.yml', 'utf8')) as ActionYaml
const readme = readFileSync(DOC, 'utf8')
const { inputs, outputs } = renderTables(action)
// Formatted as prettier would, so `npm run format` and this script agree.
const next = await format(
  replaceBetween(replaceBetween(readme, 'inputs', inputs), 'outputs', outputs),
  {
    ...(await resolveConfig(DOC)),
    parser: 'markdown',
  },
)
if (process.argv.includes('--check')) {
  if (next !== readme) {
    console.error(
      `${DOC}: the inputs/outputs tables differ from action.yml: run \`npm run docs\` and commit ${DOC}.`,
    )
    process.exit(1)
  }
  console.log(`${DOC}: the tables match action.yml.`)
} else {
  writeFileSync(DOC, next)
}
