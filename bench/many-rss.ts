// `npm run bench:many-rss -- <bundle A> [<bundle B> …] [--rounds N] [--selectors key,distinct]
// [--others N]`: the peak RSS and CPU time of the action deploying 20 Deployments (2 real
// replicas each) at once, runner-cost's second case alone (its createMany), for two or
// more bundles in turn (A, B, A, B, …) on one test bed, so that a change's effect on
// memory is compared within one run. Each round a fresh namespace; the numbers, and what
// the highest RSS sampled every 100 ms was made of, are printed, not recorded in
// results.json.
//
// The price of shared watches: `--selectors key,distinct` runs each bundle twice a round,
// once with the 20 selectors sharing the key `app` (the shared ReplicaSet and Pod watches
// then ask for `app in (…)`), once with a key of its own each (no key shared: the shared
// watches read the whole namespace). `--others N` first puts N more Pods in each round's
// namespace (one Deployment of its own label, not deployed by the action), which only a
// namespace-wide watch reads.
import { performance } from 'node:perf_hooks'
import { createDeployment, deleteNamespace, runDock2pod, scriptContext } from './harness.ts'
import { benchImages } from './images.ts'
import { countRequests, requestKind } from './requests.ts'
import { toolRequests } from './rollouts.ts'
import { clearRequestLog } from '../testbed/kube/testing.ts'
import { median } from './stats.ts'
import { createMany } from './scenarios/runner-cost.ts'

const args = process.argv.slice(2)
/** The value of `--flag`, taken out of args. */
function option(flag: string): string | undefined {
  const at = args.indexOf(flag)
  if (at < 0) return undefined
  const [, value] = args.splice(at, 2)
  return value
}
const rounds = Number(option('--rounds') ?? 3)
const selectorKinds = (option('--selectors') ?? 'key').split(',')
const others = Number(option('--others') ?? 0)
const bundles = args
if (
  !bundles.length ||
  !Number.isInteger(rounds) ||
  rounds < 1 ||
  !Number.isInteger(others) ||
  others < 0 ||
  !selectorKinds.every((k) => k === 'key' || k === 'distinct')
) {
  console.error(
    'usage: npm run bench:many-rss -- <dist/index.js> [<other index.js> …] [--rounds N] [--selectors key,distinct] [--others N]',
  )
  process.exit(2)
}
const { ctx, cleanUp } = scriptContext('many-rss')
const variants = bundles.flatMap((bundle) =>
  selectorKinds.map((selectors) => ({
    bundle,
    selectors,
    label: selectorKinds.length > 1 ? `${bundle} (${selectors} selectors)` : bundle,
  })),
)
/** Each variant's peak RSS (MB) and CPU seconds, one entry per round. */
const usage = new Map(variants.map((v) => [v.label, { mb: [] as number[], cpu: [] as number[] }]))
try {
  const { cluster } = await ctx.testbed()
  const images = await benchImages(ctx)
  const target = await images.readyAfter(1)
  let round = 0
  for (let r = 0; r < rounds; r++)
    for (const v of variants) {
      const ns = `many-rss-${round++}`
      const names = await createMany(cluster, ns, images.good, undefined, {
        distinctLabelKeys: v.selectors === 'distinct',
      })
      if (others)
        await createDeployment(cluster, {
          namespace: ns,
          name: 'others',
          image: images.good,
          replicas: others,
          labelKey: 'other',
        })
      await clearRequestLog(cluster)
      const t0 = performance.now()
      const d = await runDock2pod({
        entry: v.bundle,
        inputs: { 'image-ref': target, deployment: names.join('\n'), namespace: ns },
        env: { KUBECONFIG: cluster.kubeconfigPath },
        usage: true,
        memorySampleMs: 100,
      })
      if (d.run.exitCode !== 0) throw new Error(`${v.label}: exit ${d.run.exitCode}`)
      // what the Pod watches asked for: `app in (…)`, or the whole namespace ('')
      const log = await toolRequests(cluster)
      const podWatches = [
        ...new Set(
          log
            .filter((q) => requestKind(q) === 'watch' && q.path.endsWith('/pods'))
            .map((q) => new URLSearchParams(q.query).get('labelSelector') ?? ''),
        ),
      ].map((sel) => (sel.length > 40 ? `${sel.slice(0, 40)}…` : sel || '(whole namespace)'))
      usage.get(v.label)!.mb.push(d.usage!.maxRssMB)
      usage.get(v.label)!.cpu.push(d.usage!.cpuSeconds)
      console.log(
        `round ${r + 1} ${v.label}${others ? `, ${others} other Pods` : ''}: peak RSS ${d.usage!.maxRssMB.toFixed(1)} MB, CPU ${d.usage!.cpuSeconds.toFixed(2)} s, ${((performance.now() - t0) / 1000).toFixed(0)} s, ${countRequests(log).total} requests, Pod watches: ${podWatches.join(' | ')}; the sample of the highest RSS (every 100 ms, MB): ${JSON.stringify(d.usage!.atPeak)}`,
      )
      await deleteNamespace(cluster, ns)
    }
  for (const [label, { mb, cpu: s }] of usage) {
    console.log(
      `${label}: median peak RSS ${median(mb).toFixed(1)} MB (n=${mb.length}: ${mb.map((x) => x.toFixed(1)).join(', ')}); median CPU ${median(s).toFixed(2)} s (${s.map((x) => x.toFixed(2)).join(', ')})`,
    )
  }
} finally {
  await cleanUp()
}
