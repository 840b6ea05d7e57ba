import { describe, expect, test } from 'vitest'
import { isDockerfileName, scanDockerfile } from '../../src/check/dockerfile.ts'
import { judgeUses } from '../../src/check/findings.ts'
import { textAt } from './helpers.ts'

const digest = `sha256:${'ab'.repeat(32)}`

/** The uses as [line, exact text at the span, image judged, kind], plus unresolved ones. */
function uses(text: string) {
  const r = scanDockerfile(text)
  return r.uses.map((u) => ({
    line: u.line,
    at: textAt(text, u),
    image: u.image,
    kind: u.kind,
    ...(u.unresolved ? { unresolved: true } : {}),
  }))
}

describe('scanDockerfile', () => {
  test.each([
    {
      name: 'plain FROM',
      text: 'FROM node:20\nRUN echo\n',
      want: [{ line: 1, at: 'node:20', image: 'node:20', kind: 'dockerfile-from' }],
    },
    {
      name: 'lower-case keyword, --platform flag, AS stage',
      text: 'from --platform=$BUILDPLATFORM golang:1.22 as build\n',
      want: [{ line: 1, at: 'golang:1.22', image: 'golang:1.22', kind: 'dockerfile-from' }],
    },
    {
      name: 'a later FROM <stage> and COPY --from=<stage> are not images; stage names ignore case',
      text: 'FROM alpine:3.20 AS Base\nFROM base AS test\nCOPY --from=BASE /a /b\nCOPY --from=0 /a /b\n',
      want: [{ line: 1, at: 'alpine:3.20', image: 'alpine:3.20', kind: 'dockerfile-from' }],
    },
    {
      name: 'a stage named like an image used before it is defined is an image',
      text: 'FROM redis AS a\nFROM alpine:3 AS redis\n',
      want: [
        { line: 1, at: 'redis', image: 'redis', kind: 'dockerfile-from' },
        { line: 2, at: 'alpine:3', image: 'alpine:3', kind: 'dockerfile-from' },
      ],
    },
    {
      name: 'scratch is not an image',
      text: 'FROM scratch\nFROM SCRATCH AS x\n',
      want: [],
    },
    {
      name: 'global ARG defaults, all three forms',
      text: [
        'ARG REG=ghcr.io/acme',
        'ARG VERSION=1.2',
        'ARG FLAVOR',
        'FROM ${REG}/base:${VERSION}',
        'FROM $REG/tools',
        'FROM ${REG}/x:${FLAVOR:-latest}',
        '',
      ].join('\n'),
      want: [
        {
          line: 4,
          at: '${REG}/base:${VERSION}',
          image: 'ghcr.io/acme/base:1.2',
          kind: 'dockerfile-from',
        },
        { line: 5, at: '$REG/tools', image: 'ghcr.io/acme/tools', kind: 'dockerfile-from' },
        {
          line: 6,
          at: '${REG}/x:${FLAVOR:-latest}',
          image: 'ghcr.io/acme/x:latest',
          kind: 'dockerfile-from',
        },
      ],
    },
    {
      name: 'an ARG default built from an earlier ARG',
      text: 'ARG V=3.20\nARG IMG=alpine:${V}\nFROM $IMG\n',
      want: [{ line: 3, at: '$IMG', image: 'alpine:3.20', kind: 'dockerfile-from' }],
    },
    {
      name: 'an ARG declared inside a stage does not reach a later FROM',
      text: 'FROM alpine:3 AS a\nARG LATE=nginx:1.27\nFROM $LATE\n',
      want: [
        { line: 1, at: 'alpine:3', image: 'alpine:3', kind: 'dockerfile-from' },
        { line: 3, at: '$LATE', image: '$LATE', kind: 'dockerfile-from', unresolved: true },
      ],
    },
    {
      name: 'an ARG with no default leaves the FROM unresolved',
      text: 'ARG BASE\nFROM ${BASE}\n',
      want: [
        { line: 2, at: '${BASE}', image: '${BASE}', kind: 'dockerfile-from', unresolved: true },
      ],
    },
    {
      name: 'COPY --from an image, and RUN --mount from an image, across a line continuation',
      text: [
        'FROM node:20 AS build',
        'COPY --from=nginx:latest /etc/nginx /etc/nginx',
        'RUN --mount=type=cache,target=/root/.cache \\',
        '    --mount=type=bind,from=golang,source=/usr/local/go,target=/go \\',
        '    make',
        'RUN --mount=type=bind,from=build,target=/b ls /b',
        '',
      ].join('\n'),
      want: [
        { line: 1, at: 'node:20', image: 'node:20', kind: 'dockerfile-from' },
        { line: 2, at: 'nginx:latest', image: 'nginx:latest', kind: 'dockerfile-copy-from' },
        { line: 4, at: 'golang', image: 'golang', kind: 'dockerfile-run-mount' },
      ],
    },
    {
      name: 'the escape directive (Windows) and a digest',
      text: `# escape=\`\nFROM mcr.microsoft.com/windows/servercore@${digest}\nRUN dir \`\n  c:\\\n`,
      want: [
        {
          line: 2,
          at: `mcr.microsoft.com/windows/servercore@${digest}`,
          image: `mcr.microsoft.com/windows/servercore@${digest}`,
          kind: 'dockerfile-from',
        },
      ],
    },
    {
      name: 'a registry with a port and no tag',
      text: 'FROM localhost:5000/app\n',
      want: [
        { line: 1, at: 'localhost:5000/app', image: 'localhost:5000/app', kind: 'dockerfile-from' },
      ],
    },
    {
      name: 'comments and blank lines in between',
      text: '# base image\n\n# pinned below\nFROM   python:3.12-slim   AS   py\n',
      want: [
        { line: 4, at: 'python:3.12-slim', image: 'python:3.12-slim', kind: 'dockerfile-from' },
      ],
    },
  ])('$name', ({ text, want }) => {
    expect(scanDockerfile(text).problems).toEqual([])
    expect(uses(text)).toEqual(want)
  })

  test('a stage-scoped ARG reaches COPY --from', () => {
    const text = 'FROM alpine:3 AS a\nARG TOOLS=busybox\nCOPY --from=${TOOLS} /bin/sh /sh\n'
    expect(uses(text)).toContainEqual({
      line: 3,
      at: '${TOOLS}',
      image: 'busybox',
      kind: 'dockerfile-copy-from',
    })
  })

  test('build-args override ARG defaults (deploy mode knows them)', () => {
    const r = scanDockerfile('ARG V=latest\nFROM node:$V\n', { buildArgs: { V: '22' } })
    expect(r.uses.map((u) => u.image)).toEqual(['node:22'])
  })

  test.each([
    { name: 'no FROM at all', text: 'RUN echo hi\nCMD ["x"]\n' },
    { name: 'FROM without an image', text: 'FROM\nRUN echo\n' },
    { name: 'binary content', text: 'FROM x\u0000\u0001' },
  ])('unparsable: $name is a problem, not a crash', ({ text }) => {
    expect(scanDockerfile(text).problems.length).toBeGreaterThan(0)
  })

  test('a multi-stage file judged end to end: what fails, what warns, what is ignored', () => {
    const text = [
      'ARG BASE=node', // 1
      'FROM ${BASE}:20-alpine AS deps', // 2
      'FROM deps AS build', // 3
      '# dock2pod-ignore: the nightly is scanned elsewhere', // 4
      'FROM gcr.io/distroless/static:latest AS nightly', // 5
      'FROM $BASE AS test', // 6
      'FROM scratch', // 7
      'COPY --from=build /a /a', // 8
      'COPY --from=nginx /etc/nginx /etc/nginx', // 9
      '',
    ].join('\n')
    const findings = judgeUses('Dockerfile', text, scanDockerfile(text).uses, {
      denyTags: [],
      allowImages: [],
    })
    expect(findings.map((f) => [f.line, f.column, f.endColumn, f.reason, f.image])).toEqual([
      [6, 6, 11, 'untagged', 'node'],
      [9, 13, 18, 'untagged', 'nginx'],
    ])
    expect(findings[0]!.message).toContain('written $BASE')
  })
})

describe('what cannot be known, said as it is', () => {
  const why = (text: string, buildArgs?: Record<string, string>) =>
    scanDockerfile(text, buildArgs ? { buildArgs } : {}).uses.map((u) => u.unresolved)

  test('a global ARG whose default uses an ARG with no value: the FROM says so', () => {
    const text = 'ARG BASE\nARG IMG=${BASE}:1.0\nFROM ${IMG}\n'
    expect(why(text)).toEqual([
      'the default of $IMG cannot be known ($BASE has no value and no default)',
    ])
    // Given as a build-arg (deploy mode's build-args), the chain resolves.
    expect(scanDockerfile(text, { buildArgs: { BASE: 'node' } }).uses[0]).toMatchObject({
      image: 'node:1.0',
    })
  })

  test('a Dockerfile template: the whole placeholder, said to be filled in before the build', () => {
    const text = [
      'FROM --platform=$BUILDPLATFORM {{ base_image }}:{{ base_tag }} AS build',
      'FROM balenalib/%%BALENA_MACHINE_NAME%%-node:20',
      'FROM build',
      '',
    ].join('\n')
    expect(uses(text)).toEqual([
      {
        line: 1,
        at: '{{ base_image }}:{{ base_tag }}',
        image: '{{ base_image }}:{{ base_tag }}',
        kind: 'dockerfile-from',
        unresolved: true,
      },
      {
        line: 2,
        at: 'balenalib/%%BALENA_MACHINE_NAME%%-node:20',
        image: 'balenalib/%%BALENA_MACHINE_NAME%%-node:20',
        kind: 'dockerfile-from',
        unresolved: true,
      },
      // The stage the template names is still a stage, not an image.
    ])
    expect(why(text)).toEqual([
      'it is filled in by a template before the build',
      'it is filled in by a template before the build',
    ])
    const [first] = judgeUses('Dockerfile.j2', text, scanDockerfile(text).uses, {
      denyTags: [],
      allowImages: [],
    })
    expect(first?.fix).toBe(
      'pin the image where the template is filled in, or add a dock2pod-ignore comment',
    )
  })

  test('an expansion the check does not evaluate is named as written', () => {
    expect(why('ARG TAG=9.4\nFROM quay.io/centos/centos:stream${TAG%%.*}\n')).toEqual([
      '${TAG%%.*} is an expansion the check does not evaluate',
    ])
  })
})

describe('isDockerfileName', () => {
  test.each([
    ['Dockerfile', true],
    ['docker/Dockerfile.prod', true],
    ['api.Dockerfile', true],
    ['Containerfile', true],
    ['build/dockerfile', true],
    ['web.dockerfile', true],
    ['Dockerfile-alpine', true],
    ['Dockerfile_dev', true],
    ['images/base-Containerfile', true],
    ['Containerfile.fedora', true],
    // The word inside another word: a source file about Dockerfiles, not one.
    ['src/DockerfileGenerator.kt', false],
    ['src/MyDockerfileParser', false],
    ['Dockerfile.dockerignore', false],
    ['src/Dockerfile.cs', false],
    ['syntax/dockerfile.vim', false],
    ['Dockerfile.bak', false],
    ['Dockerfile~', false],
    ['docs/Dockerfile.md', false],
    ['src/check/dockerfile.ts', false],
    ['Dockerfile.yaml', false],
    ['Makefile', false],
  ])('%s → %s', (path, want) => expect(isDockerfileName(path)).toBe(want))
})
