// What the bundle takes from its dependencies, checked so that an upgrade that breaks it
// fails here rather than in a user's workflow.
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { ROOT } from '../testbed/action-runner.ts'

describe('@kubernetes/client-node: only its entry point', () => {
  test('the entry point exports the five names src/kube/client.ts takes', async () => {
    const m = await import('@kubernetes/client-node')
    expect(typeof m.KubeConfig).toBe('function')
    expect(typeof m.Watch).toBe('function')
    expect(typeof m.IsomorphicFetchHttpLibrary).toBe('function')
    expect(typeof m.RequestContext).toBe('function')
    expect(m.HttpMethod.GET).toBe('GET')
    expect(m.HttpMethod.PATCH).toBe('PATCH')
  })
})

describe('the committed bundle leaves out what dock2pod never runs', () => {
  // scripts/bundle.ts declares client-node, @actions/core and @actions/http-client free
  // of import side effects. Without it dist/ was 21.8 MB and the main chunk 1.08 MB;
  // with it 4.4 MB and 36 kB. The bounds sit well between.
  const dist = join(ROOT, 'dist')
  const sizes = readdirSync(dist).map((f) => statSync(join(dist, f)).size)

  test('all of dist/ is under 8 MB', () => {
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThan(8_000_000)
  })

  test('the main chunk, loaded on every run, is under 100 kB', () => {
    expect(statSync(join(dist, 'index.js')).size).toBeLessThan(100_000)
  })
})
