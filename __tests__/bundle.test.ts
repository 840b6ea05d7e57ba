// The committed bundle, run as the Actions runner runs it: ESM-only @actions/* load
// from dist/, and bad input gives one error line naming the input, exit code 1.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { NO_NETWORK_ENV, startStubRegistry } from './helpers/stub-registry.ts'
import { ROOT, runAction, runActionWithPost } from '../testbed/action-runner.ts'

const app = join(ROOT, '__tests__', 'fixtures', 'app')

describe('dist/index.js through the runner harness', () => {
  test.each<{ name: string; inputs: Record<string, string>; error: string }>([
    {
      name: 'tag: latest',
      inputs: { image: 'acme/app', tag: 'latest' },
      error: `Input 'tag': "latest" is not allowed; use a version or the commit SHA.`,
    },
    {
      name: 'malformed image',
      inputs: { image: 'Acme/App!' },
      error: `Input 'image': "Acme/App!" holds "!": an image name has only lowercase letters, digits and the separators ".", "_", "__" and "-".`,
    },
    {
      name: 'missing Dockerfile',
      inputs: { image: 'acme/app', dockerfile: 'nope/Dockerfile' },
      error: `Input 'dockerfile': "nope/Dockerfile" is not a file in the workspace.`,
    },
    {
      name: 'unknown mode',
      inputs: { mode: 'ship' },
      error: `Input 'mode': "ship" is not a mode; use deploy or check.`,
    },
  ])('$name: one error naming the input, exit 1', async ({ inputs, error }) => {
    const run = await runAction({ inputs, workspace: app })
    expect(run.exitCode).toBe(1)
    expect(run.annotations).toEqual([{ level: 'error', message: error }])
    expect(run.stderr).toBe('')
    // Nothing was built or pushed: no outputs but the run's duration.
    expect(Object.keys(run.outputs)).toEqual(['duration'])
  })

  test('a handle left open after the run does not hold the step: the process exits before the first tick of that handle, 20 s on', async () => {
    // Stands in for a watch whose headers a proxy holds back: a timer that would keep
    // Node alive for good, printing a line every 20 s. The run (check mode, an empty
    // workspace) ends, and so does the process, before the timer's first line.
    const empty = mkdtempSync(join(tmpdir(), 'd2p-empty-ws-'))
    const hold = join(mkdtempSync(join(tmpdir(), 'd2p-hold-')), 'hold.mjs')
    writeFileSync(hold, `setInterval(() => process.stdout.write('STILL HERE\\n'), 20_000)\n`)
    try {
      const run = await runAction({
        inputs: { mode: 'check', scope: 'all' },
        workspace: empty,
        env: { NODE_OPTIONS: `--import=${hold}` },
      })
      expect(run.exitCode, run.stderr).toBe(0)
      expect(run.stdout).toContain('Checking all files of the workspace')
      expect(run.stdout).not.toContain('STILL HERE')
    } finally {
      rmSync(empty, { recursive: true, force: true })
      rmSync(dirname(hold), { recursive: true, force: true })
    }
  })

  test('post runs after a failed main and exits 0', async () => {
    const { main, post } = await runActionWithPost({
      inputs: { image: 'acme/app', tag: 'latest' },
      workspace: app,
    })
    expect(main.state.isPost).toBe('true')
    expect(post.exitCode).toBe(0)
    expect(post.annotations).toEqual([])
  })

  test('with no tag, the image is built with the tag sha- and 7 characters of the commit', async () => {
    // A stand-in docker that records its argv and fails every command: no buildx, no build.
    const bin = mkdtempSync(join(tmpdir(), 'd2p-fake-docker-'))
    const log = join(bin, 'argv.jsonl')
    writeFileSync(
      join(bin, 'docker'),
      `#!${process.execPath}\nrequire('node:fs').appendFileSync(${JSON.stringify(log)}, JSON.stringify(process.argv.slice(2)) + '\\n')\nprocess.exit(1)\n`,
      { mode: 0o755 },
    )
    // The registry is asked whether it is there before anything is built.
    const registry = await startStubRegistry()
    try {
      const run = await runAction({
        inputs: { registry: registry.host, image: 'acme/app' },
        env: NO_NETWORK_ENV,
        sha: 'ABCDEF1234567890abcdef1234567890abcdef12',
        workspace: app,
        path: [bin],
      })
      expect(run.exitCode).toBe(1)
      const calls = readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as string[])
      const build = calls.find((argv) => argv[0] === 'build')
      expect(build).toBeDefined()
      expect(build![build!.indexOf('--tag') + 1]).toBe(`${registry.host}/acme/app:sha-abcdef1`)
      expect(build!.filter((a) => a === '--tag')).toHaveLength(1)
    } finally {
      await registry.close()
      rmSync(bin, { recursive: true, force: true })
    }
  })

  test('a secret password is masked before any error', async () => {
    const run = await runAction({
      inputs: { image: 'acme/app', username: 'u', password: 's3cr3t-pw', dockerfile: 'missing' },
      workspace: app,
    })
    expect(run.masks).toContain('s3cr3t-pw')
    expect(run.exitCode).toBe(1)
  })
})
