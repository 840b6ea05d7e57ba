// Defaulting, as the API server's SetDefaults_* functions and admission plugins fill in
// what a client left out, so that `kubectl get -o json` shows what a real cluster shows
// and the controllers see complete specs. Mutates the object in place. Pure otherwise.
import type { KubeObject } from './store.ts'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any

function setDefault<T>(obj: Record<string, unknown>, key: string, value: T): void {
  if (obj[key] === undefined || obj[key] === null) obj[key] = value
}

/** `Always` for `:latest` or an untagged image without digest, `IfNotPresent` otherwise. */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  if (image.includes('@')) return 'IfNotPresent'
  const lastSlash = image.lastIndexOf('/')
  const tagAt = image.indexOf(':', lastSlash + 1)
  if (tagAt < 0) return 'Always'
  return image.slice(tagAt + 1) === 'latest' ? 'Always' : 'IfNotPresent'
}

function defaultProbe(p: Any): void {
  if (!p || typeof p !== 'object') return
  setDefault(p, 'timeoutSeconds', 1)
  setDefault(p, 'periodSeconds', 10)
  setDefault(p, 'successThreshold', 1)
  setDefault(p, 'failureThreshold', 3)
  if (p.httpGet) setDefault(p.httpGet, 'scheme', 'HTTP')
}

function defaultContainer(c: Any): void {
  if (!c || typeof c !== 'object') return
  setDefault(c, 'terminationMessagePath', '/dev/termination-log')
  setDefault(c, 'terminationMessagePolicy', 'File')
  if (typeof c.image === 'string') setDefault(c, 'imagePullPolicy', defaultPullPolicy(c.image))
  setDefault(c, 'resources', {})
  for (const p of Array.isArray(c.ports) ? c.ports : [])
    if (p && typeof p === 'object') setDefault(p, 'protocol', 'TCP')
  for (const e of Array.isArray(c.env) ? c.env : []) {
    const ref = e?.valueFrom?.fieldRef
    if (ref) setDefault(ref, 'apiVersion', 'v1')
  }
  defaultProbe(c.livenessProbe)
  defaultProbe(c.readinessProbe)
  defaultProbe(c.startupProbe)
}

/** SetDefaults_PodSpec: what a pod template and a pod share. */
export function defaultPodSpec(spec: Any): void {
  if (!spec || typeof spec !== 'object') return
  setDefault(spec, 'restartPolicy', 'Always')
  setDefault(spec, 'terminationGracePeriodSeconds', 30)
  setDefault(spec, 'dnsPolicy', 'ClusterFirst')
  setDefault(spec, 'securityContext', {})
  setDefault(spec, 'schedulerName', 'default-scheduler')
  for (const list of ['containers', 'initContainers'] as const) {
    for (const c of Array.isArray(spec[list]) ? spec[list] : []) defaultContainer(c)
  }
  for (const v of Array.isArray(spec.volumes) ? spec.volumes : []) {
    if (v?.secret) setDefault(v.secret, 'defaultMode', 420)
    if (v?.configMap) setDefault(v.configMap, 'defaultMode', 420)
    if (v && !Object.keys(v).some((k) => k !== 'name')) v.emptyDir = {}
  }
}

function defaultTemplate(template: Any): void {
  if (!template || typeof template !== 'object') return
  template.metadata ??= {}
  // The API server serialises a template's zero creationTimestamp as null.
  if (!('creationTimestamp' in template.metadata)) template.metadata.creationTimestamp = null
  template.spec ??= {}
  defaultPodSpec(template.spec)
}

export function defaultDeployment(obj: KubeObject): void {
  const spec = (obj.spec ??= {})
  setDefault(spec, 'replicas', 1)
  spec.strategy ??= {}
  setDefault(spec.strategy, 'type', 'RollingUpdate')
  if (spec.strategy.type === 'RollingUpdate') {
    spec.strategy.rollingUpdate ??= {}
    setDefault(spec.strategy.rollingUpdate, 'maxUnavailable', '25%')
    setDefault(spec.strategy.rollingUpdate, 'maxSurge', '25%')
  }
  setDefault(spec, 'revisionHistoryLimit', 10)
  setDefault(spec, 'progressDeadlineSeconds', 600)
  defaultTemplate(spec.template)
}

export function defaultReplicaSet(obj: KubeObject): void {
  const spec = (obj.spec ??= {})
  setDefault(spec, 'replicas', 1)
  defaultTemplate(spec.template)
}

export function defaultPod(obj: KubeObject): void {
  const spec = (obj.spec ??= {})
  defaultPodSpec(spec)
  // What the ServiceAccount, Priority and DefaultTolerationSeconds admission plugins add.
  setDefault(spec, 'serviceAccountName', 'default')
  setDefault(spec, 'serviceAccount', spec.serviceAccountName)
  setDefault(spec, 'enableServiceLinks', true)
  setDefault(spec, 'priority', 0)
  setDefault(spec, 'preemptionPolicy', 'PreemptLowerPriority')
  if (!Array.isArray(spec.tolerations)) spec.tolerations = []
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    if (!spec.tolerations.some((t: Any) => t?.key === key)) {
      spec.tolerations.push({
        key,
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      })
    }
  }
}

export function defaultNamespace(obj: KubeObject): void {
  obj.metadata.labels = {
    ...(obj.metadata.labels ?? {}),
    'kubernetes.io/metadata.name': obj.metadata.name,
  }
  const spec = (obj.spec ??= {})
  setDefault(spec, 'finalizers', ['kubernetes'])
}

export function defaultSecret(obj: KubeObject): void {
  if (obj.type === undefined || obj.type === '') obj.type = 'Opaque'
  // stringData is write-only: the API server folds it into data.
  const stringData = obj.stringData as Record<string, string> | undefined
  if (stringData && typeof stringData === 'object') {
    const data = (obj.data ?? {}) as Record<string, string>
    for (const [k, v] of Object.entries(stringData))
      data[k] = Buffer.from(String(v), 'utf8').toString('base64')
    obj.data = data
    delete obj.stringData
  }
}

/** Apply the defaults of a resource type (`group/resource` key, as the store uses). */
export function applyDefaults(key: string, obj: KubeObject): void {
  switch (key) {
    case 'apps/deployments':
      return defaultDeployment(obj)
    case 'apps/replicasets':
      return defaultReplicaSet(obj)
    case '/pods':
      return defaultPod(obj)
    case '/namespaces':
      return defaultNamespace(obj)
    case '/secrets':
      return defaultSecret(obj)
  }
}

/** The status a newly created object starts with (clients cannot set it on create). */
export function initialStatus(key: string, obj: KubeObject): unknown {
  switch (key) {
    case 'apps/deployments':
    case 'apps/replicasets':
      return {}
    case '/pods': {
      const containers: Any[] = [
        ...(obj.spec?.containers ?? []),
        ...(obj.spec?.initContainers ?? []),
      ]
      const hasResources = containers.some(
        (c) => Object.keys(c?.resources?.requests ?? c?.resources?.limits ?? {}).length,
      )
      return { phase: 'Pending', qosClass: hasResources ? 'Burstable' : 'BestEffort' }
    }
    case '/namespaces':
      return { phase: 'Active' }
    default:
      return obj.status
  }
}
