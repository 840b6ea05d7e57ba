// runs.post: undo what main left on the runner — the registry login and the kubeconfig
// file written from the `kubeconfig` input — whatever the outcome of main. What it reads
// from state is checked again first (src/state.ts): post deletes only a kubeconfig file
// of ours under RUNNER_TEMP, and logs out only of a valid registry host.
import * as core from '@actions/core'
import { lstatSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import {
  dockerLogoutRegistry,
  kubeconfigFile,
  savedDockerLogout,
  savedKubeconfigFile,
} from './state.ts'
import { infoVerbatim } from './util/verbatim-log.ts'

export async function post(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    const registry = dockerLogoutRegistry()
    if (savedDockerLogout() !== '' && !registry)
      core.warning('Skipped docker logout: the saved registry is not a host[:port].')
    if (registry) {
      const { logout } = await import('./image-build/docker.ts')
      await logout(registry)
    }
    // Where writeKubeconfigInput writes (src/kube/client.ts).
    const dir = env.RUNNER_TEMP || tmpdir()
    const file = kubeconfigFile(dir)
    if (savedKubeconfigFile() !== '' && !file)
      core.warning(
        'Skipped removing the kubeconfig: the saved path is not a file this action writes.',
      )
    // A regular file only: never follow a link someone put in its place.
    if (file && lstatSync(file, { throwIfNoEntry: false })?.isFile()) {
      rmSync(file, { force: true })
      infoVerbatim('Removed the kubeconfig written for this job.')
    }
  } catch (err) {
    // Post never fails the job for clean-up; say what was left.
    core.warning(`Clean-up incomplete: ${err instanceof Error ? err.message : String(err)}`)
  }
}
