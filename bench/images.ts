// The images the rollout scenarios deploy: small labelled test images pushed straight to
// the test registries (no Docker build), as the simulated kubelet reads their labels.
import type { DockerTestbed } from '../testbed/docker/index.ts'
import { pushTestImage } from '../testbed/cluster/testing-images.ts'

export interface BenchImages {
  /** Starts and is Ready at once: the "before" of every rollout. */
  good: string
  /** Becomes Ready after `ready-after` (cluster time); keyed by the duration. */
  readyAfter: (duration: string) => Promise<string>
  /** Exits with code 1 30 s (cluster time) after it starts, before it is ever Ready. */
  crash: string
  /** `bench/private:v1`, pushed to the htpasswd registry only. */
  privateRepo: string
}

/** `host/repo:tag@digest`, as dock2pod deploys it. */
const pinned = (host: string, repo: string, tag: string, digest: string) =>
  `${host}/${repo}:${tag}@${digest}`

export async function pushBenchImages(docker: DockerTestbed): Promise<BenchImages> {
  const open = docker.registry.host
  const auth = docker.registryAuth
  const good = pinned(open, 'bench/app', 'good', await pushTestImage(open, 'bench/app', 'good'))
  const crash = pinned(
    open,
    'bench/app',
    'crash',
    await pushTestImage(open, 'bench/app', 'crash', {
      'dock2pod.test/exit-after': '30s',
      'dock2pod.test/ready-after': '60s',
      'dock2pod.test/exit-code': '1',
      'dock2pod.test/log': 'error: DATABASE_URL is not set',
    }),
  )
  await pushTestImage(
    auth.host,
    'bench/private',
    'v1',
    {},
    {
      auth: { username: auth.user!, password: auth.password! },
    },
  )
  const cache = new Map<string, Promise<string>>()
  return {
    good,
    crash,
    privateRepo: 'bench/private:v1',
    readyAfter: (d) => {
      let p = cache.get(d)
      if (!p) {
        const tag = `ready-after-${d}`
        p = pushTestImage(open, 'bench/app', tag, { 'dock2pod.test/ready-after': d }).then(
          (digest) => pinned(open, 'bench/app', tag, digest),
        )
        cache.set(d, p)
      }
      return p
    },
  }
}

/** The images, pushed once per bench run. */
export function benchImages(ctx: {
  docker: () => Promise<DockerTestbed>
  memo: <T>(key: string, make: () => Promise<T>) => Promise<T>
}): Promise<BenchImages> {
  return ctx.memo('images', async () => pushBenchImages(await ctx.docker()))
}
