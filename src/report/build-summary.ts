// The job-summary section of a build: rendered here as pure Markdown, written by
// publish.ts.

export interface BuildReport {
  /** `registry/image` */
  image: string
  tags: string[]
  /** Empty when nothing was pushed. */
  digest: string
  /** Bytes the image's manifest points at (config and layers), when known. */
  sizeBytes?: number
  buildSeconds: number
  builder: 'buildx' | 'docker build'
  pushed: boolean
  /** The first push failed after the build, and a second run pushed it. */
  pushedOnSecondAttempt?: boolean
}

/** 1536 → `1.5 KiB`. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let v = n
  let u = 0
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024
    u++
  }
  return u === 0 ? `${n} B` : `${v.toFixed(1)} ${units[u]}`
}

// Markdown table cells: a '|' or a newline would break the row.
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
const code = (s: string): string => `\`${cell(s).replace(/`/g, "'")}\``

export function renderBuildSummary(r: BuildReport): string {
  const rows: [string, string][] = [
    ['Image', code(r.image)],
    ['Tags', r.tags.map(code).join('<br>')],
    ['Digest', r.digest ? code(r.digest) : r.pushed ? '' : '_not pushed_'],
    ['Size', r.sizeBytes !== undefined ? formatBytes(r.sizeBytes) : '_unknown_'],
    [
      'Build time',
      `${r.buildSeconds.toFixed(1)} s (${r.builder}${r.pushedOnSecondAttempt ? '; pushed on the second attempt' : ''})`,
    ],
  ]
  return [
    `### Image ${r.pushed ? 'built and pushed' : 'built'}`,
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
  ].join('\n')
}
