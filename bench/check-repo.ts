// A generated repository for the check's throughput: `n` files of the kinds the check
// reads, in units of ten per service — a Deployment, its kustomization and a prod
// overlay (`newName` alone, resolved against the base), a `helm create`-style chart
// (Chart.yaml, values.yaml with `tag: ""`, two templates), a Dockerfile, a compose file
// with `build:` and a workflow. Every reference is pinned, so the check finds nothing and
// asks no registry. Pure: a map of path → text.

const UNIT = 10

function service(i: number): [string, string][] {
  const s = `svc-${String(i).padStart(4, '0')}`
  const v = `1.${i % 50}.${i % 7}`
  return [
    [
      `deploy/${s}/deployment.yaml`,
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${s}
spec:
  replicas: 2
  selector:
    matchLabels: { app: ${s} }
  template:
    metadata:
      labels: { app: ${s} }
    spec:
      initContainers:
        - name: migrate
          image: ghcr.io/acme/${s}-migrate:${v}
      containers:
        - name: app
          image: ghcr.io/acme/${s}:${v}
          ports: [{ containerPort: 8080 }]
        - name: proxy
          image: envoyproxy/envoy:v1.31.${i % 5}
---
apiVersion: v1
kind: Service
metadata:
  name: ${s}
spec:
  selector: { app: ${s} }
  ports: [{ port: 80, targetPort: 8080 }]
`,
    ],
    [
      `deploy/${s}/kustomization.yaml`,
      `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - deployment.yaml
images:
  - name: envoyproxy/envoy
    newTag: v1.31.4
`,
    ],
    [
      `overlays/prod/${s}/kustomization.yaml`,
      `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../../../deploy/${s}
images:
  - name: ghcr.io/acme/${s}
    newName: registry.acme.internal/${s}
`,
    ],
    [
      `charts/${s}/Chart.yaml`,
      `apiVersion: v2
name: ${s}
type: application
version: 0.1.${i % 10}
appVersion: "${v}"
`,
    ],
    [
      `charts/${s}/values.yaml`,
      `replicaCount: 1
image:
  repository: ghcr.io/acme/${s}
  pullPolicy: IfNotPresent
  # Overrides the image tag whose default is the chart appVersion.
  tag: ""
imagePullSecrets: []
metrics:
  image:
    registry: docker.io
    repository: bitnami/redis-exporter
    tag: v1.58.0
service:
  type: ClusterIP
  port: 80
`,
    ],
    [
      `charts/${s}/templates/deployment.yaml`,
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
spec:
  replicas: {{ .Values.replicaCount }}
  template:
    spec:
      containers:
        - name: {{ .Chart.Name }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
        - name: metrics
          image: "{{ .Values.metrics.image.registry }}/{{ .Values.metrics.image.repository }}:{{ .Values.metrics.image.tag }}"
`,
    ],
    [
      `charts/${s}/templates/service.yaml`,
      `apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}
spec:
  type: {{ .Values.service.type }}
  ports:
    - port: {{ .Values.service.port }}
`,
    ],
    [
      `services/${s}/Dockerfile`,
      `ARG NODE_VERSION=24.11.1
FROM node:\${NODE_VERSION}-bookworm-slim AS build
WORKDIR /src
COPY . .
RUN npm ci && npm run build
FROM gcr.io/distroless/nodejs24-debian12:nonroot
COPY --from=build /src/dist /app
CMD ["/app/index.js"]
`,
    ],
    [
      `services/${s}/compose.yaml`,
      `services:
  app:
    build: .
    image: ghcr.io/acme/${s}:${v}
  db:
    image: postgres:16.${i % 4}
  cache:
    image: redis:7.2-alpine
`,
    ],
    [
      `.github/workflows/${s}.yml`,
      `name: ${s}
on: [push]
jobs:
  test:
    runs-on: ubuntu-24.04
    container: node:24.11.1-bookworm
    services:
      db:
        image: postgres:16.4
    steps:
      - uses: docker://alpine:3.20
`,
    ],
  ]
}

/** `n` files, whole services first, the last one cut short. */
export function generateCheckRepo(n: number): Map<string, string> {
  const files = new Map<string, string>()
  for (let i = 0; files.size < n; i++) {
    for (const [path, text] of service(i)) {
      if (files.size >= n) break
      files.set(path, text)
    }
  }
  return files
}

/** Every `step`-th file, with a comment added: what a pull request changes. */
export function changedFiles(files: Map<string, string>, step: number): string[] {
  return [...files.keys()].sort().filter((_, i) => i % step === 0)
}

export const FILES_PER_SERVICE = UNIT
