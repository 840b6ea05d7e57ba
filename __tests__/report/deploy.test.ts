import { describe, expect, test } from 'vitest'
import {
  annotationTitle,
  failureReason,
  rolledBack,
  renderAnnotation,
  renderDeploySummary,
  renderDeploymentsOutput,
  type DeploymentResult,
} from '../../src/report/deploy.ts'

const ok: DeploymentResult = {
  namespace: 'default',
  name: 'web',
  container: 'web',
  previousImage: 'r.example/acme/web:v1',
  image: 'r.example/acme/web:v2@sha256:' + 'a'.repeat(64),
  revision: '4',
  readyReplicas: 5,
  desiredReplicas: 5,
  seconds: 12.345,
  status: 'ready',
  diagnosis: null,
}
const crashed: DeploymentResult = {
  ...ok,
  name: 'api',
  revision: '5',
  status: 'rolled-back',
  diagnosis: {
    reason: 'CrashLoopBackOff',
    pod: 'api-7d9f8b6c5-c7r9t',
    container: 'api',
    message: 'back-off 10s restarting failed container=api',
    exitCode: 3,
    restartCount: 1,
    logs: ['starting', 'fatal: | DATABASE_URL is not set'],
  },
  rollback: { state: 'ready', message: 'back on the previous template and ready', revision: '5' },
}

describe('deploy report', () => {
  test('the deployments output: the fields INTERFACE.md lists, one object each', () => {
    const out = JSON.parse(renderDeploymentsOutput([ok, crashed])) as Record<string, unknown>[]
    expect(Object.keys(out[0]!)).toEqual([
      'namespace',
      'name',
      'container',
      'previousImage',
      'image',
      'revision',
      'readyReplicas',
      'seconds',
      'status',
      'diagnosis',
    ])
    expect(out[0]).toMatchObject({ seconds: 12.3, status: 'ready', diagnosis: null })
    expect(out[1]).toMatchObject({
      status: 'rolled-back',
      diagnosis: {
        reason: 'CrashLoopBackOff',
        exitCode: 3,
        summary: 'CrashLoopBackOff (pod api-7d9f8b6c5-c7r9t, container api)',
      },
      rollback: { state: 'ready' },
    })
  })

  test('the annotation: what failed, where, why, the last lines, and the rollback', () => {
    expect(annotationTitle(crashed)).toBe('deployment/api')
    expect(renderAnnotation(crashed)).toBe(
      [
        `Deployment default/api failed to roll out ${ok.image}.`,
        'CrashLoopBackOff (pod api-7d9f8b6c5-c7r9t, container api)',
        'back-off 10s restarting failed container=api',
        'Exit code 3 (restarted once)',
        'Last 2 log lines:',
        '  starting',
        '  fatal: | DATABASE_URL is not set',
        'Rolled back to r.example/acme/web:v1 (revision 5): ready.',
      ].join('\n'),
    )
  })

  test('the summary: a row per deployment (old → new), then each diagnosis', () => {
    const md = renderDeploySummary([ok, crashed])
    expect(md).toContain('| Deployment | Image | Revision | Ready | Time to ready | Status |')
    expect(md).toContain(
      `| \`default/web\` | \`r.example/acme/web:v1\` → \`${ok.image}\` | 4 | 5/5 | 12.3 s | ✅ ready |`,
    )
    expect(md).toContain('| `default/api` |')
    expect(md).toContain('↩️ rolled back |')
    expect(md).toContain('#### default/api\n\n```text\nCrashLoopBackOff')
    // A '|' inside a log line is inside the code block, not a table.
    expect(md).toContain('  fatal: | DATABASE_URL is not set\n')
  })
})

describe('the failure-reason and rolled-back outputs', () => {
  const sentOnly: DeploymentResult = {
    ...crashed,
    rollback: { state: 'sent', message: 'rollback patch sent' },
  }
  const failedNoRollback: DeploymentResult = {
    ...crashed,
    status: 'failed',
    diagnosis: { ...crashed.diagnosis!, reason: 'ImagePullBackOff' },
  }
  delete (failedNoRollback as { rollback?: unknown }).rollback
  test.each([
    { name: 'all ready', results: [ok], reason: '', back: false },
    {
      name: 'a crash rolled back healthy',
      results: [ok, crashed],
      reason: 'CrashLoopBackOff',
      back: true,
    },
    {
      name: 'a rollback sent but not waited for',
      results: [sentOnly],
      reason: 'CrashLoopBackOff',
      back: false,
    },
    {
      name: 'failed with rollback off',
      results: [failedNoRollback, crashed],
      reason: 'ImagePullBackOff',
      back: true,
    },
  ])('$name', ({ results, reason, back }) => {
    expect(failureReason(results)).toBe(reason)
    expect(rolledBack(results)).toBe(back)
  })
})
