// Injection, end to end through the committed bundle. (a) Shell metacharacters in build
// args and labels reach the image verbatim: read back from the pushed image's config,
// and no command they spell ran. (b) Workflow commands hidden in values the log shows —
// an input, a build arg, a Dockerfile line, a RUN step's output, a registry's error
// message — produce no command: the runner's view of stdout (parseWorkflowCommands,
// which reads commands as the runner does) holds exactly the annotations expected and
// no set-output, add-mask or other command. These runs take the docker build + docker push
// path (a docker config without the buildx plugin): its output is the one they were
// written for; buildx output is attacked in the unit tests (security/workflow-commands).
import { randomBytes } from 'node:crypto'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import {
  ROOT,
  parseWorkflowCommands,
  runAction,
  runActionWithPost,
  type ActionRun,
} from '../../testbed/action-runner.ts'
import { startFaultProxy, type FaultProxy } from '../../testbed/docker/fault-proxy.ts'
import { dockerEnv, dockerTest, dockerTestbed } from './docker-testbed.ts'
import { configLabels, registryDigest, tagsAt } from './registry-probe.ts'

const fixtures = join(ROOT, '__tests__', 'fixtures', 'build')
const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`

/** Commands in every form the runner reads, with newlines and %-escapes around them. */
const COMMANDS = [
  '::error::pwned',
  '%0A::warning::x',
  'a\n::set-output name=digest::sha256:evil',
  'b\r::add-mask::oops',
  'c ##[error]legacy',
  '##[stop-commands]forever',
]

function run(inputs: Record<string, string>, registry = dockerTestbed().registry) {
  const tb = dockerTestbed()
  return runAction({
    inputs: { registry, ...inputs },
    workspace: fixtures,
    env: dockerEnv(tb, { buildx: false }),
    path: [tb.binDir],
  })
}

/** Every command the runner would run, as `name: data`, group titles left out. */
function commandsRun(r: ActionRun): string[] {
  const parsed = parseWorkflowCommands(r.stdout)
  expect(parsed.stoppedAtEnd).toBe(false)
  return parsed.commands
    .filter((c) => c.command !== 'group' && c.command !== 'endgroup')
    .map((c) => `${c.command}: ${c.data}`)
}

const NO_BUILDX = expect.stringMatching(/^notice: docker buildx is not available/)

let proxy: FaultProxy | undefined
afterEach(async () => {
  await proxy?.stop()
  proxy = undefined
})

describe('injection', () => {
  dockerTest(
    'build args, labels and Dockerfile output full of shell and workflow syntax: verbatim, inert',
    async () => {
      const tb = dockerTestbed()
      const repo = unique('e2e/inject')
      const pwned = `/tmp/pwned-${randomBytes(6).toString('hex')}`
      const shell = `$(touch ${pwned}) \`touch ${pwned}\`; touch ${pwned} | cat && echo "q" 'q' > ${pwned} \\ *`
      const evil = COMMANDS.join('\n')
      const r = await run({
        image: repo,
        tag: 'v1',
        dockerfile: 'injection/Dockerfile',
        context: 'injection',
        'build-args': [
          `BASE=${tb.baseImage}`,
          // The quoted CSV form carries newlines (and doubled quotes).
          `"EVIL=${evil.replace(/"/g, '""')}"`,
        ].join('\n'),
        labels: [
          `dock2pod.test/shell=${shell}`,
          `dock2pod.test/commands=::error::pwned ##[warning]legacy %0A::notice::x`,
        ].join('\n'),
      })
      expect(r.exitCode, r.stdout).toBe(0)
      // The only command is the action's own notice; nothing the values spell ran.
      expect(commandsRun(r)).toEqual([NO_BUILDX])
      expect(r.annotations).toHaveLength(1)
      // And they were printed: the log shows them as text.
      expect(r.stdout).toContain('::error::pwned-by-run')
      expect(r.stdout).toContain('##[warning]legacy-by-run')

      const digest = await registryDigest(tb.registry, repo, 'v1')
      expect(r.outputs.digest).toBe(digest)
      const labels = await configLabels(tb.registry, repo, digest)
      expect(labels['dock2pod.test/shell']).toBe(shell)
      expect(labels['dock2pod.test/commands']).toBe(
        '::error::pwned ##[warning]legacy %0A::notice::x',
      )
      expect(labels['dock2pod.test/evil']).toBe(evil)
      expect(labels['dock2pod.test/note']).toBe(
        '::warning::pwned-by-a-label ##[error]legacy-in-a-label',
      )
      expect(existsSync(pwned)).toBe(false)
    },
  )

  dockerTest(
    'a RUN step printing \\r + NEL + ::stop-commands and NEL + ::save-state: no command, post deletes nothing',
    async () => {
      // The runner trims a line with .NET's TrimStart, which removes NEL (U+0085) and
      // the other Unicode spaces; BuildKit prefixes each output line, but a \r inside
      // one starts a new line for the runner.
      const tb = dockerTestbed()
      const dir = mkdtempSync(join(tmpdir(), 'd2p-victim-'))
      const victim = join(dir, 'victim.txt')
      writeFileSync(victim, 'keep me')
      try {
        // NEL alone: a character JavaScript's \\s also matches would have made the old
        // filter wrap the whole chunk, NEL lines included.
        const evil = [
          `a\r\u0085::save-state name=kubeconfigFile::${victim}`,
          `b\r\u0085::stop-commands::pwned`,
        ].join('\n')
        const { main, post } = await runActionWithPost({
          inputs: {
            registry: tb.registry,
            image: unique('e2e/inject-nel'),
            tag: 'v1',
            dockerfile: 'injection/Dockerfile.nel',
            context: 'injection',
            'build-args': [`BASE=${tb.baseImage}`, `"EVIL=${evil}"`].join('\n'),
          },
          workspace: fixtures,
          env: dockerEnv(tb, { buildx: false }),
          path: [tb.binDir],
        })
        expect(main.exitCode, main.stdout).toBe(0)
        expect(commandsRun(main)).toEqual([NO_BUILDX])
        expect(main.state.kubeconfigFile).toBeUndefined()
        expect(main.stdout).toContain('\u0085::stop-commands::pwned')
        expect(post.exitCode).toBe(0)
        expect(readFileSync(victim, 'utf8')).toBe('keep me')
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  )

  dockerTest('a failing build whose log tail holds commands: exactly the one error', async () => {
    const tb = dockerTestbed()
    const repo = unique('e2e/inject-fail')
    const r = await run({
      image: repo,
      tag: 'v1',
      dockerfile: 'injection/Dockerfile.failing',
      context: 'injection',
      'build-args': `BASE=${tb.baseImage}\nNONCE=${repo}`,
    })
    expect(r.exitCode).toBe(1)
    expect(commandsRun(r)).toEqual([
      NO_BUILDX,
      expect.stringMatching(/^error: The image build failed.*exit code: 1\. Nothing was pushed\.$/),
    ])
    expect(r.stdout).toContain('Last lines of the build log:')
    expect(r.stdout).toContain('##[add-mask]legacy-mask')
    expect(await tagsAt(tb.registry, repo)).toEqual([])
  })

  dockerTest.each(COMMANDS)('input image %j: one error, nothing else', async (value) => {
    const r = await run({ image: value, tag: 'v1', dockerfile: 'ok/Dockerfile', context: 'ok' })
    expect(r.exitCode).toBe(1)
    expect(commandsRun(r)).toEqual([expect.stringMatching(/^error: Input 'image': /)])
    // The value is in the message, as text.
    expect(r.annotations[0]!.message).toContain(value.split(/[\r\n]/).pop()!)
  })

  dockerTest('a registry error message with commands in it: one error, nothing else', async () => {
    const tb = dockerTestbed()
    proxy = await startFaultProxy(tb.registry)
    const repo = unique('e2e/inject-registry')
    const message = `rejected\n::error::pwned-by-registry\n::set-output name=digest::sha256:evil\n##[add-mask]legacy\n%0A::warning::x`
    proxy.inject({
      method: 'PUT',
      path: /\/manifests\//,
      status: 400,
      body: JSON.stringify({ errors: [{ code: 'MANIFEST_INVALID', message, detail: null }] }),
    })
    const r = await run(
      {
        image: repo,
        tag: 'v1',
        dockerfile: 'ok/Dockerfile',
        context: 'ok',
        'build-args': `BASE=${tb.baseImage}\nPLAIN=${repo}`,
      },
      proxy.host,
    )
    expect(r.exitCode).toBe(1)
    expect(proxy.log.filter((e) => e.injected === 'status')).toMatchObject([
      { method: 'PUT', status: 400 },
    ])
    expect(commandsRun(r)).toEqual([
      NO_BUILDX,
      expect.stringMatching(/^error: docker push .* failed: /),
    ])
    // docker printed the registry's message raw, on a line of its own: only the action's
    // stop-commands keeps the runner from running it.
    expect(r.stdout).toMatch(/^::error::pwned-by-registry$/m)
    expect(r.outputs.digest ?? '').toBe('')
  })

  test('check mode: a file name the pull request chose, with commands in it, stays text', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'd2p-inject-check-'))
    try {
      cpSync(join(ROOT, '__tests__', 'fixtures', 'check-repo-clean'), workspace, {
        recursive: true,
      })
      // Larger than 1 MiB: the check names it in a log line and skips it.
      const name = '::error::pwned-by-a-file-name ##[warning]x.yaml'
      writeFileSync(join(workspace, name), `image: nginx:latest\n${'#'.repeat(1_100_000)}\n`)
      const r = await runAction({ inputs: { mode: 'check', scope: 'all' }, workspace })
      expect(r.exitCode, r.stdout).toBe(0)
      expect(r.stdout).toMatch(/^::error::pwned-by-a-file-name ##\[warning\]x\.yaml: skipped/m)
      const parsed = parseWorkflowCommands(r.stdout)
      expect(parsed.stoppedAtEnd).toBe(false)
      expect(parsed.commands.filter((c) => /pwned|^x\.yaml/.test(c.data))).toEqual([])
      expect(parsed.annotations.filter((a) => a.level !== 'notice')).toEqual([])
    } finally {
      rmSync(workspace, { recursive: true, force: true })
    }
  })
})
