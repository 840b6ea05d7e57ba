// Runner cost, part 1: how long the bundle takes to start. Spawn → the first stdout
// line, which is the first line of the action's own work:
//   check mode:  "Checking all files of the workspace (scope: all): N candidate(s)." —
//                inputs read, the check module loaded, the workspace listed;
//   deploy mode: "Cluster <server> (context <name>)" — inputs read, the Kubernetes
//                client loaded, the kubeconfig read (no request made yet; the
//                kubeconfig points at a closed port and the process is killed here).
//                Twice: with the kubeconfig from KUBECONFIG, and from the `kubeconfig`
//                input, which is decoded and its secrets masked first (our YAML
//                parser is loaded for it).
// Baselines: `node -e 0` (spawn → exit) and `node -e "console.log(0)"` (spawn → first
// line); for kubectl, `kubectl version --client` (spawn → first line), its bare start.
// The runs interleave, after one warm-up round, so a noisy moment hits all alike.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CLIENT_LOADED } from '../../src/kube/client.ts'
import { kubeconfigYaml } from '../../testbed/kube/control-plane.ts'
import { distribution, missing } from '../figures.ts'
import { spawnTimed, type TimedProcess } from '../harness.ts'
import { pinnedKubectl } from '../machine.ts'
import { runnerEnv } from '../runner-env.ts'
import type { Scenario } from '../scenario.ts'

/** The action's debug line of what loading the Kubernetes client took, in its own clock. */
const CLIENT_LOAD_LINE = new RegExp(`^::debug::${CLIENT_LOADED} (\\d+) ms$`)

/** Deploy mode's first line of its own; with the kubeconfig input, `::add-mask::` lines
 *  for its secrets come before it. */
const CLUSTER_LINE = /^Cluster /

const FAKE_CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'

export const coldStart: Scenario = async (ctx) => {
  const n = ctx.n(20, 3)
  const work = mkdtempSync(join(tmpdir(), 'd2p-bench-cold-'))
  ctx.onCleanup(async () => rmSync(work, { recursive: true, force: true }))
  writeFileSync(join(work, 'Dockerfile'), 'FROM busybox:1.36.1\nCMD ["true"]\n')
  const kubeconfig = join(work, 'kubeconfig')
  const kubeconfigText = kubeconfigYaml('https://127.0.0.1:9', FAKE_CA, 'bench', 'token')
  writeFileSync(kubeconfig, kubeconfigText)

  const node = process.execPath
  const runs = {
    nodeExit: () => spawnTimed(node, ['-e', '0']),
    nodeLine: () => spawnTimed(node, ['-e', 'console.log(0)']),
    check: () =>
      spawnTimed(node, [ctx.entry], {
        cwd: work,
        env: runnerEnv({ mode: 'check' }, { GITHUB_WORKSPACE: work }),
        killAfterFirstLine: true,
      }),
    deploy: () =>
      spawnTimed(node, [ctx.entry], {
        cwd: work,
        env: runnerEnv(
          { 'image-ref': '127.0.0.1:9/bench/app:v1', deployment: 'app' },
          { GITHUB_WORKSPACE: work, KUBECONFIG: kubeconfig },
        ),
        firstLine: CLUSTER_LINE,
        killAfterFirstLine: true,
      }),
    deployInput: () =>
      spawnTimed(node, [ctx.entry], {
        cwd: work,
        env: runnerEnv(
          {
            'image-ref': '127.0.0.1:9/bench/app:v1',
            deployment: 'app',
            kubeconfig: kubeconfigText,
          },
          { GITHUB_WORKSPACE: work },
        ),
        firstLine: CLUSTER_LINE,
        killAfterFirstLine: true,
      }),
    kubectl: () => spawnTimed(pinnedKubectl(), ['version', '--client']),
  }
  type Key = keyof typeof runs
  const samples: Record<Key, number[]> = {
    nodeExit: [],
    nodeLine: [],
    check: [],
    deploy: [],
    deployInput: [],
    kubectl: [],
  }
  // In the deploy runs (KUBECONFIG), the part of the start that was loading the client.
  const clientLoad: number[] = []
  const firstLines: Partial<Record<Key, string>> = {}
  for (let i = -1; i < n; i++) {
    for (const key of Object.keys(runs) as Key[]) {
      const p: TimedProcess = await runs[key]()
      const end = key === 'nodeExit' ? p.exitAt : p.firstLineAt
      if (end === undefined)
        throw new Error(`cold start ${key}: no output (exit ${p.code}): ${p.stderr.slice(-1500)}`)
      firstLines[key] ??= p.firstLineText
      if (i >= 0) samples[key].push(end - p.startedAt)
      if (i >= 0 && key === 'deploy') {
        const loaded = p.lines.map((l) => CLIENT_LOAD_LINE.exec(l.text)).find(Boolean)
        if (!loaded) throw new Error(`cold start deploy: no "${CLIENT_LOADED}" debug line`)
        clientLoad.push(Number(loaded[1]))
      }
    }
  }
  ctx.log(`cold start: first lines ${JSON.stringify(firstLines)}`)
  const noCheck = missing('no check mode')
  return {
    rows: [
      {
        scenario: 'cold-start',
        measure: 'Cold start, check mode (spawn → first line)',
        dock2pod: distribution(samples.check, 'ms'),
        kubectl: noCheck,
        note: `first line: "${firstLines.check?.replace(/: \d+ candidate.*/, ': …')}"`,
      },
      {
        scenario: 'cold-start',
        measure: 'Cold start, deploy mode (spawn → first line)',
        dock2pod: distribution(samples.deploy, 'ms'),
        kubectl: distribution(samples.kubectl, 'ms'),
        note: 'dock2pod: kubeconfig from KUBECONFIG, to "Cluster <server> (context …)", Kubernetes client loaded; kubectl: `kubectl version --client` to its first line',
      },
      {
        scenario: 'cold-start',
        measure: 'Cold start, deploy mode: of it, loading the Kubernetes client',
        dock2pod: distribution(clientLoad, 'ms'),
        kubectl: missing('n/a'),
        note: `the same runs, by the action's own clock around its import of @kubernetes/client-node (its debug line "${CLIENT_LOADED} N ms", whole milliseconds)`,
      },
      {
        scenario: 'cold-start',
        measure: 'Cold start, deploy mode, `kubeconfig` input (spawn → first line)',
        dock2pod: distribution(samples.deployInput, 'ms'),
        kubectl: missing('n/a'),
        note: 'the same, the kubeconfig given as the input: decoded and its secrets masked before it is loaded',
      },
      {
        scenario: 'cold-start',
        measure: 'Baseline: `node -e 0` (spawn → exit)',
        dock2pod: distribution(samples.nodeExit, 'ms'),
        kubectl: missing('n/a'),
        note: `node ${process.version}; \`node -e "console.log(0)"\` to its line: ${Math.round(distribution(samples.nodeLine, 'ms').median)} ms median`,
      },
    ],
    details: { n, firstLines, samplesMs: { ...samples, clientLoad }, node: process.version },
  }
}
