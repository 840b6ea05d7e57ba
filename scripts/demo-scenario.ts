// The demo's scenario, importable without running it: `npm run demo` (scripts/demo.ts)
// prints it as it goes; `npm run summary-picture` takes the job summary of its failed
// and rolled-back run. Starts the local test bed (a real Docker engine, registries and
// BuildKit, and a real cluster: etcd, the control plane and one node with containerd),
// then runs the committed bundle through the runner harness twice:
//   1. a good image: build → push → patch the Deployment pinned by digest → wait → ready;
//   2. a broken image (it crashes at start): the wait fails fast with the diagnosis and
//      the Deployment is rolled back to the good image.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs'
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
  /** Where the running commentary goes (the demo prints it; pass a no-op to keep quiet). */
  out: (text: string) => void
  /** Called with the runs while the test bed is still up. */
  done?: (runs: DemoRuns) => void
}

/** Start the test bed, run the good and the broken image, stop the test bed. */
export async function runDemoScenario({ out, done }: DemoOptions): Promise<DemoRuns> {
  out(bold('Starting the test bed (Docker engine, registries, BuildKit, a real cluster)…'))
  const tb = await startTestbed()
  // The app: a workspace with a Dockerfile, as a repository checkout would have.
  const workspace = mkdtempSync(join(tmpdir(), 'd2p-demo-'))
  try {
    const run = promisify(execFile)
    const kubectl = async (...args: string[]) =>
      (
        await run(tb.cluster.kubectl, ['--kubeconfig', tb.env.KUBECONFIG!, ...args], {
          encoding: 'utf8',
        })
      ).stdout
    const apply = (manifest: unknown) =>
      new Promise<void>((resolve, reject) => {
        const child = execFile(
          tb.cluster.kubectl,
          ['--kubeconfig', tb.env.KUBECONFIG!, 'apply', '-f', '-'],
          (err) => (err ? reject(err) : resolve()),
        )
        child.stdin?.end(JSON.stringify(manifest))
      })

    mkdirSync(join(workspace, 'app'))
    writeFileSync(join(workspace, 'app', 'index.html'), '<h1>hello from dock2pod</h1>\n')
    // The container is ready once its httpd serves /ready (the Deployment's probe).
    const dockerfile = (script: string) =>
      `FROM ${tb.env.TESTBED_BASE_IMAGE}\nCOPY app/ /srv/\nCMD ${JSON.stringify(['sh', '-c', script])}\n`
    writeFileSync(
      join(workspace, 'Dockerfile'),
      dockerfile(
        'trap "exit 0" TERM; mkdir -p /www; httpd -p 8080 -h /www; echo listening on :8080; sleep 2; touch /www/ready; sleep 2147483647 & wait $!',
      ),
    )
    writeFileSync(
      join(workspace, 'Dockerfile.broken'),
      dockerfile('echo listening on :8080; echo error: DATABASE_URL is not set; sleep 1; exit 3'),
    )

    // The version already running before the demo, built from the same Dockerfile.
    const initial = `${tb.env.REGISTRY}/demo/web:v0.9.0`
    await run(
      'docker',
      ['buildx', 'build', '--push', '--provenance=false', '--quiet', '--tag', initial, workspace],
      {
        env: {
          ...process.env,
          DOCKER_HOST: tb.env.DOCKER_HOST!,
          DOCKER_CONFIG: tb.env.DOCKER_CONFIG!,
        },
      },
    )
    await kubectl('create', 'namespace', 'demo')
    await apply({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'demo' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            terminationGracePeriodSeconds: 1,
            containers: [
              {
                name: 'busybox',
                // The app as it runs before the demo: its image's own command (a
                // `command` here would override every image the demo deploys).
                image: initial,
                readinessProbe: {
                  httpGet: { path: '/ready', port: 8080 },
                  timeoutSeconds: 5,
                  periodSeconds: 1,
                },
              },
            ],
          },
        },
      },
    })
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
      DOCKER_CONFIG: tb.env.DOCKER_CONFIG!,
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
    rmSync(workspace, { recursive: true, force: true })
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
