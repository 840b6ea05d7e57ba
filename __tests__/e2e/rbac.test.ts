// examples/rbac.yaml against what dock2pod really asks of the API server. The simulated
// API server knows two users (full access, read-only; testbed/cluster/auth.ts), not
// Roles, so the action runs with full access in the Role's namespace and its request
// log is audited afterwards against the Role, the way the RBAC authorizer reads each
// request (scripts/rbac-audit.ts): nothing the action did may be denied, and nothing
// the Role grants may go unused — the docs never ask for less than the code needs, or
// more. One cluster, one clock at 50× wall time, for every deploy scenario.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect } from 'vitest'
import { auditRole, roleFromManifests } from '../../scripts/rbac-audit.ts'
import { ROOT, type ActionRun } from '../../testbed/action-runner.ts'
import type { RequestLogEntry } from '../../testbed/cluster/hooks.ts'
import {
  clearRequestLog,
  kubectlOk,
  requestLog,
  startTestCluster,
  type Cluster,
} from '../../testbed/cluster/testing.ts'
import {
  buildTestImage,
  createDeployment as createDeploymentWith,
  runAgainst,
} from './deploy-kit.ts'
import { dockerTest, dockerTestbed } from './docker-testbed.ts'

const role = roleFromManifests(readFileSync(join(ROOT, 'examples/rbac.yaml'), 'utf8'))
// The Role's own namespace, so that a request anywhere else shows up in the audit.
const NS = role.namespace ?? 'production'

let cluster: Cluster
const images: Record<string, string> = {}

const createDeployment = (name: string) =>
  createDeploymentWith(cluster, name, { image: images.base!, replicas: 2, namespace: NS })

const deploy = (inputs: Record<string, string>): Promise<ActionRun> =>
  runAgainst(cluster, { namespace: NS, ...inputs })

const statuses = (r: ActionRun) =>
  (
    JSON.parse(r.outputs.deployments ?? '[]') as {
      status: string
      diagnosis: { reason: string } | null
    }[]
  ).map((d) => [d.status, d.diagnosis?.reason ?? null])

beforeAll(async () => {
  if (dockerTestbed().unavailable) return
  cluster = await startTestCluster({ speed: 50 })
  images.base = await buildTestImage('rbac/base', {})
  images.quick = await buildTestImage('rbac/quick', { 'dock2pod.test/ready-after': '1s' })
  images.crash = await buildTestImage('rbac/crash', {
    'dock2pod.test/ready-after': '1m',
    'dock2pod.test/exit-after': '1s',
    'dock2pod.test/exit-code': '3',
    'dock2pod.test/log': 'fatal: DATABASE_URL is not set',
  })
  await kubectlOk(cluster, ['create', 'namespace', NS])
  for (const name of ['web', 'crash', 'pair-a', 'pair-b']) await createDeployment(name)
})

afterAll(async () => {
  await cluster?.stop()
})

describe('examples/rbac.yaml', () => {
  dockerTest(
    'allows every request of the deploy scenarios, and every rule it has is used',
    async () => {
      // Only the action's requests from here on, not the set-up's kubectl.
      await clearRequestLog(cluster)

      const good = await deploy({ 'image-ref': images.quick!, deployment: 'web' })
      expect(statuses(good), good.stdout).toEqual([['ready', null]])

      const again = await deploy({ 'image-ref': images.quick!, deployment: 'web' })
      expect(statuses(again), again.stdout).toEqual([['unchanged', null]])

      const crash = await deploy({ 'image-ref': images.crash!, deployment: 'crash' })
      expect(crash.exitCode).toBe(1)
      expect(statuses(crash), crash.stdout).toEqual([['rolled-back', 'CrashLoopBackOff']])
      // The last log lines were read, so `pods/log` is exercised.
      expect(crash.summary).toContain('fatal: DATABASE_URL is not set')

      const pair = await deploy({ 'image-ref': images.quick!, deployment: 'pair-a\npair-b' })
      expect(statuses(pair), pair.stdout).toEqual([
        ['ready', null],
        ['ready', null],
      ])

      const log: RequestLogEntry[] = await requestLog(cluster)
      expect(log.length).toBeGreaterThan(0)
      // With full access nothing was refused; the Role is what decides below.
      expect(log.filter((q) => q.status === 401 || q.status === 403)).toEqual([])

      const audit = auditRole(role, log)
      expect(audit.denied, 'requests examples/rbac.yaml would refuse').toEqual([])
      expect(audit.unused, 'grants of examples/rbac.yaml no request used').toEqual([])
      expect(audit.otherNamespace, `requests outside namespace ${NS}`).toEqual([])
      // Discovery is open to every authenticated user (system:discovery); anything else
      // without a resource would need a ClusterRole.
      for (const r of audit.nonResource) expect(r).toMatch(/^get \/(api|apis|version)(\/[^/]+)*$/)
    },
  )
})
