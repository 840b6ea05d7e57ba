// `npm run testbed [-- --speed N]`: start the whole test bed (Docker engine, both
// registries, the simulated cluster), print one `export NAME=value` line per fact and
// `ready`, then stay up until SIGINT/SIGTERM and stop everything. shared/TESTBED.md
// fixes these names.
import { parseArgs } from 'node:util'
import { startTestbed } from './index.ts'

const { values } = parseArgs({ options: { speed: { type: 'string', default: '1' } } })
const speed = Number(values.speed)
if (!(speed > 0)) {
  console.error(`--speed must be a number > 0, got "${values.speed}"`)
  process.exit(2)
}

const tb = await startTestbed({ speed })
let stopping = false
const stop = async (signal: string) => {
  if (stopping) return
  stopping = true
  console.error(`testbed: ${signal}, stopping`)
  await tb.stop()
  process.exit(0)
}
process.on('SIGINT', () => void stop('SIGINT'))
process.on('SIGTERM', () => void stop('SIGTERM'))

for (const [name, value] of Object.entries(tb.env))
  console.log(`export ${name}=${shellQuote(value)}`)
console.log('ready')

function shellQuote(v: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]*$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`
}
