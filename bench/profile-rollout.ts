// `npm run bench:profile -- [replicas] [<index.js> …]`: one CPU profile of the action
// (`--cpu-prof`) waiting on a rollout of `replicas` (default 40) real Pods, Ready 1 s after
// start, on the test bed, for each bundle given (default dist/index.js) in turn (with the
// cost runs' grace and ready-grace), and its peak RSS with what the highest sampled RSS
// was made of (heap in use and reserved, per space, outside the heap); then
// the functions that took the most CPU, by self and by inclusive time. Where a large
// rollout's CPU goes (docs/performance.md); printed, not recorded in results.json.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createDeployment,
  createNamespace,
  DEFAULT_ENTRY,
  deleteNamespace,
  runDock2pod,
  scriptContext,
  waitRolledOut,
} from './harness.ts'
import { benchImages } from './images.ts'
import { COST_INPUTS, COST_READY_AFTER_S } from './rollouts.ts'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
  startTime: number
  endTime: number
}

/** Self and inclusive milliseconds per function (name, file, line), most first. */
function topFunctions(
  p: CpuProfile,
  top = 25,
): { busy: number; self: string[]; inclusive: string[] } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const name = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`
  const self = new Map<string, number>()
  const incl = new Map<string, number>()
  p.samples.forEach((id, i) => {
    const us = p.timeDeltas[i] ?? 0
    const own = name(byId.get(id)!)
    self.set(own, (self.get(own) ?? 0) + us)
    const seen = new Set<string>()
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
      const k = name(byId.get(x)!)
      if (seen.has(k)) continue
      seen.add(k)
      incl.set(k, (incl.get(k) ?? 0) + us)
    }
  })
  const list = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => `${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`)
  // Busy: every sample but the idle ones (the profiler's "(idle)" node).
  let busy = 0
  p.samples.forEach((id, i) => {
    if (byId.get(id)!.callFrame.functionName !== '(idle)') busy += p.timeDeltas[i] ?? 0
  })
  return { busy, self: list(self), inclusive: list(incl) }
}

const [count, ...bundles] = process.argv.slice(2)
const replicas = Number(count ?? 40)
if (!Number.isInteger(replicas) || replicas < 1) {
  console.error('usage: npm run bench:profile -- [replicas] [<index.js> …]')
  process.exit(2)
}
const { ctx, cleanUp } = scriptContext('profile')
try {
  const { cluster } = await ctx.testbed()
  const images = await benchImages(ctx)
  const target = await images.readyAfter(COST_READY_AFTER_S)
  // One namespace per bundle, in turn on one test bed: two bundles compare within a run.
  for (const [i, entry] of (bundles.length ? bundles : [DEFAULT_ENTRY]).entries()) {
    const ns = `profile-${i}`
    await createNamespace(cluster, ns)
    await createDeployment(cluster, { namespace: ns, name: 'web', image: images.good, replicas })
    await waitRolledOut(cluster, ns, 'web', replicas, 600_000)
    const dir = mkdtempSync(join(tmpdir(), 'd2p-profile-'))
    const d = await runDock2pod({
      entry,
      inputs: { 'image-ref': target, deployment: 'web', namespace: ns, ...COST_INPUTS },
      env: { KUBECONFIG: cluster.kubeconfigPath, NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir}` },
      usage: true,
      memorySampleMs: 100,
    })
    if (d.run.exitCode !== 0) throw new Error(`${entry}: dock2pod exited ${d.run.exitCode}`)
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!
    const p = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile
    const { busy, self, inclusive } = topFunctions(p)
    console.log(
      `${entry}: ${replicas} replicas; the run ${((p.endTime - p.startTime) / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s, peak RSS ${d.usage!.maxRssMB.toFixed(1)} MB (its own VmHWM, while profiled); profile ${join(dir, file)}`,
    )
    for (const l of d.lines) if (/ assessed \d+ times/.test(l.text)) console.log(l.text)
    console.log(
      `the sample of the highest RSS (every 100 ms, MB): ${JSON.stringify(d.usage!.atPeak)}`,
    )
    console.log(`self time:\n${self.join('\n')}\ninclusive time:\n${inclusive.join('\n')}`)
    await deleteNamespace(cluster, ns)
  }
} finally {
  await cleanUp()
}
