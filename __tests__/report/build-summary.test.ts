import { expect, test } from 'vitest'
import { formatBytes, renderBuildSummary } from '../../src/report/build-summary.ts'

test.each([
  { n: 0, s: '0 B' },
  { n: 1023, s: '1023 B' },
  { n: 1536, s: '1.5 KiB' },
  { n: 5 * 1024 * 1024, s: '5.0 MiB' },
])('formatBytes($n)', ({ n, s }) => expect(formatBytes(n)).toBe(s))

test('a pushed image: every fact in a table', () => {
  const d = 'sha256:' + 'b'.repeat(64)
  expect(
    renderBuildSummary({
      image: 'ghcr.io/acme/app',
      tags: ['ghcr.io/acme/app:v1', 'ghcr.io/acme/app:sha-abc1234'],
      digest: d,
      sizeBytes: 2048,
      buildSeconds: 12.34,
      builder: 'docker build',
      pushed: true,
    }),
  ).toBe(
    [
      '### Image built and pushed',
      '',
      '| | |',
      '|---|---|',
      '| Image | `ghcr.io/acme/app` |',
      '| Tags | `ghcr.io/acme/app:v1`<br>`ghcr.io/acme/app:sha-abc1234` |',
      `| Digest | \`${d}\` |`,
      '| Size | 2.0 KiB |',
      '| Build time | 12.3 s (docker build) |',
      '',
    ].join('\n'),
  )
})

test('not pushed, size unknown', () => {
  const md = renderBuildSummary({
    image: 'a/b',
    tags: ['a/b:v1'],
    digest: '',
    buildSeconds: 1,
    builder: 'buildx',
    pushed: false,
  })
  expect(md).toContain('### Image built\n')
  expect(md).toContain('| Digest | _not pushed_ |')
  expect(md).toContain('| Size | _unknown_ |')
})

test('a push made on the second attempt says so beside the build time', () => {
  const report = {
    image: 'a/b',
    tags: ['a/b:v1'],
    digest: 'sha256:' + 'c'.repeat(64),
    buildSeconds: 3.25,
    builder: 'buildx' as const,
    pushed: true,
  }
  expect(renderBuildSummary({ ...report, pushedOnSecondAttempt: true })).toContain(
    '| Build time | 3.3 s (buildx; pushed on the second attempt) |',
  )
  expect(renderBuildSummary(report)).toContain('| Build time | 3.3 s (buildx) |')
})
