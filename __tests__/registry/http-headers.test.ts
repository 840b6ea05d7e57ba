import { describe, expect, test } from 'vitest'
import {
  isLoopbackHost,
  parseWwwAuthenticate,
  registryBaseUrl,
} from '../../src/registry/http-headers.ts'

describe('parseWwwAuthenticate', () => {
  test.each([
    {
      name: 'Docker Hub bearer',
      header:
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"',
      out: [
        {
          scheme: 'bearer',
          params: {
            realm: 'https://auth.docker.io/token',
            service: 'registry.docker.io',
            scope: 'repository:library/nginx:pull',
          },
        },
      ],
    },
    {
      name: 'a scope with several actions keeps its comma',
      header:
        'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:acme/app:pull,push"',
      out: [
        {
          scheme: 'bearer',
          params: {
            realm: 'https://ghcr.io/token',
            service: 'ghcr.io',
            scope: 'repository:acme/app:pull,push',
          },
        },
      ],
    },
    {
      name: 'distribution htpasswd',
      header: 'Basic realm="dock2pod-testbed"',
      out: [{ scheme: 'basic', params: { realm: 'dock2pod-testbed' } }],
    },
    {
      name: 'scheme case and spaces',
      header: 'BASIC  Realm = "x"',
      out: [{ scheme: 'basic', params: { realm: 'x' } }],
    },
    {
      name: 'unquoted realm URL',
      header: 'Bearer realm=https://r.example/token,service=r',
      out: [{ scheme: 'bearer', params: { realm: 'https://r.example/token', service: 'r' } }],
    },
    {
      name: 'escaped quote',
      header: 'Basic realm="say \\"hi\\""',
      out: [{ scheme: 'basic', params: { realm: 'say "hi"' } }],
    },
    {
      name: 'two challenges',
      header: 'Basic realm="a", Bearer realm="https://t/", service="s"',
      out: [
        { scheme: 'basic', params: { realm: 'a' } },
        { scheme: 'bearer', params: { realm: 'https://t/', service: 's' } },
      ],
    },
    { name: 'empty', header: '', out: [] },
  ])('$name', ({ header, out }) => expect(parseWwwAuthenticate(header)).toEqual(out))
})

describe('where a registry lives', () => {
  test.each([
    { domain: 'docker.io', url: 'https://registry-1.docker.io' },
    { domain: 'ghcr.io', url: 'https://ghcr.io' },
    { domain: 'localhost:5000', url: 'http://localhost:5000' },
    { domain: '127.0.0.1:5000', url: 'http://127.0.0.1:5000' },
    { domain: '127.9.8.7', url: 'http://127.9.8.7' },
    { domain: '[::1]:5000', url: 'http://[::1]:5000' },
    { domain: '128.0.0.1:5000', url: 'https://128.0.0.1:5000' },
    { domain: 'localhost.example.com', url: 'https://localhost.example.com' },
  ])('$domain', ({ domain, url }) => {
    expect(registryBaseUrl(domain)).toBe(url)
    expect(isLoopbackHost(domain)).toBe(url.startsWith('http:'))
  })
})
