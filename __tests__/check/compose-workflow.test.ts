import { describe, expect, test } from 'vitest'
import { composeBuiltServices, composePartnerNames, parseDotEnv } from '../../src/check/compose.ts'
import { judgeUses } from '../../src/check/findings.ts'
import { scanFile } from '../../src/check/scan.ts'
import { matrixCombos } from '../../src/check/workflow.ts'
import { get, parseYamlStream } from '../../src/check/yaml-nodes.ts'
import { substituteVariables, unresolvedReason } from '../../src/check/variables.ts'
import { textAt } from './helpers.ts'

function uses(path: string, text: string) {
  const r = scanFile(path, text)
  expect(r.problems).toEqual([])
  return r.uses.map((u) => ({
    line: u.line,
    at: textAt(text, u),
    image: u.image,
    kind: u.kind,
    ...(u.unresolved ? { unresolved: true } : {}),
  }))
}

describe('compose', () => {
  test('services.*.image: tags, defaults, merge keys, $$ and unset variables', () => {
    const text = [
      'x-base: &base', // 1
      '  image: postgres', // 2
      '  restart: always',
      'services:',
      '  db:',
      '    <<: *base',
      '  web:',
      '    build: .',
      '    image: ghcr.io/acme/web:${TAG:-latest}', // 9
      '  api:',
      '    image: "api:${API_TAG}"', // 11
      '  cache:',
      '    image: redis:7.2', // 13
      '  worker:',
      '    build: ./worker', // no image: compose names it itself
      '',
    ].join('\n')
    expect(uses('docker-compose.yml', text)).toEqual([
      { line: 2, at: 'postgres', image: 'postgres', kind: 'compose-service' },
      {
        line: 9,
        at: 'ghcr.io/acme/web:${TAG:-latest}',
        image: 'ghcr.io/acme/web:latest',
        kind: 'compose-service',
      },
      {
        line: 11,
        at: 'api:${API_TAG}',
        image: 'api:${API_TAG}',
        kind: 'compose-service',
        unresolved: true,
      },
      { line: 13, at: 'redis:7.2', image: 'redis:7.2', kind: 'compose-service' },
    ])
  })

  test.each([
    ['compose.yaml', true],
    ['deploy/docker-compose.prod.yml', true],
    ['stack.yml', true], // read by its content: a services map
  ])('%s is read as compose', (path) => {
    expect(scanFile(path, 'services:\n  a:\n    image: nginx\n').readAs).toEqual(['compose file'])
  })

  test('a YAML with a services key that is not compose-shaped is not compose', () => {
    expect(scanFile('config.yml', 'services:\n  - a\n  - b\n').readAs).toEqual([])
  })
})

describe("compose's override file", () => {
  test('partner names: a default file and its override, each way; no partner for other names', () => {
    expect(composePartnerNames('app/docker-compose.yml')).toContain('docker-compose.override.yml')
    expect(composePartnerNames('compose.override.yaml')).toContain('compose.yaml')
    expect(composePartnerNames('deploy/compose.prod.yaml')).toEqual([])
  })

  test('an image whose build: is in the override is built here: a notice, not an error', () => {
    const base = 'services:\n  web:\n    image: acme/web\n  db:\n    image: postgres\n'
    const override = 'services:\n  web:\n    build: .\n'
    const partner = { file: 'docker-compose.override.yml', built: composeBuiltServices(override) }
    const scan = scanFile('docker-compose.yml', base, { composePartner: partner })
    const found = judgeUses('docker-compose.yml', base, scan.uses, {
      denyTags: [],
      allowImages: [],
    })
    expect(found.map((f) => [f.line, f.severity, f.message])).toEqual([
      [
        3,
        'notice',
        'services.web.image: acme/web has no tag, which means :latest; built locally: services.web has build: in docker-compose.override.yml',
      ],
      [5, 'error', 'services.db.image: postgres has no tag, which means :latest'],
    ])
  })
})

describe("compose's .env", () => {
  test('parseDotEnv reads what compose reads: export, quotes, comments, earlier variables', () => {
    const text = [
      '# versions',
      'export TAG="1.4.2"',
      'PG=16.3 # pinned',
      "LITERAL='a ${TAG} b'",
      'IMAGE=ghcr.io/acme/web:${TAG}',
      'EMPTY=',
      'BROKEN="no end',
      'UNSET_REF=${NOT_HERE}',
      'CRLF=1\r',
      'not a line',
    ].join('\n')
    expect(Object.fromEntries(parseDotEnv(text))).toEqual({
      TAG: '1.4.2',
      PG: '16.3',
      LITERAL: 'a ${TAG} b',
      IMAGE: 'ghcr.io/acme/web:1.4.2',
      EMPTY: '',
      CRLF: '1',
    })
  })

  const compose = [
    'services:',
    '  web:',
    '    image: ghcr.io/acme/web:${TAG:-latest}', // 3
    '  db:',
    '    image: postgres:${PG}', // 5
    '  cache:',
    '    image: redis:${REDIS_TAG}', // 7
    '',
  ].join('\n')
  const judge = (vars: Record<string, string>) => {
    const dotEnv = { file: 'app/.env', vars: new Map(Object.entries(vars)) }
    const scan = scanFile('app/compose.yaml', compose, { dotEnv })
    return judgeUses('app/compose.yaml', compose, scan.uses, { denyTags: [], allowImages: [] })
  }

  test('a value from .env comes before the default; a variable it does not set stays unknown', () => {
    const found = judge({ TAG: '1.4.2', PG: '16.3' })
    expect(found.map((f) => [f.line, f.severity])).toEqual([[7, 'warning']])
    expect(found[0]!.message).toContain(
      '$REDIS_TAG has no default in the file and no value in app/.env',
    )
  })

  test('.env setting latest fails, and the message says where the tag came from', () => {
    const found = judge({ TAG: 'latest', PG: '16.3', REDIS_TAG: '7.2' })
    expect(found.map((f) => [f.line, f.severity, f.image])).toEqual([
      [3, 'error', 'ghcr.io/acme/web:latest'],
    ])
    expect(found[0]!.message).toBe(
      'services.web.image: ghcr.io/acme/web:latest uses the mutable tag :latest (written ghcr.io/acme/web:${TAG:-latest}; TAG=latest from app/.env)',
    )
  })

  test('without .env, the default decides, as before', () => {
    const scan = scanFile('app/compose.yaml', compose)
    expect(scan.uses.map((u) => u.image)).toEqual([
      'ghcr.io/acme/web:latest',
      'postgres:${PG}',
      'redis:${REDIS_TAG}',
    ])
  })
})

describe('GitHub workflows', () => {
  const text = [
    'on: pull_request', // 1
    'jobs:',
    '  build:',
    '    runs-on: ubuntu-24.04',
    '    container: node:latest', // 5
    '    services:',
    '      db:',
    '        image: postgres', // 8
    '      cache: redis:7', // 9
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - uses: docker://alpine:3.20', // 12
    '      - name: lint',
    "        uses: 'docker://hadolint/hadolint'", // 14
    '  e2e:',
    '    runs-on: ubuntu-24.04',
    '    strategy: {matrix: {img: [a, b]}}',
    '    container:',
    '      image: ${{ inputs.img }}', // 19
    '      credentials: {username: u}',
    '',
  ].join('\n')

  test('job containers, service containers, docker:// steps, expressions', () => {
    expect(uses('.github/workflows/ci.yml', text)).toEqual([
      { line: 5, at: 'node:latest', image: 'node:latest', kind: 'workflow-container' },
      { line: 8, at: 'postgres', image: 'postgres', kind: 'workflow-service' },
      { line: 9, at: 'redis:7', image: 'redis:7', kind: 'workflow-service' },
      { line: 12, at: 'alpine:3.20', image: 'alpine:3.20', kind: 'workflow-step' },
      { line: 14, at: 'hadolint/hadolint', image: 'hadolint/hadolint', kind: 'workflow-step' },
      {
        line: 19,
        at: '${{ inputs.img }}',
        image: '${{ inputs.img }}',
        kind: 'workflow-container',
        unresolved: true,
      },
    ])
  })

  describe("the job's own matrix", () => {
    const job = (strategy: string[], container: string) =>
      [
        'on: push',
        'jobs:',
        '  test:',
        '    runs-on: ubuntu-24.04',
        '    strategy:',
        '      matrix:',
        ...strategy.map((l) => `        ${l}`),
        `    container: ${container}`,
        '',
      ].join('\n')
    const judged = (text: string) => {
      const scan = scanFile('.github/workflows/ci.yml', text)
      const found = judgeUses('.github/workflows/ci.yml', text, scan.uses, {
        denyTags: [],
        allowImages: [],
      })
      return {
        images: scan.uses.map((u) => u.image),
        found: found.map((f) => [f.severity, f.image, f.message]),
      }
    }

    test('each value is judged; exclude drops one, include adds one', () => {
      const text = job(
        [
          'node: [20, 22, latest]',
          'os: [bookworm]',
          'exclude: [{node: latest}]',
          'include: [{node: 18, os: bullseye}]',
        ],
        'node:${{ matrix.node }}-${{ matrix.os }}',
      )
      expect(judged(text)).toEqual({
        images: ['node:20-bookworm', 'node:22-bookworm', 'node:18-bullseye'],
        found: [],
      })
    })

    test('a mutable value fails on the container line, saying which value', () => {
      const text = job(['image: ["redis:7.2", redis]'], '${{ matrix.image }}')
      expect(judged(text).found).toEqual([
        [
          'error',
          'redis',
          'jobs.test.container: redis has no tag, which means :latest (written ${{ matrix.image }}; matrix.image = redis)',
        ],
      ])
    })

    test('include adds keys to the combinations it keeps, or a combination of its own', () => {
      const text = job(
        ['os: [a, b]', 'include:', '  - {os: a, tag: "1"}', '  - {os: c, tag: "2"}'],
        'img:${{ matrix.tag }}',
      )
      const doc = parseYamlStream(text).docs[0]!
      const job0 = get(get(doc.contents, doc, 'jobs'), doc, 'test')
      expect(matrixCombos(job0, doc)).toEqual([
        { os: 'a', tag: '1' },
        { os: 'b' },
        { os: 'c', tag: '2' },
      ])
      // os b got no tag: GitHub gives it an empty one, which the check does not guess.
      expect(judged(text).images).toEqual(['img:${{ matrix.tag }}'])
      const only = job(['include:', '  - {tag: "1"}', '  - {tag: "2"}'], 'img:${{ matrix.tag }}')
      expect(judged(only).images).toEqual(['img:1', 'img:2'])
    })

    test('values not written out stay unknown: a fromJSON matrix, a key not in it, another expression', () => {
      for (const [strategy, container] of [
        [['image: ${{ fromJSON(needs.a.outputs.list) }}'], '${{ matrix.image }}'],
        [['node: [20]'], 'postgres:${{ matrix.pg }}'],
        [['node: [20]'], 'node:${{ matrix.node }}-${{ env.OS }}'],
        // Not a key of the matrix, though every object has it.
        [['node: [20]'], 'node:${{ matrix.constructor }}'],
      ] as const) {
        const [f] = judged(job([...strategy], container)).found
        expect(f?.[0]).toBe('warning')
        expect(f?.[2]).toContain('it is set at run time by an expression')
      }
    })

    test('numbers as GitHub hands them to expressions: 3.10 is 3.1', () => {
      expect(judged(job(['py: [3.10, "3.12"]'], 'python:${{ matrix.py }}')).images).toEqual([
        'python:3.1',
        'python:3.12',
      ])
    })
  })

  test('the same file outside .github/workflows is not a workflow', () => {
    expect(scanFile('docs/ci.yml', text).uses).toEqual([])
  })

  test('a Docker container action names its image in runs.image', () => {
    const action = "name: x\nruns:\n  using: docker\n  image: 'docker://ghcr.io/acme/tool:latest'\n"
    expect(uses('action.yml', action)).toEqual([
      {
        line: 4,
        at: 'ghcr.io/acme/tool:latest',
        image: 'ghcr.io/acme/tool:latest',
        kind: 'action-image',
      },
    ])
    expect(uses('action.yml', 'runs:\n  using: docker\n  image: Dockerfile\n')).toEqual([])
  })

  test("a composite action's docker:// steps", () => {
    const action = [
      'runs:',
      '  using: composite',
      '  steps:',
      '    - uses: actions/checkout@v4',
      '    - name: lint',
      '      uses: docker://hadolint/hadolint', // 6
      '    - uses: docker://alpine:3.20', // 7
      '',
    ].join('\n')
    expect(uses('sub/action.yaml', action)).toEqual([
      { line: 6, at: 'hadolint/hadolint', image: 'hadolint/hadolint', kind: 'action-image' },
      { line: 7, at: 'alpine:3.20', image: 'alpine:3.20', kind: 'action-image' },
    ])
  })
})

describe('substituteVariables', () => {
  const env: Record<string, string> = { SET: 'v', EMPTY: '' }
  const lookup = (n: string) => env[n]
  test.each([
    { text: '$SET/${SET}', value: 'v/v', unresolved: [] },
    { text: '${UNSET:-d}|${EMPTY:-d}|${EMPTY-d}|${UNSET-d}', value: 'd|d||d', unresolved: [] },
    { text: '${SET:+alt}|${UNSET:+alt}|${EMPTY+alt}', value: 'alt||alt', unresolved: [] },
    { text: 'a:${UNSET}', value: 'a:', unresolved: ['UNSET'] },
    { text: '${UNSET:-${SET}x}', value: 'vx', unresolved: [] },
    { text: '${UNSET:?must be set}', value: '', unresolved: ['UNSET'] },
    { text: 'price $5', value: 'price $5', unresolved: [] },
  ])('$text', ({ text, value, unresolved }) => {
    expect(substituteVariables(text, lookup)).toEqual({ value, unresolved, unsupported: [] })
  })
  test('a form not evaluated here is reported as written, not as a variable with no value', () => {
    const sub = substituteVariables('stream${SET%%.*}-${UNSET}', lookup)
    expect(sub).toEqual({ value: 'stream-', unresolved: ['UNSET'], unsupported: ['${SET%%.*}'] })
    expect(unresolvedReason(sub, 'no value and no default')).toBe(
      '$UNSET has no value and no default; ${SET%%.*} is an expansion the check does not evaluate',
    )
  })
  test('escapes: \\$ in Dockerfiles, $$ in compose', () => {
    expect(substituteVariables('\\$SET', lookup, { escape: '\\' }).value).toBe('$SET')
    expect(substituteVariables('$$SET', lookup, { dollarDollar: true }).value).toBe('$SET')
  })
})
