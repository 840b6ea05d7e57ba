// The whole job, Dockerfile to Ready, for a small service: dock2pod (build with buildx
// and BuildKit → push → digest check → patch → wait) beside the pipeline a user would
// write by hand with the same tools: `docker buildx build --push`, then
// `kubectl set image`, then `kubectl rollout status` (the pinned kubectl). Each round
// both run on their own one-replica Deployment in their own namespace, each with a new
// file in the image; the order alternates. The Dockerfile has a dependencies step (8 MiB
// made by a RUN) before that file, so the builder's state matters, in three variants:
// warm (BuildKit's cache from the round before), cold (`docker buildx prune --all` before
// every build: the base image fetched again, the RUN run again, its layer pushed again),
// and cold with a registry cache (pruned, then `cache-from`/`cache-to` of type registry,
// each tool its own cache image: the ephemeral runner of a hosted CI). Phases: the
// action's "::group::Build and push" to its "::endgroup::" line; the patch and the settled
// rollout (new Pod Ready, old one terminating) from the bench observer's arrival times.
import { behaviourDockerfileOn } from '../../testbed/workload.ts'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { distribution, missing, type Row } from '../figures.ts'
import {
  createDeployment,
  createNamespace,
  deleteNamespace,
  generationOf,
  kubectlRolloutStatus,
  kubectlTimed,
  lineAt,
  runDock2pod,
  spawnTimed,
} from '../harness.ts'
import { benchImages } from '../images.ts'
import { findPatch, findSettled } from '../journal.ts'
import { startObserver, type Observer } from '../observer.ts'
import type { Scenario } from '../scenario.ts'

export interface Phases {
  /** Start → the build's start. */
  beforeBuildMs: number
  /** Build and push. */
  buildPushMs: number
  /** Build's end → the patch in the cluster. */
  toPatchMs: number
  /** Patch → rollout settled (cluster side). */
  rolloutMs: number
  /** Settled → the tool's exit. */
  afterMs: number
  totalMs: number
}

export const BUILDERS = ['warm', 'cold', 'registry-cache'] as const
export type Builder = (typeof BUILDERS)[number]

const BUILDER_MEASURE: Record<Builder, string> = {
  warm: 'warm builder',
  cold: 'cold builder',
  'registry-cache': 'cold builder, registry cache',
}
const BUILDER_NOTE: Record<Builder, string> = {
  warm: "BuildKit's cache of the round before",
  cold: '`docker buildx prune --all --force` before each build (not timed): the base image fetched again, the RUN run again, its layer pushed again',
  'registry-cache':
    'pruned as the cold builder, then `cache-from`/`cache-to` `type=registry` (mode=max), each tool its own cache image: the ephemeral runner of a hosted CI',
}

export const overhead: Scenario = async (ctx) => {
  const n = ctx.n(5, 1)
  const tb = await ctx.testbed()
  const { cluster } = tb
  const images = await benchImages(ctx)
  const workspace = mkdtempSync(join(tmpdir(), 'd2p-bench-overhead-'))
  writeFileSync(
    join(workspace, 'Dockerfile'),
    behaviourDockerfileOn(tb.docker.baseImage, {}) +
      // The dependencies layer: what a warm or registry cache saves.
      'RUN mkdir -p /srv && head -c 8388608 /dev/urandom > /srv/deps.bin\n' +
      'COPY stamp.txt /srv/stamp.txt\n',
  )
  const stamp = () => writeFileSync(join(workspace, 'stamp.txt'), randomBytes(16).toString('hex'))
  const dockerEnv = { ...process.env, ...tb.docker.engine.env, DOCKER_BUILDKIT: '1' }
  const registry = tb.docker.registry.host
  const [nsD, nsH] = ['overhead-d', 'overhead-h']
  const observers: Record<string, Observer> = {}
  const samples: Record<Builder, { dock2pod: Phases; hand: Phases }[]> = {
    warm: [],
    cold: [],
    'registry-cache': [],
  }
  const cacheRef = (tool: string) => `${registry}/bench/overhead-cache:${tool}`
  const cacheFlags = (tool: string) => ({
    from: `type=registry,ref=${cacheRef(tool)}`,
    to: `type=registry,ref=${cacheRef(tool)},mode=max`,
  })
  // Not timed: the builder emptied before a cold build, as on a fresh runner.
  const prune = async (b: Builder) => {
    if (b === 'warm') return
    const r = await spawnTimed(tb.env.DOCKER_CLI!, ['buildx', 'prune', '--all', '--force'], {
      env: dockerEnv,
    })
    if (r.code !== 0) throw new Error(`docker buildx prune: ${r.stderr.slice(-2000)}`)
  }
  try {
    for (const ns of [nsD, nsH]) {
      await createNamespace(cluster, ns)
      observers[ns] = await startObserver(cluster, ns)
      await createDeployment(cluster, {
        namespace: ns,
        name: 'web',
        image: images.good,
        replicas: 1,
      })
    }
    const settledAfter = async (ns: string, g: number) => {
      const o = observers[ns]!
      let settled: number | undefined
      let patchAt = 0
      await o.until((ev) => {
        const p = findPatch(ev, 'web', g)
        if (!p) return false
        patchAt = p.at
        settled = findSettled(ev, p.image, 1, p.index)?.at
        return settled !== undefined
      }, 'settled rollout')
      return { patchAt, settledAt: settled! }
    }

    const hand = async (b: Builder, i: number | string): Promise<Phases> => {
      stamp()
      await prune(b)
      const ref = `${registry}/bench/overhead:hand-${b}-${i}`
      const g = await generationOf(cluster, nsH, 'web')
      const cache = cacheFlags('hand')
      const build = await spawnTimed(
        tb.env.DOCKER_CLI!,
        [
          'buildx',
          'build',
          '--push',
          '--tag',
          ref,
          ...(b === 'registry-cache' ? ['--cache-from', cache.from, '--cache-to', cache.to] : []),
          '.',
        ],
        { cwd: workspace, env: dockerEnv },
      )
      if (build.code !== 0) throw new Error(`docker buildx build: ${build.stderr.slice(-2000)}`)
      const set = await kubectlTimed(cluster, [
        '-n',
        nsH,
        'set',
        'image',
        'deployment/web',
        `app=${ref}`,
      ])
      if (set.code !== 0) throw new Error(`kubectl set image: ${set.stderr}`)
      const status = await kubectlRolloutStatus(cluster, nsH, { name: 'web' })
      if (status.code !== 0) throw new Error(`kubectl rollout status: ${status.stderr}`)
      const { patchAt, settledAt } = await settledAfter(nsH, g)
      return {
        beforeBuildMs: 0,
        buildPushMs: build.exitAt - build.startedAt,
        toPatchMs: patchAt - build.exitAt,
        rolloutMs: settledAt - patchAt,
        afterMs: status.exitAt - settledAt,
        totalMs: status.exitAt - build.startedAt,
      }
    }
    const action = async (b: Builder, i: number | string): Promise<Phases> => {
      stamp()
      await prune(b)
      const g = await generationOf(cluster, nsD, 'web')
      const cache = cacheFlags('dock2pod')
      const r = await runDock2pod({
        entry: ctx.entry,
        workspace,
        inputs: {
          registry,
          image: 'bench/overhead',
          tag: `action-${b}-${i}`,
          deployment: 'web',
          namespace: nsD,
          ...(b === 'registry-cache' ? { 'cache-from': cache.from, 'cache-to': cache.to } : {}),
        },
        env: { ...tb.docker.engine.env, DOCKER_BUILDKIT: '1', KUBECONFIG: cluster.kubeconfigPath },
        path: [tb.docker.engine.binDir],
      })
      if (r.run.exitCode !== 0)
        throw new Error(`dock2pod build+deploy failed:\n${r.run.stdout.slice(-3000)}`)
      const buildStart = lineAt(r, /^::group::Build and push/)
      const buildEnd = r.lines.find((l) => l.at >= buildStart && /^::endgroup::/.test(l.text))?.at
      if (buildEnd === undefined) throw new Error('overhead: no ::endgroup:: after the build')
      const { patchAt, settledAt } = await settledAfter(nsD, g)
      const exitAt = r.startedAt + r.run.durationMs
      return {
        beforeBuildMs: buildStart - r.startedAt,
        buildPushMs: buildEnd - buildStart,
        toPatchMs: patchAt - buildEnd,
        rolloutMs: settledAt - patchAt,
        afterMs: exitAt - settledAt,
        totalMs: r.run.durationMs,
      }
    }

    for (const b of BUILDERS) {
      // Warm-up, not counted: BuildKit's cache (warm), kubectl's discovery cache, and the
      // two registry caches (registry-cache) filled by one build each.
      await hand(b, 'warm-up')
      if (b === 'registry-cache') await action(b, 'warm-up')
      for (let i = 0; i < n; i++) {
        let s: { dock2pod: Phases; hand: Phases }
        if (i % 2 === 0) {
          const h = await hand(b, i)
          s = { hand: h, dock2pod: await action(b, i) }
        } else {
          const d = await action(b, i)
          s = { dock2pod: d, hand: await hand(b, i) }
        }
        samples[b].push(s)
        ctx.log(
          `overhead ${b} ${i}: dock2pod ${s.dock2pod.totalMs.toFixed(0)} ms, by hand ${s.hand.totalMs.toFixed(0)} ms (build+push ${s.dock2pod.buildPushMs.toFixed(0)} vs ${s.hand.buildPushMs.toFixed(0)} ms)`,
        )
      }
    }
  } finally {
    for (const o of Object.values(observers)) o.stop()
    for (const ns of [nsD, nsH]) await deleteNamespace(cluster, ns).catch(() => {})
    rmSync(workspace, { recursive: true, force: true })
  }
  const rows: Row[] = []
  for (const b of BUILDERS) rows.push(...builderRows(b, samples[b]))
  return { rows, details: { n, samples } }
}

function builderRows(b: Builder, samples: { dock2pod: Phases; hand: Phases }[]): Row[] {
  const phase = (k: keyof Phases, measure: string, note: string): Row => ({
    scenario: 'overhead',
    measure: `${measure}, ${BUILDER_MEASURE[b]}`,
    dock2pod: distribution(
      samples.map((s) => s.dock2pod[k]),
      'ms',
    ),
    kubectl: distribution(
      samples.map((s) => s.hand[k]),
      'ms',
    ),
    note,
  })
  const diff = samples.map((s) => s.dock2pod.totalMs - s.hand.totalMs)
  const total = phase(
    'totalMs',
    'Dockerfile to Ready, one replica',
    `${BUILDER_NOTE[b]}. dock2pod: the whole action run; kubectl column: the hand-written pipeline \`docker buildx build --push\` → \`kubectl set image\` → \`kubectl rollout status\`, spawn of the first to exit of the last; the same Dockerfile (a RUN making an 8 MiB layer, then one new file each round), builder and registry`,
  )
  const overheadRow: Row = {
    scenario: 'overhead',
    measure: `dock2pod's overhead: its whole run − the hand-written pipeline's, ${BUILDER_MEASURE[b]}`,
    dock2pod: distribution(diff, 'ms'),
    kubectl: missing('n/a'),
    note:
      'per round, the two runs back to back (order alternating)' +
      (b === 'warm' ? '; by phase in the rows below' : ''),
  }
  const phases = [
    phase(
      'beforeBuildMs',
      'Phase: start → build',
      "dock2pod: spawn to its '::group::Build and push' line (inputs, policy checks, buildx probe); by hand: none",
    ),
    phase(
      'buildPushMs',
      'Phase: build and push',
      'dock2pod: its build group (buildx with --metadata-file); by hand: `docker buildx build --push`' +
        (b === 'registry-cache' ? '; both import and export their own registry cache' : ''),
    ),
    phase(
      'toPatchMs',
      'Phase: build end → Deployment patched',
      'dock2pod: digest check at the registry, cluster reads, dry run, patch; by hand: `kubectl set image` (patch arrival timed by the observer)',
    ),
    phase(
      'rolloutMs',
      'Phase: patch → rollout settled (cluster)',
      'new Pod Ready, old one terminating; both observer arrival times',
    ),
    phase(
      'afterMs',
      'Phase: settled → exit',
      'dock2pod: noticing, the report, exit; by hand: `kubectl rollout status` noticing and exiting',
    ),
  ]
  // Every phase for the warm builder; the others differ from it in the build alone.
  return [total, overheadRow, ...(b === 'warm' ? phases : [phases[1]!])]
}
