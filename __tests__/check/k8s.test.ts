import { describe, expect, test } from 'vitest'
import { scanFile } from '../../src/check/scan.ts'
import { judgeUses } from '../../src/check/findings.ts'
import { usesAt } from './helpers.ts'

function uses(path: string, text: string) {
  const r = scanFile(path, text)
  expect(r.problems).toEqual([])
  return usesAt(text, r.uses)
}

const pod = (spec: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${spec}`

describe('Kubernetes workloads', () => {
  test.each([
    {
      name: 'Pod: containers, initContainers, ephemeralContainers',
      text: pod(
        [
          '  initContainers:',
          '    - name: init',
          '      image: busybox:1.36', // 8
          '  containers:',
          '    - name: app',
          '      image: "nginx:latest"', // 11
          '  ephemeralContainers:',
          '    - name: debug',
          "      image: 'alpine'", // 14
          '',
        ].join('\n'),
      ),
      want: [
        { line: 8, at: 'busybox:1.36', image: 'busybox:1.36' },
        { line: 11, at: 'nginx:latest', image: 'nginx:latest' },
        { line: 14, at: 'alpine', image: 'alpine' },
      ],
    },
    ...['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].map((kind) => ({
      name: `${kind}: spec.template.spec`,
      text: `kind: ${kind}\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n        image: app:latest\n`,
      want: [{ line: 7, at: 'app:latest', image: 'app:latest' }],
    })),
    {
      name: 'CronJob: spec.jobTemplate.spec.template.spec, flow style',
      text: 'kind: CronJob\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: c, image: localhost:5000/job}]\n',
      want: [{ line: 7, at: 'localhost:5000/job', image: 'localhost:5000/job' }],
    },
    {
      name: 'an image at the wrong depth is not a container image',
      text: 'kind: Deployment\nspec:\n  containers:\n  - image: wrong:latest\n  template:\n    spec:\n      containers: []\n',
      want: [],
    },
    {
      name: 'kinds without pods, and objects without kind, are skipped',
      text: 'kind: ConfigMap\ndata:\n  image: nginx\n---\nimage: nginx\n',
      want: [],
    },
    {
      name: 'multi-document, Helm-rendered (# Source comments, leading ---, empty document)',
      text: [
        '---',
        '# Source: app/templates/sa.yaml',
        'kind: ServiceAccount',
        '---',
        '---',
        '# Source: app/templates/job.yaml',
        'kind: Job',
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        '        - name: migrate',
        '          image: ghcr.io/acme/app:v1.2.3 # pinned', // 13
        '',
      ].join('\n'),
      want: [{ line: 13, at: 'ghcr.io/acme/app:v1.2.3', image: 'ghcr.io/acme/app:v1.2.3' }],
    },
    {
      name: 'anchors and aliases: reported at the anchor value, once per container',
      text: [
        'kind: Deployment',
        'spec:',
        '  template:',
        '    spec:',
        '      initContainers:',
        '        - &base',
        '          name: init',
        '          image: &img redis', // 8
        '      containers:',
        '        - name: main',
        '          image: *img',
        '        - <<: *base',
        '          name: copy',
        '',
      ].join('\n'),
      want: [
        { line: 8, at: 'redis', image: 'redis' },
        { line: 8, at: 'redis', image: 'redis' },
        { line: 8, at: 'redis', image: 'redis' },
      ],
    },
    {
      name: 'a List of workloads',
      text: 'apiVersion: v1\nkind: List\nitems:\n- kind: Pod\n  spec:\n    containers:\n    - image: nginx\n',
      want: [{ line: 7, at: 'nginx', image: 'nginx' }],
    },
    {
      name: 'an envsubst variable is unresolved',
      text: pod('  containers:\n  - name: a\n    image: ${IMAGE}\n'),
      want: [{ line: 8, at: '${IMAGE}', image: '${IMAGE}', unresolved: true }],
    },
  ])('$name', ({ text, want }) => {
    expect(uses('deploy/manifest.yaml', text)).toEqual(want)
  })

  test('an aliased image is one finding naming every place it is used', () => {
    const text =
      'kind: Pod\nspec:\n  containers:\n  - name: a\n    image: &i nginx:latest\n  - name: b\n    image: *i\n'
    const f = judgeUses('p.yaml', text, scanFile('p.yaml', text).uses, {
      denyTags: [],
      allowImages: [],
    })
    expect(f).toHaveLength(1)
    expect(f[0]).toMatchObject({ line: 5, column: 15, endColumn: 27, reason: 'latest' })
    expect(f[0]!.message).toContain('containers[b]')
  })

  test('a Knative Service, an OpenShift DeploymentConfig and a KEDA ScaledJob run containers; a core Service does not', () => {
    const text = [
      'apiVersion: serving.knative.dev/v1',
      'kind: Service',
      'metadata: {name: hello}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers: [{image: ghcr.io/knative/helloworld-go}]', // 7
      '---',
      'apiVersion: apps.openshift.io/v1',
      'kind: DeploymentConfig',
      'metadata: {name: dc}',
      'spec:',
      '  template:',
      '    spec:',
      "      containers: [{name: app, image: ' '}, {name: side, image: 'nginx:latest'}]", // 15
      '---',
      'apiVersion: keda.sh/v1alpha1',
      'kind: ScaledJob',
      'metadata: {name: sj}',
      'spec:',
      '  jobTargetRef:',
      '    template:',
      '      spec:',
      '        containers: [{name: w, image: busybox}]', // 24
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: web}',
      'spec: {template: {spec: {containers: [{image: not-a-pod-spec}]}}}',
      '',
    ].join('\n')
    expect(uses('k.yaml', text).map((u) => [u.line, u.image])).toEqual([
      [7, 'ghcr.io/knative/helloworld-go'],
      // An ImageChange trigger fills the blank image in: nothing to judge.
      [15, 'nginx:latest'],
      [24, 'busybox'],
    ])
  })

  test("workflow engines' containers: Argo Workflows' templates, Tekton's steps and sidecars", () => {
    const text = [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: WorkflowTemplate',
      'metadata: {name: wt}',
      'spec:',
      '  templates:',
      '    - name: build',
      '      container: {image: golang}', // 7
      '    - name: run',
      '      script: {image: "python:3.12", source: print(1)}', // 9
      '      sidecars: [{name: db, image: postgres}]', // 10
      '    - name: set',
      '      containerSet: {containers: [{name: a, image: "alpine:latest"}]}', // 12
      '---',
      'apiVersion: argoproj.io/v1alpha1',
      'kind: CronWorkflow',
      'metadata: {name: cw}',
      'spec: {workflowSpec: {templates: [{name: t, container: {image: busybox}}]}}', // 17
      '---',
      'apiVersion: tekton.dev/v1',
      'kind: Pipeline',
      'metadata: {name: p}',
      'spec:',
      '  tasks:',
      '    - name: lint',
      '      taskSpec:',
      '        steps: [{name: l, image: hadolint/hadolint}]', // 26
      '  finally:',
      '    - name: notify',
      '      taskSpec: {steps: [{name: n, image: "curlimages/curl:8.8.0"}]}', // 29
      '---',
      'apiVersion: tekton.dev/v1',
      'kind: Task',
      'metadata: {name: t}',
      'spec: {steps: [{name: s, image: ubuntu}], sidecars: [{name: d, image: "docker:dind"}]}', // 34
      '---',
      'apiVersion: tekton.dev/v1',
      'kind: TaskRun',
      'spec: {taskSpec: {steps: [{name: b, image: $(params.builder)}]}}', // 38
      '---',
      '# Another group with these kind names: nothing read.',
      'apiVersion: example.com/v1',
      'kind: Task',
      'spec: {steps: [{image: ubuntu}]}',
      '',
    ].join('\n')
    const found = scanFile('ci.yaml', text).uses.map((u) => [u.line, u.image, u.place])
    expect(found).toEqual([
      [7, 'golang', 'WorkflowTemplate/wt spec.templates[build].container.image'],
      [9, 'python:3.12', 'WorkflowTemplate/wt spec.templates[run].script.image'],
      [10, 'postgres', 'WorkflowTemplate/wt spec.templates[run].sidecars[db].image'],
      [
        12,
        'alpine:latest',
        'WorkflowTemplate/wt spec.templates[set].containerSet.containers[a].image',
      ],
      [17, 'busybox', 'CronWorkflow/cw spec.workflowSpec.templates[t].container.image'],
      [26, 'hadolint/hadolint', 'Pipeline/p spec.tasks[lint].taskSpec.steps[l].image'],
      [29, 'curlimages/curl:8.8.0', 'Pipeline/p spec.finally[notify].taskSpec.steps[n].image'],
      [34, 'ubuntu', 'Task/t spec.steps[s].image'],
      [34, 'docker:dind', 'Task/t spec.sidecars[d].image'],
      // A Tekton parameter: filled in when the task runs.
      [38, '$(params.builder)', 'TaskRun spec.taskSpec.steps[b].image'],
    ])
    expect(scanFile('ci.yaml', text).uses.find((u) => u.line === 38)?.unresolved).toBe(
      'it is filled in by a variable or a template when deployed',
    )
  })

  test('a kind named like an Object property is no workload, and does not throw', () => {
    for (const kind of ['constructor', 'toString', '__proto__', 'hasOwnProperty'])
      expect(
        uses(
          'k.yaml',
          `apiVersion: constructor/v1\nkind: ${kind}\nspec: {containers: [{image: x}]}\n`,
        ),
      ).toEqual([])
  })

  test('a ko:// import path is built by ko, which writes its digest: not judged', () => {
    const text = pod(
      '  containers:\n    - name: app\n      image: ko://github.com/acme/app/cmd/server\n    - name: side\n      image: busybox\n',
    )
    expect(uses('p.yaml', text).map((u) => u.image)).toEqual(['busybox'])
  })

  test('an image filled in when deployed (envsubst, a template) is a warning whose fix fits a manifest', () => {
    const text = pod('  containers:\n    - name: app\n      image: ${IMAGE}\n')
    const found = judgeUses('p.yaml', text, scanFile('p.yaml', text).uses, {
      denyTags: [],
      allowImages: [],
    })
    expect(found.map((f) => [f.line, f.severity, f.reason])).toEqual([[8, 'warning', 'unresolved']])
    // A manifest has no variable defaults to give.
    expect(found[0]!.fix).toBe(
      'write the pinned image in the file (or pin it where it is filled in), or add a dock2pod-ignore comment',
    )
  })

  test('malformed YAML is a problem with its line; the valid documents are still read', () => {
    const text =
      'kind: Pod\nspec:\n  containers:\n  - image: nginx\n---\nkind: Pod\nspec: [unclosed\n'
    const r = scanFile('x.yaml', text)
    expect(r.problems).toHaveLength(1)
    expect(r.problems[0]!.message).toMatch(/^is not valid YAML/)
    expect(r.uses.map((u) => u.image)).toEqual(['nginx'])
  })

  test('a Helm chart template is skipped, not reported as malformed', () => {
    const text = 'kind: Pod\nspec:\n  containers:\n  - image: {{ .Values.image }}\n'
    expect(scanFile('chart/templates/pod.yaml', text)).toEqual({
      uses: [],
      problems: [],
      readAs: [],
      skipped: 'Helm template',
    })
  })
})

describe('kustomization images', () => {
  const digest = `sha256:${'cd'.repeat(32)}`
  test.each([
    {
      name: 'newTag: latest, a pinned newTag, a digest; newName alone with no resources to read is silent',
      path: 'overlays/prod/kustomization.yaml',
      text: [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        'images:',
        '  - name: ghcr.io/acme/web',
        '    newTag: latest', // 5
        '  - name: redis',
        '    newTag: "7.2"', // 7
        '  - name: ghcr.io/acme/api',
        '    newName: registry.acme.internal/api', // 9
        '  - name: postgres',
        '    newName: mirror.acme.internal/postgres',
        `    digest: ${digest}`, // 12
        '  - name: numeric',
        '    newTag: 1.10', // 14
        '',
      ].join('\n'),
      want: [
        { line: 5, at: 'latest', image: 'ghcr.io/acme/web:latest' },
        { line: 7, at: '7.2', image: 'redis:7.2' },
        { line: 12, at: digest, image: `mirror.acme.internal/postgres@${digest}` },
        { line: 14, at: '1.10', image: 'numeric:1.10' },
      ],
    },
    {
      name: 'a kustomization without apiVersion/kind, read by its file name',
      path: 'base/kustomization.yml',
      text: 'resources: [app.yaml]\nimages:\n- name: app\n  newTag: latest\n',
      want: [{ line: 4, at: 'latest', image: 'app:latest' }],
    },
  ])('$name', ({ path, text, want }) => {
    expect(uses(path, text)).toEqual(want)
  })
})

describe('Helm-style values', () => {
  test.each([
    {
      name: 'the helm create shape with an empty tag and no chart: unresolved; a bitnami shape with tag latest',
      text: [
        'image:',
        '  repository: ghcr.io/acme/web',
        '  pullPolicy: IfNotPresent',
        '  tag: ""', // 4
        'metrics:',
        '  image:',
        '    registry: docker.io',
        '    repository: bitnami/redis-exporter',
        '    tag: latest', // 9
        '',
      ].join('\n'),
      want: [
        { line: 4, at: 'tag: ""', image: 'ghcr.io/acme/web', unresolved: true },
        { line: 9, at: 'latest', image: 'docker.io/bitnami/redis-exporter:latest' },
      ],
    },
    {
      name: 'no tag key and no chart: unresolved, at the repository; a digest pins it',
      text: `image:\n  repository: nginx\nproxy:\n  image:\n    repository: envoyproxy/envoy\n    tag: latest\n    digest: sha256:${'ef'.repeat(32)}\n`,
      want: [
        { line: 2, at: 'nginx', image: 'nginx', unresolved: true },
        {
          line: 7,
          at: `sha256:${'ef'.repeat(32)}`,
          image: `envoyproxy/envoy@sha256:${'ef'.repeat(32)}`,
        },
      ],
    },
    {
      name: 'scalar images, image-ish keys, lists of extra containers',
      text: [
        'initImage: busybox', // 1
        'sidecar_image: "fluent/fluent-bit:3.0"', // 2
        'extraContainers:',
        '  - name: sh',
        '    image: alpine:latest', // 5
        'imagePullSecrets: []',
        'pullPolicy: Always',
        '',
      ].join('\n'),
      want: [
        { line: 1, at: 'busybox', image: 'busybox' },
        { line: 2, at: 'fluent/fluent-bit:3.0', image: 'fluent/fluent-bit:3.0' },
        { line: 5, at: 'alpine:latest', image: 'alpine:latest' },
      ],
    },
  ])('$name', ({ text, want }) => {
    expect(uses('charts/web/values.yaml', text)).toEqual(want)
  })

  test('an ignore comment above the image key silences the values map', () => {
    const text = '# dock2pod-ignore\nimage:\n  repository: nginx\n  tag: latest\n'
    const f = judgeUses('values.yaml', text, scanFile('values.yaml', text).uses, {
      denyTags: [],
      allowImages: [],
    })
    expect(f).toEqual([])
  })

  test('a values file elsewhere than values*.yaml is not read as values', () => {
    expect(scanFile('config/settings.yaml', 'image:\n  repository: nginx\n').uses).toEqual([])
  })
})
