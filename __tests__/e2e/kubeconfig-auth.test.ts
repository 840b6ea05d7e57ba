// Kubeconfigs whose libraries the bundle loads only on demand (src/kube/deferred.ts):
// a SOCKS5 proxy-url, and the legacy `gcp` and `oidc` auth providers. client-node's
// imports of socks, jsonpath-plus and openid-client resolve in the bundle to stand-ins
// (scripts/deferred-deps.ts); each scenario deploys through the committed bundle with
// such a kubeconfig and checks the rollout, and that the library was loaded for it
// (the action's debug line) and used (the proxy's tunnels, the token command's run).
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect, createServer, type AddressInfo, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect } from 'vitest'
import type { ActionRun } from '../../testbed/action-runner.ts'
import { kubectlOk } from '../../testbed/kube/testing.ts'
import {
  buildTestImage,
  createDeployment,
  deleteCreatedDeployments,
  runAgainst,
  unique,
} from './deploy-kit.ts'
import { dockerTest, dockerTestbed, testCluster } from './docker-testbed.ts'

const cluster = () => testCluster()
const images: Record<string, string> = {}
let dir: string

const LOADED = '::debug::Loaded for the kubeconfig: '
const loaded = (r: ActionRun) =>
  r.stdout
    .split('\n')
    .find((l) => l.startsWith(LOADED))
    ?.slice(LOADED.length)
    .trim()

const imageOf = (name: string, ns = 'default') =>
  kubectlOk(cluster(), [
    '-n',
    ns,
    'get',
    'deployment',
    name,
    '-o',
    'jsonpath={.spec.template.spec.containers[0].image}',
  ])

/** Deploy the quick image to `name` with `kubeconfig` as the input; the run, checked to
 *  have succeeded with the Deployment pinned by digest. */
async function rollOutWith(kubeconfig: string, name: string, ns = 'default'): Promise<ActionRun> {
  const r = await runAgainst(cluster(), {
    'image-ref': images.quick!,
    deployment: name,
    namespace: ns,
    kubeconfig,
  })
  expect(r.exitCode, r.stdout.slice(-2000)).toBe(0)
  expect(await imageOf(name, ns)).toMatch(/@sha256:[0-9a-f]{64}$/)
  return r
}

/** The test cluster's kubeconfig with `user` (YAML lines under `user:`, indented four)
 *  in place of its token user, and `clusterExtra` lines under `cluster:`. */
function kubeconfigWith(user: string[], clusterExtra: string[] = []): string {
  const base = readFileSync(cluster().kubeconfigPath, 'utf8')
  const token = `\n    token: ${cluster().token}`
  const server = `\n    server: ${cluster().url}`
  expect(base).toContain(token)
  expect(base).toContain(server)
  return base
    .replace(token, `\n${user.map((l) => `    ${l}`).join('\n')}`)
    .replace(server, [server, ...clusterExtra.map((l) => `    ${l}`)].join('\n'))
}

/** A SOCKS5 proxy (no authentication, CONNECT only) on 127.0.0.1 that connects to
 *  127.0.0.1 only; the targets it was asked for, in order. */
async function startSocksProxy() {
  const targets: string[] = []
  const sockets = new Set<Socket>()
  const server = createServer((client) => {
    sockets.add(client)
    client.on('error', () => client.destroy())
    let buf = Buffer.alloc(0)
    let greeted = false
    const onData = (d: Buffer) => {
      buf = Buffer.concat([buf, d])
      if (!greeted) {
        // VER NMETHODS METHODS…: answer "no authentication"
        if (buf.length < 2 || buf.length < 2 + buf[1]!) return
        if (buf[0] !== 5) return client.destroy()
        buf = buf.subarray(2 + buf[1]!)
        greeted = true
        client.write(Buffer.from([5, 0]))
      }
      // VER CMD RSV ATYP DST.ADDR DST.PORT, IPv4 or a domain name
      if (buf.length < 5) return
      let host: string
      let end: number
      if (buf[3] === 1) {
        end = 10
        if (buf.length < end) return
        host = [...buf.subarray(4, 8)].join('.')
      } else if (buf[3] === 3) {
        end = 7 + buf[4]!
        if (buf.length < end) return
        host = buf.subarray(5, 5 + buf[4]!).toString()
      } else return client.destroy()
      const port = buf.readUInt16BE(end - 2)
      const rest = buf.subarray(end)
      client.off('data', onData)
      client.pause()
      targets.push(`${host}:${port}`)
      const reply = (code: number) => Buffer.from([5, code, 0, 1, 127, 0, 0, 1, 0, 0])
      if (buf[1] !== 1 || host !== '127.0.0.1') return client.end(reply(2))
      const upstream = connect(port, host, () => {
        client.write(reply(0))
        if (rest.length) upstream.write(rest)
        upstream.pipe(client)
        client.pipe(upstream)
      })
      sockets.add(upstream)
      upstream.on('error', () => [client, upstream].forEach((s) => s.destroy()))
    }
    client.on('data', onData)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `socks5://127.0.0.1:${(server.address() as AddressInfo).port}`,
    targets,
    close: () => {
      for (const s of sockets) s.destroy()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

beforeAll(async () => {
  if (dockerTestbed().unavailable) return
  images.base = await buildTestImage('kubeconfig-auth/base')
  images.quick = await buildTestImage('kubeconfig-auth/quick', { readyAfter: 1 })
  dir = mkdtempSync(join(tmpdir(), 'd2p-kubeconfig-auth-'))
}, 600_000)

afterAll(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  if (!dockerTestbed().unavailable) await deleteCreatedDeployments(cluster())
})

describe('kubeconfigs whose libraries the bundle loads on demand', () => {
  dockerTest(
    'a socks5 proxy-url: socks is loaded for it, the proxy tunnels to the API server and nowhere else, and the rollout completes',
    async () => {
      const name = unique('socks')
      await createDeployment(cluster(), name, { image: images.base!, replicas: 1 })
      const proxy = await startSocksProxy()
      try {
        const kubeconfig = kubeconfigWith(
          [`token: ${cluster().token}`],
          [`proxy-url: ${proxy.url}`],
        )
        const r = await rollOutWith(kubeconfig, name)
        expect(loaded(r)).toBe('socks, socks-proxy-agent')
        expect(proxy.targets.length).toBeGreaterThan(0)
        expect(new Set(proxy.targets)).toEqual(new Set([new URL(cluster().url).host]))
      } finally {
        await proxy.close()
      }
    },
  )

  dockerTest(
    "the gcp auth provider: jsonpath-plus is loaded for it, reads the token out of the command's JSON, and the rollout completes",
    async () => {
      const name = unique('gcp')
      await createDeployment(cluster(), name, { image: images.base!, replicas: 1 })
      const ran = join(dir, `${name}.ran`)
      const command = join(dir, `${name}-token.sh`)
      const json = JSON.stringify({
        credential: { access_token: cluster().token, token_expiry: '2099-01-01T00:00:00Z' },
      })
      writeFileSync(command, `#!/bin/sh\necho ran >> '${ran}'\necho '${json}'\n`)
      chmodSync(command, 0o700)
      const kubeconfig = kubeconfigWith([
        'auth-provider:',
        '  name: gcp',
        '  config:',
        `    cmd-path: ${command}`,
        "    token-key: '{.credential.access_token}'",
        "    expiry-key: '{.credential.token_expiry}'",
      ])
      expect(kubeconfig).not.toContain(cluster().token)
      const r = await rollOutWith(kubeconfig, name)
      expect(loaded(r)).toBe('jsonpath-plus')
      // client-node ran the command once and used the token it printed
      expect(readFileSync(ran, 'utf8')).toBe('ran\n')
    },
  )

  dockerTest(
    'the oidc auth provider: openid-client is loaded for it, the id-token is masked and sent, and the rollout completes',
    async () => {
      const c = cluster()
      const ns = unique('oidc')
      const sa = 'deployer'
      await kubectlOk(c, ['create', 'namespace', ns])
      try {
        await kubectlOk(c, ['-n', ns, 'create', 'serviceaccount', sa])
        await kubectlOk(c, [
          '-n',
          ns,
          'create',
          'rolebinding',
          'deployer-edit',
          '--clusterrole=edit',
          `--serviceaccount=${ns}:${sa}`,
        ])
        const name = 'web'
        await createDeployment(c, name, { image: images.base!, replicas: 1, namespace: ns })
        // A JWT the API server accepts, with an expiry client-node reads: it sends an
        // unexpired id-token as it is, without asking the issuer (never reached here).
        const idToken = (await kubectlOk(c, ['-n', ns, 'create', 'token', sa])).trim()
        const kubeconfig = kubeconfigWith([
          'auth-provider:',
          '  name: oidc',
          '  config:',
          '    client-id: dock2pod',
          `    id-token: ${idToken}`,
          '    idp-issuer-url: https://127.0.0.1:9',
          '    refresh-token: not-used-while-the-id-token-is-valid',
        ])
        const r = await rollOutWith(kubeconfig, name, ns)
        expect(loaded(r)).toBe('openid-client')
        expect(r.masks).toContain(idToken)
        expect(r.masks).toContain('not-used-while-the-id-token-is-valid')
      } finally {
        await kubectlOk(c, ['delete', 'namespace', ns, '--wait=false'])
      }
    },
  )

  dockerTest('a token and no proxy: none of them is loaded', async () => {
    const name = unique('plain')
    await createDeployment(cluster(), name, { image: images.base!, replicas: 1 })
    const r = await rollOutWith(kubeconfigWith([`token: ${cluster().token}`]), name)
    expect(r.stdout).toContain('::debug::Kubernetes client loaded in')
    expect(loaded(r)).toBeUndefined()
  })
})
