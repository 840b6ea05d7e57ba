// Preloaded into the action's process (NODE_OPTIONS=--import) by the benchmark: on exit,
// write the process's own peak RSS and CPU time to $BENCH_USAGE_FILE. The action's code
// is untouched; the runner starts it the same way.
//
// The peak is /proc/self/status's VmHWM, the high-water mark of this process's own
// memory, not resourceUsage().maxRSS: on Linux, getrusage's maxrss also keeps, across
// exec, the RSS of the image exec replaced, which was the spawning process's (the
// bench's) memory. That made the action's figure grow with the bench's size
// (__tests__/bench/usage-hook.test.ts shows it with a spawning process of 300 MB).
import { readFileSync, writeFileSync } from 'node:fs'

/** VmHWM in KiB, or undefined where /proc is not there. */
function ownPeakKiB() {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))
    return m ? Number(m[1]) : undefined
  } catch {
    return undefined
  }
}

const file = process.env.BENCH_USAGE_FILE
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage()
    writeFileSync(
      file,
      JSON.stringify({
        maxRssKiB: ownPeakKiB() ?? u.maxRSS,
        userUs: u.userCPUTime,
        systemUs: u.systemCPUTime,
      }),
    )
  })
}
