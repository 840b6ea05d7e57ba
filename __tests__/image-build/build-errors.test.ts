// The failing Dockerfile line, from real output of this machine's docker 20.10
// (captured in __tests__/fixtures/docker-output/), BuildKit and the classic builder.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { locateFailure, parseBuildFailure } from '../../src/image-build/build-errors.ts'

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
