// The buildx path end to end, with the real `docker buildx` plugin and a `remote`
// BuildKit builder (the test bed's buildkitd). Every claim is read back from the
// registry with fetch: a two-platform image index and its digest, a provenance
// attestation, a registry cache that the second build reuses, and a secret readable in
// a RUN step and absent from the image.
import { createHash, randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { expect } from 'vitest'
import { ROOT, runAction, visibleText } from '../../testbed/action-runner.ts'
import { dockerEnv, dockerTest, dockerTestbed } from './docker-testbed.ts'
import { ACCEPT, registryDigest, tagsAt } from './registry-probe.ts'

const fixtures = join(ROOT, '__tests__', 'fixtures', 'build')
const unique = (p: string) => `e2e/${p}-${randomBytes(4).toString('hex')}`

interface Descriptor {
  mediaType: string
  digest: string
  platform?: { os: string; architecture: string }
  annotations?: Record<string, string>
}

async function manifest(
  repo: string,
  ref: string,
): Promise<{ mediaType: string; manifests?: Descriptor[]; layers?: Descriptor[] }> {
  const res = await fetch(`http://${dockerTestbed().registry}/v2/${repo}/manifests/${ref}`, {
    headers: { accept: ACCEPT },
  })
  expect(res.status).toBe(200)
  return (await res.json()) as {
    mediaType: string
    manifests?: Descriptor[]
    layers?: Descriptor[]
  }
}

async function blob(repo: string, digest: string): Promise<Buffer> {
  const res = await fetch(`http://${dockerTestbed().registry}/v2/${repo}/blobs/${digest}`)
  expect(res.status).toBe(200)
  return Buffer.from(await res.arrayBuffer())
}

/** The files of a (gzipped) tar layer, by path. */
function untar(layer: Buffer): Map<string, Buffer> {
  const tar = layer[0] === 0x1f && layer[1] === 0x8b ? gunzipSync(layer) : layer
  const files = new Map<string, Buffer>()
  for (let off = 0; off + 512 <= tar.length;) {
    const name = tar
      .subarray(off, off + 100)
      .toString('utf8')
      .replace(/\0.*$/s, '')
    if (!name) break
    const size = parseInt(
      tar
        .subarray(off + 124, off + 136)
        .toString('utf8')
        .replace(/\0.*$/s, '')
        .trim() || '0',
      8,
    )
    files.set(name.replace(/^\.\//, ''), tar.subarray(off + 512, off + 512 + size))
    off += 512 + Math.ceil(size / 512) * 512
  }
  return files
}

const run = (inputs: Record<string, string>) => {
  const tb = dockerTestbed()
  return runAction({
    inputs: { registry: tb.registry, ...inputs },
    workspace: fixtures,
    env: dockerEnv(tb),
    path: [tb.binDir],
    timeoutMs: 240_000,
  })
}

dockerTest(
  'two platforms with provenance: an image index whose digest is the digest output',
  async () => {
    const repo = unique('multi')
    const r = await run({
      image: repo,
      tag: 'v1.0.0',
      dockerfile: 'multi/Dockerfile',
      context: 'multi',
      platforms: 'linux/amd64,linux/arm64',
      provenance: 'mode=max',
    })
    expect(r.exitCode, r.stdout).toBe(0)
    expect(r.annotations.filter((a) => a.level === 'error')).toEqual([])
    const digest = await registryDigest(dockerTestbed().registry, repo, 'v1.0.0')
    expect(r.outputs.digest).toBe(digest)
    const index = await manifest(repo, digest)
    expect(index.mediaType).toBe('application/vnd.oci.image.index.v1+json')
    const images = index.manifests!.filter((m) => m.platform?.os === 'linux')
    expect(images.map((m) => m.platform!.architecture).sort()).toEqual(['amd64', 'arm64'])
    // One attestation manifest per image, pointing at it.
    const attestations = index.manifests!.filter(
      (m) => m.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest',
    )
    expect(attestations.map((a) => a.annotations!['vnd.docker.reference.digest']).sort()).toEqual(
      images.map((m) => m.digest).sort(),
    )
    const att = await manifest(repo, attestations[0]!.digest)
    const statement = JSON.parse((await blob(repo, att.layers![0]!.digest)).toString('utf8')) as {
      predicateType: string
    }
    expect(statement.predicateType).toMatch(/^https:\/\/slsa\.dev\/provenance\//)
    // The arm64 image holds the copied file.
    const arm = await manifest(
      repo,
      images.find((m) => m.platform!.architecture === 'arm64')!.digest,
    )
    const files = untar(await blob(repo, arm.layers![0]!.digest))
    expect(files.get('hello.txt')?.toString()).toBe('hello from two platforms\n')
  },
)

dockerTest(
  'a registry cache: the second build of the same Dockerfile reuses its RUN step',
  async () => {
    const tb = dockerTestbed()
    const repo = unique('cache')
    const cache = `${tb.registry}/${repo}:buildcache`
    const nonce = randomBytes(6).toString('hex')
    const inputs = {
      image: repo,
      dockerfile: 'ok/Dockerfile',
      context: 'ok',
      'build-args': `BASE=${tb.baseImage}\nPROBE=${nonce}`,
      'cache-from': `type=registry,ref=${cache}`,
      'cache-to': `type=registry,ref=${cache},mode=max`,
      provenance: 'false',
    }
    const first = await run({ ...inputs, tag: 'v1' })
    expect(first.exitCode, first.stdout).toBe(0)
    expect(await tagsAt(tb.registry, repo)).toEqual(['buildcache', 'v1'])
    // The second build may reuse BuildKit's own cache as well as the registry's.
    const second = await run({ ...inputs, tag: 'v2' })
    expect(second.exitCode, second.stdout).toBe(0)
    // buildx's plain progress: `#6 [2/2] RUN echo built …`, then `#6 CACHED` when reused.
    const runCached = (out: string) => {
      const step = /^(#\d+) .*RUN echo built > \/built\.txt/m.exec(out)?.[1]
      expect(step, out).toBeDefined()
      return out.split('\n').some((l) => l.trim() === `${step} CACHED`)
    }
    // Only the first attempt's output: were a push to fail and be made again (the registry
    // race this test once met), the second attempt reuses the step by design.
    const firstAttempt = first.stdout.split(/^::group::.*\(second attempt\)$/m)[0]!
    expect(runCached(firstAttempt)).toBe(false)
    expect(runCached(second.stdout)).toBe(true)
    expect(second.outputs.digest).toBe(await registryDigest(tb.registry, repo, 'v2'))
  },
)

dockerTest(
  'a failing RUN step with buildx: one error on its Dockerfile line, BuildKit’s reason, built once',
  async () => {
    const tb = dockerTestbed()
    const repo = unique('failing')
    const r = await run({
      image: repo,
      tag: 'v1',
      dockerfile: 'failing-run/Dockerfile',
      context: 'failing-run',
      'build-args': `BASE=${tb.baseImage}`,
      provenance: 'false',
    })
    expect(r.exitCode).toBe(1)
    expect(r.annotations.filter((a) => a.level === 'error')).toEqual([
      {
        level: 'error',
        title: 'Build failed',
        file: 'failing-run/Dockerfile',
        line: 5,
        message: expect.stringMatching(
          /^The image build failed at failing-run\/Dockerfile:5 \(RUN echo "about to fail" && +false\): failed to solve: process "\/bin\/sh -c echo \\"about to fail\\" && +false" did not complete successfully: exit code: 1\. Nothing was pushed\.$/,
        ),
      },
    ])
    // A failed step is not a failed push: no second attempt.
    expect(r.annotations.filter((a) => a.level === 'warning')).toEqual([])
    expect(r.stdout.match(/^\[command\]docker buildx build /gm)).toHaveLength(1)
    expect(await tagsAt(tb.registry, repo)).toEqual([])
  },
)

dockerTest('a secret mount is readable in a RUN step and absent from the image', async () => {
  const tb = dockerTestbed()
  const repo = unique('secret')
  const secret = `s3cr3t-${randomBytes(8).toString('hex')}`
  const r = await run({
    image: repo,
    tag: 'v1',
    dockerfile: 'secret/Dockerfile',
    context: 'secret',
    'build-args': `BASE=${tb.baseImage}`,
    secrets: `TOKEN=${secret}`,
    provenance: 'false',
  })
  expect(r.exitCode, r.stdout).toBe(0)
  expect(r.masks).toContain(secret)
  expect(
    visibleText(r)
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n'),
  ).not.toContain(secret)
  const m = await manifest(repo, r.outputs.digest!)
  const layers = await Promise.all(m.layers!.map((l) => blob(repo, l.digest)))
  const top = untar(layers.at(-1)!)
  expect(top.get('secret.sha256')?.toString().trim()).toBe(
    createHash('sha256').update(secret).digest('hex'),
  )
  for (const layer of layers) {
    const raw = layer[0] === 0x1f ? gunzipSync(layer) : layer
    expect(raw.includes(Buffer.from(secret))).toBe(false)
  }
})
