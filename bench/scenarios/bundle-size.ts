// Runner cost, part 2: what the runner downloads and loads. dist/ in total (JavaScript
// only, and with licenses), the main chunk dist/index.js, and the chunk of the
// Kubernetes client (told by its content: client-node's source links), by file size on
// disk.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { missing, single } from '../figures.ts'
import type { Scenario } from '../scenario.ts'

export interface DistSizes {
  totalBytes: number
  jsBytes: number
  mainBytes: number
  chunks: { file: string; bytes: number }[]
  /** The chunk that holds @kubernetes/client-node, if one does. */
  client?: { file: string; bytes: number }
}

/** client-node's compiled files name their repository in comments. */
const CLIENT_NODE_MARK = 'kubernetes-client-javascript/'

export function distSizes(dir: string): DistSizes {
  const files = readdirSync(dir).map((f) => ({ file: f, bytes: statSync(join(dir, f)).size }))
  const js = files.filter((f) => /\.(c|m)?js$/.test(f.file))
  return {
    totalBytes: files.reduce((s, f) => s + f.bytes, 0),
    jsBytes: js.reduce((s, f) => s + f.bytes, 0),
    mainBytes: files.find((f) => f.file === 'index.js')?.bytes ?? 0,
    chunks: js.filter((f) => f.file !== 'index.js').sort((a, b) => b.bytes - a.bytes),
    client: js.find((f) => readFileSync(join(dir, f.file), 'utf8').includes(CLIENT_NODE_MARK)),
  }
}

export const bundleSize: Scenario = async (ctx) => {
  const dir = dirname(ctx.entry)
  const s = distSizes(dir)
  const largest = s.chunks[0]
  const na = missing('a single binary')
  const mb = (f: { file: string; bytes: number }) => `${f.file}, ${(f.bytes / 1e6).toFixed(2)} MB`
  return {
    rows: [
      {
        scenario: 'bundle-size',
        measure: `Bundle: ${basename(dir)}/ JavaScript, all chunks`,
        dock2pod: single(s.jsBytes, 'bytes'),
        kubectl: na,
        note: `${s.chunks.length + 1} chunks; every file of dist/ (licenses too): ${(s.totalBytes / 1e6).toFixed(1)} MB${largest ? `; largest chunk ${mb(largest)}` : ''}`,
      },
      {
        scenario: 'bundle-size',
        measure: 'Bundle: main chunk index.js (loaded on every run)',
        dock2pod: single(s.mainBytes, 'bytes'),
        kubectl: single(statSync('/usr/bin/kubectl').size, 'bytes'),
        note: 'kubectl: its binary',
      },
      {
        scenario: 'bundle-size',
        measure: 'Bundle: the Kubernetes client chunk (loaded in deploy mode only)',
        dock2pod: s.client ? single(s.client.bytes, 'bytes') : missing('no chunk holds the client'),
        kubectl: na,
        note: s.client
          ? `${s.client.file}: @kubernetes/client-node and the undici it loads; the auth-provider and SOCKS libraries are in chunks of their own, loaded only for a kubeconfig that needs them`
          : '',
      },
    ],
    details: { dir, ...s },
  }
}
