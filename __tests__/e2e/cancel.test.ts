// SIGTERM while `docker build` runs and while `docker push` runs: the committed bundle
// ends soon after the signal, says which phase it was in, exits non-zero and leaves no
// docker process behind (each test's repository name is unique, so any process whose
// command line holds it is ours). That the exit came at once is checked by the order of
// events: the interrupted build step or upload had not finished when the run ended. The
// time from signal to exit is printed, never asserted: a shared machine decides it as
// much as the action does.
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { afterEach, describe, expect } from 'vitest'
import { ROOT, runAction, type ActionRun } from '../../testbed/action-runner.ts'
import { startFaultProxy, type FaultProxy } from '../../testbed/docker/fault-proxy.ts'
import { dockerEnv, dockerTest, dockerTestbed } from './docker-testbed.ts'
import { eventually, processesWith, tagsAt } from './registry-probe.ts'

const fixtures = join(ROOT, '__tests__', 'fixtures', 'build')
const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`
const errors = (r: ActionRun) => r.annotations.filter((a) => a.level === 'error')

let proxy: FaultProxy | undefined
afterEach(async () => {
  await proxy?.stop()
  proxy = undefined
})

/**
 * Run, send SIGTERM when a stdout line matches `when` (or when `when()` holds), and time
 * signal → exit.
 */
async function runCancelled(
  inputs: Record<string, string>,
  when: RegExp | (() => boolean),
  opts: { buildx?: boolean } = {},
): Promise<{ run: ActionRun; afterSignalMs: number }> {
  const tb = dockerTestbed()
  let signalled = 0
  const run = await runAction({
    inputs,
    workspace: fixtures,
    env: dockerEnv(tb, opts),
    path: [tb.binDir],
    cancel: {
      when:
        when instanceof RegExp
          ? when
          : () => {
              if (!when()) return false
              signalled = performance.now()
              return true
            },
      signal: 'SIGTERM',
    },
    onLine: (line) => {
      if (!signalled && when instanceof RegExp && when.test(line)) signalled = performance.now()
    },
    timeoutMs: 120_000,
  })
  expect(signalled, `never saw ${String(when)}:\n${run.stdout}`).toBeGreaterThan(0)
  return { run, afterSignalMs: performance.now() - signalled }
}

describe('cancel during build and push', () => {
  dockerTest('SIGTERM while docker build runs a 30 s RUN step', async () => {
    const tb = dockerTestbed()
    const repo = unique('e2e/cancel-build')
    const { run, afterSignalMs } = await runCancelled(
      {
        registry: tb.registry,
        image: repo,
        tag: 'v1',
        dockerfile: 'slow/Dockerfile',
        context: 'slow',
        'build-args': `BASE=${tb.baseImage}\nNONCE=${repo}`,
      },
      // BuildKit's line for the step as it starts: docker build is running.
      /RUN echo "slow build [^"]*" && sleep 30/,
    )
    console.log(`cancel during build: exited ${Math.round(afterSignalMs)} ms after SIGTERM`)
    // The 30 s step had not finished: BuildKit never printed its `#N DONE` line.
    const step = /^(#\d+) \[[^\]]*\] RUN echo "slow build/m.exec(run.stdout)?.[1]
    expect(step, run.stdout).toBeDefined()
    expect(run.stdout.split('\n').filter((l) => l.startsWith(`${step} DONE`))).toEqual([])
    expect(run.exitCode).toBe(1)
    expect(errors(run).map((a) => a.message)).toEqual(['Cancelled during build (SIGTERM).'])
    expect(run.stdout).not.toContain('[command]docker push')
    const left = await eventually(
      () => processesWith(repo),
      (l) => l.length === 0,
      3000,
    )
    expect(left).toEqual([])
    expect(await tagsAt(tb.registry, repo)).toEqual([])
  })

  dockerTest('SIGTERM while docker push waits on a slow registry', async () => {
    const tb = dockerTestbed()
    proxy = await startFaultProxy(tb.registry)
    const repo = unique('e2e/cancel-push')
    // Every blob upload hangs for a minute: the push is under way and cannot finish.
    proxy.inject({ path: /\/blobs\/uploads\//, delayMs: 60_000, times: Infinity })
    const { run, afterSignalMs } = await runCancelled(
      {
        registry: proxy.host,
        image: repo,
        tag: 'v1',
        dockerfile: 'ok/Dockerfile',
        context: 'ok',
        'build-args': `BASE=${tb.baseImage}\nPLAIN=${repo}`,
        // A RUN layer of its own: a cached one may already be at the registry, and then
        // nothing is uploaded for the proxy to hold.
        'no-cache': 'true',
      },
      // Once an upload is held at the proxy: docker prints `The push refers to …` before
      // its first request, and a signal then could come before any upload began.
      () => proxy!.log.some((e) => e.injected === 'delay'),
      // docker push, through the fault proxy: buildkitd reaches only the registries its
      // config names as plain HTTP.
      { buildx: false },
    )
    console.log(`cancel during push: exited ${Math.round(afterSignalMs)} ms after SIGTERM`)
    // The run ended while the held uploads were still held: none had been answered.
    const held = proxy.log.filter((e) => e.injected === 'delay')
    expect(held.map((e) => e.status)).toEqual(held.map(() => undefined))
    expect(run.exitCode).toBe(1)
    expect(errors(run).map((a) => a.message)).toEqual(['Cancelled during push (SIGTERM).'])
    expect(held.length).toBeGreaterThan(0)
    expect(run.stdout).toContain('The push refers to repository')
    const left = await eventually(
      () => processesWith(repo),
      (l) => l.length === 0,
      3000,
    )
    expect(left).toEqual([])
    expect(await tagsAt(tb.registry, repo)).toEqual([])
  })
})
