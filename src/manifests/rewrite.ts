// The built image into the manifests: every container and init container whose image
// names the built repository (any tag, a digest, or none) gets the pushed reference,
// pinned by digest. Nothing else is rewritten. Pure.
import type { ImageReference } from '../image/reference.ts'
import { runsRepository } from '../kube/containers.ts'
import type { KubeObject } from './parse.ts'

const CONTAINER_LISTS = new Set(['containers', 'initContainers'])

/**
 * A copy of `obj` with `ref` in each container of `repo`, wherever a pod spec sits
 * (a Pod, a workload's template, a CronJob's job template); the paths changed.
 */
export function pinImages(
  obj: KubeObject,
  repo: ImageReference,
  ref: string,
): { obj: KubeObject; changed: string[] } {
  const copy = structuredClone(obj)
  const changed: string[] = []
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      node.forEach((x, i) => walk(x, `${path}[${i}]`))
      return
    }
    if (typeof node !== 'object' || node === null) return
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (CONTAINER_LISTS.has(key) && Array.isArray(value)) {
        for (const c of value as Record<string, unknown>[]) {
          if (typeof c?.image === 'string' && runsRepository(c.image, repo)) {
            c.image = ref
            changed.push(`${path}.${key}[${String(c.name ?? '?')}]`)
          }
        }
        continue
      }
      walk(value, `${path}.${key}`)
    }
  }
  walk(copy, '')
  return { obj: copy, changed }
}
