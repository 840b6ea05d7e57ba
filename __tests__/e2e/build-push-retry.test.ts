// A push that fails after every build step ran. Staged: a `docker` put first on PATH
// answers the first `docker buildx build` (or every one) with the output buildx printed
// when a CI run of this project hit a registry race (the image push and the cache export
// uploading one layer at once), then hands every other call to the real docker CLI. The
// rest is real: buildx, the test bed's buildkitd and registry.
import { randomBytes } from 'node:crypto'
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect } from 'vitest'
import { ROOT, runAction, type ActionRun } from '../../testbed/action-runner.ts'
import { dockerEnv, dockerTest, dockerTestbed } from './docker-testbed.ts'
import { registryDigest, tagsAt } from './registry-probe.ts'

const fixtures = join(ROOT, '__tests__', 'fixtures', 'build')
const captured = join(ROOT, '__tests__', 'fixtures', 'docker-output', 'buildx-push-race.stderr')

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** A `docker` whose first `failures` calls of `buildx build` fail as captured. */
function stagedDocker(failures: number): { dir: string; calls: () => number } {
  const dir = mkdtempSync(join(tmpdir(), 'd2p-staged-docker-'))
  dirs.push(dir)
  const count = join(dir, 'count')
  writeFileSync(count, '0\n')
  writeFileSync(
    join(dir, 'docker'),
    [
      '#!/bin/sh',
      'if [ "$1" = buildx ] && [ "$2" = build ]; then',
      `  n=$(($(cat '${count}') + 1)); echo "$n" > '${count}'`,
      `  if [ "$n" -le ${failures} ]; then cat '${captured}' >&2; exit 1; fi`,
      'fi',
      `exec '${dockerTestbed().dockerCli}' "$@"`,
      '',
    ].join('\n'),
  )
  chmodSync(join(dir, 'docker'), 0o755)
  return { dir, calls: () => Number(readFileSync(count, 'utf8').trim()) }
}

function buildAndPush(staged: { dir: string }, repo: string): Promise<ActionRun> {
  const tb = dockerTestbed()
  return runAction({
    inputs: {
      registry: tb.registry,
      image: repo,
      tag: 'v1',
      dockerfile: 'ok/Dockerfile',
      context: 'ok',
      'build-args': `BASE=${tb.baseImage}\nPROBE=${randomBytes(6).toString('hex')}`,
      provenance: 'false',
    },
    workspace: fixtures,
    env: dockerEnv(tb),
    path: [staged.dir, tb.binDir],
    timeoutMs: 240_000,
  })
}

const unique = (p: string) => `e2e/${p}-${randomBytes(4).toString('hex')}`

dockerTest(
  'staged: the first push fails after the build; it is pushed once more and the run succeeds',
  async () => {
    const tb = dockerTestbed()
    const staged = stagedDocker(1)
    const repo = unique('push-retry')
    const r = await buildAndPush(staged, repo)
    expect(r.exitCode, r.stdout).toBe(0)
    expect(staged.calls()).toBe(2)
    const warnings = r.annotations.filter((a) => a.level === 'warning')
    expect(warnings.map((a) => a.message)).toEqual([
      expect.stringMatching(
        /^The push failed: failed to solve: failed to push \S+: unknown: provided digest did not match uploaded content; .*\. Every build step had run, so dock2pod pushes once more\.$/,
      ),
    ])
    expect(r.annotations.filter((a) => a.level === 'error')).toEqual([])
    expect(await tagsAt(tb.registry, repo)).toEqual(['v1'])
    expect(r.outputs.digest).toBe(await registryDigest(tb.registry, repo, 'v1'))
    expect(r.summary).toMatch(
      /\| Build time \| [\d.]+ s \(buildx; pushed on the second attempt\) \|/,
    )
  },
)

dockerTest(
  'staged: the push fails twice; one error says the push failed and why, nothing more is tried',
  async () => {
    const tb = dockerTestbed()
    const staged = stagedDocker(2)
    const repo = unique('push-fails')
    const r = await buildAndPush(staged, repo)
    expect(r.exitCode).toBe(1)
    expect(staged.calls()).toBe(2)
    expect(r.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([
      expect.stringMatching(
        /^The image was built, but pushing it failed: failed to solve: failed to push \S+: unknown: provided digest did not match uploaded content; unknown: blob unknown to registry - sha256:[0-9a-f]{64}\. Nothing is deployed\.$/,
      ),
    ])
    expect(await tagsAt(tb.registry, repo)).toEqual([])
  },
)
