import { KubeConfig } from '@kubernetes/client-node'
import { describe, expect, test } from 'vitest'
import { InputError } from '../../src/inputs.ts'
import { decodeKubeconfigInput, kubeconfigSecrets } from '../../src/kube/kubeconfig.ts'

const yaml = `apiVersion: v1
kind: Config
clusters:
  - name: prod
    cluster:
      server: https://10.0.0.1:6443
      certificate-authority-data: LS0tLS1CRUdJTi0tLS0t
users:
  - name: ci
    user:
      token: eyJhbGciOiJSUzI1NiJ9.secret-token
  - name: cert
    user:
      client-certificate-data: Q0VSVA==
      client-key-data: S0VZLXNlY3JldA==
  - name: basic
    user:
      username: admin
      password: hunter2
  - name: oidc
    user:
      auth-provider:
        name: oidc
        config:
          client-id: dock2pod
          client-secret: oidc-client-secret
          id-token: oidc-id-token
          refresh-token: oidc-refresh-token
  - name: eks
    user:
      exec:
        apiVersion: client.authentication.k8s.io/v1beta1
        command: aws
        args: [eks, get-token, --cluster-name, prod]
        env:
          - name: AWS_SECRET_ACCESS_KEY
            value: aws-secret
contexts:
  - name: prod
    context: { cluster: prod, user: ci, namespace: web }
current-context: prod
`

describe('decodeKubeconfigInput', () => {
  test('raw YAML is taken as is', () => {
    expect(decodeKubeconfigInput(`\n${yaml}\n\n`)).toBe(yaml)
  })
  test('base64 of it, even wrapped over lines, is decoded', () => {
    const b64 = Buffer.from(yaml)
      .toString('base64')
      .replace(/(.{76})/g, '$1\n')
    expect(decodeKubeconfigInput(b64)).toBe(yaml)
  })
  test.each(['not a kubeconfig', 'Zm9vOiBiYXI=', '- a\n- b'])('%j is refused', (text) => {
    expect(() => decodeKubeconfigInput(text)).toThrow(InputError)
    expect(() => decodeKubeconfigInput(text)).toThrow(/Input 'kubeconfig': is neither a kubeconfig/)
  })
})

test('kubeconfigSecrets: tokens, keys, passwords, auth-provider and exec env values', () => {
  expect(kubeconfigSecrets(yaml).sort()).toEqual(
    [
      'eyJhbGciOiJSUzI1NiJ9.secret-token',
      'S0VZLXNlY3JldA==',
      'hunter2',
      'oidc-client-secret',
      'oidc-id-token',
      'oidc-refresh-token',
      'aws-secret',
    ].sort(),
  )
})

test('kubeconfigSecrets: a secret YAML reads as a number is masked as the text the client sends', () => {
  const text = 'users:\n  - name: a\n    user: { username: admin, password: 123456, token: 0x1F }\n'
  expect(kubeconfigSecrets(text).sort()).toEqual(['123456', '31'])
})

test("kubeconfigSecrets holds each secret client-node's KubeConfig loads from the test kubeconfig: tokens, password, key, auth-provider tokens, exec env", () => {
  const kc = new KubeConfig()
  kc.loadFromString(yaml)
  const read: unknown[] = []
  for (const u of kc.getUsers()) {
    read.push(u.token, u.password, u.keyData)
    const config = (u.authProvider as { config?: Record<string, unknown> } | undefined)?.config
    for (const f of ['client-secret', 'id-token', 'refresh-token', 'access-token'])
      read.push(config?.[f])
    for (const e of (u.exec as { env?: { value?: unknown }[] } | undefined)?.env ?? [])
      read.push(e.value)
  }
  const secrets = read.filter((v) => v !== undefined && v !== null).map(String)
  expect(secrets.length).toBe(7)
  expect(kubeconfigSecrets(yaml)).toEqual(expect.arrayContaining(secrets))
})
