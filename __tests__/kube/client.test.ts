// Loading the kubeconfig through client-node: which file, which context, which namespace.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { DeploySettings } from '../../src/inputs.ts'
import { connect } from '../../src/kube/client.ts'

const kubeconfig = `apiVersion: v1
kind: Config
clusters:
  - name: a
    cluster: { server: 'https://10.0.0.1:6443' }
  - name: b
    cluster: { server: 'https://10.0.0.2:6443' }
users:
  - name: ci
    user: { token: token-that-must-be-masked }
contexts:
  - name: staging
    context: { cluster: a, user: ci, namespace: staging }
  - name: prod
    context: { cluster: b, user: ci }
current-context: staging
`

const settings = (over: Partial<DeploySettings> = {}): DeploySettings => ({
  deployments: [{ kind: 'Deployment', name: 'web' }],
  manifests: [],
  forceConflicts: false,
  namespace: '',
  container: '',
  kubeconfig: '',
  kubeContext: '',
  timeoutMs: 600_000,
  graceMs: 0,
  readyGraceMs: 120_000,
  soakMs: 0,
  rollback: true,
  ...over,
})

let dir: string
const saved = { ...process.env }
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'd2p-kc-'))
  process.env.RUNNER_TEMP = dir
  process.env.GITHUB_STATE = join(dir, 'state')
  writeFileSync(process.env.GITHUB_STATE, '')
  delete process.env.KUBECONFIG
})
afterEach(() => {
  process.env = { ...saved }
  rmSync(dir, { recursive: true, force: true })
})

describe('connect', () => {
  test('KUBECONFIG: the current context, and its namespace as the default', async () => {
    process.env.KUBECONFIG = join(dir, 'config')
    writeFileSync(process.env.KUBECONFIG, kubeconfig)
    const c = await connect(settings())
    expect(c).toMatchObject({
      context: 'staging',
      namespace: 'staging',
      server: 'https://10.0.0.1:6443',
    })
  })

  test('kube-context picks another; without a namespace in it: default', async () => {
    process.env.KUBECONFIG = join(dir, 'config')
    writeFileSync(process.env.KUBECONFIG, kubeconfig)
    const c = await connect(settings({ kubeContext: 'prod' }))
    expect(c).toMatchObject({
      context: 'prod',
      namespace: 'default',
      server: 'https://10.0.0.2:6443',
    })
  })

  test('the namespace input wins', async () => {
    process.env.KUBECONFIG = join(dir, 'config')
    writeFileSync(process.env.KUBECONFIG, kubeconfig)
    expect((await connect(settings({ namespace: 'web' }))).namespace).toBe('web')
  })

  test('an unknown kube-context is refused with the contexts there are', async () => {
    process.env.KUBECONFIG = join(dir, 'config')
    writeFileSync(process.env.KUBECONFIG, kubeconfig)
    await expect(connect(settings({ kubeContext: 'qa' }))).rejects.toThrow(
      /Input 'kube-context': "qa" is not a context of KUBECONFIG .*; it has staging, prod\./,
    )
  })

  test('the kubeconfig input (base64) goes to a 0600 file under RUNNER_TEMP, saved for post', async () => {
    const c = await connect(settings({ kubeconfig: Buffer.from(kubeconfig).toString('base64') }))
    expect(c.context).toBe('staging')
    const state = readFileSync(process.env.GITHUB_STATE!, 'utf8')
    const path = /kubeconfigFile<<(\S+)\n(.*)\n/.exec(state)?.[2]
    expect(path?.startsWith(dir)).toBe(true)
    expect(statSync(path!).mode & 0o777).toBe(0o600)
    expect(readFileSync(path!, 'utf8')).toBe(kubeconfig)
  })

  test('no kubeconfig anywhere: a clear error, not localhost:8080', async () => {
    process.env.HOME = dir
    await expect(connect(settings())).rejects.toThrow(/no cluster is configured/)
  })
})
