// The check over a corpus of repository shapes that real projects have and that once
// raised false alarms (issue #18): a `helm create` chart, image maps nested at any
// depth, `sha:`/`digest:` pins, a chart whose templates go through a helper, charts with
// appVersion latest or none, values without a chart, a kustomize Component, `newName`
// alone, compose `build:` + `image:` and a compose `.env`, a Skaffold repository, kustomize bases whose
// placeholder images the kustomizations that build on them pin. Files in
// __tests__/fixtures/check-corpus/, read from disk as the action reads them (offline).
// Every expected finding is an exact file:line with the text it points at; every
// expected silence is a file:line too, with what the check resolved it to.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { loadScanContexts } from '../../src/check/context.ts'
import { walkWorkspace, workspaceReader } from '../../src/check/files.ts'
import { judgeUses, type Finding, type JudgeOptions } from '../../src/check/findings.ts'
import { checkFile } from '../../src/check/check-file.ts'
import type { FileScan } from '../../src/check/scan.ts'
import { FileTally } from '../../src/check/tally.ts'
import { ROOT } from '../../testbed/action-runner.ts'
import { textAt } from './helpers.ts'

const corpus = join(ROOT, '__tests__', 'fixtures', 'check-corpus')
const H = 'ab'.repeat(32)
const D = 'cd'.repeat(32)

interface Run {
  files: string[]
  texts: Map<string, string>
  scans: Map<string, FileScan>
}

async function scanCorpus(): Promise<Run> {
  const files = await walkWorkspace(corpus)
  const contexts = await loadScanContexts(files, workspaceReader(corpus))
  const texts = new Map(files.map((f) => [f, readFileSync(join(corpus, f), 'utf8')]))
  // As the action does it: a manifest with a reference to report is scanned again as
  // the kustomizations that build on it build it.
  const scans = new Map<string, FileScan>()
  for (const f of files) {
    const policy = { denyTags: [], allowImages: [] }
    scans.set(f, (await checkFile(f, texts.get(f)!, contexts, policy)).scan)
  }
  return { files, texts, scans }
}

function judge(run: Run, opts: JudgeOptions = {}): Finding[] {
  return run.files.flatMap((f) =>
    judgeUses(
      f,
      run.texts.get(f)!,
      run.scans.get(f)!.uses,
      { denyTags: [], allowImages: [] },
      opts,
    ),
  )
}

/** Every finding over the corpus, in file order: where, how severe, the text it points at. */
const FINDINGS = [
  // appVersion "latest": the empty tag resolves to :latest.
  {
    at: 'charts/latest-app/values.yaml:3',
    severity: 'error',
    text: 'tag: ""',
    image: 'ghcr.io/acme/latest-app:latest',
    says: 'falls back to appVersion "latest" of charts/latest-app/Chart.yaml',
  },
  // The templates fall back to appVersion, and Chart.yaml has none.
  {
    at: 'charts/no-app-version/values.yaml:3',
    severity: 'error',
    text: 'tag:',
    image: 'ghcr.io/acme/no-app-version',
    says: "falls back to the chart's appVersion, and charts/no-app-version/Chart.yaml has none",
  },
  // A map nested three keys deep, below a key that is not image-like.
  {
    at: 'charts/web/values.yaml:16',
    severity: 'error',
    text: 'latest',
    image: 'busybox:latest',
    says: 'upgradeJob.image.busybox.tag',
  },
  // The `{image, tag}` shape: judged together, not `image:` alone as untagged.
  {
    at: 'charts/web/values.yaml:35',
    severity: 'error',
    text: 'latest',
    image: 'prom/statsd-exporter:latest',
    says: 'exporter.tag',
  },
  // A list of images.
  {
    at: 'charts/web/values.yaml:39',
    severity: 'error',
    text: 'alpine',
    image: 'alpine',
    says: 'extraImages[1]',
  },
  // The template reads the tag with no fallback: an empty tag renders no tag.
  {
    at: 'charts/web/values.yaml:45',
    severity: 'error',
    text: 'tag: ~',
    image: 'bitnami/redis-exporter',
    says: 'charts/web/templates/metrics.yaml uses the tag with no fallback',
  },
  {
    at: 'compose/docker-compose.yml:4',
    severity: 'notice',
    text: 'acme/web',
    image: 'acme/web',
    says: 'built locally: services.web has build: beside image:',
  },
  {
    at: 'compose/docker-compose.yml:8',
    severity: 'notice',
    text: 'acme/worker:latest',
    image: 'acme/worker:latest',
    says: 'built locally: services.worker has build: beside image:',
  },
  {
    at: 'compose/docker-compose.yml:10',
    severity: 'error',
    text: 'postgres',
    image: 'postgres',
    says: 'has no tag',
  },
  // Values with no chart beside them: the check says it cannot know.
  {
    at: 'helm/values-prod.yaml:4',
    severity: 'warning',
    text: 'tag: ""',
    image: 'ghcr.io/acme/remote',
    says: 'no Chart.yaml is beside helm/values-prod.yaml',
  },
  // The kustomization beside it sets the tag, to latest: judged as written here (no tag),
  // and at the entry.
  {
    at: 'kustomize-set/app/deployment.yaml:13',
    severity: 'error',
    text: 'envoyproxy/envoy',
    image: 'envoyproxy/envoy',
    says: 'has no tag',
  },
  {
    at: 'kustomize-set/app/kustomization.yaml:8',
    severity: 'error',
    text: 'latest',
    image: 'envoyproxy/envoy:latest',
    says: 'Kustomization images[envoyproxy/envoy].newTag',
  },
  // One overlay pins it, the other builds on the base as it is.
  {
    at: 'kustomize-set/base/deployment.yaml:12',
    severity: 'error',
    text: 'worker',
    image: 'worker',
    says: 'has no tag, which means :latest (kustomize-set/overlays/dev/kustomization.yaml builds on it and does not pin it)',
  },
  {
    at: 'kustomize/base/deployment.yaml:12',
    severity: 'error',
    text: 'ghcr.io/acme/api',
    image: 'ghcr.io/acme/api',
    says: 'has no tag',
  },
  // kind: Component is read like a Kustomization.
  {
    at: 'kustomize/components/mirror/kustomization.yaml:5',
    severity: 'error',
    text: 'latest',
    image: 'redis:latest',
    says: 'Component images[redis].newTag',
  },
  // newName alone over an untagged base reference: still untagged.
  {
    at: 'kustomize/overlays/prod/kustomization.yaml:13',
    severity: 'error',
    text: 'mirror.acme.internal/api',
    image: 'mirror.acme.internal/api',
    says: 'newName keeps the reference ghcr.io/acme/api of the resources, which has no tag',
  },
  // newName alone over what the Component made :latest.
  {
    at: 'kustomize/overlays/prod/kustomization.yaml:17',
    severity: 'error',
    text: 'mirror.acme.internal/redis',
    image: 'mirror.acme.internal/redis:latest',
    says: 'newName keeps the tag of redis:latest in the resources',
  },
  {
    at: 'skaffold/kubernetes-manifests/adservice.yaml:10',
    severity: 'notice',
    text: 'adservice',
    image: 'adservice',
    says: 'a Skaffold artifact of skaffold/skaffold.yaml',
  },
  // An artifact of a Skaffold profile.
  {
    at: 'skaffold/kubernetes-manifests/adservice.yaml:12',
    severity: 'notice',
    text: 'cartservice',
    image: 'cartservice',
    says: 'a Skaffold artifact of skaffold/skaffold.yaml',
  },
  // Not an artifact: an error even in a Skaffold repository.
  {
    at: 'skaffold/kubernetes-manifests/adservice.yaml:14',
    severity: 'error',
    text: 'busybox',
    image: 'busybox',
    says: 'has no tag',
  },
  {
    at: 'wording/pod.yaml:8',
    severity: 'warning',
    text: '<YOUR-CONTAINER>',
    image: '<YOUR-CONTAINER>',
    says: '"<YOUR-CONTAINER>" is not an image reference: it holds "<", ">": an image name has only lowercase letters, digits and the separators ".", "_", "__" and "-"',
  },
]

/**
 * Lines that once raised false alarms, or could: no finding there. `resolves` is the
 * reference the check judged on that line (and passed); without it, nothing is judged.
 */
const SILENCES = [
  // helm create: tag "" with `| default .Chart.AppVersion` and appVersion "1.16.0".
  { at: 'charts/web/values.yaml:8', text: 'tag: ""', resolves: 'nginx:1.16.0' },
  {
    at: 'charts/web/values.yaml:20',
    text: 'v1.31.0',
    resolves: 'registry.k8s.io/kubectl:v1.31.0',
  },
  // `sha:` pins whatever the tag says (tag: latest on the line above).
  { at: 'charts/web/values.yaml:27', text: H, resolves: `envoyproxy/envoy@sha256:${H}` },
  {
    at: 'charts/web/values.yaml:31',
    text: `sha256:${D}`,
    resolves: `fluent/fluent-bit@sha256:${D}`,
  },
  { at: 'charts/web/values.yaml:38', text: 'alpine:3.20', resolves: 'alpine:3.20' },
  // helm create's test Pod names `busybox`, in a template only helm renders.
  { at: 'charts/web/templates/tests/test-connection.yaml:8', text: 'image: busybox' },
  // A bitnami-style helper: the map handed whole, the helper defaulting to .chart.AppVersion.
  {
    at: 'charts/helper-style/values.yaml:4',
    text: 'tag: ""',
    resolves: 'docker.io/acme/helper-style:2.4.1',
  },
  // The .env beside the compose file sets the tag its default would leave at latest.
  {
    at: 'compose-env/compose.yaml:3',
    text: '${WEB_TAG:-latest}',
    resolves: 'ghcr.io/acme/web:1.4.2',
  },
  {
    at: 'compose/docker-compose.yml:12',
    text: 'redis:7.2-alpine',
    resolves: 'redis:7.2-alpine',
  },
  // A placeholder name that the kustomization beside it pins: judged at the entry.
  { at: 'kustomize-set/app/deployment.yaml:11', text: 'image: shop' },
  {
    at: 'kustomize-set/app/kustomization.yaml:6',
    text: '3.2.1',
    resolves: 'ghcr.io/acme/shop:3.2.1',
  },
  // Every overlay that builds on the base pins it, one by digest, one by tag.
  { at: 'kustomize-set/base/deployment.yaml:10', text: 'image: api' },
  {
    at: 'kustomize-set/overlays/prod/kustomization.yaml:6',
    text: 'sha256:abab',
    resolves: `ghcr.io/acme/api@sha256:${H}`,
  },
  {
    at: 'kustomize-set/overlays/dev/kustomization.yaml:6',
    text: '0.9.0-rc.1',
    resolves: 'ghcr.io/acme/api:0.9.0-rc.1',
  },
  // The Component the overlay uses gives it 1.5.0: judged there.
  { at: 'kustomize/base/deployment.yaml:10', text: 'ghcr.io/acme/web:1.4.2' },
  {
    at: 'kustomize/components/mirror/kustomization.yaml:7',
    text: '1.5.0',
    resolves: 'ghcr.io/acme/web:1.5.0',
  },
  // newName alone over the tag the Component gave the base's image.
  {
    at: 'kustomize/overlays/prod/kustomization.yaml:11',
    text: 'mirror.acme.internal/web',
    resolves: 'mirror.acme.internal/web:1.5.0',
  },
  // newName alone, and no resource names the image: nothing to judge, nothing reported.
  { at: 'kustomize/overlays/prod/kustomization.yaml:15', text: 'mirror.acme.internal/gone' },
  {
    at: 'skaffold/src/adservice/Dockerfile:1',
    text: 'eclipse-temurin:21.0.5_11-jre',
    resolves: 'eclipse-temurin:21.0.5_11-jre',
  },
]

const split = (at: string) => {
  const i = at.lastIndexOf(':')
  return { file: at.slice(0, i), line: Number(at.slice(i + 1)) }
}

describe('the check corpus (__tests__/fixtures/check-corpus)', () => {
  let run: Run
  beforeAll(async () => {
    run = await scanCorpus()
  })

  test(`${FINDINGS.length} findings, each at its exact file:line and text, and no other`, () => {
    const got = judge(run).map((f) => ({
      at: `${f.file}:${f.line}`,
      severity: f.severity,
      text: textAt(run.texts.get(f.file)!, f),
      image: f.image,
      message: f.message,
    }))
    expect(got.map(({ message: _, ...rest }) => rest)).toEqual(
      FINDINGS.map(({ says: _, ...rest }) => rest),
    )
    got.forEach((g, i) => expect(g.message).toContain(FINDINGS[i]!.says))
  })

  test.each(SILENCES)('silent at $at', ({ at, text, resolves }) => {
    const { file, line } = split(at)
    expect(run.texts.get(file)!.split('\n')[line - 1]).toContain(text)
    expect(judge(run).filter((f) => f.file === file && f.line === line)).toEqual([])
    const judged = run.scans.get(file)!.uses.filter((u) => u.line === line)
    expect(judged.map((u) => u.image)).toEqual(resolves ? [resolves] : [])
  })

  test('built-images: error turns the compose and Skaffold notices into errors, and nothing else changes', () => {
    const notices = judge(run).filter((f) => f.severity === 'notice')
    const strict = judge(run, { builtImages: 'error' })
    expect(strict.filter((f) => f.severity === 'notice')).toEqual([])
    expect(
      strict
        .filter((f) => notices.some((n) => n.file === f.file && n.line === f.line))
        .map((f) => `${f.file}:${f.line} ${f.severity}`),
    ).toEqual([
      'compose/docker-compose.yml:4 error',
      'compose/docker-compose.yml:8 error',
      'skaffold/kubernetes-manifests/adservice.yaml:10 error',
      'skaffold/kubernetes-manifests/adservice.yaml:12 error',
    ])
    expect(strict.length).toBe(judge(run).length)
  })

  test('allow-images exempts a values image whose tag cannot be known', () => {
    const f = judgeUses(
      'helm/values-prod.yaml',
      run.texts.get('helm/values-prod.yaml')!,
      run.scans.get('helm/values-prod.yaml')!.uses,
      { denyTags: [], allowImages: ['ghcr.io/acme/*'] },
    )
    expect(run.scans.get('helm/values-prod.yaml')!.uses).toHaveLength(1)
    expect(f).toEqual([])
  })

  test('what was checked and what was skipped, by kind', () => {
    const tally = new FileTally()
    for (const f of run.files) tally.add(run.scans.get(f)!)
    expect(tally.counts()).toEqual({
      checked: {
        'Helm values': 5,
        'Kubernetes manifest': 5,
        kustomization: 6,
        Dockerfile: 1,
        'compose file': 2,
        'kustomize Component': 1,
      },
      checkedTotal: 20,
      skipped: { 'Helm template': 6, 'Helm Chart.yaml': 4, 'Skaffold config': 1 },
      skippedTotal: 11,
    })
  })
})
