// Readers of docker's own words, on output captured from this machine's docker 20.10.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import {
  formatCommand,
  loginFailureMessage,
  parseBuildxVersion,
  versionAtLeast,
} from '../../src/image-build/docker.ts'
import { metadataDigest, pushedDigest, tail } from '../../src/image-build/output.ts'
import { LIMITS } from '../../src/util/bounds.ts'

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'docker-output', name), 'utf8')

test('pushedDigest reads docker push', () => {
  expect(pushedDigest(fixture('push.stdout'))).toEqual({
    digest: 'sha256:46ca38776af7367113e59064d58d511bb64e66ed2d008a6be8955c83e34b2a92',
    size: 734,
  })
  expect(pushedDigest(fixture('push-unreachable.stderr'))).toBeUndefined()
})

// prettier-ignore
test.each([
  { json: '{"containerimage.digest":"sha256:' + 'a'.repeat(64) + '","image.name":"r/app:v1"}', digest: 'sha256:' + 'a'.repeat(64) },
  { json: '{"buildx.build.ref":"x"}', digest: undefined },
  { json: '', digest: undefined },
])('metadataDigest $json', ({ json, digest }) => expect(metadataDigest(json)).toBe(digest))

describe('login failures', () => {
  test('captured 401 from docker login: names both inputs and the registry', () => {
    const msg = loginFailureMessage(
      '127.0.0.1:34781',
      'dock2pod',
      fixture('login-wrong-password.stderr'),
    )
    expect(msg).toMatch(
      /^docker login to 127\.0\.0\.1:34781 refused the credentials of inputs 'username' \("dock2pod"\) and 'password'/,
    )
    expect(msg).toContain('401 Unauthorized')
  })
  test('an unreachable registry is not blamed on the credentials', () => {
    const msg = loginFailureMessage('127.0.0.1:1', 'u', fixture('push-unreachable.stderr'))
    expect(msg).toBe(
      'docker login to 127.0.0.1:1 failed: Get "http://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused. Nothing was built or pushed.',
    )
  })
  test('Docker Hub by name', () => {
    expect(
      loginFailureMessage(
        '',
        'u',
        'Error response from daemon: Get "https://registry-1.docker.io/v2/": unauthorized: incorrect username or password',
      ),
    ).toMatch(/^docker login to Docker Hub refused/)
  })
})

// prettier-ignore
test.each([
  { out: 'github.com/docker/buildx v0.12.1 30feaa1a915b869ebc2eea6328624b49facd4bfb', v: '0.12.1' },
  { out: 'github.com/docker/buildx 0.9.1+azure-1 ed00243a0ce2a0aee75311b06e32d33b44729689', v: '0.9.1' },
  { out: fixture('buildx-missing.stderr'), v: undefined },
])('parseBuildxVersion $out', ({ out, v }) => expect(parseBuildxVersion(out)).toBe(v))

// prettier-ignore
test.each([
  { v: '0.10.0', min: '0.10.0', ok: true },
  { v: '0.9.1', min: '0.10.0', ok: false },
  { v: '1.0.0', min: '0.10.0', ok: true },
  { v: '0.10.5', min: '0.11.0', ok: false },
])('versionAtLeast($v, $min)', ({ v, min, ok }) => expect(versionAtLeast(v, min)).toBe(ok))

test('formatCommand keeps one line per command, whatever the arguments hold', () => {
  expect(
    formatCommand(['build', '--build-arg', 'A=x\n::error::forged', '--tag', 'r/a:v1', '.']),
  ).toBe(`docker build --build-arg "A=x\\n::error::forged" --tag r/a:v1 .`)
})

test('tail drops blank lines', () => expect(tail('a\n\nb\r\nc\n', 2)).toBe('b\nc'))

test('tail cuts each line at LIMITS.quotedLine: whole at the limit, cut one beyond', () => {
  const at = 'a'.repeat(LIMITS.quotedLine)
  const over = 'b'.repeat(50 * 1024 * 1024)
  expect(tail(`${at}\n${over}\n`, 2)).toBe(
    `${at}\n${'b'.repeat(LIMITS.quotedLine)}… (cut, ${over.length} characters)`,
  )
})
