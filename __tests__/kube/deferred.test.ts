// Which of client-node's on-demand libraries a kubeconfig needs (src/kube/deferred.ts),
// and the registry the bundle's stand-ins load them through.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { IMPORTERS } from '../../scripts/deferred-deps.ts'
import {
  deferredFor,
  loadDeferred,
  registerDeferred,
  type DeferredPackage,
} from '../../src/kube/deferred.ts'
import { ROOT } from '../../testbed/action-runner.ts'

describe('deferredFor: what the current user and cluster make client-node use', () => {
  test('a token, a client certificate or an exec plugin, without a proxy: nothing', () => {
    expect(deferredFor({}, { proxyUrl: undefined })).toEqual([])
    expect(deferredFor(undefined, undefined)).toEqual([])
    expect(deferredFor(null, null)).toEqual([])
  })

  test('each auth provider client-node knows: its library', () => {
    expect(deferredFor({ authProvider: { name: 'oidc' } }, {})).toEqual(['openid-client'])
    expect(deferredFor({ authProvider: { name: 'azure' } }, {})).toEqual(['jsonpath-plus'])
    expect(deferredFor({ authProvider: { name: 'gcp' } }, {})).toEqual(['jsonpath-plus'])
  })

  test('an auth provider client-node has no authenticator for: nothing', () => {
    expect(deferredFor({ authProvider: { name: 'keystone' } }, {})).toEqual([])
    expect(deferredFor({ authProvider: { name: 'constructor' } }, {})).toEqual([])
    expect(deferredFor({ authProvider: {} }, {})).toEqual([])
  })

  test('a SOCKS proxy-url: socks and socks-proxy-agent; an HTTP proxy-url: neither', () => {
    for (const url of ['socks5://127.0.0.1:1080', 'socks4://p:1080', 'socks5h://p', 'socks://p'])
      expect(deferredFor({}, { proxyUrl: url }), url).toEqual(['socks', 'socks-proxy-agent'])
    expect(deferredFor({}, { proxyUrl: 'http://proxy:3128' })).toEqual([])
    expect(deferredFor({}, { proxyUrl: 'https://proxy:3128' })).toEqual([])
  })

  test('both at once', () => {
    expect(
      deferredFor({ authProvider: { name: 'oidc' } }, { proxyUrl: 'socks5://p:1080' }),
    ).toEqual(['openid-client', 'socks', 'socks-proxy-agent'])
  })
})

describe("the rule follows client-node's own code", () => {
  const dist = join(ROOT, 'node_modules', '@kubernetes', 'client-node', 'dist')

  test.each(['openid-client', 'jsonpath-plus'] as DeferredPackage[])(
    'every auth provider whose file imports %s makes deferredFor load it',
    (pkg) => {
      for (const file of IMPORTERS[pkg]) {
        const source = readFileSync(join(dist, file), 'utf8')
        const names = [...source.matchAll(/authProvider\.name === '([\w-]+)'/g)].map((m) => m[1])
        expect(names, file).toHaveLength(1)
        expect(deferredFor({ authProvider: { name: names[0] } }, {}), file).toContain(pkg)
      }
    },
  )

  test("config.js tests a cluster's proxy-url as deferredFor does, and uses each SOCKS library once besides importing it", () => {
    const source = readFileSync(join(dist, 'config.js'), 'utf8')
    // createDispatcher (undici, every request) and createAgent (http.Agent users); that
    // the two uses below sit behind these tests was read, not checked here
    const tests = source.match(/proxyUrl\.startsWith\('socks'\)/g) ?? []
    expect(tests.length).toBeGreaterThanOrEqual(2)
    const uses = [...source.matchAll(/\b(SocksClient|SocksProxyAgent)\b/g)].length
    const imports = [...source.matchAll(/^import .*\b(SocksClient|SocksProxyAgent)\b/gm)].length
    expect(imports).toBe(2)
    expect(uses - imports).toBe(2) // SocksClient.createConnection, new SocksProxyAgent
  })
})

describe('the registry', () => {
  test('loads the named packages that have a stand-in, in order, and says which', async () => {
    const order: string[] = []
    registerDeferred('test-a', async () => void order.push('a'))
    registerDeferred('test-b', async () => void order.push('b'))
    expect(await loadDeferred(['test-b', 'not-registered', 'test-a'])).toEqual(['test-b', 'test-a'])
    expect(order).toEqual(['b', 'a'])
    expect(await loadDeferred([])).toEqual([])
  })

  test("a loader's failure is the caller's", async () => {
    registerDeferred('test-broken', () => Promise.reject(new Error('cannot load')))
    await expect(loadDeferred(['test-broken'])).rejects.toThrow('cannot load')
  })
})
