import { describe, expect, test } from 'vitest'
import {
  canonicalRepository,
  formatReference,
  lastPathElement,
  parseImageReference,
  registryDomain,
  registryPath,
} from '../../src/image/reference.ts'

const D = `sha256:${'a'.repeat(64)}`

describe('parseImageReference accepts', () => {
  test.each([
    { ref: 'nginx', want: { registry: '', repository: 'nginx' } },
    { ref: 'nginx:1.27', want: { registry: '', repository: 'nginx', tag: '1.27' } },
    { ref: 'acme/app:v1.2.3', want: { registry: '', repository: 'acme/app', tag: 'v1.2.3' } },
    {
      ref: 'ghcr.io/acme/app:sha-1a2b3c4',
      want: { registry: 'ghcr.io', repository: 'acme/app', tag: 'sha-1a2b3c4' },
    },
    // A port is part of the host, never a tag.
    { ref: 'localhost:5000/app', want: { registry: 'localhost:5000', repository: 'app' } },
    {
      ref: 'localhost:5000/app:1',
      want: { registry: 'localhost:5000', repository: 'app', tag: '1' },
    },
    { ref: 'localhost/app', want: { registry: 'localhost', repository: 'app' } },
    {
      ref: '127.0.0.1:5000/team/svc/api:2',
      want: { registry: '127.0.0.1:5000', repository: 'team/svc/api', tag: '2' },
    },
    { ref: `app@${D}`, want: { registry: '', repository: 'app', digest: D } },
    {
      ref: `r.example.com/a/b:latest@${D}`,
      want: { registry: 'r.example.com', repository: 'a/b', tag: 'latest', digest: D },
    },
    {
      ref: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1',
      want: {
        registry: '123456789012.dkr.ecr.us-east-1.amazonaws.com',
        repository: 'app',
        tag: '1',
      },
    },
    {
      ref: 'europe-docker.pkg.dev/p/repo/img:1',
      want: { registry: 'europe-docker.pkg.dev', repository: 'p/repo/img', tag: '1' },
    },
    { ref: '[::1]:5000/app:1', want: { registry: '[::1]:5000', repository: 'app', tag: '1' } },
    {
      ref: 'a__b/c-d--e/f.g_h:T_1.x-y',
      want: { registry: '', repository: 'a__b/c-d--e/f.g_h', tag: 'T_1.x-y' },
    },
  ])('$ref', ({ ref, want }) => {
    expect(parseImageReference(ref)).toEqual(want)
  })
})

describe('parseImageReference rejects', () => {
  test.each([
    { ref: '', why: /empty/ },
    { ref: 'Acme/App', why: /invalid registry host|lowercase/ },
    { ref: 'acme/App:1', why: /lowercase/ },
    { ref: 'https://ghcr.io/acme/app', why: /scheme/ },
    { ref: 'app:', why: /invalid tag ""/ },
    { ref: 'app:-x', why: /invalid tag/ },
    { ref: `app:${'x'.repeat(129)}`, why: /invalid tag/ },
    { ref: 'app@sha256:abc', why: /invalid digest/ },
    { ref: `app@sha256:${'A'.repeat(64)}`, why: /lowercase hex/ },
    { ref: 'acme//app', why: /empty path element/ },
    { ref: 'acme/app_', why: /invalid path element/ },
    { ref: 'acme/app name', why: /white space/ },
    { ref: 'bad_host.com:99999/app', why: /invalid registry host/ },
  ])('$ref', ({ ref, why }) => {
    expect(() => parseImageReference(ref)).toThrow(why)
  })

  // The message is a predicate on the whole reference: `"<text>" <message>` reads as a sentence.
  test.each([
    {
      ref: '<YOUR-CONTAINER>',
      msg: 'holds "<", ">": an image name has only lowercase letters, digits and the separators ".", "_", "__" and "-"',
    },
    { ref: 'acme/App:1', msg: 'has the repository path "acme/App", which must be lowercase' },
    {
      ref: 'ghcr.io/acme//app',
      msg: 'has the repository path "acme//app", which has an empty path element',
    },
  ])('the message for $ref is "$msg"', ({ ref, msg }) => {
    expect(() => parseImageReference(ref)).toThrow(msg)
  })
})

test.each([
  {
    ref: 'nginx',
    domain: 'docker.io',
    path: 'library/nginx',
    canonical: 'docker.io/library/nginx',
    last: 'nginx',
  },
  {
    ref: 'docker.io/acme/app:1',
    domain: 'docker.io',
    path: 'acme/app',
    canonical: 'docker.io/acme/app',
    last: 'app',
  },
  {
    ref: 'index.docker.io/nginx',
    domain: 'docker.io',
    path: 'library/nginx',
    canonical: 'docker.io/library/nginx',
    last: 'nginx',
  },
  {
    ref: 'localhost:5000/x/y',
    domain: 'localhost:5000',
    path: 'x/y',
    canonical: 'localhost:5000/x/y',
    last: 'y',
  },
])('normalises $ref', ({ ref, domain, path, canonical, last }) => {
  const r = parseImageReference(ref)
  expect(registryDomain(r)).toBe(domain)
  expect(registryPath(r)).toBe(path)
  expect(canonicalRepository(r)).toBe(canonical)
  expect(lastPathElement(r)).toBe(last)
})

test.each(['nginx', 'localhost:5000/app:1', `ghcr.io/a/b:c@${D}`, `a@${D}`])(
  'formatReference round-trips %s',
  (ref) => {
    expect(formatReference(parseImageReference(ref))).toBe(ref)
  },
)
