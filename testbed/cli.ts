// `npm run testbed`: build what is missing (progress on stderr), start the whole test bed
// (Docker engine, both registries, BuildKit, etcd, the control plane and one node), print
// one `export NAME=value` line per fact and `ready`, then stay up until SIGINT/SIGTERM,
// sent to this process or to the `npm` process that started it, and stop everything.
// shared/TESTBED.md fixes these names.
import { startTestbed } from './index.ts'

const parent = process.ppid
const tb = await startTestbed()
let stopping = false
const stop = async (why: string) => {
  if (stopping) return
  stopping = true
  console.error(`testbed: ${why}, stopping`)
  await tb.stop()
  process.exit(0)
}
process.on('SIGINT', () => void stop('SIGINT'))
process.on('SIGTERM', () => void stop('SIGTERM'))
process.on('SIGHUP', () => void stop('SIGHUP'))
// npm does not pass every signal on to its child: when the npm process that started us
// goes away (killed by PID), we are re-parented, and stop as if signalled.
setInterval(() => {
  if (process.ppid !== parent) void stop(`parent process ${parent} exited`)
}, 500)

for (const [name, value] of Object.entries(tb.env))
  console.log(`export ${name}=${shellQuote(value)}`)
console.log('ready')

function shellQuote(v: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]*$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`
}
