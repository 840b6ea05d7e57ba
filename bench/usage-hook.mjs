// Preloaded into the action's process (NODE_OPTIONS=--import) by the benchmark: on exit,
// write the process's own peak RSS and CPU time to $BENCH_USAGE_FILE. The action's code
// is untouched; the runner starts it the same way.
//
// The peak is /proc/self/status's VmHWM, the high-water mark of this process's own
// memory, not resourceUsage().maxRSS: on Linux, getrusage's maxrss also keeps, across
// exec, the RSS of the image exec replaced, which was the spawning process's (the
// bench's) memory. That made the action's figure grow with the bench's size
// (__tests__/bench/usage-hook.test.ts shows it with a spawning process of 300 MB).
//
// With BENCH_MEMORY_SAMPLE_MS set (bench:profile), it also samples process.memoryUsage()
// and V8's heap spaces at that interval and keeps the sample of the highest RSS: what a
// peak is made of (heap in use, heap reserved, the young generation, outside the heap).
import { readFileSync, writeFileSync } from 'node:fs'
import { setInterval } from 'node:timers'
import { getHeapSpaceStatistics } from 'node:v8'

/** VmHWM in KiB, or undefined where /proc is not there. */
function ownPeakKiB() {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))
    return m ? Number(m[1]) : undefined
  } catch {
    return undefined
  }
}

const MB = (n) => Math.round(n / 1e5) / 10

/** The sample of the highest RSS so far, in MB. */
let atPeak
function sample() {
  // rss() alone is cheap; the whole breakdown is read only for a new highest RSS.
  if (atPeak && process.memoryUsage.rss() / 1e6 <= atPeak.rss) return
  const m = process.memoryUsage()
  const spaces = {}
  for (const s of getHeapSpaceStatistics())
    spaces[s.space_name] = { size: MB(s.space_size), used: MB(s.space_used_size) }
  atPeak = {
    rss: MB(m.rss),
    heapTotal: MB(m.heapTotal),
    heapUsed: MB(m.heapUsed),
    external: MB(m.external),
    arrayBuffers: MB(m.arrayBuffers),
    spaces,
  }
}

const file = process.env.BENCH_USAGE_FILE
const every = Number(process.env.BENCH_MEMORY_SAMPLE_MS)
if (file && every > 0) setInterval(sample, every).unref()
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage()
    writeFileSync(
      file,
      JSON.stringify({
        maxRssKiB: ownPeakKiB() ?? u.maxRSS,
        userUs: u.userCPUTime,
        systemUs: u.systemCPUTime,
        ...(atPeak ? { atPeak } : {}),
      }),
    )
  })
}
