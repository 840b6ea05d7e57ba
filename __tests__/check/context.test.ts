// What other files say about a checked file: kustomize resources and components, a
// values file's chart, skaffold.yaml above it. The loader runs on an in-memory
// repository; the workspace reader on a real temp folder (symlinks, `..`, budget).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { joinInside, loadScanContexts, type RepoReader } from '../../src/check/context.ts'
import { withDependents, workspaceReader } from '../../src/check/files.ts'
import { applyImageEntries, imageName, pinnedBy } from '../../src/check/kustomize.ts'
import { skaffoldArtifacts } from '../../src/check/skaffold.ts'

/** A repository in a map: path → text; folders are the paths' prefixes. */
function memoryReader(files: Record<string, string>): RepoReader & { reads: string[] } {
  const reads: string[] = []
  return {
    reads,
    read: async (p) => {
      reads.push(p)
      return files[p]
    },
    list: async (dir) => {
      const prefix = dir ? `${dir}/` : ''
      const out = new Map<string, boolean>()
      for (const p of Object.keys(files)) {
        if (!p.startsWith(prefix)) continue
        const [first, ...rest] = p.slice(prefix.length).split('/')
        out.set(first!, rest.length > 0 || out.get(first!) === true)
      }
      return [...out].map(([name, dir]) => ({ name, dir }))
    },
  }
}

const deployment = (...images: string[]) =>
  `kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n${images.map((i, n) => `      - name: c${n}\n        image: ${i}\n`).join('')}`

describe('kustomize: the references a kustomization takes in', () => {
  test('resources (files and folders), their own images:, components, in kustomize order', async () => {
    const reader = memoryReader({
      'base/app.yaml': deployment('web:1.0', 'api', 'redis:7'),
      'base/kustomization.yaml': 'resources: [app.yaml]\nimages:\n- name: web\n  newTag: "1.1"\n',
      'comp/kustomization.yaml':
        'kind: Component\nresources: [extra.yaml]\nimages:\n- name: redis\n  newTag: latest\n',
      'comp/extra.yaml': deployment('redis:6'),
      'prod/kustomization.yaml':
        'resources:\n- ../base\n- https://github.com/acme/x//base?ref=v1\n- ../../outside\ncomponents: [../comp]\n',
    })
    const ctx = await loadScanContexts(['prod/kustomization.yaml'], reader)
    expect(ctx.get('prod/kustomization.yaml')!.kustomizeInputs).toEqual([
      'web:1.1',
      'api',
      'redis:latest',
      'redis:latest',
    ])
    // Nothing remote and nothing outside the workspace was asked for.
    expect(reader.reads.every((p) => !p.includes('..') && !p.includes('://'))).toBe(true)
  })

  test('a cycle of kustomizations ends', async () => {
    const reader = memoryReader({
      'a/kustomization.yaml': 'resources: [../b, app.yaml]\n',
      'a/app.yaml': deployment('x:1'),
      'b/kustomization.yaml': 'resources: [../a]\n',
    })
    const ctx = await loadScanContexts(['a/kustomization.yaml'], reader)
    expect(ctx.get('a/kustomization.yaml')!.kustomizeInputs).toEqual(['x:1'])
  })

  test.each([
    { refs: ['web:1', 'web@sha256:x', 'other:2'], want: ['m/web:1', 'm/web@sha256:x', 'other:2'] },
    { refs: ['localhost:5000/web'], want: ['localhost:5000/web'] },
  ])('newName alone keeps the tag or digest: $refs', ({ refs, want }) => {
    expect(applyImageEntries(refs, [{ name: 'web', newName: 'm/web' }])).toEqual(want)
  })

  test.each([
    { ref: 'localhost:5000/web:1', name: 'localhost:5000/web' },
    { ref: 'web@sha256:abc', name: 'web' },
    { ref: 'web', name: 'web' },
  ])('imageName($ref) = $name', ({ ref, name }) => expect(imageName(ref)).toBe(name))
})

describe('kustomize: the kustomizations that build on a manifest', () => {
  test('every root, with the entries on the way: the own folder first, components before own entries', async () => {
    const reader = memoryReader({
      'k8s/base/app.yaml': deployment('web'),
      'k8s/base/kustomization.yaml':
        'resources: [app.yaml]\nimages:\n- name: web\n  newName: r/web\n',
      'k8s/comp/kustomization.yaml': 'kind: Component\nimages:\n- name: r/web\n  newTag: "2"\n',
      'k8s/overlays/prod/kustomization.yaml':
        'resources: [../../base]\ncomponents: [../../comp]\nimages:\n- name: r/web\n  digest: sha256:1\n',
      'elsewhere/dev/kustomization.yaml': 'resources: [../../k8s/base]\n',
      'k8s/unrelated.yaml': deployment('x'),
      'node_modules/pkg/kustomization.yaml': 'resources: [../../k8s/base]\n',
    })
    const ctx = await loadScanContexts(['k8s/base/app.yaml', 'k8s/unrelated.yaml'], reader)
    // Nothing is listed until a file's builds are asked for.
    expect(reader.reads).not.toContain('k8s/overlays/prod/kustomization.yaml')
    expect(await ctx.kustomizeBuilds('k8s/base/app.yaml')).toEqual([
      {
        root: 'k8s/overlays/prod/kustomization.yaml',
        entries: [
          { name: 'web', newName: 'r/web' },
          { name: 'r/web', newTag: '2' },
          { name: 'r/web', digest: 'sha256:1' },
        ],
      },
      { root: 'elsewhere/dev/kustomization.yaml', entries: [{ name: 'web', newName: 'r/web' }] },
    ])
    // No kustomization names it; node_modules is never listed.
    expect(await ctx.kustomizeBuilds('k8s/unrelated.yaml')).toBeUndefined()
    expect(reader.reads).not.toContain('node_modules/pkg/kustomization.yaml')
  })

  test('a cycle ends at the kustomization that closes it', async () => {
    const reader = memoryReader({
      'a/kustomization.yaml': 'resources: [../b, app.yaml]\nimages: [{name: x, newTag: "1"}]\n',
      'a/app.yaml': deployment('x'),
      'b/kustomization.yaml': 'resources: [../a]\n',
    })
    const ctx = await loadScanContexts(['a/app.yaml'], reader)
    expect(await ctx.kustomizeBuilds('a/app.yaml')).toEqual([
      { root: 'b/kustomization.yaml', entries: [{ name: 'x', newTag: '1' }] },
    ])
  })

  test.each([
    { ref: 'web', entries: [{ name: 'web', newTag: '1.2' }], pinned: true },
    { ref: 'web', entries: [{ name: 'web', digest: 'sha256:1' }], pinned: true },
    { ref: 'web:1.0', entries: [{ name: 'web', newTag: 'latest' }], pinned: false },
    // Renamed, then tagged under the new name; tagged, then renamed (the tag stays).
    {
      ref: 'web',
      entries: [
        { name: 'web', newName: 'r/web' },
        { name: 'r/web', newTag: '3' },
      ],
      pinned: true,
    },
    {
      ref: 'web',
      entries: [
        { name: 'web', newTag: '3' },
        { name: 'web', newName: 'r/web' },
      ],
      pinned: true,
    },
    // A later entry that sets latest wins; one for another name changes nothing.
    {
      ref: 'web',
      entries: [
        { name: 'web', newTag: '3' },
        { name: 'web', newTag: 'latest' },
      ],
      pinned: false,
    },
    { ref: 'web', entries: [{ name: 'api', newTag: '3' }], pinned: false },
    // The reference's own tag is not the build's doing.
    { ref: 'web:1.0', entries: [{ name: 'web', newName: 'r/web' }], pinned: false },
  ])('pinnedBy($ref, $entries) = $pinned', ({ ref, entries, pinned }) => {
    expect(pinnedBy(ref, entries)).toBe(pinned)
  })
})

describe("compose's .env", () => {
  test('the .env in the folder of a file that may be compose; not for values or kustomizations', async () => {
    const reader = memoryReader({
      'app/compose.yaml': 'services: {web: {image: "web:${TAG}"}}\n',
      'app/values.yaml': 'image: {repository: web, tag: "1"}\n',
      'app/kustomization.yaml': 'resources: [compose.yaml]\n',
      'app/.env': 'TAG=1.2\n',
      'other/compose.yaml': 'services: {web: {image: "web:${TAG}"}}\n',
    })
    const ctx = await loadScanContexts(
      ['app/compose.yaml', 'app/values.yaml', 'app/kustomization.yaml', 'other/compose.yaml'],
      reader,
    )
    expect(ctx.get('app/compose.yaml')!.dotEnv).toEqual({
      file: 'app/.env',
      vars: new Map([['TAG', '1.2']]),
    })
    expect(ctx.get('app/values.yaml')!.dotEnv).toBeUndefined()
    expect(ctx.get('app/kustomization.yaml')!.dotEnv).toBeUndefined()
    expect(ctx.get('other/compose.yaml')!.dotEnv).toBeUndefined()
  })

  test('the override compose merges by default, with the services it builds', async () => {
    const reader = memoryReader({
      'app/compose.yaml': 'services: {web: {image: acme/web}}\n',
      'app/compose.override.yaml': 'services: {web: {build: .}, db: {image: "postgres:16"}}\n',
      'app/compose.prod.yaml': 'services: {web: {image: acme/web}}\n',
    })
    const ctx = await loadScanContexts(
      ['app/compose.yaml', 'app/compose.override.yaml', 'app/compose.prod.yaml'],
      reader,
    )
    expect(ctx.get('app/compose.yaml')!.composePartner).toEqual({
      file: 'app/compose.override.yaml',
      built: new Set(['web']),
    })
    expect(ctx.get('app/compose.override.yaml')!.composePartner).toEqual({
      file: 'app/compose.yaml',
      built: new Set(),
    })
    // Merged only with -f: not a partner.
    expect(ctx.get('app/compose.prod.yaml')!.composePartner).toBeUndefined()
  })
})

describe('scope: changed: the files a change to another file moves', () => {
  test('a changed .env brings the compose files beside it; a changed compose file, its partner', async () => {
    const reader = memoryReader({
      'app/.env': 'TAG=1\n',
      'app/compose.yaml': 'services: {}\n',
      'app/compose.prod.yaml': 'services: {}\n',
      'app/notes.yaml': 'a: 1\n',
      'dev/docker-compose.yml': 'services: {}\n',
      'dev/docker-compose.override.yml': 'services: {}\n',
      'other/compose.yaml': 'services: {}\n',
    })
    expect(await withDependents(reader, ['app/.env', 'dev/docker-compose.override.yml'])).toEqual([
      'app/.env',
      'app/compose.prod.yaml',
      'app/compose.yaml',
      'dev/docker-compose.override.yml',
      'dev/docker-compose.yml',
    ])
    // Nothing else changed: nothing added.
    expect(await withDependents(reader, ['other/compose.prod.yaml'])).toEqual([
      'other/compose.prod.yaml',
    ])
  })

  test("a chart's Chart.yaml or template brings its values files", async () => {
    const reader = memoryReader({
      'charts/web/Chart.yaml': 'appVersion: "1.0"\n',
      'charts/web/values.yaml': 'image: {repository: web, tag: ""}\n',
      'charts/web/values-prod.yaml': 'replicaCount: 3\n',
      'charts/web/templates/deployment.yaml': '{{ .Values.image.tag }}\n',
      'charts/web/templates/tests/pod.yaml': '{{ .Values.image.tag }}\n',
      'docs/templates/readme.yaml': 'a: 1\n',
    })
    expect(await withDependents(reader, ['charts/web/Chart.yaml'])).toEqual([
      'charts/web/Chart.yaml',
      'charts/web/values-prod.yaml',
      'charts/web/values.yaml',
    ])
    expect(await withDependents(reader, ['charts/web/templates/tests/pod.yaml'])).toEqual([
      'charts/web/templates/tests/pod.yaml',
      'charts/web/values-prod.yaml',
      'charts/web/values.yaml',
    ])
    // A templates folder with no chart above it.
    expect(await withDependents(reader, ['docs/templates/readme.yaml'])).toEqual([
      'docs/templates/readme.yaml',
    ])
  })
})

describe('charts and Skaffold', () => {
  test('a values file gets the Chart.yaml beside it and the templates below it', async () => {
    const reader = memoryReader({
      'c/Chart.yaml': 'appVersion: "3.1"\n',
      'c/values.yaml': 'image: {repository: x}\n',
      'c/templates/d.yaml': '{{ .Values.image.tag | default .Chart.AppVersion }}',
      'c/templates/sub/_h.tpl': '{{ define "h" }}{{ end }}',
      'c/templates/README.md': 'not a template',
      'd/values.yaml': 'image: {repository: y}\n',
    })
    const ctx = await loadScanContexts(['c/values.yaml', 'd/values.yaml'], reader)
    expect(ctx.get('c/values.yaml')!.chart).toEqual({
      file: 'c/Chart.yaml',
      appVersion: '3.1',
      templates: [
        { path: 'c/templates/d.yaml', text: '{{ .Values.image.tag | default .Chart.AppVersion }}' },
        { path: 'c/templates/sub/_h.tpl', text: '{{ define "h" }}{{ end }}' },
      ],
    })
    expect(ctx.get('d/values.yaml')!.chart).toBeUndefined()
  })

  test('the skaffold.yaml files in the folder and above it', async () => {
    const reader = memoryReader({
      'skaffold.yaml': 'build:\n  artifacts:\n  - image: root-app\n',
      'svc/skaffold.yml': 'build:\n  artifacts:\n  - image: svc-app\n',
      'svc/k8s/d.yaml': deployment('svc-app'),
      'other/d.yaml': deployment('x'),
    })
    const ctx = await loadScanContexts(['svc/k8s/d.yaml', 'other/d.yaml'], reader)
    expect(ctx.get('svc/k8s/d.yaml')!.skaffold).toEqual([
      { file: 'svc/skaffold.yml', artifacts: ['svc-app'] },
      { file: 'skaffold.yaml', artifacts: ['root-app'] },
    ])
    expect(ctx.get('other/d.yaml')!.skaffold).toEqual([
      { file: 'skaffold.yaml', artifacts: ['root-app'] },
    ])
  })

  test('skaffoldArtifacts: every document, every profile; malformed documents skipped', () => {
    const text = [
      'build: {artifacts: [{image: a}, {image: b}]}',
      'profiles:',
      '- name: p',
      '  build: {artifacts: [{image: c}, {image: a}]}',
      '---',
      'build: {artifacts: [{image: d}]}',
      '---',
      'build: [',
    ].join('\n')
    expect(skaffoldArtifacts(text)).toEqual(['a', 'b', 'c', 'd'])
  })
})

describe('joinInside: kustomize paths within the workspace', () => {
  test.each([
    { dir: 'overlays/prod', rel: '../../base', want: 'base' },
    { dir: 'overlays/prod', rel: './app.yaml', want: 'overlays/prod/app.yaml' },
    { dir: '', rel: 'base/', want: 'base' },
    { dir: 'a', rel: '..', want: '' },
    { dir: 'a', rel: '../..', want: undefined },
    { dir: 'a', rel: '/etc/passwd', want: undefined },
    { dir: 'a', rel: 'https://example.com/x.yaml', want: undefined },
    { dir: 'a', rel: 'github.com/acme/x/base?ref=v1', want: undefined },
    { dir: 'a', rel: 'git@github.com:acme/x.git', want: undefined },
  ])('$dir + $rel → $want', ({ dir, rel, want }) => {
    expect(joinInside(dir, rel)).toBe(want)
  })
})

describe('workspaceReader', () => {
  const top = mkdtempSync(join(tmpdir(), 'd2p-reader-'))
  afterAll(() => rmSync(top, { recursive: true, force: true }))
  const root = join(top, 'ws')
  mkdirSync(join(root, 'sub'), { recursive: true })
  writeFileSync(join(top, 'secret.yaml'), 'outside')
  writeFileSync(join(root, 'sub', 'a.yaml'), 'a')
  writeFileSync(join(root, 'big.yaml'), 'x'.repeat(1024 * 1024 + 1))
  symlinkSync(join(top, 'secret.yaml'), join(root, 'link.yaml'))
  symlinkSync(top, join(root, 'up'))

  test('reads workspace files; nothing outside it, no symlink out, nothing over 1 MiB', async () => {
    const r = workspaceReader(root)
    expect(await r.read('sub/a.yaml')).toBe('a')
    expect(await r.read('../secret.yaml')).toBeUndefined()
    expect(await r.read('sub/../../secret.yaml')).toBeUndefined()
    expect(await r.read('link.yaml')).toBeUndefined()
    expect(await r.read('up/secret.yaml')).toBeUndefined()
    expect(await r.read('big.yaml')).toBeUndefined()
    expect(await r.list('up')).toEqual([])
    expect((await r.list('')).map((e) => e.name).sort()).toEqual(['big.yaml', 'sub'])
  })

  test('stops reading at its budget of files, and of bytes', async () => {
    const byCount = workspaceReader(root, { reads: 1, bytes: 100 })
    expect(await byCount.read('sub/a.yaml')).toBe('a')
    expect(byCount.exhausted).toBe(false)
    expect(await byCount.read('sub/a.yaml')).toBeUndefined()
    expect(byCount.exhausted).toBe(true)
    const byBytes = workspaceReader(root, { reads: 10, bytes: 1 })
    expect(await byBytes.read('sub/a.yaml')).toBe('a')
    expect(await byBytes.read('sub/a.yaml')).toBeUndefined()
    expect(byBytes.exhausted).toBe(true)
  })
})
