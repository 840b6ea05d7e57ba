import { describe, expect, test } from 'vitest'
import { refusalOf } from '../../src/kube/refusals.ts'
import type { Deployment } from '../../src/kube/types.ts'

const d = (spec: Deployment['spec']): Deployment => ({
  metadata: { name: 'web', namespace: 'prod' },
  spec,
})

describe('refusalOf: Deployments refused before anything is built', () => {
  test('a paused Deployment, naming the input and the command that resumes it', () => {
    expect(refusalOf(d({ paused: true }))).toBe(
      "Input 'deployment': Deployment prod/web is paused (spec.paused): a new image would not roll out. Resume it first (kubectl rollout resume deployment/web --namespace prod), or leave it out of deployment.",
    )
  })
  test.each([{ paused: false }, {}])('not paused (%o): accepted', (spec) => {
    expect(refusalOf(d(spec))).toBeUndefined()
  })
})
