// The workflows we publish cannot drift from the action: every workflow under
// examples/ and .github/workflows/, and every YAML block of the README that uses
// dock2pod, gives dock2pod only inputs that action.yml has, in combinations the
// interface allows, and pins every third-party action by commit SHA with a version.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { parse } from 'yaml'
import { ROOT } from '../../testbed/action-runner.ts'
import {
  dock2podInputProblems,
  isDock2pod,
  parseWorkflow,
  permissionProblems,
  pinProblems,
  yamlBlocks,
  type ActionInputs,
  type ParsedWorkflow,
} from '../../scripts/workflow-audit.ts'
import { listWorkflowFiles } from '../../scripts/workflow-files.ts'

const inputs: ActionInputs = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')).inputs
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8')
const { workflows, others } = listWorkflowFiles(ROOT)

interface Source {
  name: string
  wf: ParsedWorkflow
  /** README fragments are not whole workflows. */
  fragment: boolean
}

const sources: Source[] = [
  ...workflows.map((file) => ({ name: file, wf: parseWorkflow(read(file)), fragment: false })),
  ...['README.md', 'examples/README.md'].flatMap((md) =>
    yamlBlocks(read(md))
      .map((b) => ({ name: `${md}:${b.line}`, wf: parseWorkflow(b.text), fragment: true }))
      .filter((s) => s.wf.uses.some((u) => isDock2pod(u.value))),
  ),
]

describe('the workflows we publish', () => {
  test('are found: every example, the CI workflows, the README blocks', () => {
    const exampleWorkflows = workflows.filter((f) => f.startsWith('examples/'))
    expect(exampleWorkflows.length).toBeGreaterThanOrEqual(9)
    expect(workflows).toContain('.github/workflows/ci.yml')
    expect(sources.filter((s) => s.name.startsWith('README.md:')).length).toBeGreaterThanOrEqual(2)
    // Anything else under examples/ is a Kubernetes manifest, not a mistyped workflow.
    for (const file of others) {
      for (const doc of read(file)
        .split(/^---$/m)
        .filter((d) => d.trim())) {
        expect(parse(doc), file).toMatchObject({
          apiVersion: expect.any(String),
          kind: expect.any(String),
        })
      }
    }
  })

  test.each(sources.map((s) => [s.name, s] as const))(
    '%s: dock2pod inputs exist and fit',
    (_, s) => {
      const steps = s.wf.uses.filter((u) => isDock2pod(u.value))
      const problems = steps.flatMap((u) =>
        dock2podInputProblems(u.with, inputs).map((p) => `line ${u.line}: ${p}`),
      )
      expect(problems).toEqual([])
    },
  )

  test.each(sources.map((s) => [s.name, s] as const))('%s: actions pinned by SHA', (_, s) => {
    expect(s.wf.uses.flatMap(pinProblems)).toEqual([])
  })

  test.each(sources.filter((s) => !s.fragment).map((s) => [s.name, s] as const))(
    '%s: least-privilege permissions',
    (_, s) => {
      expect(permissionProblems(s.wf)).toEqual([])
    },
  )

  test('every example uses dock2pod, and examples/README.md indexes each file', () => {
    const index = read('examples/README.md')
    for (const file of workflows.filter((f) => f.startsWith('examples/'))) {
      const wf = sources.find((s) => s.name === file)!.wf
      expect(
        wf.uses.some((u) => isDock2pod(u.value)),
        `${file} uses dock2pod`,
      ).toBe(true)
      expect(index, `examples/README.md links ${file}`).toContain(
        `(${file.slice('examples/'.length)})`,
      )
    }
    for (const file of others) expect(index).toContain(`(${file.slice('examples/'.length)})`)
  })

  test('one action, one pin: the same SHA and version everywhere', () => {
    const pins = new Map<string, Set<string>>()
    for (const s of sources)
      for (const u of s.wf.uses) {
        if (isDock2pod(u.value) || !u.value.includes('@')) continue
        const action = u.value.slice(0, u.value.lastIndexOf('@'))
        const pin = `${u.value.slice(u.value.lastIndexOf('@') + 1)} # ${u.comment ?? ''}`
        pins.set(action, (pins.get(action) ?? new Set()).add(pin))
      }
    const drift = [...pins]
      .filter(([, set]) => set.size > 1)
      .map(([a, set]) => `${a}: ${[...set].join(' | ')}`)
    expect(drift).toEqual([])
  })
})

describe('the checks themselves catch', () => {
  const one = (yaml: string) => parseWorkflow(yaml)
  const dock2podWith = (yaml: string) =>
    dock2podInputProblems(one(yaml).uses.find((u) => isDock2pod(u.value))!.with, inputs)
  const job = (steps: string, perms = 'permissions:\n  contents: read\n') =>
    `on: push\n${perms}jobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`

  test.each([
    [
      'an unknown input',
      '      - uses: acme/dock2pod@v1\n        with: {image: a, deploymnet: web}',
      /"deploymnet" is not an input/,
    ],
    [
      'a build input in check mode',
      '      - uses: ./\n        with: {mode: check, image: a}',
      /"image" is a build\/deploy input/,
    ],
    [
      'a check input in deploy mode',
      '      - uses: ./\n        with: {image: a, scope: all}',
      /"scope" belongs to mode: check/,
    ],
    [
      'image-ref with a build input',
      '      - uses: ./\n        with: {image-ref: a:1, deployment: w, dockerfile: D}',
      /"dockerfile" builds/,
    ],
    [
      'image-ref without a deployment',
      '      - uses: ./\n        with: {image-ref: a:1}',
      /without a deployment/,
    ],
    [
      'a build without image or tags',
      '      - uses: ./\n        with: {deployment: web}',
      /a build needs "image"/,
    ],
    [
      'tags together with image',
      '      - uses: ./\n        with: {tags: r/a:1, image: a}',
      /"tags" and "image"/,
    ],
  ])('%s', (_, steps, problem) => {
    expect(dock2podWith(job(steps)).join('\n')).toMatch(problem)
  })

  test('a valid deploy, build-only, deploy-only and check pass', () => {
    for (const w of [
      '{image: a, deployment: web}',
      '{tags: "ghcr.io/a:1", deployment: web}',
      '{image: a}',
      '{image-ref: "a:1", deployment: web}',
      '{mode: check, deny-tags: main}',
    ])
      expect(dock2podWith(job(`      - uses: ./\n        with: ${w}`)), w).toEqual([])
  })

  test.each([
    ['a tag', '      - uses: actions/checkout@v4', /not by a 40-hex commit SHA/],
    ['a branch', '      - uses: docker/login-action@master # v3', /not by a 40-hex commit SHA/],
    [
      'a SHA without a version comment',
      '      - uses: docker/login-action@74a5d142397b4f367a81961eba4e8cd7edddf772',
      /no version comment/,
    ],
    [
      'a SHA with a comment that is no version',
      '      - uses: docker/login-action@74a5d142397b4f367a81961eba4e8cd7edddf772 # pinned',
      /no version comment/,
    ],
    ['no ref at all', '      - uses: docker/login-action', /has no ref/],
    ['an image without a digest', '      - uses: docker://alpine:3.20', /without a digest/],
  ])('an unpinned action: %s', (_, steps, problem) => {
    expect(one(job(steps)).uses.flatMap(pinProblems).join('\n')).toMatch(problem)
  })

  test('pinned, local and dock2pod references pass', () => {
    const wf = one(
      job(
        [
          '      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1',
          '      - uses: ./',
          '        with: {mode: check}',
          '      - uses: ./.github/actions/local',
          '      - uses: acme/dock2pod@v1',
          '        with: {mode: check}',
        ].join('\n'),
      ),
    )
    expect(wf.uses).toHaveLength(4)
    expect(wf.uses.flatMap(pinProblems)).toEqual([])
  })

  test.each([
    ['no permissions at all', '', /default token permissions/],
    ['write-all', 'permissions: write-all\n', /write-all/],
    ['id-token without an OIDC login', 'permissions:\n  id-token: write\n', /no OIDC action/],
  ])('permissions: %s', (_, perms, problem) => {
    const wf = one(job('      - run: "true"', perms))
    expect(permissionProblems(wf).join('\n')).toMatch(problem)
  })

  test('an OIDC login without id-token: write', () => {
    const wf = one(
      job('      - uses: azure/login@a641126d1b8aa4d1fa005f4f92df94a3a4c4c906 # v3.1.0'),
    )
    expect(permissionProblems(wf).join('\n')).toMatch(/no id-token: write/)
  })
})
