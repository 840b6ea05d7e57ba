// What the bundle takes from its dependencies, checked so that an upgrade that breaks it
// fails here rather than in a user's workflow.
import { execFileSync } from 'node:child_process'
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { ROOT } from '../testbed/action-runner.ts'
import { IMPORTERS, STAND_IN_FILE, standInNames, standInSource } from '../scripts/deferred-deps.ts'
import { importersOf, importsFrom, namespaceMembers } from '../scripts/package-imports.ts'
import {
  entrySource,
  INDEX_SIDE_EFFECTS,
  missingNames,
  UNDICI_PARTS,
  undiciImports,
} from '../scripts/undici-entry.ts'

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

test('src/kube/kubeconfig.ts parses with the js-yaml client-node loads the kubeconfig with', () => {
  const fromClientNode = createRequire(
    join(ROOT, 'node_modules', '@kubernetes', 'client-node', 'package.json'),
  ).resolve('js-yaml')
  expect(createRequire(join(ROOT, 'package.json')).resolve('js-yaml')).toBe(fromClientNode)
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

describe("client-node's undici, cut to what client-node imports (scripts/undici-entry.ts)", () => {
  const clientNode = join(ROOT, 'node_modules', '@kubernetes', 'client-node')
  const requireFromUndici = createRequire(
    createRequire(join(clientNode, 'package.json')).resolve('undici/package.json'),
  )

  test('finds the names a module imports or re-exports from undici; a namespace, default, export * or dynamic import is *', () => {
    expect([...undiciImports("import { fetch } from 'undici';")]).toEqual(['fetch'])
    expect([
      ...undiciImports('import { Agent as UndiciAgent, ProxyAgent as P, } from "undici"'),
    ]).toEqual(['Agent', 'ProxyAgent'])
    expect([...undiciImports("import * as u from 'undici'")]).toEqual(['*'])
    expect([...undiciImports("import undici from 'undici'")]).toEqual(['*'])
    expect([...undiciImports("const u = await import('undici')")]).toEqual(['*'])
    expect([...undiciImports("export { fetch, Headers as H } from 'undici'")]).toEqual([
      'fetch',
      'Headers',
    ])
    expect([...undiciImports("export * from 'undici'")]).toEqual(['*'])
    expect([...undiciImports("import undici, { fetch } from 'undici'")].sort()).toEqual([
      '*',
      'fetch',
    ])
    expect([...undiciImports("import { fetch } from 'undici-types'")]).toEqual([])
  })

  test('every name the installed client-node imports from undici is provided', () => {
    expect(missingNames(clientNode)).toEqual([])
    // and the check does fail on a name the entry lacks
    const { fetch: _, ...withoutFetch } = UNDICI_PARTS
    expect(missingNames(clientNode, withoutFetch).length).toBeGreaterThan(0)
  })

  test("Agent and ProxyAgent are the very classes undici's own entry point exports; fetch is a function (the entry's fetch wraps it)", () => {
    const full = requireFromUndici('./index.js') as Record<string, unknown>
    for (const [name, part] of Object.entries(UNDICI_PARTS)) {
      const mod = requireFromUndici(part.module) as Record<string, unknown>
      const value = part.property ? mod[part.property] : mod
      expect(typeof value, name).toBe('function')
      // undici's index wraps fetch (to add its own frame to stack traces); the classes
      // are the same objects
      if (name !== 'fetch') expect(value, name).toBe(full[name])
    }
  })

  test("undici's index.js has no top-level statement but declarations, exports and the one the entry repeats", () => {
    const index = readFileSync(requireFromUndici.resolve('./index.js'), 'utf8')
    // its top-level lines that are neither a declaration, an export nor a comment
    const statements = index
      .split('\n')
      .filter((l) => /^\S/.test(l))
      .filter((l) => !/^(module\.exports|const |let |function |\}|\/\/|\/\*|'use strict')/.test(l))
    expect(statements).toEqual(['Object.assign(Dispatcher.prototype, api)'])
    expect(INDEX_SIDE_EFFECTS).toHaveLength(statements.length)
  })

  test('the entry, run on its own, gives what client-node uses without loading the rest of undici', () => {
    const undiciDir = dirname(requireFromUndici.resolve('./index.js'))
    const dir = mkdtempSync(join(tmpdir(), 'd2p-undici-entry-'))
    try {
      const entry = join(dir, 'entry.cjs')
      writeFileSync(entry, entrySource().replace(/require\((['"])\.\//g, `require($1${undiciDir}/`))
      const probe = [
        `const u = require(${JSON.stringify(entry)})`,
        // ProxyAgent tunnels with its client's connect(), which index.js mixes in
        'const agent = new u.Agent()',
        'const loaded = Object.keys(require.cache)',
        'console.log(JSON.stringify({',
        '  connect: typeof agent.connect, request: typeof agent.request,',
        '  proxyAgent: typeof u.ProxyAgent, fetch: typeof u.fetch,',
        `  index: loaded.includes(${JSON.stringify(join(undiciDir, 'index.js'))}),`,
        "  mock: loaded.some((f) => f.includes('/lib/mock/')),",
        '}))',
        'agent.close()',
      ].join('\n')
      const out = execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8' })
      expect(JSON.parse(out)).toEqual({
        connect: 'function',
        request: 'function',
        proxyAgent: 'function',
        fetch: 'function',
        index: false,
        mock: false,
      })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test("the committed bundle's Kubernetes client chunk holds no undici mock agent, cache or WebSocket", () => {
    const dist = join(ROOT, 'dist')
    const chunks = readdirSync(dist)
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(dist, f), 'utf8'))
      .filter((text) => text.includes('kubernetes-client-javascript/'))
    expect(chunks).toHaveLength(1)
    for (const cls of ['MockAgent', 'SnapshotAgent', 'CacheStorage', 'WebSocket'])
      expect(chunks[0], cls).not.toMatch(new RegExp(`\\bclass ${cls}\\b`))
    expect(chunks[0]).toMatch(/\bclass ProxyAgent\b/)
  })
})

describe("client-node's auth-provider and SOCKS libraries, loaded on demand (scripts/deferred-deps.ts)", () => {
  const clientNode = join(ROOT, 'node_modules', '@kubernetes', 'client-node')

  test("finds a package's imports by its exact name", () => {
    const source = [
      "import { SocksClient } from 'socks';",
      "import { SocksProxyAgent } from 'socks-proxy-agent';",
      "import * as jsonpath from 'jsonpath-plus';",
    ].join('\n')
    expect([...importsFrom(source, 'socks')]).toEqual(['SocksClient'])
    expect([...importsFrom(source, 'socks-proxy-agent')]).toEqual(['SocksProxyAgent'])
    expect([...importsFrom(source, 'jsonpath-plus')]).toEqual(['*'])
    expect([...importsFrom(source, 'jsonpath')]).toEqual([])
  })

  test("a namespace import counts as the members used, or as '*' when that cannot be told", () => {
    const ns = (body: string) => {
      const m = namespaceMembers(`import * as oidc from 'openid-client';\n${body}`, 'openid-client')
      return m && [...m].sort()
    }
    expect(ns('await oidc.discovery(u, { [oidc.customFetch]: f }); x.oidc.no; oidcs.no')).toEqual([
      'customFetch',
      'discovery',
    ])
    // a name in a string or a comment is not a use
    expect(
      ns("if (p.name === 'oidc') oidc.refreshTokenGrant() // oidc itself\n/* oidc */"),
    ).toEqual(['refreshTokenGrant'])
    expect(ns("const s = 'http://x'; oidc.a()")).toEqual(['a'])
    // the namespace itself passed on, indexed, optional-chained, or inside a template
    expect(ns('use(oidc)')).toBeUndefined()
    expect(ns("oidc['discovery']()")).toBeUndefined()
    expect(ns('oidc?.discovery()')).toBeUndefined()
    expect(ns('const t = `${oidc.discovery}`')).toBeUndefined()
    // imported another way as well
    expect(
      namespaceMembers(
        "import * as o from 'openid-client';\nimport { discovery } from 'openid-client';\no.a()",
        'openid-client',
      ),
    ).toBeUndefined()
  })

  test.each(Object.entries(IMPORTERS))(
    'the installed client-node imports %s from exactly the files the rule was written from',
    (pkg, files) => {
      expect([...importersOf(clientNode, pkg).keys()].sort()).toEqual([...files].sort())
    },
  )

  test('a stand-in exports the names imported, or for a namespace import every export but default', () => {
    expect(standInNames(['SocksClient'], ['SocksClient', 'other'])).toEqual(['SocksClient'])
    expect(standInNames(['*'], ['b', 'a', 'default'])).toEqual(['a', 'b'])
    expect(() => standInSource('x', ['not-a-name'], './r.js')).toThrow('not-a-name')
  })

  test('a stand-in throws on any use before its load, and after it holds the real exports', () => {
    const dir = mkdtempSync(join(tmpdir(), 'd2p-stand-in-'))
    try {
      const real = join(dir, 'node_modules', 'fake-lib', 'node_modules', 'fake-lib')
      mkdirSync(real, { recursive: true })
      writeFileSync(join(real, 'package.json'), '{"name":"fake-lib","main":"index.js"}')
      writeFileSync(
        join(real, 'index.js'),
        'exports.Client = class Client { static create() { return 42 } }\nexports.token = Symbol("t")\n',
      )
      writeFileSync(
        join(dir, 'registry.mjs'),
        'export const loaders = new Map()\nexport const registerDeferred = (n, l) => loaders.set(n, l)\n',
      )
      const standIn = join(dir, 'node_modules', 'fake-lib', STAND_IN_FILE)
      writeFileSync(standIn, standInSource('fake-lib', ['Client', 'token'], '../../registry.mjs'))
      const probe = [
        `import { loaders } from ${JSON.stringify(join(dir, 'registry.mjs'))}`,
        `import * as lib from ${JSON.stringify(standIn)}`,
        'const before = []',
        'for (const use of [() => lib.Client.create(), () => new lib.Client(), () => ({ [lib.token]: 1 })])',
        '  try { use(); before.push("no error") } catch (e) { before.push(e.message) }',
        "await loaders.get('fake-lib')()",
        'console.log(JSON.stringify({ registered: [...loaders.keys()], before,',
        '  after: lib.Client.create(), token: typeof lib.token }))',
      ].join('\n')
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', probe], {
        encoding: 'utf8',
      })
      const used = "dock2pod: fake-lib's Client was used before src/kube/deferred.ts loaded it"
      expect(JSON.parse(out)).toEqual({
        registered: ['fake-lib'],
        before: [
          used,
          used,
          "dock2pod: fake-lib's token was used before src/kube/deferred.ts loaded it",
        ],
        after: 42,
        token: 'symbol',
      })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test("the committed bundle's Kubernetes client chunk holds stand-ins, and each library a chunk of its own", () => {
    const dist = join(ROOT, 'dist')
    const chunks = readdirSync(dist)
      .filter((f) => f.endsWith('.js'))
      .map((f) => ({ f, text: readFileSync(join(dist, f), 'utf8') }))
    const client = chunks.filter((c) => c.text.includes('kubernetes-client-javascript/'))
    expect(client).toHaveLength(1)
    for (const pkg of Object.keys(IMPORTERS))
      expect(client[0]!.text, pkg).toMatch(
        new RegExp(
          `registerDeferred \\*/ ?\\.\\w+\\)\\(${JSON.stringify(pkg)}, async \\(\\) => \\{`,
        ),
      )
    const markers: Record<string, RegExp> = {
      socks: /\bclass SocksClient\b/,
      'socks-proxy-agent': /\bclass SocksProxyAgent\b/,
      'jsonpath-plus': /\bfunction JSONPath\b/,
      'openid-client': /\basync function discovery\b/,
    }
    for (const [pkg, marker] of Object.entries(markers)) {
      const holders = chunks.filter((c) => marker.test(c.text)).map((c) => c.f)
      expect(holders, pkg).toHaveLength(1)
      expect(holders[0], pkg).not.toBe(client[0]!.f)
    }
  })
})
