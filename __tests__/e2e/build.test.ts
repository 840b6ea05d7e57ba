// Build and push end to end: the committed bundle, run as the Actions runner runs it,
// against the real engine with a docker config that has no buildx plugin (the docker build +
// docker push fallback) and the real registries. What the registry holds is asked with fetch, never through
// our own client.
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { describe, expect } from 'vitest'
import {
  ROOT,
  runAction,
  runActionWithPost,
  visibleText,
  type ActionRun,
} from '../../testbed/action-runner.ts'
import { dockerEnv, dockerTest, dockerTestbed } from './docker-testbed.ts'
import { configLabels, registryDigest, tagsAt } from './registry-probe.ts'

const fixtures = join(ROOT, '__tests__', 'fixtures', 'build')
const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`

function basicAuth(): Record<string, string> {
  const tb = dockerTestbed()
  return {
    authorization: `Basic ${Buffer.from(`${tb.registryUser}:${tb.registryPassword}`).toString('base64')}`,
  }
}

/** A 127.0.0.1 port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  await new Promise((r) => server.close(r))
  return port
}

function run(inputs: Record<string, string>, workspace = fixtures) {
  const tb = dockerTestbed()
  return runAction({ inputs, workspace, env: dockerEnv(tb, { buildx: false }), path: [tb.binDir] })
}

const errors = (r: ActionRun) => r.annotations.filter((a) => a.level === 'error')
const ranDocker = (r: ActionRun, what: string) => r.stdout.includes(`[command]docker ${what}`)

/** What a reader of the run sees. The runner consumes `::add-mask::` lines; no one sees them. */
const seen = (r: ActionRun) =>
  visibleText(r)
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n')

describe('build and push (docker build + docker push: no buildx here)', () => {
  dockerTest(
    'pushes every tag; the digest is the registry’s; build args arrive verbatim',
    async () => {
      const tb = dockerTestbed()
      const repo = unique('e2e/app')
      const pwned = `/tmp/pwned-${randomBytes(6).toString('hex')}`
      const probe = `it's "quoted" $(touch ${pwned}) \`touch ${pwned}\`\nsecond line; touch ${pwned}`
      const plain = `say "hi" 'there' $(touch ${pwned})`
      const r = await run({
        registry: tb.registry,
        image: repo,
        tag: 'v1.0.0, sha-abc1234',
        dockerfile: 'ok/Dockerfile',
        context: 'ok',
        'build-args': [
          `BASE=${tb.baseImage}`,
          // A quoted entry (build-push-action's CSV form) may hold quotes and a newline.
          `"PROBE=${probe.replace(/"/g, '""')}"`,
          `PLAIN=${plain}`,
        ].join('\n'),
      })
      expect(r.exitCode, r.stdout).toBe(0)
      expect(errors(r)).toEqual([])
      expect(r.annotations.filter((a) => a.level === 'notice').map((a) => a.message)).toEqual([
        expect.stringMatching(
          /^docker buildx is not available .*docker build and pushing with docker push/,
        ),
      ])

      expect(await tagsAt(tb.registry, repo)).toEqual(['sha-abc1234', 'v1.0.0'])
      const digest = await registryDigest(tb.registry, repo, 'v1.0.0')
      expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/)
      expect(r.outputs.digest).toBe(digest)
      expect(await registryDigest(tb.registry, repo, 'sha-abc1234')).toBe(digest)
      expect(r.outputs.image).toBe(`${tb.registry}/${repo}`)
      expect(r.outputs.tags).toBe(
        `${tb.registry}/${repo}:v1.0.0\n${tb.registry}/${repo}:sha-abc1234`,
      )
      expect(r.outputs['image-ref']).toBe(`${tb.registry}/${repo}:v1.0.0@${digest}`)
      expect(r.outputs.metadata).toBe('')

      const labels = await configLabels(tb.registry, repo, digest!)
      expect(labels['dock2pod.test/probe']).toBe(probe)
      expect(labels['dock2pod.test/plain']).toBe(plain)
      expect(labels['org.opencontainers.image.revision']).toBe(
        '0123456789abcdef0123456789abcdef01234567',
      )
      expect(labels['org.opencontainers.image.source']).toBe('https://github.com/acme/app')
      expect(existsSync(pwned)).toBe(false)

      expect(r.summary).toContain(`| Digest | \`${digest}\` |`)
      expect(r.summary).toMatch(/\| Size \| [\d.]+ (B|KiB|MiB) \|/)
      expect(r.summary).toMatch(/\| Build time \| [\d.]+ s \(docker build\) \|/)
      expect(r.stdout).toMatch(/::group::Build .*\n[\s\S]*::endgroup::\n::group::Push /)
    },
  )

  dockerTest(
    'htpasswd registry with username/password: digest confirmed, password never shown, logged out by post',
    async () => {
      const tb = dockerTestbed()
      const repo = unique('e2e/private')
      const configFile = join(tb.plainDockerConfig, 'config.json')
      const { main, post } = await runActionWithPost({
        inputs: {
          registry: tb.registryAuth,
          image: repo,
          tag: 'v2.0.0',
          dockerfile: 'ok/Dockerfile',
          context: 'ok',
          'build-args': `BASE=${tb.baseImage}`,
          username: tb.registryUser,
          password: tb.registryPassword,
        },
        workspace: fixtures,
        env: dockerEnv(tb, { buildx: false }),
        path: [tb.binDir],
      })
      expect(main.exitCode, main.stdout).toBe(0)
      expect(main.masks).toContain(tb.registryPassword)
      const digest = await registryDigest(tb.registryAuth, repo, 'v2.0.0', basicAuth())
      expect(main.outputs.digest).toBe(digest)
      expect(main.state.dockerLogout).toBe(tb.registryAuth)
      expect(main.stdout).toContain('::group::Log in to')

      expect(post.exitCode).toBe(0)
      expect(post.annotations).toEqual([])
      const auths = (JSON.parse(readFileSync(configFile, 'utf8')) as { auths?: object }).auths ?? {}
      expect(Object.keys(auths)).not.toContain(tb.registryAuth)
      for (const r of [main, post]) expect(seen(r)).not.toContain(tb.registryPassword)
      expect(readFileSync(configFile, 'utf8')).not.toContain(
        Buffer.from(`${tb.registryUser}:${tb.registryPassword}`).toString('base64'),
      )
    },
  )
})

describe('each failure: one clear error, nothing pushed', () => {
  dockerTest('tag: latest', async () => {
    const tb = dockerTestbed()
    const repo = unique('e2e/latest')
    const r = await run({
      registry: tb.registry,
      image: repo,
      tag: 'latest',
      dockerfile: 'ok/Dockerfile',
      context: 'ok',
    })
    expect(r.exitCode).toBe(1)
    expect(errors(r).map((a) => a.message)).toEqual([
      `Input 'tag': "latest" is not allowed; use a version or the commit SHA.`,
    ])
    expect(ranDocker(r, 'build')).toBe(false)
    expect(await tagsAt(tb.registry, repo)).toEqual([])
  })

  dockerTest('missing Dockerfile', async () => {
    const tb = dockerTestbed()
    const repo = unique('e2e/nofile')
    const r = await run({ registry: tb.registry, image: repo, tag: 'v1', dockerfile: 'ok/Nope' })
    expect(r.exitCode).toBe(1)
    expect(errors(r).map((a) => a.message)).toEqual([
      `Input 'dockerfile': "ok/Nope" is not a file in the workspace.`,
    ])
    expect(ranDocker(r, 'build')).toBe(false)
    expect(await tagsAt(tb.registry, repo)).toEqual([])
  })

  dockerTest('unreachable registry: refused before building', async () => {
    const tb = dockerTestbed()
    const host = `127.0.0.1:${await closedPort()}`
    const r = await run({
      registry: host,
      image: unique('e2e/unreachable'),
      tag: 'v1',
      dockerfile: 'ok/Dockerfile',
      context: 'ok',
      'build-args': `BASE=${tb.baseImage}`,
    })
    expect(r.exitCode).toBe(1)
    const [error, ...more] = errors(r)
    expect(more).toEqual([])
    expect(error!.message).toMatch(
      new RegExp(
        `^The registry ${host.replace(/\./g, '\\.')} is unreachable .*ECONNREFUSED.*input 'registry'.*nothing was pushed`,
      ),
    )
    expect(ranDocker(r, 'build')).toBe(false)
  })

  dockerTest('wrong credentials: login fails, naming username, password and registry', async () => {
    const tb = dockerTestbed()
    const repo = unique('e2e/wrongpw')
    const wrong = `wrong-${randomBytes(6).toString('hex')}`
    const r = await run({
      registry: tb.registryAuth,
      image: repo,
      tag: 'v1',
      dockerfile: 'ok/Dockerfile',
      context: 'ok',
      'build-args': `BASE=${tb.baseImage}`,
      username: tb.registryUser,
      password: wrong,
    })
    expect(r.exitCode).toBe(1)
    const [error, ...more] = errors(r)
    expect(more).toEqual([])
    expect(error!.message).toContain(`docker login to ${tb.registryAuth} refused the credentials`)
    expect(error!.message).toContain(`'username' ("${tb.registryUser}") and 'password'`)
    expect(seen(r)).not.toContain(wrong)
    expect(ranDocker(r, 'build')).toBe(false)
    expect(r.state.dockerLogout).toBeUndefined()
    expect(await tagsAt(tb.registryAuth, repo, basicAuth())).toEqual([])
  })

  dockerTest('failing RUN: one annotation on the Dockerfile line, the log’s tail', async () => {
    const tb = dockerTestbed()
    const repo = unique('e2e/failing')
    const r = await run({
      registry: tb.registry,
      image: repo,
      tag: 'v1',
      dockerfile: 'failing-run/Dockerfile',
      context: 'failing-run',
      'build-args': `BASE=${tb.baseImage}`,
    })
    expect(r.exitCode).toBe(1)
    expect(errors(r)).toEqual([
      {
        level: 'error',
        title: 'Build failed',
        file: 'failing-run/Dockerfile',
        line: 5,
        message: expect.stringMatching(
          /^The image build failed at failing-run\/Dockerfile:5 \(RUN echo "about to fail" && +false\): executor failed running .*exit code: 1\. Nothing was pushed\.$/,
        ),
      },
    ])
    // The tail of the build log, outside the collapsed group.
    const afterGroup = r.stdout.slice(r.stdout.lastIndexOf('::endgroup::'))
    expect(afterGroup).toContain('Last lines of the build log:')
    expect(afterGroup).toContain('about to fail')
    expect(ranDocker(r, 'push')).toBe(false)
    expect(await tagsAt(tb.registry, repo)).toEqual([])
  })
})
