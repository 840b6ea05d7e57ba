import { describe, expect, test } from 'vitest'
import type { Finding } from '../../src/check/findings.ts'
import { renderCheckSummary, renderReportJson } from '../../src/report/check-summary.ts'

const finding = (over: Partial<Finding>): Finding => ({
  file: 'deploy/app.yaml',
  line: 12,
  column: 18,
  endLine: 12,
  endColumn: 30,
  image: 'nginx:latest',
  kind: 'k8s-container',
  place: 'Pod/p spec.containers[a].image',
  severity: 'error',
  reason: 'latest',
  message: 'm',
  fix: 'pin a version tag or a digest',
  ...over,
})

describe('renderCheckSummary', () => {
  test('a row per finding: file, line, image, why, fix; table cells escaped', () => {
    const md = renderCheckSummary(
      [
        finding({}),
        finding({
          file: 'a|b.yml',
          line: 3,
          image: 'app',
          reason: 'untagged',
          digest: `sha256:${'1'.repeat(64)}`,
        }),
        finding({
          severity: 'warning',
          reason: 'unresolved',
          image: '${X}',
          written: '${X}',
          fix: 'give it a default',
        }),
      ],
      { source: 'all files', filesScanned: 3 },
    )
    expect(md).toContain(
      'Scanned 3 files (all files): **2 image references to pin**. 1 reference could not be checked.',
    )
    expect(md).toContain(
      '| ❌ | `deploy/app.yaml` | 12 | `nginx:latest` | :latest is mutable | pin a version tag or a digest |',
    )
    expect(md).toContain(
      `| ❌ | \`a\\|b.yml\` | 3 | \`app\` | no tag (means :latest) | pin the digest: \`app@sha256:${'1'.repeat(64)}\` |`,
    )
    expect(md).toContain(
      '| ⚠️ | `deploy/app.yaml` | 12 | `${X}` | cannot be resolved from the file | give it a default |',
    )
  })

  test('clean: one line, no table', () => {
    const md = renderCheckSummary([], {
      source: 'the files of pull request #7 (git diff)',
      filesScanned: 1,
    })
    expect(md).toContain(
      'Scanned 1 file (the files of pull request #7 (git diff)): no `:latest` or untagged image.',
    )
    expect(md).not.toContain('|')
  })

  test('the report output is the findings as a JSON array', () => {
    const f = [finding({})]
    expect(JSON.parse(renderReportJson(f))).toEqual(f)
  })
})
