// The buildx path end to end. This machine has no buildx plugin, so a stand-in `docker`
// (__tests__/fixtures/buildx-shim/docker.mjs) answers `buildx version` and carries out
// `buildx build` with the real CLI, writing the metadata file buildx writes. What is
// checked is ours: the argv we send, the secret through the environment, the digest read
// from the metadata and confirmed at the real registry, and a lying digest refused.
import { randomBytes } from 'node:crypto'
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { ROOT, runAction, visibleText } from '../../testbed/action-runner.ts'
import { dockerEnv, dockerTest, dockerTestbed } from './docker-testbed.ts'
import { registryDigest } from './registry-probe.ts'

const fixtures = join(ROOT, '__tests__', 'fixtures', 'build')

function shim() {
  const dir = mkdtempSync(join(tmpdir(), 'd2p-buildx-shim-'))
  const script = join(ROOT, '__tests__', 'fixtures', 'buildx-shim', 'docker.mjs')
  writeFileSync(join(dir, 'docker'), `#!${process.execPath}\nimport(${JSON.stringify(script)})\n`)
  chmodSync(join(dir, 'docker'), 0o755)
  const log = join(dir, 'calls.jsonl')
  writeFileSync(log, '')
  const calls = () =>
    readFileSync(log, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { argv: string[]; secrets: Record<string, string> })
  return { dir, log, calls }
}

dockerTest('buildx: argv, secret by environment, digest from metadata confirmed', async () => {
  const tb = dockerTestbed()
  const s = shim()
  const repo = `e2e/buildx-${randomBytes(4).toString('hex')}`
  const secret = `s3cr3t-${randomBytes(6).toString('hex')}`
  const r = await runAction({
    inputs: {
      registry: tb.registry,
      image: repo,
      tag: 'v3.0.0',
      dockerfile: 'ok/Dockerfile',
      context: 'ok',
      'build-args': `BASE=${tb.baseImage}`,
      secrets: `TOKEN=${secret}`,
      provenance: 'false',
    },
    workspace: fixtures,
    env: { ...dockerEnv(tb), SHIM_LOG: s.log, REAL_DOCKER: tb.dockerCli },
    path: [s.dir],
  })
  expect(r.exitCode, r.stdout).toBe(0)
  // No notice (buildx is there) and no error; warnings belong to the base-image policy.
  expect(r.annotations.filter((a) => a.level !== 'warning')).toEqual([])
  const [call, ...more] = s.calls()
  expect(more).toEqual([])
  expect(call!.argv.slice(0, 2)).toEqual(['buildx', 'build'])
  expect(call!.argv).toContain('--push')
  expect(call!.argv.join('\n')).toContain('--secret\nid=TOKEN,env=DOCK2POD_SECRET_0')
  expect(call!.argv.join('\n')).toContain('--provenance\nfalse')
  expect(call!.argv.join(' ')).not.toContain(secret)
  expect(call!.secrets).toEqual({ DOCK2POD_SECRET_0: secret })
  expect(r.masks).toContain(secret)
  expect(
    visibleText(r)
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n'),
  ).not.toContain(secret)

  const digest = await registryDigest(tb.registry, repo, 'v3.0.0')
  expect(r.outputs.digest).toBe(digest)
  expect(JSON.parse(r.outputs.metadata!)['containerimage.digest']).toBe(digest)
  expect(r.summary).toContain('(buildx)')
})

dockerTest('buildx: a metadata digest the registry does not serve is an error', async () => {
  const tb = dockerTestbed()
  const s = shim()
  const repo = `e2e/buildx-lie-${randomBytes(4).toString('hex')}`
  const lie = `sha256:${'0'.repeat(64)}`
  const r = await runAction({
    inputs: {
      registry: tb.registry,
      image: repo,
      tag: 'v1',
      dockerfile: 'ok/Dockerfile',
      context: 'ok',
      'build-args': `BASE=${tb.baseImage}`,
    },
    workspace: fixtures,
    env: { ...dockerEnv(tb), SHIM_LOG: s.log, REAL_DOCKER: tb.dockerCli, SHIM_DIGEST: lie },
    path: [s.dir],
  })
  expect(r.exitCode).toBe(1)
  const real = await registryDigest(tb.registry, repo, 'v1')
  expect(r.annotations.filter((a) => a.level !== 'warning')).toEqual([
    {
      level: 'error',
      message: `The registry serves ${tb.registry}/${repo}:v1 as ${real}, but the build pushed ${lie}. Another push to the same tag may have raced this one; nothing is deployed.`,
    },
  ])
  expect(r.outputs.digest).toBeUndefined()
})
