// `npm run bench:many-rss -- <bundle A> [<bundle B> …] [--rounds N]`: the peak RSS and CPU
// time of the action deploying 20 Deployments (2 real replicas each) at once, runner-cost's
// second case alone (its createMany), for two or more bundles in turn (A, B, A, B, …) on one test bed, so
// that a change's effect on memory is compared within one run. Each round a fresh
// namespace; the numbers, and what the highest RSS sampled every 100 ms was made of, are
// printed, not recorded in results.json.
import { performance } from 'node:perf_hooks'
import { deleteNamespace, runDock2pod, scriptContext } from './harness.ts'
import { benchImages } from './images.ts'
import { median } from './stats.ts'
import { createMany } from './scenarios/runner-cost.ts'

const args = process.argv.slice(2)
const at = args.indexOf('--rounds')
const rounds = at >= 0 ? Number(args[at + 1]) : 3
const bundles = at >= 0 ? args.filter((_, i) => i !== at && i !== at + 1) : args
if (!bundles.length || !Number.isInteger(rounds) || rounds < 1) {
  console.error(
    'usage: npm run bench:many-rss -- <dist/index.js> [<other index.js> …] [--rounds N]',
  )
  process.exit(2)
}
const { ctx, cleanUp } = scriptContext('many-rss')
const peaks = new Map<string, number[]>(bundles.map((b) => [b, []]))
try {
  const { cluster } = await ctx.testbed()
  const images = await benchImages(ctx)
  const target = await images.readyAfter(1)
  let round = 0
  for (let r = 0; r < rounds; r++)
    for (const bundle of bundles) {
      const ns = `many-rss-${round++}`
      const names = await createMany(cluster, ns, images.good)
      const t0 = performance.now()
      const d = await runDock2pod({
        entry: bundle,
        inputs: { 'image-ref': target, deployment: names.join('\n'), namespace: ns },
        env: { KUBECONFIG: cluster.kubeconfigPath },
        usage: true,
        memorySampleMs: 100,
      })
      if (d.run.exitCode !== 0) throw new Error(`${bundle}: exit ${d.run.exitCode}`)
      peaks.get(bundle)!.push(d.usage!.maxRssMB)
      console.log(
        `round ${r + 1} ${bundle}: peak RSS ${d.usage!.maxRssMB.toFixed(1)} MB, CPU ${d.usage!.cpuSeconds.toFixed(2)} s, ${((performance.now() - t0) / 1000).toFixed(0)} s; the sample of the highest RSS (every 100 ms, MB): ${JSON.stringify(d.usage!.atPeak)}`,
      )
      await deleteNamespace(cluster, ns)
    }
  for (const [bundle, mb] of peaks)
    console.log(
      `${bundle}: median peak RSS ${median(mb).toFixed(1)} MB (n=${mb.length}: ${mb.map((x) => x.toFixed(1)).join(', ')})`,
    )
} finally {
  await cleanUp()
}
