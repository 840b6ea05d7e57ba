// The catalogue of real failures (issue 14), each produced for real on the test bed's
// cluster and run through the committed bundle. deploy.test.ts already covers an image
// the node cannot pull (a blob gone), a crash at start, a readiness probe that never
// passes and a private registry without a pull secret; this file covers the rest. Each
// failure ends the same way, which `expectCaughtAndRolledBack` checks as a user would:
// exit 1, one error annotation naming the reason, the kubelet's or API server's words
// and the evidence, the Deployment back on its previous template, and the rollback's
// own health waited for and reported. Every Deployment has one replica (a lean node).
// What happens at the registry after the patch (a manifest deleted, the registry down)
// is done by the test once the patch has landed (whenPatched), before the node's pull.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect } from 'vitest'
import { runAction, type ActionRun } from '../../testbed/action-runner.ts'
import { startFaultProxy } from '../../testbed/docker/fault-proxy.ts'
import { deleteManifest } from '../../testbed/docker/registry-api.ts'
import {
  apiRequest,
  clearRequestLog,
  eventually,
  kubectl,
  kubectlOk,
  nodeFreeCpuMillis,
  requestLog,
} from '../../testbed/kube/testing.ts'
import {
  CRASH_AFTER_READY,
  execReadinessProbe,
  missingCommandDockerfileOn,
  modeCheckCommand,
  oomDockerfileOn,
  pullLaterInit,
} from '../../testbed/workload.ts'
import {
  behaviourDockerfile,
  buildImageFrom,
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
import { ACCEPT, registryDigest } from './registry-probe.ts'

const cluster = () => testCluster()
const images: Record<string, string> = {}

type Manifest = ReturnType<typeof deploymentManifest> & {
  spec: { template: { spec: PodSpec } }
}
interface PodSpec {
  containers: Record<string, unknown>[]
  initContainers?: Record<string, unknown>[]
  [field: string]: unknown
}

const madeNamespaces: string[] = []
const madeDeployments: { namespace: string; name: string }[] = []

/** A Deployment of one replica on the base image, `change`d, applied and rolled out. */
async function createWith(
  name: string,
  change: (spec: PodSpec) => void = () => {},
  namespace = 'default',
): Promise<void> {
  const m = deploymentManifest(name, { image: images.base!, replicas: 1, namespace }) as Manifest
  change(m.spec.template.spec)
  madeDeployments.push({ namespace, name })
  await kubectlOk(cluster(), ['apply', '-f', '-'], { input: JSON.stringify(m) })
  await kubectlOk(cluster(), [
    '-n',
    namespace,
    'rollout',
    'status',
    `deployment/${name}`,
    '--timeout=120s',
  ])
}

async function newNamespace(prefix: string): Promise<string> {
  const ns = unique(prefix)
  madeNamespaces.push(ns)
  await kubectlOk(cluster(), ['create', 'namespace', ns])
  return ns
}

async function template(name: string, namespace = 'default'): Promise<unknown> {
  const d = JSON.parse(
    await kubectlOk(cluster(), ['-n', namespace, 'get', 'deployment', name, '-o', 'json']),
  ) as { spec: { template: unknown } }
  return d.spec.template
}

const deploy = (inputs: Record<string, string>) => runAgainst(cluster(), inputs)

interface DeploymentJson {
  metadata: { generation: number }
  spec: { replicas: number; template: { spec: PodSpec } }
}

async function deploymentJson(name: string, namespace = 'default'): Promise<DeploymentJson> {
  const r = await apiRequest(
    cluster(),
    'GET',
    `/apis/apps/v1/namespaces/${namespace}/deployments/${name}`,
  )
  if (r.status !== 200) throw new Error(`GET deployment ${name}: ${r.status} ${r.body}`)
  return JSON.parse(r.body) as DeploymentJson
}

/**
 * Resolves as soon as dock2pod's patch has landed: the Deployment's template runs an
 * image pinned to `digest`. Fails at once when the run ends without patching.
 */
async function whenPatched(run: Promise<ActionRun>, name: string, digest: string): Promise<void> {
  let ended: ActionRun | undefined
  void run.then((r) => (ended = r)).catch(() => {})
  await eventually(
    async () => {
      if (ended) throw new Error(`the run ended before it patched ${name}:\n${ended.stdout}`)
      const d = await deploymentJson(name)
      return d.spec.template.spec.containers.some((c) =>
        String(c.image ?? '').endsWith(`@${digest}`),
      )
    },
    150_000,
    `dock2pod's patch of ${name}`,
  )
}

/**
 * An init container that sleeps 6 s: the kubelet pulls the main container's image only
 * after it, so what the test does to the registry right after the patch lands before
 * the node's pull, even with other cases loading the node at the same time.
 */
const pullLater = (spec: PodSpec) => {
  spec.initContainers = [pullLaterInit(images.base!)]
}

/**
 * What a user checks after a failed rollout: exit 1; one error annotation, on this
 * Deployment, naming the reason and quoting the cluster's words and the evidence; the
 * outputs; the Deployment back on the template it had; the rollback waited for, ready.
 */
async function expectCaughtAndRolledBack(
  r: ActionRun,
  t: {
    name: string
    namespace?: string
    before: unknown
    reason: RegExp
    evidence: (string | RegExp)[]
  },
): Promise<string> {
  const namespace = t.namespace ?? 'default'
  const errors = errorAnnotations(r)
  expect(r.exitCode, r.stdout).toBe(1)
  expect(errors, r.stdout).toHaveLength(1)
  const [error] = errors
  expect(error!.title).toBe(`deployment/${t.name}`)
  const headline = error!.message.split('\n')[1]!
  expect(headline).toMatch(new RegExp(`^(${t.reason.source})\\b`))
  for (const e of t.evidence)
    if (typeof e === 'string') expect(error!.message).toContain(e)
    else expect(error!.message).toMatch(e)
  // The rollback's own health, waited for: back on the previous image and ready.
  expect(error!.message).toMatch(
    new RegExp(
      `Rolled back to ${images.base!.replace(/[.]/g, '\\.')} \\(revision \\d+\\): ready\\.`,
    ),
  )
  expect(r.outputs['failure-reason']).toMatch(new RegExp(`^(${t.reason.source})$`))
  expect(r.outputs['rolled-back']).toBe('true')
  expect(deploymentsOutput(r)).toMatchObject([
    {
      name: t.name,
      status: 'rolled-back',
      previousImage: images.base,
      diagnosis: { reason: r.outputs['failure-reason'] },
    },
  ])
  expect(await template(t.name, namespace)).toEqual(t.before)
  return error!.message
}

beforeAll(async () => {
  if (dockerTestbed().unavailable) return
  const base = dockerTestbed().baseImage
  images.base = await buildTestImage('catalogue/base')
  images.next = await buildTestImage('catalogue/next', { log: ['next version'] })
  images.unready = await buildTestImage('catalogue/unready', { readyAfter: 'never' })
  images.slow = await buildTestImage('catalogue/slow', { readyAfter: 8 })
  images.crashAfterReady = await buildTestImage('catalogue/late-crash', CRASH_AFTER_READY)
  images.oom = await buildImageFrom('catalogue/oom', oomDockerfileOn(base))
  images.noCommand = await buildImageFrom('catalogue/no-command', missingCommandDockerfileOn(base))
})

// Every case below runs on its own Deployment (the admission ones in their own namespace),
// so they run at once, up to vitest's maxConcurrency: most of each case is the kubelet's
// waiting (probes, back-off, the rollback), not CPU. The two cases that need the node or
// the request log to themselves run after them, alone.
describe.concurrent('each case on its own Deployment, several at once', () => {
  describe('soak: the crash a few seconds after Ready', () => {
    dockerTest(
      'passes without soak; with soak: 20s it fails with the exit code and log lines and rolls back',
      async () => {
        const off = unique('soak-off')
        await createWith(off)
        const passed = await deploy({ 'image-ref': images.crashAfterReady!, deployment: off })
        expect(errorAnnotations(passed), passed.stdout).toEqual([])
        expect(passed.exitCode).toBe(0)
        expect(deploymentsOutput(passed)).toMatchObject([{ name: off, status: 'ready' }])
        await kubectlOk(cluster(), ['delete', 'deployment', off, '--wait=false'])

        const on = unique('soak-on')
        await createWith(on)
        const before = await template(on)
        const r = await deploy({
          'image-ref': images.crashAfterReady!,
          deployment: on,
          soak: '20s',
        })
        expect(r.stdout).toContain(`${on}: rollout complete; soaking for 20s`)
        const message = await expectCaughtAndRolledBack(r, {
          name: on,
          before,
          reason: /Crashed|CrashLoopBackOff/,
          evidence: [
            /exited with code 2|Exit code 2/,
            'during the soak, after the rollout had completed',
            '  ready; crashing in 8 s',
          ],
        })
        expect(message).not.toContain('soak of 20s passed')
      },
    )
  })

  describe('the catalogue of failures on real Pods', () => {
    dockerTest('OOMKilled under a real 16 MiB memory limit', async () => {
      const name = unique('oom')
      const limit = (spec: PodSpec) => {
        spec.containers[0]!.resources = {
          requests: { memory: '16Mi' },
          limits: { memory: '16Mi' },
        }
      }
      await createWith(name, limit)
      const before = await template(name)
      const r = await deploy({ 'image-ref': images.oom!, deployment: name })
      await expectCaughtAndRolledBack(r, {
        name,
        before,
        reason: /OOMKilled/,
        evidence: ['killed for running out of memory', 'Exit code 137', '  allocating 64 MiB'],
      })
    })

    dockerTest(
      'a pull that finds nothing says not-found, and that the runner saw the image at the registry',
      async () => {
        const tb = dockerTestbed()
        const name = unique('gone')
        await createWith(name, (spec) => {
          spec.containers[0]!.imagePullPolicy = 'Always'
        })
        const before = await template(name)
        // Pushed, then its config blob deleted: the runner resolves the tag to its digest,
        // the node's pull of that digest finds nothing. Content of its own (the node may
        // hold a config blob another image shares).
        const ref = await buildTestImage('catalogue/gone', { log: [name] })
        const digest = await registryDigest(tb.registry, 'catalogue/gone', 'v1')
        const manifest = (await (
          await fetch(`http://${tb.registry}/v2/catalogue/gone/manifests/${digest}`, {
            headers: { accept: ACCEPT },
          })
        ).json()) as { config: { digest: string } }
        const del = await fetch(
          `http://${tb.registry}/v2/catalogue/gone/blobs/${manifest.config.digest}`,
          { method: 'DELETE' },
        )
        expect(del.status).toBe(202)
        const r = await deploy({ 'image-ref': ref, deployment: name })
        await expectCaughtAndRolledBack(r, {
          name,
          before,
          reason: /ErrImagePull|ImagePullBackOff/,
          evidence: [
            manifest.config.digest,
            /not found/,
            'the registry confirmed its digest to the runner before the patch',
          ],
        })
        expect(deploymentsOutput(r)[0]).toMatchObject({ diagnosis: { pullFailure: 'not-found' } })
      },
    )

    dockerTest(
      'a manifest gone at the registry after the patch: the node pulls the digest the runner resolved and finds nothing',
      async () => {
        const tb = dockerTestbed()
        const name = unique('nomanifest')
        await createWith(name, pullLater)
        const before = await template(name)
        // The runner resolves the tag to its digest (the manifest is there); once the patch
        // has landed, the manifest is deleted, so the node's pull of that digest finds nothing.
        const ref = await buildTestImage('catalogue/manifest-gone', { log: [name] })
        const digest = await registryDigest(tb.registry, 'catalogue/manifest-gone', 'v1')
        const run = deploy({ 'image-ref': ref, deployment: name })
        await whenPatched(run, name, digest)
        await deleteManifest(tb.registry, 'catalogue/manifest-gone', digest)
        const r = await run
        await expectCaughtAndRolledBack(r, {
          name,
          before,
          reason: /ErrImagePull|ImagePullBackOff/,
          evidence: [
            `catalogue/manifest-gone:v1@${digest}`,
            /not found/,
            'the registry confirmed its digest to the runner before the patch',
          ],
        })
        expect(deploymentsOutput(r)[0]).toMatchObject({ diagnosis: { pullFailure: 'not-found' } })
      },
    )

    dockerTest('CreateContainerConfigError: the Secret the container needs is gone', async () => {
      const name = unique('config')
      const secret = `${name}-env`
      await kubectlOk(cluster(), ['create', 'secret', 'generic', secret, '--from-literal=token=t'])
      await createWith(name, (spec) => {
        spec.containers[0]!.env = [
          { name: 'TOKEN', valueFrom: { secretKeyRef: { name: secret, key: 'token' } } },
        ]
      })
      const before = await template(name)
      // The running Pod read it at its start; a new Pod cannot.
      await kubectlOk(cluster(), ['delete', 'secret', secret])
      const r = await deploy({ 'image-ref': images.next!, deployment: name })
      await expectCaughtAndRolledBack(r, {
        name,
        before,
        reason: /CreateContainerConfigError/,
        evidence: [`secret "${secret}" not found`],
      })
    })

    dockerTest(
      'a command that does not exist in the image (the runtime cannot start it)',
      async () => {
        const name = unique('nocmd')
        await createWith(name)
        const before = await template(name)
        const r = await deploy({ 'image-ref': images.noCommand!, deployment: name })
        await expectCaughtAndRolledBack(r, {
          name,
          before,
          reason: /StartError/,
          evidence: [
            'exec: "/no/such/command": stat /no/such/command: no such file or directory',
            'Exit code 128',
          ],
        })
      },
    )

    /** A ConfigMap whose MODE the running Pod read as `ok`, then set to `broken`. */
    async function modeFlip(name: string): Promise<{ env: unknown[]; flip: () => Promise<void> }> {
      const cm = `${name}-mode`
      await kubectlOk(cluster(), ['create', 'configmap', cm, '--from-literal=MODE=ok'])
      return {
        env: [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: cm, key: 'MODE' } } }],
        flip: async () => {
          await kubectlOk(cluster(), ['delete', 'configmap', cm])
          await kubectlOk(cluster(), ['create', 'configmap', cm, '--from-literal=MODE=broken'])
        },
      }
    }

    dockerTest('an init container that fails', async () => {
      const name = unique('init')
      const { env, flip } = await modeFlip(name)
      await createWith(name, (spec) => {
        spec.initContainers = [
          {
            name: 'migrate',
            image: images.base,
            command: modeCheckCommand({ says: 'migrating', exitCode: 5 }),
            env,
          },
        ]
      })
      const before = await template(name)
      await flip()
      const r = await deploy({ 'image-ref': images.next!, deployment: name })
      await expectCaughtAndRolledBack(r, {
        name,
        before,
        reason: /CrashLoopBackOff|Crashed/,
        evidence: ['container migrate', 'Exit code 5', '  migrating in mode broken'],
      })
    })

    // The app takes 8 s to be Ready, as real ones take a while: a sidecar that exits at
    // once beside an app Ready within its first second can be reported Ready by the
    // kubelet before its next look at the containers records the exit (a clean-clone
    // CI run ended in success after 5.3 s, with no exit in any status it read). Nothing
    // in the API tells that apart from a healthy Pod until then; it is `soak`'s case
    // (docs/troubleshooting.md, Crashed).
    dockerTest('a native sidecar that crashes at start, the app Ready after 8 s', async () => {
      const name = unique('sidecar')
      const { env, flip } = await modeFlip(name)
      await createWith(name, (spec) => {
        spec.initContainers = [
          {
            name: 'proxy',
            image: images.base,
            restartPolicy: 'Always',
            command: modeCheckCommand({ says: 'proxy', exitCode: 4, stayUp: true }),
            env,
          },
        ]
      })
      const before = await template(name)
      await flip()
      const r = await deploy({ 'image-ref': images.slow!, deployment: name })
      await expectCaughtAndRolledBack(r, {
        name,
        before,
        reason: /CrashLoopBackOff|Crashed/,
        evidence: ['container proxy', 'Exit code 4', '  proxy in mode broken'],
      })
    })

    const probe = { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 1, timeoutSeconds: 5 }

    dockerTest.each([
      {
        title: 'a liveness probe that keeps restarting the container',
        field: 'livenessProbe',
        failureThreshold: 2,
        reason: /LivenessProbeFailed/,
        says: /Liveness probe failed: HTTP probe failed with statuscode: 404/,
      },
      {
        title: 'a startup probe that never passes',
        field: 'startupProbe',
        failureThreshold: 3,
        reason: /StartupProbeFailed/,
        says: /Startup probe failed: HTTP probe failed with statuscode: 404/,
      },
    ])('$title', async ({ field, failureThreshold, reason, says }) => {
      const name = unique(field === 'livenessProbe' ? 'liveness' : 'startup')
      await createWith(name, (spec) => {
        spec.containers[0]![field] = { ...probe, failureThreshold }
      })
      const before = await template(name)
      const r = await deploy({ 'image-ref': images.unready!, deployment: name })
      await expectCaughtAndRolledBack(r, { name, before, reason, evidence: [says] })
    })

    dockerTest('a readiness probe of the exec kind that never passes', async () => {
      const name = unique('exec-ready')
      await createWith(name, (spec) => {
        spec.containers[0]!.readinessProbe = execReadinessProbe
      })
      const before = await template(name)
      const r = await deploy({
        'image-ref': images.unready!,
        deployment: name,
        'ready-grace': '10s',
      })
      await expectCaughtAndRolledBack(r, {
        name,
        before,
        reason: /ReadinessProbeFailed/,
        evidence: [
          /Readiness probe failed: cat: can't open '\/www\/ready': No such file or directory/,
          'longer than ready-grace 10s',
        ],
      })
    })

    dockerTest('Unschedulable: a nodeSelector no node has any more', async () => {
      const name = unique('selector')
      const node = (
        await kubectlOk(cluster(), ['get', 'nodes', '-o', 'jsonpath={.items[0].metadata.name}'])
      ).trim()
      const label = `dock2pod-test/${name}`
      await kubectlOk(cluster(), ['label', 'node', node, `${label}=yes`])
      try {
        await createWith(name, (spec) => {
          spec.nodeSelector = { [label]: 'yes' }
        })
        const before = await template(name)
        // The running Pod stays where it is; a new one has nowhere to go.
        await kubectlOk(cluster(), ['label', 'node', node, `${label}-`])
        const r = await deploy({ 'image-ref': images.next!, deployment: name })
        await expectCaughtAndRolledBack(r, {
          name,
          before,
          reason: /Unschedulable/,
          evidence: [
            /0\/1 nodes are available: 1 node\(s\) didn't match Pod's node affinity\/selector/,
          ],
        })
      } finally {
        await kubectl(cluster(), ['label', 'node', node, `${label}-`])
      }
    })

    dockerTest('FailedCreate: a ResourceQuota refuses the new Pod', async () => {
      const ns = await newNamespace('quota')
      const name = unique('quota')
      await createWith(name, () => {}, ns)
      await kubectlOk(cluster(), ['-n', ns, 'create', 'quota', 'pods', '--hard=pods=1'])
      const before = await template(name, ns)
      const r = await deploy({ 'image-ref': images.next!, deployment: `${ns}/${name}` })
      await expectCaughtAndRolledBack(r, {
        name,
        namespace: ns,
        before,
        reason: /FailedCreate/,
        evidence: [/is forbidden: exceeded quota: pods/],
      })
    })

    dockerTest('FailedCreate: a LimitRange refuses the new Pod', async () => {
      const ns = await newNamespace('limits')
      const name = unique('limits')
      await createWith(
        name,
        (spec) => {
          spec.containers[0]!.resources = {
            requests: { memory: '16Mi' },
            limits: { memory: '128Mi' },
          }
        },
        ns,
      )
      await kubectlOk(cluster(), ['-n', ns, 'apply', '-f', '-'], {
        input: JSON.stringify({
          apiVersion: 'v1',
          kind: 'LimitRange',
          metadata: { name: 'memory' },
          spec: { limits: [{ type: 'Container', max: { memory: '64Mi' } }] },
        }),
      })
      const before = await template(name, ns)
      const r = await deploy({ 'image-ref': images.next!, deployment: `${ns}/${name}` })
      await expectCaughtAndRolledBack(r, {
        name,
        namespace: ns,
        before,
        reason: /FailedCreate/,
        evidence: [/maximum memory usage per Container is 64Mi, but limit is 128Mi/],
      })
    })
  })

  describe('more refusals: admission and the registry', () => {
    dockerTest('FailedCreate: PodSecurity restricted refuses the new Pod', async () => {
      const ns = await newNamespace('restricted')
      const name = unique('restricted')
      await createWith(name, () => {}, ns)
      // Enforced from now on: the running Pod stays, a new one is refused at admission.
      await kubectlOk(cluster(), [
        'label',
        'namespace',
        ns,
        'pod-security.kubernetes.io/enforce=restricted',
      ])
      const before = await template(name, ns)
      const r = await deploy({ 'image-ref': images.next!, deployment: `${ns}/${name}` })
      await expectCaughtAndRolledBack(r, {
        name,
        namespace: ns,
        before,
        reason: /FailedCreate/,
        evidence: [/violates PodSecurity "restricted:latest"/],
      })
    })

    dockerTest(
      'a pull secret with the wrong password: the registry refuses the node, and the fix names the secret',
      async () => {
        const tb = dockerTestbed()
        const name = unique('wrongpw')
        await kubectlOk(cluster(), [
          'create',
          'secret',
          'docker-registry',
          `${name}-pull`,
          `--docker-server=${tb.registryAuth}`,
          `--docker-username=${tb.registryUser}`,
          '--docker-password=not-the-password',
        ])
        await createWith(name, (spec) => {
          spec.imagePullSecrets = [{ name: `${name}-pull` }]
          // Ask the registry on every start: the node may hold a copy pulled by another Pod.
          spec.containers[0]!.imagePullPolicy = 'Always'
        })
        const before = await template(name)
        const workspace = mkdtempSync(join(tmpdir(), 'd2p-catalogue-ws-'))
        try {
          writeFileSync(join(workspace, 'Dockerfile'), behaviourDockerfile({}))
          const r = await runAction({
            inputs: {
              registry: tb.registryAuth,
              image: 'catalogue/private',
              tag: 'v2',
              username: tb.registryUser,
              password: tb.registryPassword,
              deployment: name,
            },
            workspace,
            env: { ...dockerEnv(tb), KUBECONFIG: cluster().kubeconfigPath },
            path: [tb.binDir],
            timeoutMs: 180_000,
          })
          await expectCaughtAndRolledBack(r, {
            name,
            before,
            reason: /ErrImagePull|ImagePullBackOff/,
            evidence: [
              /401 Unauthorized/,
              `refused the credentials of the Pod's imagePullSecrets (${name}-pull)`,
            ],
          })
        } finally {
          rmSync(workspace, { recursive: true, force: true })
        }
      },
    )

    dockerTest(
      'the registry down after the patch (staged: the fault proxy in front of the test registry stops listening): the node cannot reach it',
      async () => {
        const tb = dockerTestbed()
        const proxy = await startFaultProxy(tb.registry)
        try {
          const name = unique('regdown')
          await createWith(name, pullLater)
          const before = await template(name)
          // Pushed to the registry, deployed by the proxy's address: the runner resolves the
          // digest through the proxy, then the proxy stops listening, as a registry that
          // went down would, before the node's pull.
          await buildTestImage('catalogue/down', { log: [name] })
          const digest = await registryDigest(tb.registry, 'catalogue/down', 'v1')
          const ref = `${proxy.host}/catalogue/down:v1`
          const run = deploy({ 'image-ref': ref, deployment: name })
          await whenPatched(run, name, digest)
          await proxy.setDown('refuse')
          const resolved = proxy.log.filter(
            (e) => e.path.startsWith('/v2/catalogue/down/manifests/') && e.status === 200,
          )
          expect(resolved.length, JSON.stringify(proxy.log)).toBeGreaterThan(0)
          const r = await run
          await expectCaughtAndRolledBack(r, {
            name,
            before,
            reason: /ErrImagePull|ImagePullBackOff/,
            evidence: [
              `${proxy.host}/catalogue/down:v1@${digest}`,
              /connection refused/,
              `the node could not reach the registry ${proxy.host}, though the runner could`,
            ],
          })
          expect(deploymentsOutput(r)[0]).toMatchObject({
            diagnosis: { pullFailure: 'unreachable' },
          })
          // The node never got an answer from it: every request the proxy served came
          // before it went down, none from the node's containerd.
          expect(proxy.log.filter((e) => /containerd/i.test(e.userAgent))).toEqual([])
        } finally {
          await proxy.stop()
        }
      },
    )
  })

  describe('another writer changes the Deployment during the wait', () => {
    dockerTest(
      'dock2pod stops waiting, names the field manager and the field, and does not roll back over it',
      async () => {
        const tb = dockerTestbed()
        const name = unique('writer')
        await createWith(name)
        const digest = await registryDigest(tb.registry, 'catalogue/unready', 'v1')
        // A new image that never gets ready: dock2pod waits (ready-grace 5m), and meanwhile
        // someone else sets another image with kubectl, as field manager ops-team.
        const run = deploy({
          'image-ref': images.unready!,
          deployment: name,
          'ready-grace': '5m',
        })
        await whenPatched(run, name, digest)
        await kubectlOk(cluster(), [
          'set',
          'image',
          `deployment/${name}`,
          `base=${images.next!}`,
          '--field-manager=ops-team',
        ])
        const theirs = await deploymentJson(name)
        const r = await run
        const errors = errorAnnotations(r)
        expect(r.exitCode, r.stdout).toBe(1)
        expect(errors, r.stdout).toHaveLength(1)
        const message = errors[0]!.message
        expect(errors[0]!.title).toBe(`deployment/${name}`)
        expect(message.split('\n')[1]).toMatch(/^ChangedByAnotherWriter\b/)
        expect(message).toContain('ops-team (Update')
        expect(message).toContain(
          `spec.template.spec.containers[base].image: ${images.unready!}@${digest} → ${images.next!}`,
        )
        expect(message).toContain(
          "Not rolled back: another writer changed it after dock2pod's patch",
        )
        expect(message).not.toMatch(/Rolled back to/)
        // The job summary says the same: who, what, and that it stays theirs.
        for (const said of [
          'ChangedByAnotherWriter',
          'ops-team (Update',
          "Not rolled back: another writer changed it after dock2pod's patch",
        ])
          expect(r.summary).toContain(said)
        expect(r.outputs['failure-reason']).toBe('ChangedByAnotherWriter')
        expect(r.outputs['rolled-back']).toBe('false')
        expect(deploymentsOutput(r)).toMatchObject([
          { name, status: 'failed', diagnosis: { reason: 'ChangedByAnotherWriter' } },
        ])
        // Never fought: the other writer's template, and no write after theirs.
        const after = await deploymentJson(name)
        expect(after.metadata.generation).toBe(theirs.metadata.generation)
        expect(after.spec.template).toEqual(theirs.spec.template)
        expect(after.spec.template.spec.containers[0]!.image).toBe(images.next)
      },
    )

    dockerTest(
      'a scale during the wait (kubectl scale, as an autoscaler would) is not another writer: the rollout ends ready at the new size',
      async () => {
        const tb = dockerTestbed()
        const name = unique('scaled')
        await createWith(name)
        const digest = await registryDigest(tb.registry, 'catalogue/slow', 'v1')
        // Ready 8 s after it starts: the scale lands while dock2pod waits.
        const run = deploy({ 'image-ref': images.slow!, deployment: name })
        await whenPatched(run, name, digest)
        await kubectlOk(cluster(), ['scale', `deployment/${name}`, '--replicas=2'])
        const r = await run
        expect(errorAnnotations(r), r.stdout).toEqual([])
        expect(r.exitCode).toBe(0)
        expect(r.outputs['failure-reason']).toBe('')
        expect(r.outputs['rolled-back']).toBe('false')
        expect(r.outputs['ready-replicas']).toBe('2')
        expect(deploymentsOutput(r)).toMatchObject([{ name, status: 'ready' }])
        const after = await deploymentJson(name)
        expect(after.spec.replicas).toBe(2)
        expect(after.spec.template.spec.containers[0]!.image).toBe(`${images.slow!}@${digest}`)
      },
    )
  })
})

describe('alone on the node: its free CPU and the request log', () => {
  dockerTest('Unschedulable: requests above what the node has left for the new Pod', async () => {
    const name = unique('capacity')
    const free = await nodeFreeCpuMillis(cluster())
    // The running Pod fits; a second one (the surge) does not.
    const request = `${Math.floor(free * 0.7)}m`
    await createWith(name, (spec) => {
      spec.containers[0]!.resources = { requests: { cpu: request } }
    })
    const before = await template(name)
    const r = await deploy({ 'image-ref': images.next!, deployment: name })
    await expectCaughtAndRolledBack(r, {
      name,
      before,
      reason: /Unschedulable/,
      evidence: [/Insufficient cpu/],
    })
  })

  dockerTest('a paused Deployment is refused before anything is built or pushed', async () => {
    const tb = dockerTestbed()
    const name = unique('paused')
    await createWith(name)
    await kubectlOk(cluster(), ['rollout', 'pause', `deployment/${name}`])
    const before = await template(name)
    const workspace = mkdtempSync(join(tmpdir(), 'd2p-catalogue-ws-'))
    try {
      writeFileSync(join(workspace, 'Dockerfile'), behaviourDockerfile({ log: [name] }))
      const catalog = async () => (await fetch(`http://${tb.registry}/v2/_catalog`)).text()
      const imagesBefore = engineImages(tb)
      const recordsBefore = buildRecords(tb)
      const catalogBefore = await catalog()
      await clearRequestLog(cluster())
      const r = await runAgainst(
        cluster(),
        { registry: tb.registry, image: `catalogue/${name}`, tag: 'v2', deployment: name },
        { workspace },
      )
      const errors = errorAnnotations(r)
      expect(r.exitCode, r.stdout).toBe(1)
      expect(errors).toHaveLength(1)
      expect(errors[0]!.message).toBe(
        `Input 'deployment': Deployment default/${name} is paused (spec.paused): a new image would not roll out. Resume it first (kubectl rollout resume deployment/${name} --namespace default), or leave it out of deployment.`,
      )
      const mutating = (await requestLog(cluster())).filter(
        (q) => !['GET', 'HEAD', 'OPTIONS'].includes(q.method) && !q.path.startsWith('/_testbed'),
      )
      // Only the authorizer's questions, which change nothing.
      expect(mutating.filter((q) => !q.path.includes('selfsubjectaccessreviews'))).toEqual([])
      expect(engineImages(tb)).toEqual(imagesBefore)
      expect(buildRecords(tb)).toEqual(recordsBefore)
      expect(await catalog()).toBe(catalogBefore)
      expect(await template(name)).toEqual(before)
    } finally {
      rmSync(workspace, { recursive: true, force: true })
    }
  })
})

afterAll(async () => {
  if (dockerTestbed().unavailable) return
  for (const d of madeDeployments.splice(0))
    await kubectl(cluster(), [
      '-n',
      d.namespace,
      'delete',
      'deployment',
      d.name,
      '--wait=false',
      '--ignore-not-found',
    ])
  for (const ns of madeNamespaces.splice(0))
    await kubectl(cluster(), ['delete', 'namespace', ns, '--wait=false'])
})
