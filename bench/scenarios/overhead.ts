// Action overhead: the whole action (build → push → patch → wait, through the runner
// harness) minus what it cannot avoid: `docker build` + `docker push` of the same
// Dockerfile run alone with the same engine and CLI, and the rollout's cluster-side
// time (from the journal: the patch to the last new Pod Ready and the last old one gone).
// Each round builds twice, alone and in the action, each time with a new file in the
// image so neither hits a cached layer the other made; the order alternates.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { distribution, missing, type Row } from '../figures.ts'
import {
  createDeployment,
  createNamespace,
  generationOf,
  runDock2pod,
  spawnTimed,
  startBenchCluster,
} from '../harness.ts'
import { benchImages } from '../images.ts'
import { findPatch, findSettled } from '../journal.ts'
import type { Scenario } from '../scenario.ts'

export interface OverheadSample {
  actionMs: number
  buildPushMs: number
  rolloutMs: number
  overheadMs: number
}

export const overhead: Scenario = async (ctx) => {
  const n = ctx.n(6, 1)
  const docker = await ctx.docker()
  const images = await benchImages(ctx)
  const cluster = await startBenchCluster(1)
  const samples: OverheadSample[] = []
  try {
    const ns = 'overhead'
    await createNamespace(cluster, ns)
    await createDeployment(cluster, { namespace: ns, name: 'web', image: images.good, replicas: 1 })
    const workspace = mkdtempSync(join(tmpdir(), 'd2p-bench-overhead-'))
    writeFileSync(
      join(workspace, 'Dockerfile'),
      `FROM ${docker.baseImage}\nCOPY stamp.txt /srv/stamp.txt\nCMD ["sh", "-c", "while true; do sleep 3600; done"]\n`,
    )
    const stamp = () => writeFileSync(join(workspace, 'stamp.txt'), randomBytes(16).toString('hex'))
    const dockerEnv = {
      ...process.env,
      DOCKER_HOST: docker.engine.host,
      DOCKER_BUILDKIT: '1',
      PATH: `${docker.engine.binDir}:${process.env.PATH ?? ''}`,
    }
    const repo = `${docker.registry.host}/bench/overhead`

    const alone = async (tag: string) => {
      stamp()
      const build = await spawnTimed(docker.engine.cli, ['build', '-t', `${repo}:${tag}`, '.'], {
        cwd: workspace,
        env: dockerEnv,
      })
      if (build.code !== 0) throw new Error(`docker build: ${build.stderr.slice(-2000)}`)
      const push = await spawnTimed(docker.engine.cli, ['push', `${repo}:${tag}`], {
        env: dockerEnv,
      })
      if (push.code !== 0) throw new Error(`docker push: ${push.stderr.slice(-2000)}`)
      return build.exitAt - build.startedAt + (push.exitAt - push.startedAt)
    }
    const action = async (tag: string) => {
      stamp()
      const g = generationOf(cluster, ns, 'web')
      const rv0 = Number(cluster.store.currentRv())
      const r = await runDock2pod({
        entry: ctx.entry,
        workspace,
        inputs: {
          registry: docker.registry.host,
          image: 'bench/overhead',
          tag,
          deployment: 'web',
          namespace: ns,
        },
        env: {
          DOCKER_HOST: docker.engine.host,
          DOCKER_BUILDKIT: '1',
          KUBECONFIG: cluster.kubeconfigPath,
        },
        path: [docker.engine.binDir],
      })
      if (r.run.exitCode !== 0)
        throw new Error(`dock2pod build+deploy failed:\n${r.run.stdout.slice(-3000)}`)
      const events = cluster.store.events(rv0)
      const patch = findPatch(events, ns, 'web', g)!
      const settled = findSettled(events, ns, patch.image, 1, patch.rv)
      if (!settled) throw new Error('overhead: the journal never shows the rollout settled')
      return { actionMs: r.run.durationMs, rolloutMs: settled.wallTime - patch.wallTime }
    }

    await alone('warm-up') // the base image and the engine's caches, for both alike
    for (let i = 0; i < n; i++) {
      let buildPushMs: number
      let a: { actionMs: number; rolloutMs: number }
      if (i % 2 === 0) {
        buildPushMs = await alone(`alone-${i}`)
        a = await action(`action-${i}`)
      } else {
        a = await action(`action-${i}`)
        buildPushMs = await alone(`alone-${i}`)
      }
      const s = { ...a, buildPushMs, overheadMs: a.actionMs - buildPushMs - a.rolloutMs }
      samples.push(s)
      ctx.log(
        `overhead ${i}: action ${s.actionMs.toFixed(0)} ms − build+push ${s.buildPushMs.toFixed(0)} ms − rollout ${s.rolloutMs.toFixed(0)} ms = ${s.overheadMs.toFixed(0)} ms`,
      )
    }
  } finally {
    await cluster.stop()
  }
  const med = (f: (s: OverheadSample) => number) => distribution(samples.map(f), 'ms').median
  const rows: Row[] = [
    {
      scenario: 'overhead',
      measure: 'Action overhead: whole run − docker build + push alone − rollout',
      dock2pod: distribution(
        samples.map((s) => s.overheadMs),
        'ms',
      ),
      kubectl: missing('n/a'),
      note: `medians: whole run ${med((s) => s.actionMs).toFixed(0)} ms, build + push alone ${med((s) => s.buildPushMs).toFixed(0)} ms, rollout ${med((s) => s.rolloutMs).toFixed(0)} ms (cluster at 1×); includes node's start, the base-image check, the digest confirmation, the cluster reads and the report`,
    },
  ]
  return { rows, details: { n, samples } }
}
