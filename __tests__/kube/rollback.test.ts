// sendRollback's judgement of "changed by someone else": against a fake of the two
// calls it makes (get and patch), which records them.
import { describe, expect, test } from 'vitest'
import type { KubeApi } from '../../src/kube/api.ts'
import { sendRollback, type RollbackTarget } from '../../src/kube/rollback.ts'
import type { PodTemplateSpec, Workload } from '../../src/kube/types.ts'

const template = (image: string): PodTemplateSpec => ({
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'web', image }] },
})
const OLD = template('r.example/web:1')
const NEW = template('r.example/web:2')
const OTHER = template('r.example/web:hotfix')

const deployment = (generation: number, t: PodTemplateSpec, rv: string): Workload => ({
  metadata: { name: 'web', namespace: 'prod', generation, resourceVersion: rv },
  spec: { selector: { matchLabels: { app: 'web' } }, template: t },
})

/** The cluster holds `stored`; every get and patch is recorded. */
function fakeApi(stored: Workload): { api: KubeApi; calls: string[] } {
  const calls: string[] = []
  const api = {
    server: 'https://fake.example:6443',
    getWorkload: async () => {
      calls.push('get')
      return stored
    },
    patchWorkload: async (_r: string, _ns: string, _n: string, body: Record<string, unknown>) => {
      calls.push(`patch ${JSON.stringify(body).includes('web:1') ? 'to web:1' : '?'}`)
      return stored
    },
  } as unknown as KubeApi
  return { api, calls }
}

const target: RollbackTarget = {
  namespace: 'prod',
  name: 'web',
  previous: OLD,
  applied: NEW,
  patchedGeneration: 2,
}
const change = { commit: 'abc', runUrl: '' }

describe('sendRollback', () => {
  test('a watch copy older than our patch is read again, and the rollback is sent', async () => {
    // A cancel while the patch was on its way: the watch still held generation 1.
    const { api, calls } = fakeApi(deployment(2, NEW, '12'))
    const sent = await sendRollback(api, target, deployment(1, OLD, '10'), 'cause', change)
    expect(sent.state).toBe('sent')
    expect(calls).toEqual(['get', 'patch to web:1'])
  })

  test('a copy at or after our patch with another template is someone else’s change', async () => {
    const { api, calls } = fakeApi(deployment(3, OTHER, '14'))
    const sent = await sendRollback(api, target, deployment(3, OTHER, '14'), 'cause', change)
    expect(sent).toMatchObject({
      state: 'conflict',
      message: expect.stringContaining("changed by someone else after dock2pod's patch"),
    })
    expect(sent.state === 'conflict' && sent.message).toContain('web=r.example/web:hotfix')
    expect(calls).toEqual([])
  })

  test('a copy of our own patch is used as it is: no read before the rollback', async () => {
    const { api, calls } = fakeApi(deployment(2, NEW, '12'))
    const sent = await sendRollback(api, target, deployment(2, NEW, '12'), 'cause', change)
    expect(sent.state).toBe('sent')
    expect(calls).toEqual(['patch to web:1'])
  })
})
