import { describe, expect, test } from 'vitest'
import { parseImageReference } from '../../src/image/reference.ts'
import { chooseContainers, ContainerChoiceError } from '../../src/kube/containers.ts'
import type { Deployment } from '../../src/kube/types.ts'

const deployment = (containers: { name: string; image: string }[]): Deployment => ({
  metadata: { name: 'web', namespace: 'prod' },
  spec: { template: { spec: { containers } } },
})

const image = parseImageReference('localhost:5000/acme/app:v2')

describe('chooseContainers', () => {
  test.each([
    {
      name: 'the only container, whatever its name',
      containers: [{ name: 'main', image: 'nginx:1.27' }],
      input: '',
      want: ['main'],
    },
    {
      name: 'the one named like the image’s last path element',
      containers: [
        { name: 'envoy', image: 'envoyproxy/envoy:v1.31' },
        { name: 'app', image: 'localhost:5000/acme/app:v1' },
      ],
      input: '',
      want: ['app'],
    },
    {
      name: 'the one named by the input',
      containers: [
        { name: 'envoy', image: 'envoyproxy/envoy:v1.31' },
        { name: 'server', image: 'localhost:5000/acme/app:v1' },
      ],
      input: 'server',
      want: ['server'],
    },
    {
      name: '* = every container running this repository (port kept, tag and digest ignored)',
      containers: [
        { name: 'api', image: 'localhost:5000/acme/app:v1' },
        { name: 'worker', image: 'localhost:5000/acme/app@sha256:' + 'b'.repeat(64) },
        { name: 'other-port', image: 'localhost:5001/acme/app:v1' },
        { name: 'envoy', image: 'envoyproxy/envoy:v1.31' },
      ],
      input: '*',
      want: ['api', 'worker'],
    },
  ])('$name', ({ containers, input, want }) => {
    expect(chooseContainers(deployment(containers), input, image)).toEqual(want)
  })

  test('Docker Hub names compare canonically under *', () => {
    const d = deployment([{ name: 'a', image: 'docker.io/library/nginx:1.26' }])
    expect(chooseContainers(d, '*', parseImageReference('nginx:1.27'))).toEqual(['a'])
  })

  test.each([
    {
      name: 'several, none named after the image: lists them',
      containers: [
        { name: 'envoy', image: 'envoyproxy/envoy:v1.31' },
        { name: 'server', image: 'localhost:5000/acme/app:v1' },
      ],
      input: '',
      error:
        /Deployment prod\/web has 2 containers and none is named "app" after the image: envoy \(envoyproxy\/envoy:v1.31\), server \(localhost:5000\/acme\/app:v1\)\. Set container/,
    },
    {
      name: 'a name that is not there',
      containers: [{ name: 'server', image: 'x:1' }],
      input: 'web',
      error: /has no container "web"; it has server \(x:1\)/,
    },
    {
      name: '* with no container running the repository',
      containers: [{ name: 'server', image: 'localhost:5000/acme/other:v1' }],
      input: '*',
      error: /none of Deployment prod\/web does/,
    },
    { name: 'no containers at all', containers: [], input: '', error: /has no containers/ },
  ])('$name', ({ containers, input, error }) => {
    expect(() => chooseContainers(deployment(containers), input, image)).toThrow(
      ContainerChoiceError,
    )
    expect(() => chooseContainers(deployment(containers), input, image)).toThrow(error)
  })
})
