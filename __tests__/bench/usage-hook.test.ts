// The bench's usage hook reports the action's own peak RSS. getrusage's maxrss would also
// report the RSS of the process that spawned it (Linux keeps it across exec), which made
// the action's figure grow with the bench's own size.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { USAGE_HOOK } from '../../bench/harness.ts'

test.runIf(process.platform === 'linux')(
  "a child of a process holding 300 MB reports its own peak, not its parent's",
  () => {
    const held = Buffer.alloc(300e6, 1) // touched: resident in this process
    expect(process.memoryUsage().rss).toBeGreaterThan(300e6)
    const dir = mkdtempSync(join(tmpdir(), 'd2p-usage-'))
    try {
      const file = join(dir, 'usage.json')
      const run = spawnSync(process.execPath, ['-e', '0'], {
        env: { ...process.env, BENCH_USAGE_FILE: file, NODE_OPTIONS: `--import=${USAGE_HOOK}` },
      })
      expect(run.status).toBe(0)
      const usage = JSON.parse(readFileSync(file, 'utf8')) as { maxRssKiB: number }
      // node -e 0 peaks near 45 MB on its own.
      expect(usage.maxRssKiB * 1024).toBeLessThan(150e6)
      expect(usage.maxRssKiB * 1024).toBeGreaterThan(10e6)
    } finally {
      rmSync(dir, { recursive: true, force: true })
      held.fill(0)
    }
  },
)

test('with BENCH_MEMORY_SAMPLE_MS, the sample of the highest RSS says what it was made of', () => {
  const dir = mkdtempSync(join(tmpdir(), 'd2p-usage-'))
  try {
    const file = join(dir, 'usage.json')
    // About 80 MB of small objects on the heap, held for 300 ms, then let go.
    const script =
      'let a = Array.from({ length: 1e6 }, (_, i) => ({ i, s: "x" + i })); setTimeout(() => { a = null }, 300)'
    const run = spawnSync(process.execPath, ['-e', script], {
      env: {
        ...process.env,
        BENCH_USAGE_FILE: file,
        BENCH_MEMORY_SAMPLE_MS: '20',
        NODE_OPTIONS: `--import=${USAGE_HOOK}`,
      },
    })
    expect(run.status).toBe(0)
    const usage = JSON.parse(readFileSync(file, 'utf8')) as {
      atPeak: { rss: number; heapUsed: number; spaces: Record<string, { used: number }> }
    }
    expect(usage.atPeak.heapUsed).toBeGreaterThan(40)
    expect(usage.atPeak.rss).toBeGreaterThan(usage.atPeak.heapUsed)
    expect(usage.atPeak.spaces.old_space!.used).toBeGreaterThan(20)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
