// Table tests: options → argv, one row per input, as build-push-action's context tests.
import { describe, expect, test } from 'vitest'
import {
  buildxArgs,
  dockerBuildArgs,
  dockerPushArgs,
  ghaCacheEnv,
  ociLabels,
  secretEnv,
  unsupportedInput,
  type BuildCapabilities,
  type BuildOptions,
} from '../../src/image-build/buildx-args.ts'
import type { BuildSettings } from '../../src/inputs.ts'

const settings = (over: Partial<BuildSettings> = {}): BuildSettings => ({
  dockerfile: 'Dockerfile',
  context: '.',
  tags: [{ registry: 'ghcr.io', repository: 'acme/app', tag: 'v1.2.3' }],
  imageName: 'ghcr.io/acme/app',
  tagDerived: false,
  buildArgs: [],
  labels: [],
  target: '',
  platforms: [],
  cacheFrom: [],
  cacheTo: [],
  secrets: [],
  noCache: false,
  pull: false,
  provenance: '',
  sbom: '',
  push: true,
  ...over,
})

const opts = (
  over: Partial<BuildSettings> = {},
  oci: Partial<BuildOptions['oci']> = {},
): BuildOptions => ({
  build: settings(over),
  metadataFile: '/tmp/meta.json',
  oci: { created: '2024-05-01T12:00:00.000Z', ...oci },
})

const BUILDX: BuildCapabilities = { buildx: true, attestations: true }
const OLD_BUILDX: BuildCapabilities = { buildx: true, attestations: false }
const NO_BUILDX: BuildCapabilities = { buildx: false, attestations: false }

// prettier-ignore
const head = ['buildx', 'build', '--progress', 'plain', '--file', 'Dockerfile', '--tag', 'ghcr.io/acme/app:v1.2.3']
// prettier-ignore
const created = ['--label', 'org.opencontainers.image.created=2024-05-01T12:00:00.000Z']
// prettier-ignore
const tailPush = ['--metadata-file', '/tmp/meta.json', '--push', '--', '.']

describe('buildxArgs', () => {
  // prettier-ignore
  test.each([
    { name: 'defaults', o: opts(), argv: [...head, ...created, ...tailPush] },
    {
      name: 'dockerfile and context',
      o: opts({ dockerfile: 'docker/app.Dockerfile', context: 'app' }),
      argv: ['buildx', 'build', '--progress', 'plain', '--file', 'docker/app.Dockerfile', '--tag', 'ghcr.io/acme/app:v1.2.3', ...created, '--metadata-file', '/tmp/meta.json', '--push', '--', 'app'],
    },
    {
      name: 'several tags, Docker Hub and a port',
      o: opts({
        tags: [
          { registry: '', repository: 'acme/app', tag: 'v1' },
          { registry: 'localhost:5000', repository: 'team/app', tag: 'sha-abc1234' },
        ],
      }),
      argv: ['buildx', 'build', '--progress', 'plain', '--file', 'Dockerfile', '--tag', 'acme/app:v1', '--tag', 'localhost:5000/team/app:sha-abc1234', ...created, ...tailPush],
    },
    {
      name: 'build-args verbatim, one argument each',
      o: opts({ buildArgs: ['A=$(touch /tmp/x)', 'B=say "hi"\nthen \'bye\'', 'C=a=b'] }),
      argv: [...head, '--build-arg', 'A=$(touch /tmp/x)', '--build-arg', 'B=say "hi"\nthen \'bye\'', '--build-arg', 'C=a=b', ...created, ...tailPush],
    },
    {
      name: 'OCI labels from the workflow, then the labels input',
      o: opts({ labels: ['team=core', 'note=a b'] }, { source: 'https://github.com/acme/app', revision: 'abc123' }),
      argv: [...head, '--label', 'org.opencontainers.image.source=https://github.com/acme/app', '--label', 'org.opencontainers.image.revision=abc123', ...created, '--label', 'team=core', '--label', 'note=a b', ...tailPush],
    },
    {
      name: 'a label input overrides the OCI label of the same key',
      o: opts({ labels: ['org.opencontainers.image.source=https://example.com/x'] }, { source: 'https://github.com/acme/app' }),
      argv: [...head, ...created, '--label', 'org.opencontainers.image.source=https://example.com/x', ...tailPush],
    },
    { name: 'target', o: opts({ target: 'runtime' }), argv: [...head, ...created, '--target', 'runtime', ...tailPush] },
    {
      name: 'platforms joined',
      o: opts({ platforms: ['linux/amd64', 'linux/arm64/v8'] }),
      argv: [...head, ...created, '--platform', 'linux/amd64,linux/arm64/v8', ...tailPush],
    },
    {
      name: 'cache-from and cache-to, each line its own flag',
      o: opts({ cacheFrom: ['type=gha', 'type=registry,ref=ghcr.io/acme/app:cache'], cacheTo: ['type=gha,mode=max'] }),
      argv: [...head, ...created, '--cache-from', 'type=gha', '--cache-from', 'type=registry,ref=ghcr.io/acme/app:cache', '--cache-to', 'type=gha,mode=max', ...tailPush],
    },
    {
      name: 'secrets by environment variable, the value never in argv',
      o: opts({ secrets: ['NPM_TOKEN=s3cr3t', 'GIT_AUTH=x=y'] }),
      argv: [...head, ...created, '--secret', 'id=NPM_TOKEN,env=DOCK2POD_SECRET_0', '--secret', 'id=GIT_AUTH,env=DOCK2POD_SECRET_1', ...tailPush],
    },
    { name: 'no-cache', o: opts({ noCache: true }), argv: [...head, ...created, '--no-cache', ...tailPush] },
    { name: 'pull', o: opts({ pull: true }), argv: [...head, ...created, '--pull', ...tailPush] },
    {
      name: 'provenance and sbom',
      o: opts({ provenance: 'mode=max', sbom: 'true' }),
      argv: [...head, ...created, '--provenance', 'mode=max', '--sbom', 'true', ...tailPush],
    },
    { name: 'provenance false is passed (buildx adds one by default)', o: opts({ provenance: 'false' }), argv: [...head, ...created, '--provenance', 'false', ...tailPush] },
    { name: 'push false: no --push', o: opts({ push: false }), argv: [...head, ...created, '--metadata-file', '/tmp/meta.json', '--', '.'] },
  ])('$name', ({ o, argv }) => {
    expect(buildxArgs(o, BUILDX)).toEqual(argv)
  })

  test('secrets never reach argv; their values go to the environment', () => {
    const o = opts({ secrets: ['NPM_TOKEN=s3cr3t', 'GIT_AUTH=x=y'] })
    expect(buildxArgs(o, BUILDX).join(' ')).not.toContain('s3cr3t')
    expect(secretEnv(o.build.secrets)).toEqual({
      DOCK2POD_SECRET_0: 's3cr3t',
      DOCK2POD_SECRET_1: 'x=y',
    })
  })

  test('a buildx without attestations gets no --provenance', () => {
    expect(buildxArgs(opts({ provenance: 'false' }), OLD_BUILDX)).toEqual([
      ...head,
      ...created,
      ...tailPush,
    ])
  })
})

describe('dockerBuildArgs and dockerPushArgs (no buildx)', () => {
  // prettier-ignore
  test.each([
    { name: 'defaults', o: opts(), argv: ['build', '--progress', 'plain', '--file', 'Dockerfile', '--tag', 'ghcr.io/acme/app:v1.2.3', ...created, '--', '.'] },
    {
      name: 'every input docker build takes',
      o: opts({
        dockerfile: 'd/Dockerfile',
        context: 'd',
        buildArgs: ['A=1'],
        labels: ['l=v'],
        target: 't',
        platforms: ['linux/amd64'],
        cacheFrom: ['ghcr.io/acme/app:v1.2.2'],
        noCache: true,
        pull: true,
        provenance: 'false',
      }),
      argv: ['build', '--progress', 'plain', '--file', 'd/Dockerfile', '--tag', 'ghcr.io/acme/app:v1.2.3', '--build-arg', 'A=1', ...created, '--label', 'l=v', '--target', 't', '--platform', 'linux/amd64', '--cache-from', 'ghcr.io/acme/app:v1.2.2', '--no-cache', '--pull', '--', 'd'],
    },
  ])('$name', ({ o, argv }) => expect(dockerBuildArgs(o)).toEqual(argv))

  test('push', () =>
    expect(dockerPushArgs('ghcr.io/acme/app:v1')).toEqual(['push', 'ghcr.io/acme/app:v1']))
})

describe('unsupportedInput', () => {
  // prettier-ignore
  test.each([
    { name: 'buildx takes everything', s: settings({ platforms: ['linux/amd64', 'linux/arm64'], provenance: 'true', cacheTo: ['type=gha'], secrets: ['A=b'] }), caps: BUILDX, input: undefined },
    { name: 'no buildx, plain build', s: settings({ platforms: ['linux/amd64'], provenance: 'false', sbom: 'false' }), caps: NO_BUILDX, input: undefined },
    { name: 'no buildx, two platforms', s: settings({ platforms: ['linux/amd64', 'linux/arm64'] }), caps: NO_BUILDX, input: 'platforms' },
    { name: 'no buildx, provenance', s: settings({ provenance: 'mode=max' }), caps: NO_BUILDX, input: 'provenance' },
    { name: 'no buildx, sbom', s: settings({ sbom: 'true' }), caps: NO_BUILDX, input: 'sbom' },
    { name: 'no buildx, cache-to', s: settings({ cacheTo: ['type=gha'] }), caps: NO_BUILDX, input: 'cache-to' },
    { name: 'no buildx, secrets', s: settings({ secrets: ['A=b'] }), caps: NO_BUILDX, input: 'secrets' },
    { name: 'old buildx, provenance false asks for nothing', s: settings({ provenance: 'false', sbom: 'false' }), caps: OLD_BUILDX, input: undefined },
    { name: 'old buildx, provenance', s: settings({ provenance: 'mode=min' }), caps: OLD_BUILDX, input: 'provenance' },
    { name: 'old buildx, sbom', s: settings({ sbom: 'true' }), caps: OLD_BUILDX, input: 'sbom' },
  ])('$name', ({ s, caps, input }) => {
    const err = unsupportedInput(s, caps)
    expect(err?.input).toBe(input)
    if (err) expect(err.message).toMatch(new RegExp(`^Input '${input}': .*buildx`))
  })
})

test('ociLabels leaves out what the workflow does not know', () => {
  expect(ociLabels(opts({}, { source: undefined, revision: undefined }))).toEqual([
    'org.opencontainers.image.created=2024-05-01T12:00:00.000Z',
  ])
})

describe('a context that looks like an option is still the context', () => {
  // The options end before it: `--output=…` as a folder name adds no option.
  test.each(['--output=type=local,dest=/tmp/x', '-f', '--push'])('%j', (context) => {
    for (const argv of [
      buildxArgs(opts({ context }), BUILDX),
      dockerBuildArgs(opts({ context })),
    ]) {
      expect(argv.slice(-2)).toEqual(['--', context])
      expect(argv.indexOf('--')).toBe(argv.length - 2)
    }
  })
})

describe('ghaCacheEnv: the runner token reaches buildx only for a gha cache', () => {
  const env = {
    ACTIONS_RUNTIME_TOKEN: 'tok',
    ACTIONS_CACHE_URL: 'https://cache/',
    INPUT_PASSWORD: 'pw',
  }
  test.each([
    { name: 'no cache', s: settings(), out: {} },
    {
      name: 'registry cache',
      s: settings({ cacheFrom: ['type=registry,ref=r/a:cache'] }),
      out: {},
    },
    {
      name: 'a tag named like gha',
      s: settings({ cacheFrom: ['ghcr.io/acme/type=gha'] }),
      out: {},
    },
    {
      name: 'gha cache-from',
      s: settings({ cacheFrom: ['type=gha'] }),
      out: { ACTIONS_RUNTIME_TOKEN: 'tok', ACTIONS_CACHE_URL: 'https://cache/' },
    },
    {
      name: 'gha cache-to with a scope',
      s: settings({ cacheTo: ['type=gha,mode=max,scope=x'] }),
      out: { ACTIONS_RUNTIME_TOKEN: 'tok', ACTIONS_CACHE_URL: 'https://cache/' },
    },
  ])('$name', ({ s, out }) => expect(ghaCacheEnv(s, env)).toEqual(out))
})
