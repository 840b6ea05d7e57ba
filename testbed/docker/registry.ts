// A real container registry (Debian's docker-registry, distribution 2.8) on
// 127.0.0.1, optionally behind htpasswd basic auth. Docker treats 127.0.0.0/8
// registries as insecure-allowed, so plain HTTP works for pushes.
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { freePort, run, startDaemon, waitFor } from './proc.ts'

export interface Registry {
  /** `127.0.0.1:PORT` */
  host: string
  /** Set when the registry needs basic auth. */
  user?: string
  password?: string
  pid: number
  stop(): Promise<void>
}

export async function startRegistry(dir: string, opts: { auth?: boolean } = {}): Promise<Registry> {
  mkdirSync(join(dir, 'storage'), { recursive: true })
  const port = await freePort()
  const host = `127.0.0.1:${port}`
  let user: string | undefined
  let password: string | undefined
  let authBlock = ''
  if (opts.auth) {
    user = 'dock2pod'
    password = `pw-${randomBytes(12).toString('hex')}`
    const r = await run('/usr/bin/htpasswd', ['-Bbn', user, password])
    if (r.code !== 0) throw new Error(`htpasswd failed: ${r.stderr}`)
    writeFileSync(join(dir, 'htpasswd'), r.stdout, { mode: 0o600 })
    authBlock = `auth:\n  htpasswd:\n    realm: dock2pod-testbed\n    path: ${join(dir, 'htpasswd')}\n`
  }
  const config = [
    'version: 0.1',
    'log:',
    '  level: warn',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'storage')}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: ${host}`,
    `  secret: ${randomBytes(16).toString('hex')}`,
    authBlock,
  ].join('\n')
  writeFileSync(join(dir, 'config.yml'), config)
  const log = join(dir, 'registry.log')
  const daemon = startDaemon('/usr/bin/docker-registry', ['serve', join(dir, 'config.yml')], log)
  let exited = false
  daemon.child.once('exit', () => (exited = true))
  try {
    await waitFor(
      `the registry on ${host}`,
      async () => {
        if (exited) throw new Error('docker-registry exited')
        const res = await fetch(`http://${host}/v2/`)
        return res.status === 200 || res.status === 401
      },
      30_000,
    )
  } catch (err) {
    await daemon.stop()
    let text = ''
    try {
      text = readFileSync(log, 'utf8').slice(-2000)
    } catch {
      /* no log */
    }
    throw new Error(`the registry did not start: ${(err as Error).message}\n${text}`, {
      cause: err,
    })
  }
  return { host, user, password, pid: daemon.pid, stop: () => daemon.stop() }
}
