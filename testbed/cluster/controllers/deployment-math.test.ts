// Table tests whose data are the cases of Kubernetes' own controller tests, so the
// simulation is checked against Kubernetes rather than against itself.
import { describe, expect, test } from 'vitest'
import {
  cleanupUnhealthyReplicas,
  computeHash,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  equalIgnoreHash,
  historyToPrune,
  maxUnavailable,
  newRSNewReplicas,
  proportionalScale,
  reconcileNewReplicaSet,
  reconcileOldReplicaSets,
  resolveFenceposts,
  scaleDownOldReplicaSetsForRollingUpdate,
  type DeploymentLike,
  type IntOrString,
} from './deployment-math.ts'

const rolling = (
  replicas: number,
  maxSurge: IntOrString,
  maxUnavailable: IntOrString,
): DeploymentLike => ({
  replicas,
  strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } },
})

// pkg/controller/deployment/rolling_test.go: TestDeploymentController_reconcileNewReplicaSet
describe('reconcileNewReplicaSet (TestDeploymentController_reconcileNewReplicaSet)', () => {
  test.each([
    { deploymentReplicas: 10, maxSurge: 0, oldReplicas: 10, newReplicas: 0, scaleExpected: false },
    {
      deploymentReplicas: 10,
      maxSurge: 2,
      oldReplicas: 10,
      newReplicas: 0,
      scaleExpected: true,
      expectedNewReplicas: 2,
    },
    {
      deploymentReplicas: 10,
      maxSurge: 2,
      oldReplicas: 5,
      newReplicas: 0,
      scaleExpected: true,
      expectedNewReplicas: 7,
    },
    { deploymentReplicas: 10, maxSurge: 2, oldReplicas: 10, newReplicas: 2, scaleExpected: false },
    {
      deploymentReplicas: 10,
      maxSurge: 2,
      oldReplicas: 2,
      newReplicas: 11,
      scaleExpected: true,
      expectedNewReplicas: 10,
    },
  ])('%o', (c) => {
    const d = rolling(c.deploymentReplicas, c.maxSurge, 0)
    const newRS = { name: 'foo-v2', replicas: c.newReplicas }
    const oldRS = { name: 'foo-v1', replicas: c.oldReplicas }
    const got = reconcileNewReplicaSet(d, [newRS, oldRS], newRS)
    expect(got).toBe(c.scaleExpected ? c.expectedNewReplicas : undefined)
  })
})

// rolling_test.go: TestDeploymentController_reconcileOldReplicaSets
describe('reconcileOldReplicaSets (TestDeploymentController_reconcileOldReplicaSets)', () => {
  test.each([
    {
      deploymentReplicas: 10,
      maxUnavailable: 0,
      oldReplicas: 10,
      newReplicas: 0,
      readyPodsFromOldRS: 10,
      readyPodsFromNewRS: 0,
      scaleExpected: true,
      expectedOldReplicas: 9,
    },
    {
      deploymentReplicas: 10,
      maxUnavailable: 2,
      oldReplicas: 10,
      newReplicas: 0,
      readyPodsFromOldRS: 10,
      readyPodsFromNewRS: 0,
      scaleExpected: true,
      expectedOldReplicas: 8,
    },
    // expect unhealthy replicas from old replica sets been cleaned up
    {
      deploymentReplicas: 10,
      maxUnavailable: 2,
      oldReplicas: 10,
      newReplicas: 0,
      readyPodsFromOldRS: 8,
      readyPodsFromNewRS: 0,
      scaleExpected: true,
      expectedOldReplicas: 8,
    },
    // expect 1 unhealthy replica from old replica sets been cleaned up, and 1 ready pod been scaled down
    {
      deploymentReplicas: 10,
      maxUnavailable: 2,
      oldReplicas: 10,
      newReplicas: 0,
      readyPodsFromOldRS: 9,
      readyPodsFromNewRS: 0,
      scaleExpected: true,
      expectedOldReplicas: 8,
    },
    // the unavailable pods from the newRS would not make us scale down old RSs in a further step
    {
      deploymentReplicas: 10,
      maxUnavailable: 2,
      oldReplicas: 8,
      newReplicas: 2,
      readyPodsFromOldRS: 8,
      readyPodsFromNewRS: 0,
      scaleExpected: false,
    },
  ])('%o', (c) => {
    const d = rolling(c.deploymentReplicas, 0, c.maxUnavailable)
    const newRS = {
      name: 'foo-new',
      replicas: c.newReplicas,
      availableReplicas: c.readyPodsFromNewRS,
      created: 2,
    }
    const oldRS = {
      name: 'foo-old',
      replicas: c.oldReplicas,
      availableReplicas: c.readyPodsFromOldRS,
      created: 1,
    }
    const { plan, scaledDown } = reconcileOldReplicaSets(d, [oldRS, newRS], [oldRS], newRS)
    expect(scaledDown > 0).toBe(c.scaleExpected)
    if (c.scaleExpected) expect(plan.get('foo-old')).toBe(c.expectedOldReplicas)
  })
})

// rolling_test.go: TestDeploymentController_cleanupUnhealthyReplicas
describe('cleanupUnhealthyReplicas (TestDeploymentController_cleanupUnhealthyReplicas)', () => {
  test.each([
    {
      oldReplicas: 10,
      readyPods: 8,
      unHealthyPods: 2,
      maxCleanupCount: 1,
      cleanupCountExpected: 1,
    },
    {
      oldReplicas: 10,
      readyPods: 8,
      unHealthyPods: 2,
      maxCleanupCount: 3,
      cleanupCountExpected: 2,
    },
    {
      oldReplicas: 10,
      readyPods: 8,
      unHealthyPods: 2,
      maxCleanupCount: 0,
      cleanupCountExpected: 0,
    },
    {
      oldReplicas: 10,
      readyPods: 10,
      unHealthyPods: 0,
      maxCleanupCount: 3,
      cleanupCountExpected: 0,
    },
  ])('%o', (c) => {
    const oldRS = { name: 'foo-v2', replicas: c.oldReplicas, availableReplicas: c.readyPods }
    expect(cleanupUnhealthyReplicas([oldRS], c.maxCleanupCount).cleanedUp).toBe(
      c.cleanupCountExpected,
    )
  })
})

// rolling_test.go: TestDeploymentController_scaleDownOldReplicaSetsForRollingUpdate
describe('scaleDownOldReplicaSetsForRollingUpdate (TestDeploymentController_scaleDownOldReplicaSetsForRollingUpdate)', () => {
  test.each([
    {
      deploymentReplicas: 10,
      maxUnavailable: 0,
      readyPods: 10,
      oldReplicas: 10,
      scaleExpected: true,
      expectedOldReplicas: 9,
    },
    {
      deploymentReplicas: 10,
      maxUnavailable: 2,
      readyPods: 10,
      oldReplicas: 10,
      scaleExpected: true,
      expectedOldReplicas: 8,
    },
    {
      deploymentReplicas: 10,
      maxUnavailable: 2,
      readyPods: 8,
      oldReplicas: 10,
      scaleExpected: false,
    },
    {
      deploymentReplicas: 10,
      maxUnavailable: 2,
      readyPods: 10,
      oldReplicas: 0,
      scaleExpected: false,
    },
    {
      deploymentReplicas: 10,
      maxUnavailable: 2,
      readyPods: 1,
      oldReplicas: 10,
      scaleExpected: false,
    },
  ])('%o', (c) => {
    const d = rolling(c.deploymentReplicas, 0, c.maxUnavailable)
    const oldRS = { name: 'foo-v2', replicas: c.oldReplicas, availableReplicas: c.readyPods }
    const { plan, scaledDown } = scaleDownOldReplicaSetsForRollingUpdate(d, [oldRS], [oldRS])
    expect(scaledDown > 0).toBe(c.scaleExpected)
    if (c.scaleExpected) expect(plan.get('foo-v2')).toBe(c.expectedOldReplicas)
  })
})

// pkg/controller/deployment/util/deployment_util_test.go: TestResolveFenceposts
describe('resolveFenceposts (TestResolveFenceposts)', () => {
  test.each([
    {
      maxSurge: '0%',
      maxUnavailable: '0%',
      desired: 0,
      expectSurge: 0,
      expectUnavailable: 1,
      expectError: false,
    },
    {
      maxSurge: '39%',
      maxUnavailable: '39%',
      desired: 10,
      expectSurge: 4,
      expectUnavailable: 3,
      expectError: false,
    },
    {
      maxSurge: 'oops',
      maxUnavailable: '39%',
      desired: 10,
      expectSurge: 0,
      expectUnavailable: 0,
      expectError: true,
    },
    {
      maxSurge: '55%',
      maxUnavailable: 'urg',
      desired: 10,
      expectSurge: 0,
      expectUnavailable: 0,
      expectError: true,
    },
  ])('%o', (c) => {
    if (c.expectError) {
      expect(() => resolveFenceposts(c.maxSurge, c.maxUnavailable, c.desired)).toThrow(
        /not a percentage/,
      )
      return
    }
    expect(resolveFenceposts(c.maxSurge, c.maxUnavailable, c.desired)).toEqual({
      surge: c.expectSurge,
      unavailable: c.expectUnavailable,
    })
  })
})

// deployment_util_test.go: TestNewRSNewReplicas (allRSs holds one other RS of 5 replicas)
describe('newRSNewReplicas (TestNewRSNewReplicas)', () => {
  test.each([
    {
      name: 'can not scale up - to newRSReplicas',
      strategy: 'RollingUpdate',
      depReplicas: 1,
      newRSReplicas: 5,
      maxSurge: 1,
      expected: 5,
    },
    {
      name: 'scale up - to depReplicas',
      strategy: 'RollingUpdate',
      depReplicas: 6,
      newRSReplicas: 2,
      maxSurge: 10,
      expected: 6,
    },
    {
      name: 'recreate - to depReplicas',
      strategy: 'Recreate',
      depReplicas: 3,
      newRSReplicas: 1,
      maxSurge: 1,
      expected: 3,
    },
  ] as const)('$name', (c) => {
    const d: DeploymentLike = {
      replicas: c.depReplicas,
      strategy: { type: c.strategy, rollingUpdate: { maxSurge: c.maxSurge, maxUnavailable: 1 } },
    }
    const rs5 = { name: 'rs5', replicas: 5 }
    expect(newRSNewReplicas(d, [rs5], { name: 'new', replicas: c.newRSReplicas })).toBe(c.expected)
  })
})

// deployment_util_test.go: TestMaxUnavailable (maxSurge 1)
describe('maxUnavailable (TestMaxUnavailable)', () => {
  test.each([
    {
      name: 'maxUnavailable less than replicas',
      replicas: 10,
      maxUnavailable: 5 as IntOrString,
      expected: 5,
    },
    { name: 'maxUnavailable equal replicas', replicas: 10, maxUnavailable: 10, expected: 10 },
    { name: 'maxUnavailable greater than replicas', replicas: 5, maxUnavailable: 10, expected: 5 },
    { name: 'maxUnavailable with replicas is 0', replicas: 0, maxUnavailable: 10, expected: 0 },
    {
      name: 'maxUnavailable less than replicas with percents',
      replicas: 10,
      maxUnavailable: '50%',
      expected: 5,
    },
    {
      name: 'maxUnavailable equal replicas with percents',
      replicas: 10,
      maxUnavailable: '100%',
      expected: 10,
    },
    {
      name: 'maxUnavailable greater than replicas with percents',
      replicas: 5,
      maxUnavailable: '100%',
      expected: 5,
    },
  ])('$name', (c) => {
    expect(maxUnavailable(rolling(c.replicas, 1, c.maxUnavailable))).toBe(c.expected)
  })
  test('maxUnavailable with Recreate deployment strategy', () => {
    expect(maxUnavailable({ replicas: 0, strategy: { type: 'Recreate' } })).toBe(0)
  })
})

// deployment_util_test.go: TestDeploymentComplete — deployment(desired, current, updated, available, maxUnavailable, maxSurge)
describe('deploymentComplete (TestDeploymentComplete)', () => {
  test.each([
    {
      name: 'not complete: min but not all pods become available',
      d: [5, 5, 5, 4, 1, 0],
      expected: false,
    },
    {
      name: 'not complete: min availability is not honored',
      d: [5, 5, 5, 3, 1, 0],
      expected: false,
    },
    { name: 'complete', d: [5, 5, 5, 5, 0, 0], expected: true },
    {
      name: 'not complete: all pods are available but not updated',
      d: [5, 5, 4, 5, 0, 0],
      expected: false,
    },
    { name: 'not complete: still running old pods', d: [1, 2, 1, 1, 0, 1], expected: false },
    {
      name: 'not complete: one replica deployment never comes up',
      d: [1, 1, 1, 0, 1, 1],
      expected: false,
    },
  ])('$name', ({ d: [desired, current, updated, available, mu, ms], expected }) => {
    const status = { replicas: current, updatedReplicas: updated, availableReplicas: available }
    expect(deploymentComplete({ ...rolling(desired!, ms!, mu!), generation: 0 }, status)).toBe(
      expected,
    )
  })
})

// deployment_util_test.go: TestDeploymentProgressing — (current, updated, ready, available)
describe('deploymentProgressing (TestDeploymentProgressing)', () => {
  const st = ([replicas, updatedReplicas, readyReplicas, availableReplicas]: number[]) => ({
    replicas,
    updatedReplicas,
    readyReplicas,
    availableReplicas,
  })
  test.each([
    { name: 'progressing: updated pods', old: [10, 4, 4, 4], now: [10, 6, 4, 4], expected: true },
    { name: 'not progressing', old: [10, 4, 4, 4], now: [10, 4, 4, 4], expected: false },
    {
      name: 'progressing: old pods removed',
      old: [10, 4, 6, 6],
      now: [8, 4, 6, 6],
      expected: true,
    },
    {
      name: 'not progressing: less new pods',
      old: [10, 7, 3, 3],
      now: [10, 6, 3, 3],
      expected: false,
    },
    {
      name: 'progressing: less overall but more new pods',
      old: [10, 4, 7, 7],
      now: [8, 8, 5, 5],
      expected: true,
    },
    {
      name: 'progressing: more ready pods',
      old: [10, 10, 9, 8],
      now: [10, 10, 10, 8],
      expected: true,
    },
    {
      name: 'progressing: more available pods',
      old: [10, 10, 10, 9],
      now: [10, 10, 10, 10],
      expected: true,
    },
  ])('$name', (c) => {
    const d = { ...rolling(10, 1, 1), status: st(c.old) }
    expect(deploymentProgressing(d, st(c.now))).toBe(c.expected)
  })
})

// deployment_util_test.go: TestDeploymentTimedOut
describe('deploymentTimedOut (TestDeploymentTimedOut)', () => {
  const at = (min: number, sec: number) => Date.UTC(2016, 0, 1, 0, min, sec)
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z')
  test.each([
    {
      name: 'no progressDeadlineSeconds specified - no timeout',
      pds: undefined,
      reason: '',
      from: at(1, 9),
      now: at(1, 20),
      expected: false,
    },
    {
      name: 'progressDeadlineSeconds: 10s, now - started => 00:01:20 - 00:01:09 => 11s',
      pds: 10,
      reason: '',
      from: at(1, 9),
      now: at(1, 20),
      expected: true,
    },
    {
      name: 'progressDeadlineSeconds: 10s, now - started => 00:01:20 - 00:01:11 => 9s',
      pds: 10,
      reason: '',
      from: at(1, 11),
      now: at(1, 20),
      expected: false,
    },
    {
      name: 'previous status was a complete deployment',
      pds: undefined,
      reason: 'NewReplicaSetAvailable',
      from: 0,
      now: at(1, 20),
      expected: false,
    },
  ])('$name', (c) => {
    const status = {
      conditions: [
        {
          type: 'Progressing',
          status: 'True' as const,
          reason: c.reason,
          lastUpdateTime: iso(c.from),
        },
      ],
    }
    const d = { ...rolling(1, 1, 0), progressDeadlineSeconds: c.pds, status }
    expect(deploymentTimedOut(d, status, c.now)).toBe(c.expected)
  })
})

// deployment_util_test.go: TestEqualIgnoreHash (name/nodeName/annotations/labels of a template)
describe('equalIgnoreHash (TestEqualIgnoreHash)', () => {
  const tpl = (
    name: string,
    nodeName: string,
    annotations: Record<string, string>,
    labels: Record<string, string>,
  ) => ({
    metadata: { name, annotations, labels },
    spec: { nodeName },
  })
  const H = 'pod-template-hash'
  test.each([
    {
      name: 'Same spec, same labels',
      a: tpl('foo', 'foo-node', {}, { [H]: 'value-1', something: 'else' }),
      b: tpl('foo', 'foo-node', {}, { [H]: 'value-1', something: 'else' }),
      expected: true,
    },
    {
      name: 'Same spec, only pod-template-hash label value is different',
      a: tpl('foo', 'foo-node', {}, { [H]: 'value-1', something: 'else' }),
      b: tpl('foo', 'foo-node', {}, { [H]: 'value-2', something: 'else' }),
      expected: true,
    },
    {
      name: "Same spec, the former doesn't have pod-template-hash label",
      a: tpl('foo', 'foo-node', {}, { something: 'else' }),
      b: tpl('foo', 'foo-node', {}, { [H]: 'value-2', something: 'else' }),
      expected: true,
    },
    {
      name: 'Same spec, the label is different, and the pod-template-hash label value is the same',
      a: tpl('foo', 'foo-node', {}, { [H]: 'value-1' }),
      b: tpl('foo', 'foo-node', {}, { [H]: 'value-1', something: 'else' }),
      expected: false,
    },
    {
      name: 'Different spec, same labels',
      a: tpl('foo', 'foo-node', { former: 'value' }, { [H]: 'value-1', something: 'else' }),
      b: tpl('foo', 'foo-node', { latter: 'value' }, { [H]: 'value-1', something: 'else' }),
      expected: false,
    },
    {
      name: 'Different spec, different pod-template-hash label value',
      a: tpl('foo-1', 'foo-node', {}, { [H]: 'value-1', something: 'else' }),
      b: tpl('foo-2', 'foo-node', {}, { [H]: 'value-2', something: 'else' }),
      expected: false,
    },
    {
      name: "Different spec, the former doesn't have pod-template-hash label",
      a: tpl('foo-1', 'foo-node-1', {}, { something: 'else' }),
      b: tpl('foo-2', 'foo-node-2', {}, { [H]: 'value-2', something: 'else' }),
      expected: false,
    },
    {
      name: 'Different spec, different labels',
      a: tpl('foo', 'foo-node-1', {}, { something: 'else' }),
      b: tpl('foo', 'foo-node-2', {}, { nothing: 'else' }),
      expected: false,
    },
  ])('$name', (c) => {
    expect(equalIgnoreHash(c.a, c.b)).toBe(c.expected)
    expect(equalIgnoreHash(c.b, c.a)).toBe(c.expected)
  })
})

describe('computeHash', () => {
  test('is stable, key-order independent, safe-encoded, and changes with the template or collisionCount', () => {
    const a = {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx:1' }] },
    }
    const b = {
      spec: { containers: [{ image: 'nginx:1', name: 'web' }] },
      metadata: { labels: { app: 'web' } },
    }
    expect(computeHash(a)).toBe(computeHash(b))
    expect(computeHash(a)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/)
    expect(computeHash(a)).not.toBe(
      computeHash({ ...a, spec: { containers: [{ name: 'web', image: 'nginx:2' }] } }),
    )
    expect(computeHash(a, 1)).not.toBe(computeHash(a))
  })
})

// pkg/controller/deployment/sync_test.go: TestScale. newDeployment() there defaults
// maxSurge and maxUnavailable to 0; each RS carries the desired/max annotations of the
// deployment before the change (oldReplicas, oldSurge).
describe('proportionalScale (TestScale)', () => {
  type R = [name: string, replicas: number, created: number]
  const NEW = 3
  const OLD = 2
  const OLDER = 1
  test.each([
    {
      name: 'normal scaling event: 10 -> 12',
      replicas: 12,
      oldReplicas: 10,
      newRS: ['foo-v1', 10, NEW] as R,
      oldRSs: [] as R[],
      expectedNew: 12,
      expectedOld: [] as number[],
    },
    {
      name: 'normal scaling event: 10 -> 5',
      replicas: 5,
      oldReplicas: 10,
      newRS: ['foo-v1', 10, NEW] as R,
      oldRSs: [],
      expectedNew: 5,
      expectedOld: [],
    },
    {
      name: 'proportional scaling: 5 -> 10',
      replicas: 10,
      oldReplicas: 5,
      newRS: ['foo-v2', 2, NEW] as R,
      oldRSs: [['foo-v1', 3, OLD]] as R[],
      expectedNew: 4,
      expectedOld: [6],
    },
    {
      name: 'proportional scaling: 5 -> 3',
      replicas: 3,
      oldReplicas: 5,
      newRS: ['foo-v2', 2, NEW] as R,
      oldRSs: [['foo-v1', 3, OLD]] as R[],
      expectedNew: 1,
      expectedOld: [2],
    },
    {
      name: 'proportional scaling: 9 -> 4',
      replicas: 4,
      oldReplicas: 9,
      newRS: ['foo-v2', 8, NEW] as R,
      oldRSs: [['foo-v1', 1, OLD]] as R[],
      expectedNew: 4,
      expectedOld: [0],
    },
    {
      name: 'proportional scaling: 7 -> 10',
      replicas: 10,
      oldReplicas: 7,
      newRS: ['foo-v3', 2, NEW] as R,
      oldRSs: [
        ['foo-v2', 3, OLD],
        ['foo-v1', 2, OLDER],
      ] as R[],
      expectedNew: 3,
      expectedOld: [4, 3],
    },
    {
      name: 'proportional scaling: 13 -> 8',
      replicas: 8,
      oldReplicas: 13,
      newRS: ['foo-v3', 2, NEW] as R,
      oldRSs: [
        ['foo-v2', 8, OLD],
        ['foo-v1', 3, OLDER],
      ] as R[],
      expectedNew: 1,
      expectedOld: [5, 2],
    },
    {
      name: 'leftover distribution: 3 -> 4',
      replicas: 4,
      oldReplicas: 3,
      newRS: ['foo-v3', 1, NEW] as R,
      oldRSs: [
        ['foo-v2', 1, OLD],
        ['foo-v1', 1, OLDER],
      ] as R[],
      expectedNew: 2,
      expectedOld: [1, 1],
    },
    {
      name: 'leftover distribution: 3 -> 2',
      replicas: 2,
      oldReplicas: 3,
      newRS: ['foo-v3', 1, NEW] as R,
      oldRSs: [
        ['foo-v2', 1, OLD],
        ['foo-v1', 1, OLDER],
      ] as R[],
      expectedNew: 1,
      expectedOld: [1, 0],
    },
    {
      name: 'proportional scaling (no new rs): 4 -> 5',
      replicas: 5,
      oldReplicas: 4,
      newRS: undefined,
      oldRSs: [
        ['foo-v2', 2, OLD],
        ['foo-v1', 2, OLDER],
      ] as R[],
      expectedNew: undefined,
      expectedOld: [3, 2],
    },
    {
      name: 'proportional scaling: 6 -> 0',
      replicas: 0,
      oldReplicas: 6,
      newRS: ['foo-v3', 3, NEW] as R,
      oldRSs: [
        ['foo-v2', 2, OLD],
        ['foo-v1', 1, OLDER],
      ] as R[],
      expectedNew: 0,
      expectedOld: [0, 0],
    },
    {
      name: 'proportional scaling: 0 -> 6',
      replicas: 6,
      oldReplicas: 6,
      newRS: ['foo-v3', 0, NEW] as R,
      oldRSs: [
        ['foo-v2', 0, OLD],
        ['foo-v1', 0, OLDER],
      ] as R[],
      expectedNew: 6,
      expectedOld: [0, 0],
    },
    {
      name: 'failed rs update',
      replicas: 5,
      oldReplicas: 5,
      newRS: ['foo-v3', 2, NEW] as R,
      oldRSs: [
        ['foo-v2', 1, OLD],
        ['foo-v1', 1, OLDER],
      ] as R[],
      expectedNew: 2,
      expectedOld: [2, 1],
      desired: { 'foo-v2': 3 },
    },
    {
      name: 'deployment with surge pods',
      replicas: 20,
      maxSurge: 2,
      oldReplicas: 10,
      oldSurge: 2,
      newRS: ['foo-v2', 6, NEW] as R,
      oldRSs: [['foo-v1', 6, OLD]] as R[],
      expectedNew: 11,
      expectedOld: [11],
    },
    {
      name: 'change both surge and size',
      replicas: 50,
      maxSurge: 6,
      oldReplicas: 10,
      oldSurge: 3,
      newRS: ['foo-v2', 5, NEW] as R,
      oldRSs: [['foo-v1', 8, OLD]] as R[],
      expectedNew: 22,
      expectedOld: [34],
    },
    {
      name: 'change both size and template',
      replicas: 14,
      oldReplicas: 10,
      newRS: undefined,
      oldRSs: [
        ['foo-v2', 7, NEW],
        ['foo-v1', 3, OLD],
      ] as R[],
      expectedNew: undefined,
      expectedOld: [10, 4],
    },
    {
      name: 'saturated but broken new replica set does not affect old pods',
      replicas: 2,
      maxSurge: 1,
      maxUnavailable: 1,
      oldReplicas: 2,
      oldSurge: 1,
      newRS: ['foo-v2', 2, NEW] as R,
      oldRSs: [['foo-v1', 1, OLD]] as R[],
      expectedNew: 2,
      expectedOld: [1],
    },
  ])(
    '$name',
    (c: {
      replicas: number
      maxSurge?: number
      maxUnavailable?: number
      oldReplicas: number
      oldSurge?: number
      newRS?: R
      oldRSs: R[]
      expectedNew?: number
      expectedOld: number[]
      desired?: Record<string, number>
    }) => {
      const d = rolling(c.replicas, c.maxSurge ?? 0, c.maxUnavailable ?? 0)
      const rs = ([name, replicas, created]: R) => {
        const desired = c.desired?.[name] ?? c.oldReplicas
        return {
          name,
          replicas,
          created,
          desiredReplicasAnnotation: desired,
          maxReplicasAnnotation: desired + (c.oldSurge ?? 0),
        }
      }
      const newRS = c.newRS && rs(c.newRS)
      const oldRSs = c.oldRSs.map(rs)
      const plan = proportionalScale(d, newRS, oldRSs)
      const size = (r: { name: string; replicas: number }) => plan.get(r.name) ?? r.replicas
      if (newRS) expect(size(newRS)).toBe(c.expectedNew)
      expect(oldRSs.map(size)).toEqual(c.expectedOld)
    },
  )
})

// sync_test.go: TestDeploymentController_cleanupDeployment — newRSWithStatus(name, specReplicas, statusReplicas)
describe('historyToPrune (TestDeploymentController_cleanupDeployment)', () => {
  const rs = (name: string, replicas: number, statusReplicas: number, deleting = false) => ({
    name,
    replicas,
    statusReplicas,
    deleting,
  })
  test.each([
    {
      oldRSs: [rs('foo-1', 0, 0), rs('foo-2', 0, 0), rs('foo-3', 0, 0)],
      revisionHistoryLimit: 1,
      expectedDeletions: 2,
    },
    // Only delete the replica set with Spec.Replicas = Status.Replicas = 0.
    {
      oldRSs: [rs('foo-1', 0, 0), rs('foo-2', 0, 1), rs('foo-3', 1, 0), rs('foo-4', 1, 1)],
      revisionHistoryLimit: 0,
      expectedDeletions: 1,
    },
    {
      oldRSs: [rs('foo-1', 0, 0), rs('foo-2', 0, 0)],
      revisionHistoryLimit: 0,
      expectedDeletions: 2,
    },
    {
      oldRSs: [rs('foo-1', 1, 1), rs('foo-2', 1, 1)],
      revisionHistoryLimit: 0,
      expectedDeletions: 0,
    },
    { oldRSs: [rs('foo-1', 0, 0, true)], revisionHistoryLimit: 0, expectedDeletions: 0 },
    // with unlimited revisionHistoryLimit
    {
      oldRSs: [rs('foo-1', 0, 0), rs('foo-2', 0, 0), rs('foo-3', 0, 0)],
      revisionHistoryLimit: 2 ** 31 - 1,
      expectedDeletions: 0,
    },
  ])('%#', (c) => {
    expect(historyToPrune(c.oldRSs, c.revisionHistoryLimit)).toHaveLength(c.expectedDeletions)
  })
})
