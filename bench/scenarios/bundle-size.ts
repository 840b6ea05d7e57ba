// Runner cost, part 2: what the runner downloads and loads. dist/ in total (JavaScript
// only, and with source maps), the main chunk dist/index.js, and the largest lazily
// loaded chunk (the Kubernetes client), by file size on disk.
import { readdirSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { missing, single } from '../figures.ts'
import type { Scenario } from '../scenario.ts'

export interface DistSizes {
  totalBytes: number
  jsBytes: number
  mainBytes: number
  chunks: { file: string; bytes: number }[]
}

export function distSizes(dir: string): DistSizes {
  const files = readdirSync(dir).map((f) => ({ file: f, bytes: statSync(join(dir, f)).size }))
  const js = files.filter((f) => /\.(c|m)?js$/.test(f.file))
  return {
    totalBytes: files.reduce((s, f) => s + f.bytes, 0),
    jsBytes: js.reduce((s, f) => s + f.bytes, 0),
    mainBytes: files.find((f) => f.file === 'index.js')?.bytes ?? 0,
    chunks: js.filter((f) => f.file !== 'index.js').sort((a, b) => b.bytes - a.bytes),
  }
}

export const bundleSize: Scenario = async (ctx) => {
  const dir = dirname(ctx.entry)
  const s = distSizes(dir)
  const largest = s.chunks[0]
  const na = missing('a single binary')
  return {
    rows: [
      {
        scenario: 'bundle-size',
        measure: `Bundle: ${basename(dir)}/ JavaScript, all chunks`,
        dock2pod: single(s.jsBytes, 'bytes'),
        kubectl: na,
        note: `${s.chunks.length + 1} chunks; every file of dist/ (licenses too): ${(s.totalBytes / 1e6).toFixed(1)} MB`,
      },
      {
        scenario: 'bundle-size',
        measure: 'Bundle: main chunk index.js (loaded on every run)',
        dock2pod: single(s.mainBytes, 'bytes'),
        kubectl: single(statSync('/usr/bin/kubectl').size, 'bytes'),
        note: largest
          ? `largest lazy chunk ${largest.file}, ${(largest.bytes / 1e6).toFixed(1)} MB: the Kubernetes client, loaded in deploy mode only; kubectl: its binary`
          : '',
      },
    ],
    details: { dir, ...s },
  }
}
