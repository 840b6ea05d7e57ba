// The KubeApi of client.ts over the real client-node, pointed at a local HTTP server
// standing in for the API server (tests that check what goes over the wire).
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { KubeConfig } from '@kubernetes/client-node/dist/config.js'
import type { KubeApi } from '../../src/kube/api.ts'
import { clientNodeApi } from '../../src/kube/client.ts'

/** `server` must be listening. Plain HTTP, so `skipTLSVerify` (client-node requires it). */
export function localKubeApi(server: Server): Promise<KubeApi> {
  const kc = new KubeConfig()
  kc.loadFromOptions({
    clusters: [
      {
        name: 'c',
        server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        skipTLSVerify: true,
      },
    ],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u', namespace: 'ns' }],
    currentContext: 'x',
  })
  return clientNodeApi(kc)
}
