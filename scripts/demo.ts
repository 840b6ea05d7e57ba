// `npm run demo`: the main job on the embedded default. Starts the local test bed (a
// real Docker engine and registry, the simulated cluster), then runs the committed
// bundle through the runner harness twice, printing what a workflow would show:
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

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s)
const speed = Number(process.env.DEMO_SPEED ?? '10')

console.log(bold('Starting the test bed (Docker engine, registries, simulated cluster)…'))
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
  console.log(await kubectl('-n', 'demo', 'get', 'deployment', 'web', '-o', 'wide'))

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

  console.log(bold('\n=== Run 1: a good image ==='))
  const good = await runAction({
    workspace,
    env,
    path,
    inputs: { ...common, tag: 'v1.0.0' },
    sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
  })
  show(good)
  console.log(await kubectl('-n', 'demo', 'get', 'deployment', 'web', '-o', 'wide'))

  console.log(bold('\n=== Run 2: a broken image (crashes at start) ==='))
  const broken = await runAction({
    workspace,
    env,
    path,
    inputs: { ...common, tag: 'v1.0.1', dockerfile: 'Dockerfile.broken' },
  })
  show(broken)
  console.log(await kubectl('-n', 'demo', 'get', 'deployment', 'web', '-o', 'wide'))

  const failed = good.exitCode !== 0 || broken.exitCode !== 1
  process.exitCode = failed ? 1 : 0
  console.log(
    bold(
      failed
        ? 'Demo did NOT go as expected (see above).'
        : 'Demo done: the good image is running, pinned by digest; the broken one failed fast and was rolled back.',
    ),
  )
} finally {
  await tb.stop()
}
// Nothing of the test bed may keep the demo alive once it is stopped.
process.exit(process.exitCode ?? 0)

function show(run: ActionRun): void {
  console.log(bold('--- log ---'))
  for (const line of run.stdout.split('\n')) {
    if (/^::(add-mask|debug|save-state|set-output)/.test(line)) continue
    console.log(line.replace(/^::group::/, '▸ ').replace(/^::endgroup::$/, ''))
  }
  console.log(bold(`--- exit code: ${run.exitCode} ---`))
  console.log(bold('--- annotations ---'))
  for (const a of run.annotations)
    console.log(
      `${a.level}${a.title ? ` [${a.title}]` : ''}${a.file ? ` ${a.file}:${a.line}` : ''}: ${a.message}`,
    )
  console.log(bold('--- outputs ---'))
  for (const [k, v] of Object.entries(run.outputs)) console.log(`${k}: ${v}`)
  console.log(bold('--- job summary ---'))
  console.log(run.summary)
}
