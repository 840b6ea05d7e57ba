// examples/rbac.yaml against the real RBAC authorizer: the action runs as the
// ServiceAccount that Role is bound to, with a token made by the TokenRequest API. The
// deploy scenarios succeed with nothing refused; with each of the Role's rules removed
// in turn, a deploy fails with the API server's own 403, explained, and changes nothing.
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { ROOT, type ActionRun } from '../../testbed/action-runner.ts'
import { clearRequestLog, kubectlOk, requestLog } from '../../testbed/kube/testing.ts'
import {
  deleteCreatedDeployments,
  buildTestImage,
  createDeployment,
  errorAnnotations,
  runAgainst,
} from './deploy-kit.ts'
import { dockerTest, dockerTestbed, testCluster } from './docker-testbed.ts'

const manifests = readFileSync(join(ROOT, 'examples/rbac.yaml'), 'utf8')
interface Doc {
  kind: string
  metadata: { name: string; namespace: string }
  rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[]
}
const docs = parseAllDocuments(manifests).map((d) => d.toJS() as Doc)
const role = docs.find((d) => d.kind === 'Role')!
const NS = role.metadata.namespace
const SA = docs.find((d) => d.kind === 'ServiceAccount')!.metadata.name

const images: Record<string, string> = {}
let dir: string
let kubeconfig: string
let token: string

const statuses = (r: ActionRun) =>
  (
    JSON.parse(r.outputs.deployments ?? '[]') as {
      status: string
      diagnosis: { reason: string } | null
    }[]
  ).map((d) => [d.status, d.diagnosis?.reason ?? null])

const deploy = (inputs: Record<string, string>): Promise<ActionRun> =>
  runAgainst(testCluster(), { namespace: NS, kubeconfig, ...inputs })

const imageOf = async (name: string) =>
  kubectlOk(testCluster(), [
    '-n',
    NS,
    'get',
    'deployment',
    name,
    '-o',
    'jsonpath={.spec.template.spec.containers[0].image}',
  ])

beforeAll(async () => {
  if (dockerTestbed().unavailable) return
  const c = testCluster()
  images.base = await buildTestImage('rbac/base')
  images.quick = await buildTestImage('rbac/quick', { readyAfter: 1 })
  images.crash = await buildTestImage('rbac/crash', {
    log: ['fatal: DATABASE_URL is not set'],
    readyAfter: 60,
    exitAfter: 1,
    exitCode: 3,
  })
  await kubectlOk(c, ['create', 'namespace', NS])
  await kubectlOk(c, ['apply', '-f', '-'], { input: manifests })
  token = (await kubectlOk(c, ['-n', NS, 'create', 'token', SA, '--duration=2h'])).trim()
  // The full-access kubeconfig with the ServiceAccount's token in place of ours.
  kubeconfig = readFileSync(c.kubeconfigPath, 'utf8').replace(c.token, token)
  dir = mkdtempSync(join(tmpdir(), 'd2p-rbac-'))
  writeFileSync(join(dir, 'kubeconfig'), kubeconfig, { mode: 0o600 })
  for (const name of ['web', 'crash', 'pair-a', 'pair-b', 'narrow'])
    await createDeployment(c, name, { image: images.base!, replicas: 2, namespace: NS })
}, 600_000)

afterAll(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  if (!dockerTestbed().unavailable) await deleteCreatedDeployments(testCluster())
})

describe('examples/rbac.yaml, judged by the real authorizer', () => {
  dockerTest(
    'the deploy scenarios succeed as the Role’s ServiceAccount, nothing refused',
    async () => {
      await clearRequestLog(testCluster())
      const good = await deploy({ 'image-ref': images.quick!, deployment: 'web' })
      expect(statuses(good), good.stdout).toEqual([['ready', null]])

      const again = await deploy({ 'image-ref': images.quick!, deployment: 'web' })
      expect(statuses(again), again.stdout).toEqual([['unchanged', null]])

      const crash = await deploy({ 'image-ref': images.crash!, deployment: 'crash' })
      expect(crash.exitCode).toBe(1)
      expect(statuses(crash), crash.stdout).toEqual([
        ['rolled-back', expect.stringMatching(/^(Crashed|CrashLoopBackOff)$/)],
      ])
      // The last log lines were read, so `pods/log` was allowed.
      expect(crash.summary).toContain('fatal: DATABASE_URL is not set')

      const pair = await deploy({ 'image-ref': images.quick!, deployment: 'pair-a\npair-b' })
      expect(statuses(pair), pair.stdout).toEqual([
        ['ready', null],
        ['ready', null],
      ])
      const log = await requestLog(testCluster())
      expect(log.length).toBeGreaterThan(0)
      expect(log.filter((q) => q.status === 401 || q.status === 403)).toEqual([])
    },
  )

  const rules = role.rules.map((r, i) => ({
    i,
    label: `${r.resources.join(',')} (${r.verbs.join(',')})`,
  }))
  dockerTest.each(rules)(
    'without the rule on $label: refused by the real authorizer, explained, nothing changed',
    async ({ i }) => {
      const c = testCluster()
      const narrowed = { ...role, rules: role.rules.filter((_, j) => j !== i) }
      await kubectlOk(c, ['replace', '-f', '-'], { input: JSON.stringify(narrowed) })
      try {
        await clearRequestLog(c)
        const r = await deploy({ 'image-ref': images.quick!, deployment: 'narrow' })
        expect(r.exitCode).toBe(1)
        const message = errorAnnotations(r)
          .map((a) => a.message)
          .join('\n')
        expect(message).toMatch(/Forbidden/)
        expect(message).toContain('examples/rbac.yaml')
        const log = await requestLog(c)
        // The authorizer said no: a 403 on the call itself, or an access review (201) asked
        // before anything changed; and no write went through.
        expect(
          log.some((q) => q.status === 403) ||
            message.includes("the API server's answer to an access review"),
        ).toBe(true)
        expect(
          log.filter(
            (q) =>
              ['POST', 'PUT', 'PATCH', 'DELETE'].includes(q.method) &&
              q.status < 300 &&
              !q.path.endsWith('/selfsubjectaccessreviews') &&
              !/dryRun/.test(q.query),
          ),
        ).toEqual([])
        expect(await imageOf('narrow')).toBe(images.base)
      } finally {
        await kubectlOk(c, ['replace', '-f', '-'], { input: JSON.stringify(role) })
      }
    },
  )
})
