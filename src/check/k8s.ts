// Kubernetes YAML: workload manifests (multi-document, Helm-rendered or hand-written).
// Pure: parsed documents in, image uses out. Kustomizations are kustomize.ts's, values
// files helm.ts's.
// Positions come from the YAML nodes; an image written through an alias is reported
// where its anchor's value is written, which is where a fix goes.
import type { LineCounter, Node } from 'yaml'
import type { ImageUse, PlaceKind } from './findings.ts'
import { hasVariables } from './variables.ts'
import { asSeq, get, getEntry, scalarText, span, type Doc } from './yaml-nodes.ts'

/** Where the pod spec sits in each workload kind. */
const POD_SPEC_PATH: Record<string, string[]> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  // Argo Rollouts keep the Deployment's shape.
  Rollout: ['spec', 'template', 'spec'],
  // OpenShift's DeploymentConfig, and KEDA's ScaledJob (a Job template of its own).
  DeploymentConfig: ['spec', 'template', 'spec'],
  ScaledJob: ['spec', 'jobTargetRef', 'template', 'spec'],
}

/** Kinds whose name core Kubernetes also uses for something else, by their API group. */
const GROUP_POD_SPEC_PATH: Record<string, Record<string, string[]>> = {
  // A Knative Service runs containers; a core Service does not.
  'serving.knative.dev': { Service: ['spec', 'template', 'spec'] },
}

/** Argo Workflows' kinds: where their templates sit under `spec`. */
const ARGO_TEMPLATES_PATH: Record<string, string[]> = {
  Workflow: ['templates'],
  WorkflowTemplate: ['templates'],
  ClusterWorkflowTemplate: ['templates'],
  CronWorkflow: ['workflowSpec', 'templates'],
}

/** `table[key]` among the table's own keys: a document of kind `constructor` is no workload. */
function own<T>(table: Record<string, T> | undefined, key: string): T | undefined {
  return table && Object.hasOwn(table, key) ? table[key] : undefined
}

/** The API group of an apiVersion (`apps/v1` → `apps`; `v1`, the core group, → ``). */
function apiGroup(apiVersion: string | undefined): string {
  const slash = apiVersion?.indexOf('/') ?? -1
  return slash > 0 ? apiVersion!.slice(0, slash) : ''
}

/** The node at a path of keys. */
function atPath(node: unknown, doc: Doc, path: readonly string[]): unknown {
  return path.reduce<unknown>((n, key) => get(n, doc, key), node)
}

/** Where the pod spec sits in a document of this kind and apiVersion, if it has one. */
function podSpecPath(kind: string, apiVersion: string | undefined): string[] | undefined {
  return own(own(GROUP_POD_SPEC_PATH, apiGroup(apiVersion)), kind) ?? own(POD_SPEC_PATH, kind)
}

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const

/** `image: ko://github.com/acme/app/cmd/server`: a Go import path ko builds. */
const KO_SCHEME = 'ko://'

/** The `kind` of a document, when it has one. */
export function kindOf(doc: Doc): string | undefined {
  return scalarText(get(doc.contents, doc, 'kind'))
}

/** Image uses of one Kubernetes document: a workload, or a List of them. */
export function scanK8sDocument(doc: Doc, lc: LineCounter): ImageUse[] {
  return scanObject(doc.contents as Node | undefined, doc, lc, 0)
}

function scanObject(node: Node | undefined, doc: Doc, lc: LineCounter, depth: number): ImageUse[] {
  const kind = scalarText(get(node, doc, 'kind'))
  if (!kind || depth > 4) return []
  if (kind === 'List' || kind.endsWith('List')) {
    const items = asSeq(get(node, doc, 'items'), doc)
    return (items?.items ?? []).flatMap((item) => scanObject(item as Node, doc, lc, depth + 1))
  }
  const apiVersion = scalarText(get(node, doc, 'apiVersion'))
  const containers =
    podContainers(kind, apiVersion, node, doc) ?? engineContainers(kind, apiVersion, node, doc)
  const name = scalarText(get(get(node, doc, 'metadata'), doc, 'name'))
  const owner = `${kind}${name ? `/${name}` : ''}`
  const uses: ImageUse[] = []
  for (const { container, at } of containers) {
    const image = getEntry(container, doc, 'image')
    // ko builds a ko:// import path and writes the image it pushed, by digest.
    if (scalarText(image?.value)?.trim().startsWith(KO_SCHEME)) continue
    const use = scalarUse(image?.value, doc, lc, 'k8s-container', `${owner} ${at}.image`)
    if (use) uses.push(use)
  }
  return uses
}

/** A container (or a step, a script) and where it sits, for people. */
interface ContainerAt {
  container: unknown
  at: string
}

/** The items of a list of containers, each named by its `name` or its index. */
function listed(parent: unknown, doc: Doc, key: string, at: string): ContainerAt[] {
  return (asSeq(get(parent, doc, key), doc)?.items ?? []).map((container, i) => ({
    container,
    at: `${at}${at ? '.' : ''}${key}[${scalarText(get(container, doc, 'name')) ?? i}]`,
  }))
}

/** A workload's containers, from its pod spec; undefined for a kind with none. */
function podContainers(
  kind: string,
  apiVersion: string | undefined,
  node: unknown,
  doc: Doc,
): ContainerAt[] | undefined {
  const path = podSpecPath(kind, apiVersion)
  if (!path) return undefined
  const spec = atPath(node, doc, path)
  return CONTAINER_LISTS.flatMap((list) => listed(spec, doc, list, path.join('.')))
}

/**
 * The containers of workflow engines' kinds, which are no pod specs: Argo Workflows'
 * templates (`container`, `script`, `initContainers`, `sidecars`, `containerSet`) and
 * Tekton's steps and sidecars (of a Task, or of the tasks a Pipeline or a run embeds).
 */
function engineContainers(
  kind: string,
  apiVersion: string | undefined,
  node: unknown,
  doc: Doc,
): ContainerAt[] {
  const group = apiGroup(apiVersion)
  const spec = get(node, doc, 'spec')
  if (group === 'argoproj.io') {
    const path = own(ARGO_TEMPLATES_PATH, kind)
    if (!path) return []
    return (asSeq(atPath(spec, doc, path), doc)?.items ?? []).flatMap((t, i) => {
      const at = `spec.${path.join('.')}[${scalarText(get(t, doc, 'name')) ?? i}]`
      const single = ['container', 'script']
        .filter((k) => get(t, doc, k))
        .map((k) => ({ container: get(t, doc, k), at: `${at}.${k}` }))
      return [
        ...single,
        ...listed(t, doc, 'initContainers', at),
        ...listed(t, doc, 'sidecars', at),
        ...listed(get(t, doc, 'containerSet'), doc, 'containers', `${at}.containerSet`),
      ]
    })
  }
  if (group === 'tekton.dev') {
    const steps = (taskSpec: unknown, at: string) => [
      ...listed(taskSpec, doc, 'steps', at),
      ...listed(taskSpec, doc, 'sidecars', at),
    ]
    const pipelineTasks = (pipelineSpec: unknown, at: string) =>
      ['tasks', 'finally'].flatMap((key) =>
        (asSeq(get(pipelineSpec, doc, key), doc)?.items ?? []).flatMap((task, i) =>
          steps(
            get(task, doc, 'taskSpec'),
            `${at}.${key}[${scalarText(get(task, doc, 'name')) ?? i}].taskSpec`,
          ),
        ),
      )
    if (kind === 'Task' || kind === 'ClusterTask') return steps(spec, 'spec')
    if (kind === 'TaskRun') return steps(get(spec, doc, 'taskSpec'), 'spec.taskSpec')
    if (kind === 'Pipeline') return pipelineTasks(spec, 'spec')
    if (kind === 'PipelineRun')
      return pipelineTasks(get(spec, doc, 'pipelineSpec'), 'spec.pipelineSpec')
  }
  return []
}

/** A use for a scalar holding a whole reference; undefined when it is not a non-empty string. */
export function scalarUse(
  node: Node | undefined,
  _doc: Doc,
  lc: LineCounter,
  kind: PlaceKind,
  place: string,
  ignoreAbove: number[] = [],
): ImageUse | undefined {
  const text = scalarText(node)?.trim()
  if (!node || !text) return undefined
  const pos = span(node, lc)
  if (hasVariables(text)) {
    return {
      ...pos,
      image: text,
      written: text,
      kind,
      place,
      unresolved: 'it is filled in by a variable or a template when deployed',
      ignoreAbove,
    }
  }
  return { ...pos, image: text, kind, place, ignoreAbove }
}
