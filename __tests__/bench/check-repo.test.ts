// The generated repository of the check-throughput benchmark: the size it promises, of
// the kinds the check reads, and clean (so that no run asks a registry for a digest).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { expect, test } from 'vitest'
import { changedFiles, generateCheckRepo } from '../../bench/check-repo.ts'
import { loadScanContexts } from '../../src/check/context.ts'
import { isCandidate, walkWorkspace, workspaceReader } from '../../src/check/files.ts'
import { judgeUses } from '../../src/check/findings.ts'
import { scanFile } from '../../src/check/scan.ts'
import { FileTally } from '../../src/check/tally.ts'

test('5,000 files, every one a file the check lists; 1 in 100 changed', () => {
  const files = generateCheckRepo(5_000)
  expect(files.size).toBe(5_000)
  expect([...files.keys()].every(isCandidate)).toBe(true)
  expect(changedFiles(files, 100)).toHaveLength(50)
})

test('the check reads every kind in it and finds nothing: 100 files, scanned as the action does', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'd2p-check-repo-'))
  try {
    for (const [path, text] of generateCheckRepo(100)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true })
      writeFileSync(join(dir, path), text)
    }
    const files = await walkWorkspace(dir)
    const contexts = await loadScanContexts(files, workspaceReader(dir))
    const tally = new FileTally()
    const findings = files.flatMap((f) => {
      const text = readFileSync(join(dir, f), 'utf8')
      const scan = scanFile(f, text, contexts.get(f))
      tally.add(scan)
      return judgeUses(f, text, scan.uses, { denyTags: [], allowImages: [] })
    })
    expect(findings).toEqual([])
    expect(tally.counts()).toEqual({
      checked: {
        'Kubernetes manifest': 10,
        kustomization: 20,
        Dockerfile: 10,
        'compose file': 10,
        'Helm values': 10,
        workflow: 10,
      },
      checkedTotal: 70,
      skipped: { 'Helm template': 20, 'Helm Chart.yaml': 10 },
      skippedTotal: 30,
    })
    // The overlays' newName alone and the values' empty tag were resolved, not skipped.
    const overlay = files.find((f) => f.startsWith('overlays/'))!
    expect(contexts.get(overlay)!.kustomizeInputs).toHaveLength(3)
    const values = 'charts/svc-0000/values.yaml'
    const uses = scanFile(
      values,
      readFileSync(join(dir, values), 'utf8'),
      contexts.get(values),
    ).uses
    expect(uses.map((u) => u.image)).toContain('ghcr.io/acme/svc-0000:1.0.0')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
