// The demo's scenario, importable without running it: `npm run demo` (scripts/demo.ts)
// prints it as it goes; `npm run summary-picture` takes the job summary of its failed
// and rolled-back run. Starts the local test bed (a real Docker engine and registry,
// the simulated cluster), then runs the committed bundle through the runner harness
// twice:
//   1. a good image: build → push → patch the Deployment pinned by digest → wait → ready;
//   2. a broken image (it crashes at start): the wait fails fast with the diagnosis and
//      the Deployment is rolled back to the good image.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAction, type ActionRun } from '../testbed/action-runner.ts'
import { startTestbed } from '../testbed/index.ts'

export const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s)

export interface DemoRuns {
  good: ActionRun
  broken: ActionRun
  /** The good run succeeded and the broken one failed, as the demo means them to. */
  asExpected: boolean
}

export interface DemoOptions {
  /** Cluster time per wall time. */
  speed: number
  /** Where the running commentary goes (the demo prints it; pass a no-op to keep quiet). */
  out: (text: string) => void
  /** Called with the runs while the test bed is still up. */
  done?: (runs: DemoRuns) => void
}

/** Start the test bed, run the good and the broken image, stop the test bed. */
export async function runDemoScenario({ speed, out, done }: DemoOptions): Promise<DemoRuns> {
  out(bold('Starting the test bed (Docker engine, registries, simulated cluster)…'))
  const tb = await startTestbed({ speed })
  try {
    // Asynchronous: the simulated API server answers kubectl from this very process.
    const run = promisify(execFile)
    const kubectl = async (...args: string[]) =>
      (await run('kubectl', ['--kubeconfig', tb.env.KUBECONFIG!, ...args], { encoding: 'utf8' }))
        .stdout

    // The app: a workspace with a Dockerfile, as a repository checkout would have.
    const workspace = mkdtempSync(join(tmpdir(), 'd2p-demo-'))
    mkdirSync(join(workspace, 'app'))
    writeFileSync(join(workspace, 'app', 'index.html'), '<h1>hello from dock2pod</h1>\n')
    const dockerfile = (extra: string) =>
      `FROM ${tb.env.TESTBED_BASE_IMAGE}\nCOPY app/ /srv/\n${extra}CMD ["sh", "-c", "while true; do sleep 3600; done"]\n`
    writeFileSync(join(workspace, 'Dockerfile'), dockerfile('LABEL dock2pod.test/ready-after=2s\n'))
    writeFileSync(
      join(workspace, 'Dockerfile.broken'),
      dockerfile(
        'LABEL dock2pod.test/ready-after=3s dock2pod.test/exit-after=1s dock2pod.test/exit-code=3 dock2pod.test/log="listening on :8080\\\\nerror: DATABASE_URL is not set"\n',
      ),
    )

    await kubectl('create', 'namespace', 'demo')
    await kubectl(
      '-n',
      'demo',
      'create',
      'deployment',
      'web',
      `--image=${tb.env.TESTBED_BASE_IMAGE}`,
      '--replicas=3',
    )
    await kubectl('-n', 'demo', 'rollout', 'status', 'deployment/web', '--timeout=120s')
    out(await kubectl('-n', 'demo', 'get', 'deployment', 'web', '-o', 'wide'))

    const common = {
      registry: tb.env.REGISTRY!,
      image: 'demo/web',
      deployment: 'web',
      namespace: 'demo',
      container: 'busybox',
    }
    const env = {
      DOCKER_HOST: tb.env.DOCKER_HOST!,
      DOCKER_BUILDKIT: '1',
      KUBECONFIG: tb.env.KUBECONFIG!,
    }
    const path = [tb.docker.engine.binDir]

    out(bold('\n=== Run 1: a good image ==='))
    const good = await runAction({
      workspace,
      env,
      path,
      inputs: { ...common, tag: 'v1.0.0' },
      sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    })
    show(good, out)
    out(await kubectl('-n', 'demo', 'get', 'deployment', 'web', '-o', 'wide'))

    out(bold('\n=== Run 2: a broken image (crashes at start) ==='))
    const broken = await runAction({
      workspace,
      env,
      path,
      inputs: { ...common, tag: 'v1.0.1', dockerfile: 'Dockerfile.broken' },
    })
    show(broken, out)
    out(await kubectl('-n', 'demo', 'get', 'deployment', 'web', '-o', 'wide'))

    const runs = { good, broken, asExpected: good.exitCode === 0 && broken.exitCode === 1 }
    done?.(runs)
    return runs
  } finally {
    await tb.stop()
  }
}

/** What a workflow run shows of one step: its log, exit code, annotations, outputs, summary. */
function show(run: ActionRun, out: (text: string) => void): void {
  out(bold('--- log ---'))
  for (const line of run.stdout.split('\n')) {
    // Annotations are printed once, decoded, in their own section below.
    if (/^::(add-mask|debug|save-state|set-output|error|warning|notice)\b/.test(line)) continue
    out(line.replace(/^::group::/, '▸ ').replace(/^::endgroup::$/, ''))
  }
  out(bold(`--- exit code: ${run.exitCode} ---`))
  out(bold('--- annotations ---'))
  for (const a of run.annotations)
    out(
      `${a.level}${a.title ? ` [${a.title}]` : ''}${a.file ? ` ${a.file}:${a.line}` : ''}: ${a.message}`,
    )
  out(bold('--- outputs ---'))
  for (const [k, v] of Object.entries(run.outputs)) out(`${k}: ${v}`)
  out(bold('--- job summary ---'))
  out(run.summary)
}
