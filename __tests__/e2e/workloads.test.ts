// StatefulSets and DaemonSets, end to end: the committed bundle against the real cluster
// (one node, so a DaemonSet runs one Pod). Each kind rolls out Ready, pinned by digest;
// a crashing image fails fast and the workload is put back on its previous image, as
// kubectl reads it afterwards.
import { afterAll, beforeAll, describe, expect } from 'vitest'
import { kubectlOk } from '../../testbed/kube/testing.ts'
import {
  buildTestImage,
  deploymentManifest,
  deploymentsOutput,
  errorAnnotations,
  runAgainst,
  unique,
} from './deploy-kit.ts'
import { dockerTest, dockerTestbed, testCluster } from './docker-testbed.ts'
import { registryDigest } from './registry-probe.ts'

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

afterAll(async () => {
  if (dockerTestbed().unavailable) return
  for (const w of created.splice(0))
    await kubectlOk(cluster(), ['delete', w, '--wait=false', '--ignore-not-found'])
})

describe.each([
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
      expect(error!.message).toContain('CrashLoopBackOff')
      expect(error!.message).toContain('Exit code 3')
      expect(error!.message).toContain('fatal: no data directory')
      expect(deploymentsOutput(r)).toMatchObject([
        { name, status: 'rolled-back', diagnosis: { reason: 'CrashLoopBackOff' } },
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
