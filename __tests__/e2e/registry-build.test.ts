// The Docker test bed itself: a real build with BuildKit, a real push, and the
// manifest read back from the real registry by digest.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect } from 'vitest'
import { run } from '../../testbed/docker/proc.ts'
import { dockerEnv, dockerTest, dockerTestbed } from './docker-testbed.ts'

const made: string[] = []
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
})

dockerTest(
  'builds from a Dockerfile, pushes, and the registry serves the manifest by digest',
  async () => {
    const tb = dockerTestbed()
    const ctx = mkdtempSync(join(tmpdir(), 'd2p-ctx-'))
    made.push(ctx)
    writeFileSync(
      join(ctx, 'Dockerfile'),
      `FROM ${tb.baseImage}\nRUN echo built > /built.txt\nLABEL org.example.probe=yes\n`,
    )
    const env = { ...process.env, ...dockerEnv(tb) }
    const ref = `${tb.registry}/testbed/probe:v1`
    const build = await run(tb.dockerCli, ['build', '--tag', ref, ctx], { env })
    expect(build.code, build.stderr).toBe(0)
    const push = await run(tb.dockerCli, ['push', ref], { env })
    expect(push.code, push.stderr).toBe(0)
    const pushed = /digest: (sha256:[0-9a-f]{64})/.exec(push.stdout)?.[1]
    expect(pushed).toBeDefined()

    const accept =
      'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json'
    const head = await fetch(`http://${tb.registry}/v2/testbed/probe/manifests/v1`, {
      method: 'HEAD',
      headers: { accept },
    })
    expect(head.headers.get('docker-content-digest')).toBe(pushed)
    const byDigest = await fetch(`http://${tb.registry}/v2/testbed/probe/manifests/${pushed}`, {
      headers: { accept },
    })
    expect(byDigest.status).toBe(200)
    const manifest = (await byDigest.json()) as { config: { digest: string } }
    const config = (await (
      await fetch(`http://${tb.registry}/v2/testbed/probe/blobs/${manifest.config.digest}`)
    ).json()) as {
      config: { Labels: Record<string, string> }
    }
    expect(config.config.Labels['org.example.probe']).toBe('yes')
  },
)

dockerTest(
  'the htpasswd registry refuses anonymous pushes and takes the test bed credentials',
  async () => {
    const tb = dockerTestbed()
    expect((await fetch(`http://${tb.registryAuth}/v2/`)).status).toBe(401)
    const basic = Buffer.from(`${tb.registryUser}:${tb.registryPassword}`).toString('base64')
    expect(
      (
        await fetch(`http://${tb.registryAuth}/v2/`, {
          headers: { authorization: `Basic ${basic}` },
        })
      ).status,
    ).toBe(200)
  },
)
