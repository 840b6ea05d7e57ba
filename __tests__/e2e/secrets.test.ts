// What the build side leaves on disk: an authenticated push with username/password
// writes the credential only where `docker login` keeps it (the Docker config, 0600),
// no file of RUNNER_TEMP ever holds it, and post removes it from the Docker config.
// (The kubeconfig written from the `kubeconfig` input is the deploy side's.) The
// suite-wide check that no secret is printed runs in global-setup's teardown.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect } from 'vitest'
import { ROOT, runAction, visibleText } from '../../testbed/action-runner.ts'
import { dockerEnv, dockerTest, dockerTestbed } from './docker-testbed.ts'

const fixtures = join(ROOT, '__tests__', 'fixtures', 'build')

/** Every file under `dir` whose content holds one of `needles`. */
function filesHolding(dir: string, needles: string[]): string[] {
  const found: string[] = []
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue
    const path = join(e.parentPath, e.name)
    const text = readFileSync(path, 'latin1')
    if (needles.some((n) => text.includes(n))) found.push(path)
  }
  return found
}

describe('secrets on disk', () => {
  dockerTest(
    'login credential: only in the Docker config (0600) until post, never in RUNNER_TEMP',
    async () => {
      const tb = dockerTestbed()
      const runnerTemp = mkdtempSync(join(tmpdir(), 'd2p-runner-temp-'))
      const dockerConfig = mkdtempSync(join(tmpdir(), 'd2p-docker-config-'))
      const basic = Buffer.from(`${tb.registryUser}:${tb.registryPassword}`).toString('base64')
      const needles = [tb.registryPassword, basic]
      try {
        const opts = {
          inputs: {
            registry: tb.registryAuth,
            image: `e2e/secret-${randomBytes(4).toString('hex')}`,
            tag: 'v1',
            dockerfile: 'ok/Dockerfile',
            context: 'ok',
            'build-args': `BASE=${tb.baseImage}`,
            username: tb.registryUser,
            password: tb.registryPassword,
          },
          workspace: fixtures,
          // A Docker config of its own, to see exactly what the action added.
          env: { ...dockerEnv(tb), DOCKER_CONFIG: dockerConfig, RUNNER_TEMP: runnerTemp },
          path: [tb.binDir],
        }
        const main = await runAction(opts)
        expect(main.exitCode, main.stdout).toBe(0)
        expect(main.masks).toContain(tb.registryPassword)

        // Between main and post: docker login's own file, private to the user.
        const config = join(dockerConfig, 'config.json')
        expect(filesHolding(dockerConfig, needles)).toEqual([config])
        expect(statSync(config).mode & 0o777).toBe(0o600)
        expect(filesHolding(runnerTemp, needles)).toEqual([])
        // The build's work directory is gone.
        expect(readdirSync(runnerTemp).filter((n) => n.startsWith('dock2pod-'))).toEqual([])

        const post = await runAction({ ...opts, state: main.state })
        expect(post.exitCode).toBe(0)
        expect(post.annotations).toEqual([])
        expect(filesHolding(dockerConfig, needles)).toEqual([])
        const auths = (JSON.parse(readFileSync(config, 'utf8')) as { auths?: object }).auths ?? {}
        expect(Object.keys(auths)).toEqual([])
        expect(filesHolding(runnerTemp, needles)).toEqual([])
        for (const r of [main, post])
          for (const n of needles) expect(visibleText(r)).not.toContain(n)
      } finally {
        rmSync(runnerTemp, { recursive: true, force: true })
        rmSync(dockerConfig, { recursive: true, force: true })
      }
    },
  )
})
