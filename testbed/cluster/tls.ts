// The API server's own certificate authority and serving certificate, made with the
// openssl CLI into a directory the caller owns (and removes). kubectl and client-node
// trust the CA through the kubeconfig's certificate-authority-data.
import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface ServerCertificates {
  caFile: string
  caPem: string
  certPem: string
  keyPem: string
}

async function openssl(args: string[], cwd: string): Promise<void> {
  try {
    await run('/usr/bin/openssl', args, { cwd })
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? ''
    throw new Error(`openssl ${args[0]} failed: ${stderr.trim() || String(err)}`, {
      cause: err,
    })
  }
}

/** A CA and a server certificate for 127.0.0.1/localhost, valid for two days. */
export async function makeServerCertificates(dir: string): Promise<ServerCertificates> {
  // EC keys: generating RSA keys is slow on a busy 2-core machine.
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
  await openssl(
    [
      'req',
      '-x509',
      ...key,
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
  await openssl(
    ['req', ...key, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost'],
    dir,
  )
  await writeFile(
    join(dir, 'server.ext'),
    [
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      '',
    ].join('\n'),
  )
  await openssl(
    [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.crt',
      '-days',
      '2',
      '-extfile',
      'server.ext',
    ],
    dir,
  )
  const [caPem, certPem, keyPem] = await Promise.all(
    ['ca.crt', 'server.crt', 'server.key'].map((f) => readFile(join(dir, f), 'utf8')),
  )
  return { caFile: join(dir, 'ca.crt'), caPem: caPem!, certPem: certPem!, keyPem: keyPem! }
}
