import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { parse as parseYaml } from 'yaml'
import {
  DEFAULTS,
  INPUT_NAMES,
  InputError,
  deriveTag,
  parseInputs,
  parseWorkloadLine,
  type RawInputs,
} from '../src/inputs.ts'
import type { RunFacts } from '../src/facts.ts'

const facts = (over: Partial<RunFacts> = {}): RunFacts => ({
  eventName: 'push',
  ref: 'refs/heads/main',
  sha: 'abcdef0123456789abcdef0123456789abcdef01',
  pathKind: (p) =>
    p === 'Dockerfile' || p === 'docker/Dockerfile'
      ? 'file'
      : p === '.' || p === 'docker'
        ? 'dir'
        : undefined,
  ...over,
})

describe('INPUT_NAMES and DEFAULTS copy action.yml', () => {
  const action = parseYaml(readFileSync(new URL('../action.yml', import.meta.url), 'utf8')) as {
    inputs: Record<string, { default?: string }>
  }
  test('every input of action.yml, in its order, and no other', () => {
    expect([...INPUT_NAMES]).toEqual(Object.keys(action.inputs))
  })
  test("every non-empty default of action.yml (github-token's expression is the runner's)", () => {
    const defaults = Object.fromEntries(
      Object.entries(action.inputs)
        .filter(([name, spec]) => (spec.default ?? '') !== '' && name !== 'github-token')
        .map(([name, spec]) => [name, spec.default]),
    )
    expect(DEFAULTS).toEqual(defaults)
  })
})

const raw = (over: Partial<RawInputs> = {}): RawInputs => {
  const r = {} as RawInputs
  for (const n of INPUT_NAMES) r[n] = DEFAULTS[n] ?? ''
  return { ...r, ...over }
}

describe('deriveTag', () => {
  test.each([
    { name: 'semver tag ref', f: { ref: 'refs/tags/v1.2.3' }, tag: 'v1.2.3' },
    { name: 'prerelease tag ref', f: { ref: 'refs/tags/v2.0.0-rc.1' }, tag: 'v2.0.0-rc.1' },
    { name: 'branch → commit', f: {}, tag: 'sha-abcdef0' },
    { name: 'non-version tag ref → commit', f: { ref: 'refs/tags/nightly' }, tag: 'sha-abcdef0' },
    {
      name: 'pull_request → PR head',
      f: { eventName: 'pull_request', ref: 'refs/pull/3/merge', prHeadSha: '1234567fffffff' },
      tag: 'sha-1234567',
    },
  ])('$name', ({ f, tag }) => expect(deriveTag(facts(f))).toBe(tag))

  test('no commit → error naming tag', () => {
    expect(() => deriveTag(facts({ sha: '' }))).toThrow(
      /^Input 'tag': is empty and cannot be derived/,
    )
  })
})

describe('parseInputs builds', () => {
  test('defaults with image: one derived tag on Docker Hub, no deploy', () => {
    const s = parseInputs(raw({ image: 'acme/app' }), facts())
    expect(s.mode).toBe('deploy')
    expect(s.build?.tags).toEqual([{ registry: '', repository: 'acme/app', tag: 'sha-abcdef0' }])
    expect(s.build?.tagDerived).toBe(true)
    expect(s.build?.push).toBe(true)
    expect(s.deploy).toBeUndefined()
  })

  test('several tags, comma or newline, first deployed', () => {
    const s = parseInputs(
      raw({ registry: 'localhost:5000', image: 'app', tag: 'v1, v1.2\nsha-1' }),
      facts(),
    )
    expect(s.build?.tags.map((t) => t.tag)).toEqual(['v1', 'v1.2', 'sha-1'])
    expect(s.build?.imageName).toBe('localhost:5000/app')
  })

  test('full references in tags', () => {
    const s = parseInputs(raw({ tags: 'ghcr.io/acme/app:v1\nacme/app:v1' }), facts())
    expect(s.build?.tags).toEqual([
      { registry: 'ghcr.io', repository: 'acme/app', tag: 'v1' },
      { registry: '', repository: 'acme/app', tag: 'v1' },
    ])
  })

  test.each([
    ['web', { kind: 'Deployment', name: 'web' }],
    ['prod/web', { namespace: 'prod', kind: 'Deployment', name: 'web' }],
    ['deployment/web', { kind: 'Deployment', name: 'web' }],
    ['deploy/web', { kind: 'Deployment', name: 'web' }],
    ['statefulset/db', { kind: 'StatefulSet', name: 'db' }],
    ['sts/db', { kind: 'StatefulSet', name: 'db' }],
    ['daemonset/agent', { kind: 'DaemonSet', name: 'agent' }],
    ['ds/agent', { kind: 'DaemonSet', name: 'agent' }],
    ['prod/sts/db', { namespace: 'prod', kind: 'StatefulSet', name: 'db' }],
    ['prod/deployment/web', { namespace: 'prod', kind: 'Deployment', name: 'web' }],
    // A namespace that is not a kind word stays a namespace.
    ['stsx/db', { namespace: 'stsx', kind: 'Deployment', name: 'db' }],
    ['daemon/agent', { namespace: 'daemon', kind: 'Deployment', name: 'agent' }],
  ])('the deployment line %s names %o', (line, target) => {
    expect(parseWorkloadLine(line)).toEqual(target)
  })

  test('manifests alone make a deploy; force-conflicts goes with them', () => {
    const s = parseInputs(
      raw({
        image: 'acme/app',
        manifests: 'docker\nk8s/*.yaml',
        'force-conflicts': 'true',
        namespace: 'shop',
      }),
      facts(),
    )
    expect(s.deploy).toMatchObject({
      deployments: [],
      manifests: ['docker', 'k8s/*.yaml'],
      forceConflicts: true,
      namespace: 'shop',
    })
  })

  test('deployments, namespaces and durations', () => {
    const s = parseInputs(
      raw({ image: 'acme/app', deployment: 'web\nprod/api', timeout: '90', grace: '1m30s' }),
      facts(),
    )
    expect(s.deploy?.deployments).toEqual([
      { kind: 'Deployment', name: 'web' },
      { namespace: 'prod', kind: 'Deployment', name: 'api' },
    ])
    expect(s.deploy?.timeoutMs).toBe(90_000)
    expect(s.deploy?.graceMs).toBe(90_000)
    expect(s.deploy?.readyGraceMs).toBe(120_000)
    expect(s.deploy?.soakMs).toBe(0)
  })

  test('soak is a duration like the others', () => {
    expect(
      parseInputs(raw({ image: 'a', deployment: 'web', soak: '20s' }), facts()).deploy?.soakMs,
    ).toBe(20_000)
    expect(
      parseInputs(raw({ image: 'a', deployment: 'web', soak: '5m' }), facts()).deploy?.soakMs,
    ).toBe(300_000)
  })

  test('deploy-only with image-ref', () => {
    const s = parseInputs(raw({ 'image-ref': 'ghcr.io/acme/app:v1', deployment: 'web' }), facts())
    expect(s.build).toBeUndefined()
    expect(s.imageRef).toEqual({ registry: 'ghcr.io', repository: 'acme/app', tag: 'v1' })
  })

  test('check mode with scope derived from the event', () => {
    expect(
      parseInputs(raw({ mode: 'check' }), facts({ eventName: 'pull_request' })).check?.scope,
    ).toBe('changed')
    expect(parseInputs(raw({ mode: 'check' }), facts()).check?.scope).toBe('all')
  })

  test('built-images: notice by default, error when asked', () => {
    expect(parseInputs(raw({ mode: 'check' }), facts()).check?.builtImages).toBe('notice')
    expect(
      parseInputs(raw({ mode: 'check', 'built-images': 'error' }), facts()).check?.builtImages,
    ).toBe('error')
  })
})

describe('parseInputs refuses', () => {
  test.each([
    { input: 'mode', over: { mode: 'ship' }, msg: /"ship" is not a mode/ },
    {
      input: 'tag',
      over: { image: 'acme/app', tag: 'latest' },
      msg: /"latest" is not allowed; use a version or the commit SHA/,
    },
    { input: 'tag', over: { image: 'acme/app', tag: 'v1,latest' }, msg: /"latest" is not allowed/ },
    { input: 'tag', over: { image: 'acme/app', tag: '-bad' }, msg: /not a valid tag/ },
    {
      input: 'tag',
      over: { image: 'acme/app', tag: 'main', 'deny-tags': 'main,dev' },
      msg: /refused by deny-tags/,
    },
    { input: 'image', over: {}, msg: /is required to build/ },
    { input: 'image', over: { image: 'Acme/App' }, msg: /must be lowercase/ },
    { input: 'image', over: { image: 'acme/app:v1' }, msg: /has a tag or digest/ },
    { input: 'image', over: { image: 'ghcr.io/acme/app' }, msg: /starts with a host/ },
    {
      input: 'registry',
      over: { image: 'a', registry: 'https://ghcr.io' },
      msg: /has a scheme; give the host alone, e.g. ghcr.io/,
    },
    { input: 'registry', over: { image: 'a', registry: 'ghcr.io/acme' }, msg: /has a path/ },
    { input: 'registry', over: { image: 'a', registry: 'host:99999' }, msg: /not a host/ },
    { input: 'tags', over: { image: 'a', tags: 'r.io/a:1' }, msg: /together with image/ },
    { input: 'tags', over: { tags: 'r.io/a' }, msg: /has no tag/ },
    { input: 'tags', over: { tags: 'r.io/a:latest' }, msg: /"latest" is not allowed/ },
    {
      input: 'dockerfile',
      over: { image: 'a', dockerfile: 'nope/Dockerfile' },
      msg: /"nope\/Dockerfile" is not a file/,
    },
    { input: 'context', over: { image: 'a', context: 'missing' }, msg: /is not a directory/ },
    {
      input: 'build-args',
      over: { image: 'a', 'build-args': 'A=1\nNOEQUALS' },
      msg: /"NOEQUALS" is not KEY=VALUE/,
    },
    { input: 'labels', over: { image: 'a', labels: '=x' }, msg: /is not KEY=VALUE/ },
    { input: 'platforms', over: { image: 'a', platforms: 'amd64' }, msg: /os\/arch/ },
    { input: 'no-cache', over: { image: 'a', 'no-cache': 'yes' }, msg: /not a boolean/ },
    {
      input: 'push',
      over: { image: 'a', push: 'false', deployment: 'web' },
      msg: /can only pull an image that was pushed/,
    },
    { input: 'password', over: { image: 'a', username: 'u' }, msg: /give both or neither/ },
    {
      input: 'image-ref',
      over: { 'image-ref': 'acme/app', deployment: 'web' },
      msg: /neither a tag nor a digest/,
    },
    {
      input: 'image-ref',
      over: { 'image-ref': 'acme/app:latest', deployment: 'web' },
      msg: /"latest" is not allowed/,
    },
    {
      input: 'image',
      over: { 'image-ref': 'acme/app:1', image: 'x', deployment: 'web' },
      msg: /together with image-ref/,
    },
    { input: 'image-ref', over: { 'image-ref': 'acme/app:1' }, msg: /nothing to deploy it to/ },
    {
      input: 'deployment',
      over: { image: 'a', deployment: 'Web' },
      msg: /not a valid Deployment name/,
    },
    {
      input: 'deployment',
      over: { image: 'a', deployment: 'a/b/c' },
      msg: /"b" is not a workload kind/,
    },
    {
      input: 'deployment',
      over: { image: 'a', deployment: 'prod/sts/db/x' },
      msg: /not name, namespace\/name, kind\/name or namespace\/kind\/name/,
    },
    { input: 'deployment', over: { image: 'a', deployment: 'sts/' }, msg: /kind\/name/ },
    {
      input: 'manifests',
      over: { image: 'a', manifests: 'k8s' },
      msg: /"k8s" is not a file or folder in the workspace/,
    },
    {
      input: 'manifests',
      over: { image: 'a', manifests: '../secrets' },
      msg: /outside the workspace/,
      pathKind: 'outside' as const,
    },
    {
      input: 'force-conflicts',
      over: { image: 'a', deployment: 'web', 'force-conflicts': 'true' },
      msg: /manifests is empty/,
    },
    {
      input: 'push',
      over: { image: 'a', manifests: 'docker', push: 'false' },
      msg: /manifests is set/,
    },
    { input: 'deployment', over: { image: 'a', deployment: 'Prod/web' }, msg: /namespace "Prod"/ },
    {
      input: 'namespace',
      over: { image: 'a', deployment: 'web', namespace: 'my_ns' },
      msg: /not a valid Kubernetes name/,
    },
    {
      input: 'container',
      over: { image: 'a', deployment: 'web', container: 'App' },
      msg: /not a valid Kubernetes name/,
    },
    { input: 'timeout', over: { image: 'a', deployment: 'web', timeout: '-5s' }, msg: /negative/ },
    {
      input: 'timeout',
      over: { image: 'a', deployment: 'web', timeout: '0' },
      msg: /longer than 0s/,
    },
    {
      input: 'timeout',
      over: { image: 'a', deployment: 'web', timeout: '100h' },
      msg: /longer than the 6 h/,
    },
    {
      input: 'grace',
      over: { image: 'a', deployment: 'web', grace: 'soon' },
      msg: /not a duration/,
    },
    {
      input: 'soak',
      over: { image: 'a', deployment: 'web', soak: 'a while' },
      msg: /not a duration/,
    },
    {
      input: 'soak',
      over: { image: 'a', deployment: 'web', soak: '7h' },
      msg: /longer than the 6 h/,
    },
    { input: 'soak', over: { image: 'a', soak: '1m' }, msg: /deployment is empty/ },
    {
      input: 'rollback',
      over: { image: 'a', deployment: 'web', rollback: 'maybe' },
      msg: /not a boolean/,
    },
    { input: 'namespace', over: { image: 'a', namespace: 'prod' }, msg: /deployment is empty/ },
    { input: 'image', over: { mode: 'check', image: 'a' }, msg: /mode is check/ },
    { input: 'scope', over: { image: 'a', scope: 'all' }, msg: /belongs to mode: check/ },
    { input: 'scope', over: { mode: 'check', scope: 'some' }, msg: /not a scope/ },
    {
      input: 'base-image-policy',
      over: { image: 'a', 'base-image-policy': 'fail' },
      msg: /not a policy/,
    },
    { input: 'deny-tags', over: { mode: 'check', 'deny-tags': 'ok,-x' }, msg: /not a valid tag/ },
    {
      input: 'built-images',
      over: { mode: 'check', 'built-images': 'warn' },
      msg: /"warn" is not a level; use notice or error/,
    },
    {
      input: 'built-images',
      over: { image: 'a', 'built-images': 'error' },
      msg: /belongs to mode: check/,
    },
  ])('$input: $msg', (c) => {
    const { input, over, msg } = c
    const outside =
      'pathKind' in c
        ? {
            pathKind: (p: string) => (p === '.' ? 'dir' : p === 'Dockerfile' ? 'file' : c.pathKind),
          }
        : {}
    let err: unknown
    try {
      parseInputs(raw(over as Partial<RawInputs>), facts(outside as Partial<RunFacts>))
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(InputError)
    expect((err as InputError).input).toBe(input)
    expect((err as InputError).message).toMatch(new RegExp(`^Input '${input}': `))
    expect((err as InputError).message).toMatch(msg)
  })
})

test('username/password in a deploy-only run are the credentials to resolve image-ref', () => {
  const s = parseInputs(
    raw({ 'image-ref': 'ghcr.io/acme/app:v1', deployment: 'web', username: 'u', password: 'p' }),
    facts(),
  )
  expect(s.imageRefLogin).toEqual({ registry: 'ghcr.io', username: 'u', password: 'p' })
  expect(() =>
    parseInputs(
      raw({ 'image-ref': 'ghcr.io/acme/app:v1', deployment: 'web', username: 'u' }),
      facts(),
    ),
  ).toThrow(/^Input 'password': is empty but username is set/)
})

describe('secret ids: A-Z a-z 0-9 _ . - only', () => {
  // The id goes into `--secret id=…,env=…`: a comma or '=' in it would add fields.
  test.each(['x,env=INPUT_PASSWORD', 'x,src=/etc/shadow', 'a b', 'id\n', 'ünï', '$(id)', 'x;y'])(
    '%j is refused',
    (id) => {
      expect(() => parseInputs(raw({ image: 'a', secrets: `"${id}=value"` }), facts())).toThrow(
        /^Input 'secrets': the id ".*" may hold only A-Z a-z 0-9 _ \. -/s,
      )
    },
  )

  test.each(['NPM_TOKEN', 'github.token', 'a-b', '0'])('%j is accepted, any value', (id) => {
    const s = parseInputs(raw({ image: 'a', secrets: `${id}=v,a=l=u=e` }), facts())
    expect(s.build?.secrets).toEqual([`${id}=v,a=l=u=e`])
  })
})
