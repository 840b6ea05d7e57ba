// mode: check end to end: the committed bundle (dist/index.js, `npm run bundle` first)
// run by the runner harness on fixture repositories, with a pull_request payload. No
// Docker, no network beyond loopback: the PR's files come from a real git repository
// made here, or from a local HTTP server standing in for the GitHub API.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { ROOT, runAction, type ActionRun, type RunOptions } from '../../testbed/action-runner.ts'
import { NO_NETWORK_ENV, startStubRegistry, stubManifest } from '../helpers/stub-registry.ts'

const dirty = join(ROOT, '__tests__', 'fixtures', 'check-repo-dirty')
const clean = join(ROOT, '__tests__', 'fixtures', 'check-repo-clean')
const temps: string[] = []
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })))

const prEvent = (base: string, head: string) => ({
  action: 'synchronize',
  number: 7,
  pull_request: {
    number: 7,
    base: { sha: base, ref: 'main' },
    head: { sha: head, ref: 'feature' },
  },
})

/** The text an annotation points at, read from the workspace's file. */
function pointedText(
  workspace: string,
  a: { file?: string; line?: number; col?: number; endColumn?: number },
) {
  const line = readFileSync(join(workspace, a.file!), 'utf8').split('\n')[a.line! - 1]!
  return line.slice(a.col! - 1, a.endColumn! - 1)
}

/**
 * The bundle in check mode with no network beyond loopback, whatever the machine has:
 * a digest suggestion can only come from a registry the test starts.
 */
function check(opts: RunOptions): Promise<ActionRun> {
  return runAction({ ...opts, env: { ...NO_NETWORK_ENV, ...opts.env } })
}

function errors(run: ActionRun) {
  return run.annotations.filter((a) => a.level === 'error' && a.file)
}

/** Every mutable reference in the dirty fixture: file, line, column, and the exact text there. */
const DIRTY = [
  { file: '.github/workflows/ci.yml', line: 8, col: 16, text: 'node:latest' },
  { file: '.github/workflows/ci.yml', line: 13, col: 16, text: 'redis' },
  { file: '.github/workflows/ci.yml', line: 17, col: 24, text: 'hadolint/hadolint:latest' },
  { file: 'Dockerfile', line: 14, col: 28, text: 'golang' },
  { file: 'Dockerfile', line: 17, col: 6, text: '$BASE_IMAGE' },
  { file: 'Dockerfile', line: 27, col: 13, text: 'nginx:latest' },
  { file: 'chart/values.yaml', line: 7, col: 3, text: 'tag: ""' },
  { file: 'chart/values.yaml', line: 14, col: 10, text: 'latest' },
  { file: 'deploy/app.yaml', line: 28, col: 24, text: 'ghcr.io/acme/web:latest' },
  { file: 'deploy/app.yaml', line: 36, col: 18, text: 'localhost:5000/envoy' },
  { file: 'deploy/app.yaml', line: 54, col: 23, text: 'busybox' },
  { file: 'deploy/kustomization.yaml', line: 7, col: 13, text: 'latest' },
  { file: 'docker-compose.yml', line: 3, col: 10, text: 'postgres' },
  { file: 'docker-compose.yml', line: 11, col: 12, text: 'adminer:stable' },
  {
    file: 'overlays/prod/kustomization.yaml',
    line: 5,
    col: 14,
    text: 'registry.acme.internal/web',
  },
]

describe('mode: check through dist/index.js', () => {
  test('a dirty repository: one error per reference on its exact span, warnings for what cannot be read, the step fails', async () => {
    const run = await check({
      inputs: { mode: 'check', scope: 'all', 'deny-tags': 'main,dev,stable' },
      workspace: dirty,
      eventName: 'pull_request',
      event: prEvent('a'.repeat(40), 'b'.repeat(40)),
    })
    expect(run.exitCode).toBe(1)
    const got = errors(run).map((a) => ({
      file: a.file,
      line: a.line,
      col: a.col,
      text: pointedText(dirty, a),
    }))
    expect(got).toEqual(DIRTY)
    for (const a of errors(run)) {
      expect(a.endColumn).toBe(a.col! + pointedText(dirty, a).length)
      expect(a.title).toBe('dock2pod: mutable image reference')
    }
    // The malformed YAML is a warning on that file; every other file was still scanned.
    const warnings = run.annotations.filter((a) => a.level === 'warning')
    expect(warnings.map((w) => [w.file, w.line])).toEqual([
      ['deploy/broken.yaml', 9],
      ['Dockerfile', 26],
    ])
    expect(warnings[0]!.message).toMatch(/deploy\/broken\.yaml is not valid YAML/)
    expect(warnings[1]!.message).toContain('$DISTROLESS has no value and no default')
    // The compose service with build: beside image: names the image compose builds: a notice.
    const notices = run.annotations.filter((a) => a.level === 'notice' && a.file)
    expect(notices.map((n) => [n.file, n.line, pointedText(dirty, n), n.title])).toEqual([
      [
        'docker-compose.yml',
        14,
        'ghcr.io/acme/web:${WEB_TAG:-latest}',
        'dock2pod: image built here',
      ],
    ])
    // The empty Helm tag resolves through the chart's templates to appVersion latest.
    expect(
      errors(run).find((a) => a.file === 'chart/values.yaml' && a.line === 7)!.message,
    ).toContain(
      'ghcr.io/acme/web:latest uses the mutable tag :latest (chart/templates/deployment.yaml falls back to appVersion "latest" of chart/Chart.yaml)',
    )
    // newName alone keeps the tag the base gives the image: :latest from deploy/.
    expect(
      errors(run).find((a) => a.file === 'overlays/prod/kustomization.yaml')!.message,
    ).toContain('registry.acme.internal/web:latest uses the mutable tag :latest')
    // vendor/ is never walked; the ignored nightly FROM (line 24) is not reported.
    expect(run.annotations.some((a) => a.file?.startsWith('vendor/'))).toBe(false)
    expect(errors(run).some((a) => a.file === 'Dockerfile' && a.line === 24)).toBe(false)

    expect(run.outputs.findings).toBe(String(DIRTY.length))
    const report = JSON.parse(run.outputs.report!) as Array<Record<string, unknown>>
    expect(report.filter((f) => f.severity === 'error')).toHaveLength(DIRTY.length)
    expect(report[0]).toMatchObject({
      file: '.github/workflows/ci.yml',
      line: 8,
      column: 16,
      endColumn: 27,
      image: 'node:latest',
      kind: 'workflow-container',
      reason: 'latest',
      severity: 'error',
    })
    // No registry is reachable (check() cuts the network): the generic fix.
    expect(report[0]!.fix).toBe('pin a version tag or a digest')
    const failed = run.annotations.filter((a) => a.level === 'error' && !a.file)
    expect(failed).toHaveLength(1)
    expect(failed[0]!.message).toMatch(
      /^dock2pod check: 15 image references are :latest or untagged/,
    )
    expect(failed[0]!.message).not.toContain('\n')

    expect(run.summary).toContain('| file | line | image | why | suggested fix |')
    expect(run.summary).toContain(
      '| ❌ | `docker-compose.yml` | 11 | `adminer:stable` | tag refused by deny-tags |',
    )
    expect(run.summary).toContain('| ⚠️ | `Dockerfile` | 26 | `${DISTROLESS}` |')
    expect(run.summary).toContain(
      'Checked 7 files (all files): 2 kustomizations, 1 compose file, 1 Dockerfile, 1 Helm values, 1 Kubernetes manifest, 1 workflow. Skipped 3: 1 Helm Chart.yaml, 1 Helm template, 1 not valid YAML. **15 image references to pin**. 1 reference could not be checked. 1 image built by the repository itself',
    )
    expect(run.stdout).toContain('Checking all files of the workspace (scope: all)')
  })

  test('a clean repository passes with a notice', async () => {
    const run = await check({
      inputs: { mode: 'check', scope: 'all', 'deny-tags': 'stable' },
      workspace: clean,
      eventName: 'pull_request',
      event: prEvent('a'.repeat(40), 'b'.repeat(40)),
    })
    expect(run.exitCode).toBe(0)
    expect(run.annotations.filter((a) => a.level !== 'notice')).toEqual([])
    expect(run.annotations.find((a) => a.level === 'notice')?.message).toMatch(
      /^dock2pod check: no :latest or untagged image in 7 files \(all files\)/,
    )
    // The helm create shape: tag "" in a chart whose templates fall back to appVersion 1.4.2.
    expect(run.summary).toContain(
      'Checked 7 files (all files): 2 kustomizations, 1 compose file, 1 Dockerfile, 1 Helm values, 1 Kubernetes manifest, 1 workflow. Skipped 2: 1 Helm Chart.yaml, 1 Helm template.',
    )
    expect(run.outputs.findings).toBe('0')
    expect(run.outputs.report).toBe('[]')
    expect(run.summary).toContain('No `:latest` or untagged image')
  })

  test('files saved with a byte order mark: the annotations on line 1 point where an editor shows the image', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'd2p-check-bom-'))
    temps.push(dir)
    const files = {
      Dockerfile: 'FROM alpine:latest\nRUN true\n',
      'compose.yaml': 'services: {db: {image: "postgres:latest"}}\n',
      'values.yaml': 'image: redis:latest\n',
    }
    for (const [name, text] of Object.entries(files))
      writeFileSync(join(dir, name), `\uFEFF${text}`)
    const run = await check({ inputs: { mode: 'check', scope: 'all' }, workspace: dir })
    expect(run.exitCode).toBe(1)
    // The columns an editor shows: counted in the text after the (hidden) mark.
    const shown = (a: { file?: string; col?: number; endColumn?: number }) =>
      files[a.file as keyof typeof files].split('\n')[0]!.slice(a.col! - 1, a.endColumn! - 1)
    expect(
      errors(run)
        .map((a) => [a.file, a.line, shown(a)])
        .sort(),
    ).toEqual([
      ['Dockerfile', 1, 'alpine:latest'],
      ['compose.yaml', 1, 'postgres:latest'],
      ['values.yaml', 1, 'redis:latest'],
    ])
  })

  test('allow-images exempts an image by its normalised name', async () => {
    const run = await check({
      inputs: {
        mode: 'check',
        scope: 'all',
        'allow-images': 'docker.io/library/postgres, ghcr.io/acme/*',
      },
      workspace: dirty,
    })
    const images = (JSON.parse(run.outputs.report!) as Array<{ image: string }>).map((f) => f.image)
    expect(images).not.toContain('postgres')
    expect(images.some((i) => i.startsWith('ghcr.io/acme/'))).toBe(false)
    expect(images).toContain('nginx:latest')
    expect(run.exitCode).toBe(1)
  })
})

/** A git repository with a base commit (clean, plus an old mutable reference) and a PR head commit. */
function gitRepo(): { dir: string; base: string; head: string } {
  const dir = mkdtempSync(join(tmpdir(), 'd2p-check-git-'))
  temps.push(dir)
  const git = (...args: string[]) =>
    execFileSync(
      'git',
      [
        '-c',
        'user.name=t',
        '-c',
        'user.email=t@example.com',
        '-c',
        'commit.gpgsign=false',
        ...args,
      ],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    ).trim()
  git('init', '-q', '-b', 'main')
  cpSync(clean, dir, { recursive: true })
  // Already on main before the PR: not the PR's business under scope: changed.
  writeFileSync(join(dir, 'legacy.Dockerfile'), 'FROM alpine\n')
  writeFileSync(
    join(dir, 'deploy', 'old.yaml'),
    'kind: Pod\nspec:\n  containers:\n  - image: nginx\n',
  )
  git('add', '-A')
  git('commit', '-q', '-m', 'base')
  const base = git('rev-parse', 'HEAD')
  git('checkout', '-q', '-b', 'feature')
  // The PR: one new mutable reference in an edited file, one in a new file, one file deleted.
  const compose = join(dir, 'docker-compose.yml')
  writeFileSync(compose, readFileSync(compose, 'utf8').replace('redis:7.2-alpine', 'redis:latest'))
  writeFileSync(
    join(dir, 'deploy', 'job.yaml'),
    'kind: Job\nspec:\n  template:\n    spec:\n      containers:\n      - name: j\n        image: ghcr.io/acme/job\n',
  )
  unlinkSync(join(dir, 'deploy', 'old.yaml'))
  git('add', '-A')
  git('commit', '-q', '-m', 'head')
  return { dir, base, head: git('rev-parse', 'HEAD') }
}

describe('scope: changed on pull_request', () => {
  const visible = (run: ActionRun) =>
    [
      run.stdout
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n'),
      run.stderr,
      run.summary,
      ...Object.values(run.outputs),
    ].join('\n')

  test.each([
    { name: 'no token: git diff base...head', token: '', apiUrl: undefined },
    {
      name: 'the API cannot be reached: git diff base...head',
      token: 'ghs_unreachable_TOKEN_123',
      apiUrl: 'http://127.0.0.1:9',
    },
  ])(
    '$name lists the PR files; deleted and untouched files are not checked',
    async ({ token, apiUrl }) => {
      const { dir, base, head } = gitRepo()
      const run = await check({
        inputs: { mode: 'check' },
        workspace: dir,
        eventName: 'pull_request',
        event: prEvent(base, head),
        sha: head,
        githubToken: token,
        ...(apiUrl ? { env: { GITHUB_API_URL: apiUrl } } : {}),
      })
      expect(run.stdout).toMatch(
        new RegExp(
          `Checking the files of pull request #7, from git diff ${base.slice(0, 7)}\\.\\.\\.${head.slice(0, 7)} \\(the GitHub API: [^)]+\\): 2 candidate`,
        ),
      )
      expect(errors(run).map((a) => [a.file, a.line, pointedText(dir, a)])).toEqual([
        ['deploy/job.yaml', 7, 'ghcr.io/acme/job'],
        ['docker-compose.yml', 9, 'redis:latest'],
      ])
      expect(run.exitCode).toBe(1)
      expect(run.outputs.findings).toBe('2')
      if (token) expect(visible(run)).not.toContain(token)
    },
  )

  test('the GitHub API lists the files (paginated); the token is sent, never printed', async () => {
    const token = 'ghs_s3cr3tTOKENvalue0123456789'
    const requests: { url: string; headers: IncomingHttpHeaders }[] = []
    const pages: Record<string, Array<{ filename: string; status: string }>> = {
      '1': [
        { filename: 'docker-compose.yml', status: 'modified' },
        { filename: 'README.md', status: 'modified' },
        { filename: 'deploy/gone.yaml', status: 'removed' },
      ],
      '2': [{ filename: 'deploy/app.yaml', status: 'added' }],
    }
    const server = createServer((req, res) => {
      requests.push({ url: req.url!, headers: req.headers })
      const url = new URL(req.url!, 'http://x')
      if (url.pathname !== '/repos/acme/app/pulls/7/files') {
        res.writeHead(404).end('{}')
        return
      }
      const page = url.searchParams.get('page') ?? '1'
      const headers: Record<string, string> = { 'content-type': 'application/json' }
      if (page === '1') {
        const { port } = server.address() as AddressInfo
        headers.link = `<http://127.0.0.1:${port}/repos/acme/app/pulls/7/files?per_page=100&page=2>; rel="next"`
      }
      res.writeHead(200, headers).end(JSON.stringify(pages[page] ?? []))
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    try {
      const { port } = server.address() as AddressInfo
      const run = await check({
        inputs: { mode: 'check' },
        workspace: dirty,
        eventName: 'pull_request',
        event: prEvent('a'.repeat(40), 'b'.repeat(40)),
        githubToken: token,
        env: { GITHUB_API_URL: `http://127.0.0.1:${port}` },
      })
      expect(
        requests.map((r) => new URL(r.url, 'http://x').searchParams.get('page') ?? '1'),
      ).toEqual(['1', '2'])
      for (const r of requests)
        expect(r.headers.authorization).toMatch(new RegExp(`^(token|Bearer) ${token}$`))
      expect(run.stdout).toContain(
        'Checking the files of pull request #7, listed by the GitHub API: 2 candidate(s).',
      )
      expect([...new Set(errors(run).map((a) => a.file))]).toEqual([
        'deploy/app.yaml',
        'docker-compose.yml',
      ])
      // docker-compose.yml's web service is built (build: beside image:): a notice, not counted.
      expect(run.outputs.findings).toBe('4')
      expect(run.masks).toContain(token)
      expect(visible(run)).not.toContain(token)
    } finally {
      server.close()
    }
  })
})

describe('the suggested fix names the digest where the registry answers', () => {
  test('a local registry: the annotation and the summary give the pinned reference', async () => {
    const web = stubManifest('web')
    const registry = await startStubRegistry({ 'acme/web:latest': web.body })
    try {
      const dir = mkdtempSync(join(tmpdir(), 'd2p-check-digest-'))
      temps.push(dir)
      writeFileSync(
        join(dir, 'pod.yaml'),
        `kind: Pod\nspec:\n  containers:\n  - name: a\n    image: ${registry.host}/acme/web\n  - name: b\n    image: ${registry.host}/acme/gone:latest\n`,
      )
      const run = await check({
        inputs: { mode: 'check', scope: 'all' },
        workspace: dir,
        env: { DOCKER_CONFIG: dir },
      })
      expect(registry.requests).toContain('HEAD /v2/acme/web/manifests/latest')
      const [found, gone] = errors(run)
      expect(found!.message).toContain(
        `Fix: pin the digest: ${registry.host}/acme/web@${web.digest}.`,
      )
      expect(gone!.message).toContain('Fix: pin a version tag or a digest.')
      expect(run.summary).toContain(`pin the digest: \`${registry.host}/acme/web@${web.digest}\``)
      const report = JSON.parse(run.outputs.report!) as Array<{ digest?: string }>
      expect(report.map((f) => f.digest)).toEqual([web.digest, undefined])
    } finally {
      await registry.close()
    }
  })
})
