// The committed bundle, run as the Actions runner runs it: ESM-only @actions/* load
// from dist/, and bad input gives one error line naming the input, exit code 1.
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
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
      error: `Input 'image': "Acme/App!" must be lowercase.`,
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

  test('post runs after a failed main and exits 0', async () => {
    const { main, post } = await runActionWithPost({
      inputs: { image: 'acme/app', tag: 'latest' },
      workspace: app,
    })
    expect(main.state.isPost).toBe('true')
    expect(post.exitCode).toBe(0)
    expect(post.annotations).toEqual([])
  })

  test('the derived tag names the commit; a secret password is masked before any error', async () => {
    const run = await runAction({
      inputs: { image: 'acme/app', username: 'u', password: 's3cr3t-pw', dockerfile: 'missing' },
      workspace: app,
    })
    expect(run.masks).toContain('s3cr3t-pw')
    expect(run.exitCode).toBe(1)
  })
})
