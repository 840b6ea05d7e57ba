// The test bed's Debian packages. Installed when missing and we are root (CI, a fresh
// machine); otherwise the error says what to install.
import { existsSync } from 'node:fs'
import { run } from './proc.ts'

export const PACKAGES: Record<string, string> = {
  '/usr/sbin/dockerd': 'docker.io',
  '/usr/bin/docker': 'docker.io',
  '/usr/bin/docker-registry': 'docker-registry',
  '/usr/bin/htpasswd': 'apache2-utils',
  '/bin/busybox': 'busybox-static',
  '/usr/bin/tar': 'tar',
  '/usr/sbin/ip': 'iproute2',
  // The node: containerd (CRI), runc and the CNI plugins; openssl for the cluster's PKI.
  '/usr/bin/containerd': 'containerd',
  '/usr/sbin/runc': 'runc',
  '/usr/lib/cni/bridge': 'containernetworking-plugins',
  '/usr/bin/openssl': 'openssl',
  // build.sh compiles the kubelet and the pause binary with cgo.
  '/usr/bin/gcc': 'gcc',
}

/** Why the test bed needs each package: said before anything is installed. */
export const WHY: Record<string, string> = {
  'docker.io': 'dockerd and the docker CLI: the real engine the action builds and pushes with',
  'docker-registry': 'the local registries the e2e tests push to',
  'apache2-utils': 'htpasswd, for the registry that asks for a login',
  'busybox-static': 'the base image of the test builds (a shell for their RUN steps)',
  tar: 'to import that base image',
  iproute2: "ip, for the engine's own bridge network",
  containerd: "the node's container runtime (CRI) for the kubelet",
  runc: 'the OCI runtime containerd and buildkitd start containers with',
  'containernetworking-plugins':
    "the CNI bridge, host-local and loopback plugins of the node's Pods",
  openssl: "the cluster's certificates and keys",
  gcc: 'cgo for the kubelet and the static pause binary (testbed/components/build.sh)',
}

export function missingPackages(): string[] {
  return [
    ...new Set(
      Object.entries(PACKAGES)
        .filter(([bin]) => !existsSync(bin))
        .map(([, pkg]) => pkg),
    ),
  ]
}

export async function ensurePackages(): Promise<void> {
  const missing = missingPackages()
  if (missing.length === 0) return
  if (process.getuid?.() !== 0) {
    throw new Error(
      `the test bed needs the Debian packages ${missing.join(', ')}: run 'sudo apt-get install -y ${missing.join(' ')}'`,
    )
  }
  // On stderr: stdout may carry the test bed's `export` lines.
  console.error(`The test bed installs these Debian packages with apt-get:`)
  for (const pkg of missing) console.error(`  ${pkg}: ${WHY[pkg] ?? 'needed by the test bed'}`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  let r = await run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env })
  if (r.code !== 0) {
    // A fresh machine has no package lists yet.
    await run('apt-get', ['update'], { env })
    r = await run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env })
  }
  if (r.code !== 0)
    throw new Error(`apt-get install ${missing.join(' ')} failed:\n${r.stderr.slice(-2000)}`)
}
