// Helpers for the controller and kubelet tests: a cluster context without HTTP, and
// waiting on store state without wall-clock assertions.
import { Clock } from '../clock.ts'
import type { ClusterContext } from '../context.ts'
import { ContainerLogs } from '../logs.ts'
import { Store, type KubeObject } from '../store.ts'

export function newContext(speed = 100): ClusterContext {
  const clock = new Clock(speed)
  const store = new Store(clock)
  store.create('/namespaces', undefined, {
    metadata: { name: 'default' },
    spec: {},
    status: { phase: 'Active' },
  })
  return { store, clock, logs: new ContainerLogs() }
}

/** Resolve once `check` returns a truthy value, re-checked on every store change. */
export function waitFor<T>(
  ctx: ClusterContext,
  check: () => T | undefined | false,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  return new Promise((resolve, reject) => {
    const first = check()
    if (first) return resolve(first)
    const timer = setTimeout(() => {
      unsubscribe()
      reject(new Error(`timed out waiting for ${what}`))
    }, timeoutMs)
    const unsubscribe = ctx.store.subscribe(() => {
      const v = check()
      if (v) {
        clearTimeout(timer)
        unsubscribe()
        resolve(v)
      }
    })
  })
}

/** Resolve when the store has seen no change for `quietMs` of wall time. */
export function settle(ctx: ClusterContext, quietMs = 40): Promise<void> {
  return new Promise((resolve) => {
    let timer = setTimeout(done, quietMs)
    const unsubscribe = ctx.store.subscribe(() => {
      clearTimeout(timer)
      timer = setTimeout(done, quietMs)
    })
    function done() {
      unsubscribe()
      resolve()
    }
  })
}

export function deployment(
  name: string,
  image: string,
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', uid: '', resourceVersion: '', creationTimestamp: '' },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image }] } },
      ...extra,
    },
  }
}

export function createDeployment(ctx: ClusterContext, d: KubeObject): KubeObject {
  const { uid: _u, resourceVersion: _r, creationTimestamp: _c, ...metadata } = d.metadata
  return ctx.store.create('apps/deployments', 'default', { ...d, metadata })
}

export function setImage(ctx: ClusterContext, name: string, image: string): KubeObject {
  return ctx.store.mutate('apps/deployments', 'default', name, (d) => {
    d.spec.template.spec.containers[0].image = image
  })
}

export const condition = (obj: KubeObject | undefined, type: string) =>
  (obj?.status?.conditions ?? []).find((c: { type: string }) => c.type === type) as
    | {
        type: string
        status: string
        reason?: string
        message?: string
        lastUpdateTime?: string
        lastTransitionTime?: string
      }
    | undefined
