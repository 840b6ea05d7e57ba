import { describe, expect, test } from 'vitest'
import { describeKubeError, RBAC_EXAMPLE_URL } from '../../src/kube/describe-error.ts'
import { isTransient, KubeError } from '../../src/kube/errors.ts'
import { KUBE_RETRY, withKubeRetry } from '../../src/kube/retry.ts'

describe('withKubeRetry: the API server under the shared retry loop', () => {
  function flaky(errors: KubeError[]) {
    let i = 0
    return async () => {
      if (i < errors.length) throw errors[i++]!
      return 'ok'
    }
  }

  test('the status code decides what is transient; KubeError carries Retry-After', async () => {
    const waits: number[] = []
    const result = await withKubeRetry(
      flaky([
        new KubeError(429, 'slow down', { retryAfterMs: 2000 }),
        new KubeError(500, 'oops'),
        new KubeError(503, 'oops'),
        new KubeError(0, 'ECONNRESET'),
      ]),
      { policy: { baseDelayMs: 100 }, sleep: async (ms) => void waits.push(ms) },
    )
    expect(result).toBe('ok')
    expect(waits).toEqual([2000, 200, 400, 800])
  })

  test('six tries in all by default, then the last error', async () => {
    const err = new KubeError(500, 'down')
    let calls = 0
    await expect(
      withKubeRetry(
        async () => {
          calls++
          throw err
        },
        { sleep: async () => {} },
      ),
    ).rejects.toBe(err)
    expect(calls).toBe(KUBE_RETRY.attempts)
    expect(KUBE_RETRY.attempts).toBe(6)
  })

  test.each([400, 401, 403, 404, 409, 410, 422])('%i is not retried', async (code) => {
    let calls = 0
    await expect(
      withKubeRetry(
        async () => {
          calls++
          throw new KubeError(code, 'no')
        },
        { sleep: async () => {} },
      ),
    ).rejects.toBeInstanceOf(KubeError)
    expect(calls).toBe(1)
    expect(isTransient(new KubeError(code, 'no'))).toBe(false)
  })
})

describe('describeKubeError', () => {
  const what = { verb: 'patch', resource: 'deployments', namespace: 'prod', name: 'web' } as const
  test('403 names the verb, the resource, the namespace and the grant', () => {
    const msg = describeKubeError(
      new KubeError(403, 'forbidden', {
        status: {
          message:
            'deployments.apps "web" is forbidden: User "ci" cannot patch resource "deployments" in API group "apps" in the namespace "prod"',
        },
      }),
      what,
      'https://k8s',
    )
    expect(msg).toContain(
      'Forbidden (403): the kubeconfig\'s user may not patch deployments.apps "web" in namespace "prod"',
    )
    expect(msg).toContain(
      `Apply the Role and RoleBinding of dock2pod's examples/rbac.yaml (${RBAC_EXAMPLE_URL}) in namespace "prod"`,
    )
    expect(msg).not.toContain('kubectl create role')
    expect(msg).toContain('The API server said: deployments.apps "web" is forbidden')
  })
  test('401 says the credentials are refused', () => {
    expect(describeKubeError(new KubeError(401, 'Unauthorized'), what, 'https://k8s')).toMatch(
      /refused the credentials \(401 Unauthorized\).*invalid or has expired/,
    )
  })
  test('no answer at all: the server cannot be reached', () => {
    expect(
      describeKubeError(new KubeError(0, 'ECONNREFUSED (https://k8s)'), what, 'https://k8s'),
    ).toMatch(/^Cannot reach the cluster at https:\/\/k8s: ECONNREFUSED/)
  })
})
