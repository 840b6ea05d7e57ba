// StatefulSets and DaemonSets, end to end: the committed bundle against the real cluster
// (one node, so a DaemonSet runs one Pod). Each kind rolls out Ready, pinned by digest;
// a crashing image fails fast and the workload is put back on its previous image, as
// kubectl reads it afterwards. `manifests`: first deploys of folders and kustomizations,
// conflicts with other field managers, and errors before the build.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect } from 'vitest'
import { stringify } from 'yaml'
import { runAction } from '../../testbed/action-runner.ts'
import { kubectlOk } from '../../testbed/kube/testing.ts'
import {
  behaviourDockerfile,
  buildTestImage,
  deploymentManifest,
  deploymentsOutput,
  errorAnnotations,
  runAgainst,
  unique,
} from './deploy-kit.ts'
import {
  buildRecords,
  dockerEnv,
  dockerTest,
  dockerTestbed,
  engineImages,
  testCluster,
} from './docker-testbed.ts'
import { registryDigest, tagsAt } from './registry-probe.ts'

// A crash is reported at its first exit (Crashed), or as CrashLoopBackOff when the
// kubelet's Pod status says that first: the kubelet's timing, not ours.
const CRASH = /^(Crashed|CrashLoopBackOff)/m

const cluster = () => testCluster()
const images: Record<string, string> = {}
const created: string[] = []

type Kind = 'statefulset' | 'daemonset'

/** A StatefulSet or DaemonSet with the deploy kit's Pod template (readiness on GET /ready). */
function manifest(kind: Kind, name: string, image: string): Record<string, unknown> {
  const d = deploymentManifest(name, { image, replicas: 2 }) as {
    metadata: unknown
    spec: Record<string, unknown>
  }
  const { replicas, selector, template } = d.spec
  if (kind === 'statefulset')
    return {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: d.metadata,
      spec: { replicas, selector, template, serviceName: name },
    }
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: d.metadata,
    spec: { selector, template },
  }
}

async function create(kind: Kind, name: string, image: string): Promise<void> {
  await kubectlOk(cluster(), ['apply', '-f', '-'], {
    input: JSON.stringify(manifest(kind, name, image)),
  })
  created.push(`${kind}/${name}`)
  await kubectlOk(cluster(), ['rollout', 'status', `${kind}/${name}`, '--timeout=180s'])
}

interface Workload {
  metadata: { generation: number }
  spec: { template: { spec: { containers: { image: string }[] } } }
  status: Record<string, unknown>
}
const get = async (kind: Kind, name: string) =>
  JSON.parse(await kubectlOk(cluster(), ['get', kind, name, '-o', 'json'])) as Workload
const imageOf = async (kind: Kind, name: string) =>
  (await get(kind, name)).spec.template.spec.containers[0]!.image

/** The images of the workload's Pods, as the kubelet runs them. */
async function podImages(name: string): Promise<string[]> {
  const pods = JSON.parse(
    await kubectlOk(cluster(), ['get', 'pods', '-l', `app=${name}`, '-o', 'json']),
  ) as {
    items: {
      metadata: { deletionTimestamp?: string }
      spec: { containers: { image: string }[] }
      status: { conditions?: { type: string; status: string }[] }
    }[]
  }
  return pods.items
    .filter((p) => !p.metadata.deletionTimestamp)
    .filter((p) => p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
    .map((p) => p.spec.containers[0]!.image)
}

beforeAll(async () => {
  if (dockerTestbed().unavailable) return
  images.base = await buildTestImage('workloads/base')
  images.quick = await buildTestImage('workloads/quick', { readyAfter: 1 })
  images.crash = await buildTestImage('workloads/crash', {
    log: ['starting db', 'fatal: no data directory'],
    readyAfter: 60,
    exitAfter: 1,
    exitCode: 3,
  })
}, 600_000)

const workspaces: string[] = []
const namespaces: string[] = []

afterAll(async () => {
  for (const w of workspaces.splice(0)) rmSync(w, { recursive: true, force: true })
  if (dockerTestbed().unavailable) return
  for (const w of created.splice(0))
    await kubectlOk(cluster(), ['delete', w, '--wait=false', '--ignore-not-found'])
  for (const ns of namespaces.splice(0))
    await kubectlOk(cluster(), ['delete', 'namespace', ns, '--wait=false', '--ignore-not-found'])
})

/** A workspace with a Dockerfile and `files` (path → text). */
function workspaceWith(files: Record<string, string>): string {
  const w = mkdtempSync(join(tmpdir(), 'd2p-manifests-ws-'))
  workspaces.push(w)
  writeFileSync(join(w, 'Dockerfile'), behaviourDockerfile({ readyAfter: 1 }))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(w, path, '..'), { recursive: true })
    writeFileSync(join(w, path), text)
  }
  return w
}

const runIn = (workspace: string, inputs: Record<string, string>) => {
  const tb = dockerTestbed()
  return runAction({
    inputs,
    workspace,
    env: { ...dockerEnv(tb), KUBECONFIG: cluster().kubeconfigPath },
    path: [tb.binDir],
    timeoutMs: 240_000,
  })
}

/** A folder of manifests for a first deploy into `ns`; workloads run `repo` (no tag). */
function shopFolder(ns: string, repo: string): Record<string, string> {
  const workload = (kind: Kind | 'deployment', name: string) => {
    const m = (
      kind === 'deployment'
        ? deploymentManifest(name, { image: repo, replicas: 1 })
        : manifest(kind, name, repo)
    ) as { metadata: Record<string, unknown>; spec: Record<string, unknown> }
    // No namespace: the `namespace` input places them.
    delete m.metadata.namespace
    if (kind === 'statefulset') m.spec.replicas = 1
    return stringify(m)
  }
  return {
    'k8s/namespace.yaml': stringify({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns },
    }),
    'k8s/config.yaml': stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings' },
      data: { mode: 'auto' },
    }),
    'k8s/service.yaml': stringify({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] },
    }),
    // Workloads first in the folder: the apply order puts them last.
    'k8s/a-web.yaml': workload('deployment', 'web'),
    'k8s/b-db.yaml': workload('statefulset', 'db'),
    'k8s/c-agent.yaml': workload('daemonset', 'agent'),
  }
}

interface Managed {
  metadata: { managedFields?: { manager: string; operation: string }[] }
  status: { readyReplicas?: number; numberReady?: number }
  spec: { template: { spec: { containers: { image: string }[] } } }
}
const getIn = async (ns: string, what: string) =>
  JSON.parse(
    await kubectlOk(cluster(), ['-n', ns, 'get', what, '-o', 'json', '--show-managed-fields']),
  ) as Managed

describe('manifests', () => {
  dockerTest(
    'a first deploy of a folder into an empty namespace: every workload Ready, pinned by digest, applied by dock2pod; a second run changes nothing',
    async () => {
      const tb = dockerTestbed()
      const ns = unique('shop')
      namespaces.push(ns)
      const repo = `${tb.registry}/workloads/shop`
      const workspace = workspaceWith(shopFolder(ns, repo))
      const r = await runIn(workspace, {
        registry: tb.registry,
        image: 'workloads/shop',
        tag: 'v1',
        manifests: 'k8s',
        namespace: ns,
      })
      expect(errorAnnotations(r), r.stdout).toEqual([])
      expect(r.exitCode).toBe(0)
      const digest = await registryDigest(tb.registry, 'workloads/shop', 'v1')
      const pinned = `${repo}:v1@${digest}`
      expect(r.outputs['image-ref']).toBe(pinned)
      // Applied in order: the Namespace first, the workloads last.
      const order = ['Namespace', 'ConfigMap', 'Service', 'Deployment', 'StatefulSet', 'DaemonSet']
      const createdKinds = r.stdout
        .split('\n')
        .filter((l) => / created$/.test(l))
        .map((l) => /(\w+) \S+ created$/.exec(l)?.[1])
      expect(createdKinds).toEqual(order)
      expect(deploymentsOutput(r).map((d) => [d.name, d.status, d.image])).toEqual([
        ['web', 'ready', pinned],
        ['db', 'ready', pinned],
        ['agent', 'ready', pinned],
      ])
      for (const what of ['deployment/web', 'statefulset/db', 'daemonset/agent']) {
        const w = await getIn(ns, what)
        expect(w.spec.template.spec.containers[0]!.image).toBe(pinned)
        expect(w.metadata.managedFields).toContainEqual(
          expect.objectContaining({ manager: 'dock2pod', operation: 'Apply' }),
        )
        // Ready as the controller counts it.
        expect(w.status.readyReplicas ?? w.status.numberReady).toBe(1)
      }
      const cm = await getIn(ns, 'configmap/settings')
      expect(cm.metadata.managedFields).toContainEqual(
        expect.objectContaining({ manager: 'dock2pod', operation: 'Apply' }),
      )

      const again = await runIn(workspace, { 'image-ref': pinned, manifests: 'k8s', namespace: ns })
      expect(again.exitCode, again.stdout).toBe(0)
      expect(deploymentsOutput(again).map((d) => [d.name, d.status])).toEqual([
        ['web', 'unchanged'],
        ['db', 'unchanged'],
        ['agent', 'unchanged'],
      ])

      // A field another manager took: a conflict naming it, found by the dry run.
      await kubectlOk(cluster(), [
        '-n',
        ns,
        'patch',
        'configmap',
        'settings',
        '--field-manager=ops-team',
        '-p',
        '{"data":{"mode":"manual"}}',
      ])
      const conflict = await runIn(workspace, {
        'image-ref': pinned,
        manifests: 'k8s',
        namespace: ns,
      })
      expect(conflict.exitCode).toBe(1)
      const [error, ...more] = errorAnnotations(conflict)
      expect(more).toEqual([])
      expect(error!.file).toBe('k8s/config.yaml')
      expect(error!.message).toContain('"ops-team"')
      expect(error!.message).toContain('.data.mode')
      expect(error!.message).toContain('force-conflicts: true')
      expect(
        JSON.parse(
          await kubectlOk(cluster(), ['-n', ns, 'get', 'configmap', 'settings', '-o', 'json']),
        ).data.mode,
      ).toBe('manual')

      const forced = await runIn(workspace, {
        'image-ref': pinned,
        manifests: 'k8s',
        namespace: ns,
        'force-conflicts': 'true',
      })
      expect(forced.exitCode, forced.stdout).toBe(0)
      const taken = JSON.parse(
        await kubectlOk(cluster(), ['-n', ns, 'get', 'configmap', 'settings', '-o', 'json']),
      ) as { data: { mode: string } }
      expect(taken.data.mode).toBe('auto')
    },
  )

  dockerTest(
    'a manifest the API server refuses fails before the build, on its file and line',
    async () => {
      const tb = dockerTestbed()
      const ns = unique('bad')
      namespaces.push(ns)
      await kubectlOk(cluster(), ['create', 'namespace', ns])
      const bad = deploymentManifest('web', { image: `${tb.registry}/workloads/never` }) as {
        metadata: Record<string, unknown>
        spec: Record<string, unknown>
      }
      delete bad.metadata.namespace
      bad.spec.replicas = -1
      const text = `${stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ok' }, data: { a: 'b' } })}---\n${stringify(bad)}`
      const line = text.split('\n').indexOf('---') + 2
      const workspace = workspaceWith({ 'deploy/app.yaml': text })
      const imagesBefore = engineImages(tb)
      const recordsBefore = buildRecords(tb)
      const r = await runIn(workspace, {
        registry: tb.registry,
        image: 'workloads/never',
        tag: 'v1',
        manifests: 'deploy/*.yaml',
        namespace: ns,
      })
      expect(r.exitCode).toBe(1)
      const [error, ...more] = errorAnnotations(r)
      expect(more).toEqual([])
      expect(error!.file).toBe('deploy/app.yaml')
      expect(error!.line).toBe(line)
      expect(error!.message).toContain('spec.replicas')
      // Nothing built, pushed or applied.
      expect(await tagsAt(tb.registry, 'workloads/never')).toEqual([])
      expect(engineImages(tb)).toEqual(imagesBefore)
      expect(buildRecords(tb)).toEqual(recordsBefore)
      const cms = await kubectlOk(cluster(), [
        '-n',
        ns,
        'get',
        'configmap',
        'ok',
        '--ignore-not-found',
      ])
      expect(cms).toBe('')
      expect(readFileSync(join(workspace, 'deploy/app.yaml'), 'utf8')).toBe(text)
    },
  )

  dockerTest(
    'an applied Deployment that fails is rolled back; the next apply takes back what the rollback wrote',
    async () => {
      const tb = dockerTestbed()
      const ns = unique('again')
      namespaces.push(ns)
      await kubectlOk(cluster(), ['create', 'namespace', ns])
      const web = deploymentManifest('web', {
        image: `${tb.registry}/workloads/app`,
        replicas: 1,
      }) as { metadata: Record<string, unknown> }
      delete web.metadata.namespace
      const workspace = workspaceWith({ 'k8s/web.yaml': stringify(web) })
      // Each build replaces tag v1 of workloads/app; image-ref resolves it to its digest.
      const deployNext = async (b: Parameters<typeof buildTestImage>[1]) => {
        const ref = await buildTestImage('workloads/app', b)
        const digest = await registryDigest(tb.registry, 'workloads/app', 'v1')
        const r = await runIn(workspace, { 'image-ref': ref, manifests: 'k8s', namespace: ns })
        return { r, pinned: `${ref}@${digest}` }
      }
      const first = await deployNext({ log: ['first'], readyAfter: 1 })
      expect(deploymentsOutput(first.r), first.r.stdout).toMatchObject([{ status: 'ready' }])

      const crash = await deployNext({ log: ['fatal'], readyAfter: 60, exitAfter: 1, exitCode: 3 })
      expect(crash.r.exitCode).toBe(1)
      expect(deploymentsOutput(crash.r)).toMatchObject([
        { status: 'rolled-back', diagnosis: { reason: expect.stringMatching(CRASH) } },
      ])
      const image = () =>
        kubectlOk(cluster(), [
          '-n',
          ns,
          'get',
          'deployment',
          'web',
          '-o',
          'jsonpath={.spec.template.spec.containers[0].image}',
        ])
      expect(await image()).toBe(first.pinned)

      // The rollback's patch wrote the image as dock2pod (an Update), which the API server
      // counts as another manager: dock2pod takes its own field back.
      const fixed = await deployNext({ log: ['fixed'], readyAfter: 1 })
      expect(fixed.r.exitCode, fixed.r.stdout).toBe(0)
      expect(deploymentsOutput(fixed.r)).toMatchObject([{ status: 'ready', image: fixed.pinned }])
      expect(await image()).toBe(fixed.pinned)
    },
  )

  dockerTest(
    'a kustomization folder is rendered by kubectl kustomize; a failed first deploy leaves its objects, listed, with nothing to roll back to',
    async () => {
      const tb = dockerTestbed()
      const ns = unique('first')
      namespaces.push(ns)
      await kubectlOk(cluster(), ['create', 'namespace', ns])
      const web = deploymentManifest('web', {
        image: `${tb.registry}/workloads/crash`,
        replicas: 1,
      }) as {
        metadata: Record<string, unknown>
      }
      delete web.metadata.namespace
      const workspace = workspaceWith({
        'deploy/kustomization.yaml': stringify({
          namePrefix: 'k-',
          resources: ['web.yaml', 'settings.yaml'],
        }),
        'deploy/web.yaml': stringify(web),
        'deploy/settings.yaml': stringify({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'settings' },
          data: { mode: 'auto' },
        }),
      })
      const r = await runAction({
        inputs: { 'image-ref': images.crash!, manifests: 'deploy', namespace: ns },
        workspace,
        env: { ...dockerEnv(tb), KUBECONFIG: cluster().kubeconfigPath },
        // The test bed's kubectl renders the kustomization, as the runner's would.
        path: [tb.binDir, dirname(cluster().kubectl)],
        timeoutMs: 240_000,
      })
      expect(r.exitCode, r.stdout).toBe(1)
      expect(deploymentsOutput(r)).toMatchObject([
        { name: 'k-web', status: 'failed', diagnosis: { reason: expect.stringMatching(CRASH) } },
      ])
      expect(r.outputs['rolled-back']).toBe('false')
      const [error] = errorAnnotations(r)
      expect(error!.message).toContain('nothing to roll back to')
      expect(error!.message).toContain(`ConfigMap ${ns}/k-settings`)
      expect(error!.message).toContain(`Deployment ${ns}/k-web`)
      // The objects stay, as kubectl leaves them.
      const digest = await registryDigest(tb.registry, 'workloads/crash', 'v1')
      expect(
        await kubectlOk(cluster(), [
          '-n',
          ns,
          'get',
          'deployment',
          'k-web',
          '-o',
          'jsonpath={.spec.template.spec.containers[0].image}',
        ]),
      ).toBe(`${images.crash}@${digest}`)
      expect(
        await kubectlOk(cluster(), ['-n', ns, 'get', 'configmap', 'k-settings', '-o', 'name']),
      ).toContain('k-settings')
    },
  )
})

// Each case makes and rolls its own StatefulSet or DaemonSet from an image built before:
// the four run at once.
describe.concurrent.each([
  { kind: 'statefulset' as const, short: 'sts', title: 'StatefulSet', ready: 2 },
  { kind: 'daemonset' as const, short: 'ds', title: 'DaemonSet', ready: 1 },
])('$title', ({ kind, short, title, ready }) => {
  dockerTest(`a ${title} rolls out Ready, pinned by digest`, async () => {
    const tb = dockerTestbed()
    const name = unique(short)
    await create(kind, name, images.base!)
    const r = await runAgainst(cluster(), {
      'image-ref': images.quick!,
      deployment: `default/${short}/${name}`,
    })
    expect(r.exitCode, r.stdout).toBe(0)
    const digest = await registryDigest(tb.registry, 'workloads/quick', 'v1')
    const pinned = `${images.quick}@${digest}`
    expect(r.outputs['image-ref']).toBe(pinned)
    expect(await imageOf(kind, name)).toBe(pinned)
    // The Pods the controller made from that template run it and are Ready.
    expect(await podImages(name)).toEqual(Array(ready).fill(pinned))
    expect(deploymentsOutput(r)).toMatchObject([{ name, status: 'ready', image: pinned }])
    expect(r.outputs['ready-replicas']).toBe(String(ready))

    // The same image again changes nothing.
    const generation = (await get(kind, name)).metadata.generation
    const again = await runAgainst(cluster(), {
      'image-ref': pinned,
      deployment: `${kind}/${name}`,
    })
    expect(again.exitCode, again.stdout).toBe(0)
    expect(deploymentsOutput(again)).toMatchObject([{ name, status: 'unchanged' }])
    expect((await get(kind, name)).metadata.generation).toBe(generation)
  })

  dockerTest(
    `a crashing ${title} fails fast and is rolled back to the previous image`,
    async () => {
      const name = unique(`${short}-crash`)
      await create(kind, name, images.base!)
      const r = await runAgainst(cluster(), {
        'image-ref': images.crash!,
        deployment: `${short}/${name}`,
      })
      expect(r.exitCode, r.stdout).toBe(1)
      const [error, ...more] = errorAnnotations(r)
      expect(more).toEqual([])
      expect(error!.title).toBe(`${kind}/${name}`)
      expect(error!.message).toContain(`${title} default/${name} failed to roll out`)
      expect(error!.message).toMatch(CRASH)
      expect(error!.message).toContain('Exit code 3')
      expect(error!.message).toContain('fatal: no data directory')
      expect(deploymentsOutput(r)).toMatchObject([
        { name, status: 'rolled-back', diagnosis: { reason: expect.stringMatching(CRASH) } },
      ])
      expect(r.outputs['rolled-back']).toBe('true')
      // Back on the previous image, every Pod of it Ready again.
      expect(await imageOf(kind, name)).toBe(images.base)
      expect(await podImages(name)).toEqual(Array(ready).fill(images.base))
    },
  )
})

describe('refused before anything changes', () => {
  dockerTest('a StatefulSet with the OnDelete strategy, naming the input', async () => {
    const name = unique('sts-ondelete')
    const m = manifest('statefulset', name, images.base!) as { spec: Record<string, unknown> }
    m.spec.updateStrategy = { type: 'OnDelete' }
    await kubectlOk(cluster(), ['apply', '-f', '-'], { input: JSON.stringify(m) })
    created.push(`statefulset/${name}`)
    const r = await runAgainst(cluster(), { 'image-ref': images.quick!, deployment: `sts/${name}` })
    expect(r.exitCode).toBe(1)
    const message = errorAnnotations(r)
      .map((a) => a.message)
      .join('\n')
    expect(message).toContain("Input 'deployment'")
    expect(message).toContain('OnDelete')
    expect(await imageOf('statefulset', name)).toBe(images.base)
  })
})
