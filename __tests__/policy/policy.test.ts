import { describe, expect, test } from 'vitest'
import {
  globToRegExp,
  isAllowedImage,
  isIgnoredAt,
  judgeReference,
  type Policy,
} from '../../src/policy/index.ts'
import { parseImageReference } from '../../src/image/reference.ts'

const none: Policy = { denyTags: [], allowImages: [] }
const digest = `sha256:${'0123456789abcdef'.repeat(4)}`

describe('judgeReference', () => {
  test.each([
    { text: 'nginx', policy: none, status: 'fail', reason: 'untagged' },
    { text: 'nginx:latest', policy: none, status: 'fail', reason: 'latest' },
    { text: 'nginx:1.27', policy: none, status: 'pass' },
    { text: 'nginx:Latest', policy: none, status: 'pass' },
    { text: 'localhost:5000/app', policy: none, status: 'fail', reason: 'untagged' },
    { text: 'localhost:5000/app:5000', policy: none, status: 'pass' },
    {
      text: 'registry.example.com:443/team/app:latest',
      policy: none,
      status: 'fail',
      reason: 'latest',
    },
    { text: `nginx@${digest}`, policy: none, status: 'pass' },
    { text: `nginx:latest@${digest}`, policy: none, status: 'pass' },
    {
      text: 'app:main',
      policy: { denyTags: ['main', 'dev'], allowImages: [] },
      status: 'fail',
      reason: 'denied-tag',
    },
    { text: `app:main@${digest}`, policy: { denyTags: ['main'], allowImages: [] }, status: 'pass' },
    { text: 'app:mainline', policy: { denyTags: ['main'], allowImages: [] }, status: 'pass' },
    { text: 'nginx:latest', policy: { denyTags: [], allowImages: ['nginx'] }, status: 'pass' },
    {
      text: 'nginx',
      policy: { denyTags: [], allowImages: ['docker.io/library/nginx'] },
      status: 'pass',
    },
    {
      text: 'docker.io/library/nginx',
      policy: { denyTags: [], allowImages: ['nginx'] },
      status: 'pass',
    },
    {
      text: 'ghcr.io/acme/tools/ci:latest',
      policy: { denyTags: [], allowImages: ['ghcr.io/acme/*'] },
      status: 'fail',
      reason: 'latest',
    },
    {
      text: 'ghcr.io/acme/tools/ci:latest',
      policy: { denyTags: [], allowImages: ['ghcr.io/acme/**'] },
      status: 'pass',
    },
    { text: 'Nginx:latest', policy: none, status: 'invalid' },
    { text: 'nginx:', policy: none, status: 'invalid' },
  ])('$text → $status $reason', ({ text, policy, status, reason }) => {
    const v = judgeReference(text, policy)
    expect(v.status).toBe(status)
    if (v.status === 'fail') expect(v.reason).toBe(reason)
  })
})

describe('allow-images globs', () => {
  test.each([
    { glob: 'nginx', name: 'nginx', match: true },
    { glob: 'ngin?', name: 'nginx', match: true },
    { glob: 'acme/*', name: 'acme/app', match: true },
    { glob: 'acme/*', name: 'acme/team/app', match: false },
    { glob: 'acme/**', name: 'acme/team/app', match: true },
    { glob: 'a.b/c', name: 'axb/c', match: false },
  ])('$glob ~ $name: $match', ({ glob, name, match }) => {
    expect(globToRegExp(glob).test(name)).toBe(match)
  })

  test.each([
    { ref: 'nginx', globs: ['docker.io/nginx'], allowed: true },
    { ref: 'library/nginx', globs: ['nginx'], allowed: true },
    { ref: 'acme/nginx', globs: ['nginx'], allowed: false },
    { ref: 'library/nginx', globs: ['docker.io/library/nginx'], allowed: true },
    { ref: 'ghcr.io/acme/app', globs: ['acme/app'], allowed: false },
    { ref: 'ghcr.io/acme/app:latest', globs: ['ghcr.io/acme/app:latest'], allowed: true },
    { ref: 'localhost:5000/app', globs: ['localhost:5000/*'], allowed: true },
  ])('$ref with $globs: $allowed', ({ ref, globs, allowed }) => {
    expect(isAllowedImage(parseImageReference(ref), globs)).toBe(allowed)
  })
})

describe('inline ignore comment', () => {
  const lines = [
    'a: 1', // 1
    '# dock2pod-ignore: rebuilt nightly', // 2
    'image: nginx', // 3
    'image: redis # dock2pod-ignore', // 4
    'image: redis # dock2pod: ignore', // 5
    'image: redis # dock2pod-ignored', // 6
    '  # dock2pod:ignore', // 7
    'image: x', // 8
    'image: y', // 9
    'image: z # see dock2pod-ignore', // 10
  ]
  test.each([
    { line: 1, ignored: false },
    { line: 3, ignored: true },
    { line: 4, ignored: true },
    { line: 5, ignored: true },
    { line: 6, ignored: false },
    { line: 8, ignored: true },
    { line: 9, ignored: false },
    { line: 10, ignored: false },
  ])('line $line: $ignored', ({ line, ignored }) => {
    expect(isIgnoredAt(lines, line)).toBe(ignored)
  })

  test('the line above another anchor counts (a multi-line instruction, a values key)', () => {
    expect(isIgnoredAt(lines, 9, [3])).toBe(true)
    expect(isIgnoredAt(lines, 9, [1])).toBe(false)
  })
})
