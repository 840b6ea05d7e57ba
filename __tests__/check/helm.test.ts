import { describe, expect, test } from 'vitest'
import { chartAppVersion, templateFallback, type ChartInfo } from '../../src/check/helm.ts'
import { scanFile } from '../../src/check/scan.ts'
import { usesAt } from './helpers.ts'

const tpl = (text: string, path = 'c/templates/deployment.yaml') => ({ path, text })

describe('templateFallback: what the templates put in an empty tag', () => {
  test.each([
    {
      name: 'helm create: | default .Chart.AppVersion',
      templates: [
        tpl(
          'image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"',
        ),
      ],
      path: 'image',
      want: { kind: 'appVersion', template: 'c/templates/deployment.yaml' },
    },
    {
      name: 'default .Chart.AppVersion first, with $ and trim markers',
      templates: [tpl('{{- $t := default $.Chart.AppVersion .Values.app.image.tag -}}')],
      path: 'app.image',
      want: { kind: 'appVersion', template: 'c/templates/deployment.yaml' },
    },
    {
      name: '.Chart.AppVersion alone beside the repository',
      templates: [tpl('image: {{ .Values.image.repository }}:{{ .Chart.AppVersion }}')],
      path: 'image',
      want: { kind: 'appVersion', template: 'c/templates/deployment.yaml' },
    },
    {
      name: 'the tag read with no fallback anywhere in that template',
      templates: [tpl('image: {{ .Values.image.repository }}:{{ .Values.image.tag }}')],
      path: 'image',
      want: { kind: 'none', template: 'c/templates/deployment.yaml' },
    },
    {
      name: 'a fallback elsewhere in the template, not with this tag: unknown',
      templates: [
        tpl('{{ $t := .Values.image.tag }}{{ if not $t }}{{ $t = .Chart.AppVersion }}{{ end }}'),
      ],
      path: 'image',
      want: { kind: 'unknown' },
    },
    {
      name: 'another image falls back, this one is never read: unknown',
      templates: [tpl('{{ .Values.image.tag | default .Chart.AppVersion }}')],
      path: 'sidecar.image',
      want: { kind: 'unknown' },
    },
    {
      name: 'the map handed to a helper that defaults to .chart.AppVersion',
      templates: [
        tpl('{{ include "img" (dict "imageRoot" .Values.image "chart" .Chart) }}'),
        tpl(
          '{{- define "img" -}}{{ .imageRoot.tag | default .chart.AppVersion }}{{- end -}}',
          'c/templates/_images.tpl',
        ),
      ],
      path: 'image',
      want: { kind: 'appVersion', template: 'c/templates/_images.tpl' },
    },
    {
      name: 'a path through a list cannot be read from templates: unknown',
      templates: [tpl('{{ range .Values.sidecars }}{{ .image.tag }}{{ end }}')],
      path: 'sidecars[0].image',
      want: { kind: 'unknown' },
    },
  ])('$name', ({ templates, path, want }) => {
    expect(templateFallback(templates, path)).toEqual(want)
  })
})

test.each([
  { text: 'apiVersion: v2\nappVersion: "1.16.0"\n', want: '1.16.0' },
  { text: 'appVersion: 1.10\n', want: '1.10' },
  { text: 'appVersion: ""\n', want: undefined },
  { text: 'name: x\n', want: undefined },
  { text: 'appVersion: [\n', want: undefined },
])('chartAppVersion($text) is $want', ({ text, want }) => {
  expect(chartAppVersion(text)).toBe(want)
})

describe('values: image maps at any depth, and what is not an image', () => {
  const chart: ChartInfo = {
    file: 'c/Chart.yaml',
    appVersion: '2.0.1',
    templates: [tpl('{{ .Values.image.tag | default .Chart.AppVersion }}')],
  }
  const uses = (text: string) => usesAt(text, scanFile('c/values.yaml', text, { chart }).uses)

  test.each([
    {
      name: 'an empty tag resolved to appVersion',
      text: 'image:\n  repository: nginx\n  tag: ""\n',
      want: [{ line: 3, at: 'tag: ""', image: 'nginx:2.0.1' }],
    },
    {
      name: 'name + tag under an image key',
      text: 'image:\n  name: acme/app\n  tag: "1.2"\n',
      want: [{ line: 3, at: '1.2', image: 'acme/app:1.2' }],
    },
    {
      name: 'a list of image maps under images',
      text: 'images:\n  - name: acme/a\n    tag: latest\n  - repository: acme/b\n    tag: v2\n',
      want: [
        { line: 3, at: 'latest', image: 'acme/a:latest' },
        { line: 5, at: 'v2', image: 'acme/b:v2' },
      ],
    },
    {
      name: 'a repository carrying its own tag',
      text: 'proxy:\n  repository: envoyproxy/envoy:v1.31.0\n  pullPolicy: Always\n',
      want: [{ line: 2, at: 'envoyproxy/envoy:v1.31.0', image: 'envoyproxy/envoy:v1.31.0' }],
    },
    {
      name: 'digest: with the sha256: prefix, sha: without it',
      text: `a:\n  repository: x/a\n  digest: sha256:${'1'.repeat(64)}\nb:\n  repository: x/b\n  sha: ${'2'.repeat(64)}\n`,
      want: [
        { line: 3, at: `sha256:${'1'.repeat(64)}`, image: `x/a@sha256:${'1'.repeat(64)}` },
        { line: 6, at: '2'.repeat(64), image: `x/b@sha256:${'2'.repeat(64)}` },
      ],
    },
    {
      name: 'not images: git and chart repositories, a release name and tag outside an image key',
      text: [
        'source:',
        '  repository: https://github.com/acme/app',
        'release:',
        '  name: my-release',
        '  tag: latest',
        'git:',
        '  repository: acme/app',
        'chart:',
        '  repository: https://charts.bitnami.com/bitnami',
        '  tag: 18.1.0',
        '',
      ].join('\n'),
      want: [],
    },
  ])('$name', ({ text, want }) => {
    expect(uses(text)).toEqual(want)
  })
})
