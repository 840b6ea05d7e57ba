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

const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0)
const counts = (checked: Record<string, number>, skipped: Record<string, number>) => ({
  source: 'all files',
  checked,
  checkedTotal: sum(checked),
  skipped,
  skippedTotal: sum(skipped),
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
        finding({
          file: 'docker-compose.yml',
          line: 4,
          image: 'web',
          severity: 'notice',
          reason: 'untagged',
        }),
      ],
      counts({ 'Kubernetes manifest': 2, 'compose file': 1 }, {}),
    )
    expect(md).toContain(
      'Checked 3 files (all files): 2 Kubernetes manifests, 1 compose file. **2 image references to pin**. 1 reference could not be checked. 1 image built by the repository itself (notices; `built-images: error` fails on them).',
    )
    expect(md).toContain(
      '| ℹ️ | `docker-compose.yml` | 4 | `web` | no tag (means :latest) (built here) | pin a version tag or a digest |',
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
      ...counts({ Dockerfile: 1 }, {}),
      source: 'the files of pull request #7 (git diff)',
    })
    expect(md).toContain(
      'Checked 1 file (the files of pull request #7 (git diff)): 1 Dockerfile. No `:latest` or untagged image.',
    )
    expect(md).not.toContain('|')
  })

  test('what was checked and what was skipped, by kind', () => {
    const md = renderCheckSummary(
      [],
      counts(
        { 'Helm values': 2, kustomization: 1, 'kustomize Component': 1 },
        { 'Helm template': 568, 'YAML file with no image field the check reads': 1 },
      ),
    )
    expect(md).toContain(
      'Checked 4 files (all files): 2 Helm values files, 1 kustomization, 1 kustomize Component. Skipped 569: 568 Helm templates, 1 YAML file with no image field the check reads.',
    )
  })

  test('the report output is the findings as a JSON array', () => {
    const f = [finding({})]
    expect(JSON.parse(renderReportJson(f))).toEqual(f)
  })
})
