// Preloaded into the action's process (NODE_OPTIONS=--import) by the benchmark: on exit,
// write the process's own peak RSS and CPU time to $BENCH_USAGE_FILE. The action's code
// is untouched; the runner starts it the same way.
import { writeFileSync } from 'node:fs'

const file = process.env.BENCH_USAGE_FILE
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage()
    writeFileSync(
      file,
      JSON.stringify({ maxRssKiB: u.maxRSS, userUs: u.userCPUTime, systemUs: u.systemCPUTime }),
    )
  })
}
