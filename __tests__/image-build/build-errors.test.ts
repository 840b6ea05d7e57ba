// The failing Dockerfile line, from real output of this machine's docker 20.10
// (captured in __tests__/fixtures/docker-output/), BuildKit and the classic builder.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import {
  locateFailure,
  parseBuildFailure,
  pushWorthRetrying,
} from '../../src/image-build/build-errors.ts'

const dir = join(import.meta.dirname, '..', 'fixtures', 'docker-output')
const fixture = (name: string) => readFileSync(join(dir, name), 'utf8')
// The classic builder prints its steps on stdout and the failure on stderr; we read both.
const classicOutput = () =>
  `${fixture('legacy-multistage-fail.stdout')}\n${fixture('legacy-multistage-fail.stderr')}`

describe('parseBuildFailure on captured output', () => {
  // prettier-ignore
  test.each([
    {
      file: 'buildkit-run-fail.stderr',
      failure: {
        builder: 'buildkit',
        step: 3,
        instruction: 'RUN echo "about to fail" &&     false',
        reason: 'executor failed running [/bin/sh -c echo "about to fail" &&     false]: exit code: 1',
      },
    },
    {
      file: 'buildkit-multistage-fail.stderr',
      failure: {
        builder: 'buildkit',
        stage: 'stage-1',
        step: 3,
        instruction: 'RUN exit 3',
        reason: 'executor failed running [/bin/sh -c exit 3]: exit code: 3',
      },
    },
    {
      file: 'buildkit-copy-fail.stderr',
      failure: {
        builder: 'buildkit',
        step: 3,
        instruction: 'COPY missing.txt /app/',
        reason: 'failed to compute cache key: "/missing.txt" not found: not found',
      },
    },
    {
      file: 'legacy-multistage-fail.stdout',
      failure: {
        builder: 'classic',
        step: 5,
        instruction: 'RUN exit 3',
        reason: "The command '/bin/sh -c exit 3' returned a non-zero code: 3",
      },
    },
    { file: 'buildkit-ok.stderr', failure: undefined },
  ])('$file', ({ file, failure }) => {
    const output = file.startsWith('legacy-') ? classicOutput() : fixture(file)
    expect(parseBuildFailure(output)).toEqual(failure)
  })

  test('newer BuildKit prints the line itself', () => {
    // The shape buildx ≥ 0.8 prints (no buildx on this machine to capture it from).
    const out = [
      '#6 [2/2] RUN false',
      '#6 ERROR: process "/bin/sh -c false" did not complete successfully: exit code: 1',
      '------',
      ' > [2/2] RUN false:',
      '------',
      'Dockerfile:4',
      '--------------------',
      '   3 |     # then',
      '   4 | >>> RUN false',
      '--------------------',
      'ERROR: failed to solve: process "/bin/sh -c false" did not complete successfully: exit code: 1',
    ].join('\n')
    expect(parseBuildFailure(out)).toEqual({
      builder: 'buildkit',
      step: 2,
      instruction: 'RUN false',
      line: 4,
      reason:
        'failed to solve: process "/bin/sh -c false" did not complete successfully: exit code: 1',
    })
  })

  test('a failure before any step (no such base image)', () => {
    expect(
      parseBuildFailure(
        '#3 ERROR: not found\nfailed to solve with frontend dockerfile.v0: failed to create LLB definition: not found',
      ),
    ).toEqual({
      builder: 'buildkit',
      reason:
        'failed to solve with frontend dockerfile.v0: failed to create LLB definition: not found',
    })
  })
})

describe('a failed push (buildx 0.38, BuildKit 0.34)', () => {
  // Captured from a CI run of this project (2026-11-27): the image push and the registry
  // cache export uploaded the same base layer to one repository at once, and the test
  // registry (distribution 2.8) failed one upload.
  const race = () => fixture('buildx-push-race.stderr')

  test('the reason is the registry’s answer, its list joined, and the failure is a push', () => {
    expect(parseBuildFailure(race())).toEqual({
      builder: 'buildkit',
      reason:
        'failed to solve: failed to push 127.0.0.1:33153/e2e/cache-bb50d0e7:v1: unknown: provided digest did not match uploaded content; unknown: blob unknown to registry - sha256:6177e500da4b3ac988a821dae13d40c98f496f5c9c96c0d557eda6d8bd1df3a9',
      pushing: true,
    })
    expect(pushWorthRetrying(parseBuildFailure(race()))).toBe(true)
  })

  test('a list longer than four lines is cut at four', () => {
    const out = [
      'ERROR: failed to build: failed to solve: failed to push r/x:1: errors:',
      ...Array.from({ length: 9 }, (_, i) => `unknown: error ${i}`),
    ].join('\n')
    expect(parseBuildFailure(out)?.reason).toBe(
      'failed to solve: failed to push r/x:1: unknown: error 0; unknown: error 1; unknown: error 2; unknown: error 3',
    )
  })

  // prettier-ignore
  test.each([
    ['denied: requested access to the resource is denied'],
    ['unauthorized: authentication required'],
    ['name unknown: repository name not known to registry'],
    ['403 Forbidden'],
    ['insufficient_scope: authorization failed'],
  ])('the registry refused (%s): not worth pushing again', (answer) => {
    const failure = parseBuildFailure(
      `ERROR: failed to build: failed to solve: failed to push r/x:1: ${answer}`,
    )
    expect(failure?.pushing).toBe(true)
    expect(pushWorthRetrying(failure)).toBe(false)
  })

  test('a step that failed is not a push, and is not run again', () => {
    const failure = parseBuildFailure(fixture('buildkit-run-fail.stderr'))
    expect(failure?.pushing).toBeUndefined()
    expect(pushWorthRetrying(failure)).toBe(false)
    expect(pushWorthRetrying(undefined)).toBe(false)
  })

  test('an export that failed counts as a push even without `failed to push`', () => {
    const out = [
      '#9 exporting cache to registry',
      '#9 ERROR: error writing layer blob: unexpected status 502 Bad Gateway',
      '------',
      ' > exporting cache to registry:',
      '------',
      'ERROR: failed to build: failed to solve: error writing layer blob: unexpected status 502 Bad Gateway',
    ].join('\n')
    expect(parseBuildFailure(out)).toEqual({
      builder: 'buildkit',
      reason: 'failed to solve: error writing layer blob: unexpected status 502 Bad Gateway',
      pushing: true,
    })
  })
})

describe('locateFailure', () => {
  // prettier-ignore
  test.each([
    { name: 'RUN with a continuation line', dockerfile: 'run-fail.Dockerfile', output: 'buildkit-run-fail.stderr', line: 4, target: '' },
    { name: 'unnamed second stage', dockerfile: 'multistage-fail.Dockerfile', output: 'buildkit-multistage-fail.stderr', line: 6, target: '' },
    { name: 'COPY after WORKDIR (WORKDIR counts as a step)', dockerfile: 'copy-fail.Dockerfile', output: 'buildkit-copy-fail.stderr', line: 3, target: '' },
    { name: 'classic builder counts every instruction', dockerfile: 'multistage-fail.Dockerfile', output: 'legacy-multistage-fail.stdout', line: 6, target: '' },
  ])('$name', ({ dockerfile, output, line, target }) => {
    const failure = parseBuildFailure(output.startsWith('legacy-') ? classicOutput() : fixture(output))!
    expect(locateFailure(fixture(dockerfile), failure, target)?.line).toBe(line)
  })

  const twoStages =
    'FROM base AS build\nRUN make\nRUN make test\n\nFROM base AS app\nCOPY --from=build /out /out\nRUN make test\n'
  // prettier-ignore
  test.each([
    { name: 'named stage', failure: { builder: 'buildkit' as const, stage: 'build', step: 3, instruction: 'RUN make test', reason: '' }, target: '', line: 3 },
    { name: 'same text in the other stage', failure: { builder: 'buildkit' as const, stage: 'app', step: 3, instruction: 'RUN make test', reason: '' }, target: '', line: 7 },
    { name: 'no stage name: the target', failure: { builder: 'buildkit' as const, step: 2, instruction: 'RUN make', reason: '' }, target: 'build', line: 2 },
    { name: 'step disagrees, text unique', failure: { builder: 'buildkit' as const, stage: 'build', step: 9, instruction: 'RUN make', reason: '' }, target: '', line: 2 },
    { name: 'step disagrees, text twice: no guess', failure: { builder: 'buildkit' as const, stage: 'build', step: 9, instruction: 'RUN make test', reason: '' }, target: '', line: undefined },
    { name: 'printed line wins', failure: { builder: 'buildkit' as const, step: 1, line: 6, reason: '' }, target: '', line: 6 },
    { name: 'no step at all', failure: { builder: 'buildkit' as const, reason: 'x' }, target: '', line: undefined },
  ])('$name', ({ failure, target, line }) => {
    expect(locateFailure(twoStages, failure, target)?.line).toBe(line)
  })
})
