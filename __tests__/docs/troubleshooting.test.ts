// docs/troubleshooting.md covers every failure dock2pod diagnoses: each reason a
// Diagnosis can carry (DIAGNOSIS_REASONS, which types Diagnosis.reason, so a new reason
// cannot be added without it), and the refused credentials and permissions, in the words
// dock2pod's own code produces for them, and a push that failed after the build. Each
// entry says what you see and what to do.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { parseBuildFailure, pushFailedMessage } from '../../src/image-build/build-errors.ts'
import { loginFailureMessage } from '../../src/image-build/docker.ts'
import { describeKubeError } from '../../src/kube/describe-error.ts'
import { KubeError } from '../../src/kube/errors.ts'
import { DIAGNOSIS_REASONS, diagnose, PodEvents } from '../../src/kube/diagnose.ts'
import type { KubeEvent, Pod } from '../../src/kube/types.ts'
import { renderDiagnosis } from '../../src/report/deploy.ts'
import { ROOT } from '../../testbed/action-runner.ts'

const doc = readFileSync(join(ROOT, 'docs', 'troubleshooting.md'), 'utf8')
const fixture = (path: string) => readFileSync(join(ROOT, '__tests__/fixtures', path), 'utf8')

/** `## heading` → its body: the entries of docs/troubleshooting.md (its `#` title aside). */
function troubleshootingEntries(markdown: string): Map<string, string> {
  const entries = new Map<string, string>()
  for (const part of markdown.split(/^## /m).slice(1)) {
    const nl = part.indexOf('\n')
    entries.set(part.slice(0, nl).trim(), part.slice(nl + 1).trim())
  }
  return entries
}

const entries = troubleshootingEntries(doc)
const words = (s: string): string[] => s.match(/[A-Za-z0-9]+/g) ?? []
/** The heading that names `reason` as a word of its own (`ErrImagePull and ImagePullBackOff`). */
const headingFor = (reason: string) =>
  [...entries.keys()].find((h) => words(h).includes(reason) && !h.includes(':'))

// Not diagnoses of a Pod, but the failures people meet first: the heading's words are
// all in what dock2pod reports, so the reader finds it by the message in front of them.
// A real Pod (npm run capture:pods) pulling from the test bed's htpasswd registry.
const captured = JSON.parse(fixture('kube/real-pods.json')) as Record<
  string,
  { pod: Pod; events: KubeEvent[] }
>
const unauthorizedPull = captured['image-unauthorized']!
const pullDiagnosis = diagnose(unauthorizedPull.pod, new PodEvents(unauthorizedPull.events))!
const what = { verb: 'patch', resource: 'deployments', namespace: 'prod', name: 'web' } as const
const OTHER_FAILURES = [
  {
    heading: 'ErrImagePull: 401 Unauthorized',
    reported: renderDiagnosis(pullDiagnosis).join('\n'),
    fix: 'kubectl create secret docker-registry',
  },
  {
    heading: 'docker login refused the credentials',
    reported: loginFailureMessage(
      'ghcr.io',
      'bot',
      fixture('docker-output/login-wrong-password.stderr'),
    ),
    fix: 'packages: write',
  },
  {
    heading: 'The image was built, but pushing it failed',
    reported: pushFailedMessage(
      parseBuildFailure(fixture('docker-output/buildx-push-race.stderr'))!.reason,
    ),
    fix: 'run the job again',
  },
  {
    heading: 'The cluster refused the credentials (401 Unauthorized)',
    reported: describeKubeError(new KubeError(401, 'Unauthorized'), what, 'https://k8s'),
    fix: 'kubeconfig',
  },
  {
    heading: 'Forbidden (403)',
    reported: describeKubeError(new KubeError(403, 'forbidden'), what, 'https://k8s'),
    fix: 'examples/rbac.yaml',
  },
]

describe('troubleshootingEntries', () => {
  test('reads the headings and bodies of the entries, not the title or its intro', () => {
    const md = '# Troubleshooting\nintro\n## A\n- a\n## B: c\nb\n'
    expect([...troubleshootingEntries(md)]).toEqual([
      ['A', '- a'],
      ['B: c', 'b'],
    ])
    expect(troubleshootingEntries('# nothing\n').size).toBe(0)
  })
})

describe('docs/troubleshooting.md', () => {
  test.each(DIAGNOSIS_REASONS)('has an entry for the diagnosis %s', (reason) => {
    const heading = headingFor(reason)
    expect(heading, `no "## ${reason}" heading in docs/troubleshooting.md`).toBeDefined()
    const body = entries.get(heading!)!
    expect(body).toMatch(/^- \*\*You see\*\* /m)
    expect(body).toMatch(/^- \*\*Do\*\* /m)
  })

  test.each(OTHER_FAILURES)('has an entry for "$heading"', ({ heading, reported, fix }) => {
    for (const w of words(heading)) expect(reported).toContain(w)
    const body = entries.get(heading)
    expect(body, `no "## ${heading}" heading in docs/troubleshooting.md`).toBeDefined()
    expect(body).toMatch(/^- \*\*You see\*\* /m)
    expect(body).toMatch(/^- \*\*Do\*\* /m)
    expect(body).toContain(fix)
  })

  test('the cluster-side pull failure is the one with the imagePullSecret hint', () => {
    expect(pullDiagnosis.reason).toBe('ErrImagePull')
    expect(pullDiagnosis.hint).toContain('kubectl create secret docker-registry')
  })

  test('has no entry for a failure dock2pod does not report', () => {
    const known = new Set([
      ...DIAGNOSIS_REASONS.map(headingFor),
      ...OTHER_FAILURES.map((f) => f.heading),
    ])
    expect([...entries.keys()].filter((h) => !known.has(h))).toEqual([])
  })
})
