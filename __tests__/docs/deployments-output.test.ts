// docs/inputs.md documents every field of the `deployments` output: the fields of a
// result with every field set, as renderDeploymentsOutput writes them, are exactly the
// fields of its two tables. A Diagnosis field added to the type must be set here (the
// object is Required<Diagnosis>, so the typecheck fails otherwise) and then documented.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import type { Diagnosis } from '../../src/kube/diagnose.ts'
import { renderDeploymentsOutput, type DeploymentResult } from '../../src/report/deploy.ts'
import { ROOT } from '../../testbed/action-runner.ts'

const doc = readFileSync(join(ROOT, 'docs', 'inputs.md'), 'utf8')
const section = doc.slice(doc.indexOf('## The `deployments` output'))

/** The first column of each table in the section, split where a paragraph separates them. */
function tableFields(md: string): string[][] {
  const tables: string[][] = []
  let current: string[] | undefined
  for (const line of md.split('\n')) {
    const m = /^\| `([A-Za-z]+)` +\|/.exec(line)
    if (m) (current ??= tables[tables.push([]) - 1]!).push(m[1]!)
    else if (!line.startsWith('|')) current = undefined
  }
  return tables
}

const diagnosis: Required<Diagnosis> = {
  reason: 'ImagePullBackOff',
  pod: 'web-1',
  container: 'web',
  image: 'r.example/web:v2',
  message: 'Back-off pulling image',
  event: 'Failed to pull image',
  since: '2026-01-01T00:00:00Z',
  grace: 'grace',
  exitCode: 1,
  restartCount: 1,
  logs: ['line'],
  pullFailure: 'not-found',
  hint: 'check the tag',
  changes: ['spec.replicas: 1 → 2'],
}
const result: Required<DeploymentResult> = {
  kind: 'Deployment',
  namespace: 'default',
  name: 'web',
  container: 'web',
  previousImage: 'r.example/web:v1',
  image: 'r.example/web:v2@sha256:' + 'a'.repeat(64),
  revision: '2',
  readyReplicas: 0,
  desiredReplicas: 1,
  seconds: 1,
  status: 'rolled-back',
  diagnosis,
  rollback: { state: 'ready', message: 'back' },
  note: 'a note',
}

test('the two tables list exactly the fields the output carries', () => {
  const [top, diag] = tableFields(section)
  const out = JSON.parse(renderDeploymentsOutput([result])) as Record<string, unknown>[]
  expect([...top!].sort()).toEqual(Object.keys(out[0]!).sort())
  expect([...diag!].sort()).toEqual(Object.keys(out[0]!.diagnosis as object).sort())
})
