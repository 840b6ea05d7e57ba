// The real cluster's certificates and keys, made with the openssl CLI into a folder the
// caller owns (and removes): one CA, the API server's serving certificate, the client
// certificate the API server shows the kubelet, and the service-account key pair.
import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'

const exec = promisify(execFile)

export interface Pki {
  dir: string
  caFile: string
  caPem: string
  /** The API server's serving certificate (also served by the test hooks' proxy). */
  serverCert: string
  serverKey: string
  /** The client certificate kube-apiserver presents to the kubelet. */
  kubeletClientCert: string
  kubeletClientKey: string
  /** Service-account token signing key pair. */
  saKey: string
  saPub: string
}

async function openssl(args: string[], cwd: string): Promise<void> {
  try {
    await exec('openssl', args, { cwd })
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? ''
    throw new Error(`openssl ${args[0]} failed: ${stderr.trim() || String(err)}`, { cause: err })
  }
}

// EC keys: RSA key generation is slow on a busy 2-core machine.
const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']

async function issue(dir: string, name: string, subject: string, ext: string[]): Promise<void> {
  await openssl(
    ['req', ...EC, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject],
    dir,
  )
  await writeFile(join(dir, `${name}.ext`), ['basicConstraints=CA:FALSE', ...ext, ''].join('\n'))
  await openssl(
    [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
    ],
    dir,
  )
}

/** Everything the control plane and the node need; `serverIps` go into the serving SANs. */
export async function makePki(dir: string, serverIps: string[]): Promise<Pki> {
  await openssl(
    [
      'req',
      '-x509',
      ...EC,
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '2',
      '-subj',
      '/CN=dock2pod-testbed-ca',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  )
  const sans = [
    'DNS:localhost',
    'DNS:kubernetes',
    'DNS:kubernetes.default',
    'DNS:kubernetes.default.svc',
    'DNS:kubernetes.default.svc.cluster.local',
    'IP:127.0.0.1',
    ...serverIps.map((ip) => `IP:${ip}`),
  ]
  await issue(dir, 'apiserver', '/CN=kube-apiserver', [
    `subjectAltName=${sans.join(',')}`,
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth',
  ])
  await issue(
    dir,
    'apiserver-kubelet-client',
    '/O=system:masters/CN=kube-apiserver-kubelet-client',
    ['keyUsage=critical,digitalSignature,keyEncipherment', 'extendedKeyUsage=clientAuth'],
  )
  await openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'sa.key'], dir)
  await openssl(['ec', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir)
  const f = (n: string) => join(dir, n)
  return {
    dir,
    caFile: f('ca.crt'),
    caPem: await readFile(f('ca.crt'), 'utf8'),
    serverCert: f('apiserver.crt'),
    serverKey: f('apiserver.key'),
    kubeletClientCert: f('apiserver-kubelet-client.crt'),
    kubeletClientKey: f('apiserver-kubelet-client.key'),
    saKey: f('sa.key'),
    saPub: f('sa.pub'),
  }
}
