// The access review the deploy asks before it changes anything: what client.ts sends as
// a SelfSubjectAccessReview (group, resource, subresource, namespace, verb) and how it
// reads the authorizer's answer, against a local HTTP server standing in for the API
// server (the real client-node underneath); and the sentence for what was denied.
import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { KubeApi } from '../../src/kube/api.ts'
import { localKubeApi } from '../helpers/local-kube-api.ts'
import { describeDenied, WAIT_ACCESS } from '../../src/kube/describe-error.ts'

interface Review {
  spec: { resourceAttributes: Record<string, string> }
}
const reviews: Review[] = []
let server: Server
let api: KubeApi

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      expect(req.method).toBe('POST')
      expect(req.url).toBe('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews')
      const review = JSON.parse(Buffer.concat(chunks).toString()) as Review
      reviews.push(review)
      // This authorizer allows everything but events.
      const allowed = review.spec.resourceAttributes.resource !== 'events'
      res.statusCode = 201
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ ...review, status: { allowed } }))
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  api = await localKubeApi(server)
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

test('each permission the wait needs is asked with its API group and subresource', async () => {
  reviews.length = 0
  const answers = await Promise.all(
    WAIT_ACCESS.map((a) => api.mayI({ ...a, namespace: 'production' })),
  )
  expect(answers).toEqual(WAIT_ACCESS.map((a) => a.resource !== 'events'))
  const sent = reviews.map((r) => r.spec.resourceAttributes)
  expect(sent).toContainEqual({
    namespace: 'production',
    verb: 'watch',
    group: 'apps',
    resource: 'replicasets',
  })
  expect(sent).toContainEqual({
    namespace: 'production',
    verb: 'list',
    group: '',
    resource: 'pods',
  })
  expect(sent).toContainEqual({
    namespace: 'production',
    verb: 'get',
    group: '',
    resource: 'pods',
    subresource: 'log',
  })
})

test('the denied permissions, named in one sentence with the Role that grants them', () => {
  const text = describeDenied([
    { verb: 'list', resource: 'events', namespace: 'production' },
    { verb: 'watch', resource: 'events', namespace: 'production' },
  ])
  expect(text).toContain('may not list events, watch events in namespace "production"')
  expect(text).toContain('Nothing was changed.')
  expect(text).toContain('examples/rbac.yaml')
})
