// runs.post: undo what main left on the runner — the registry login and the kubeconfig
// file written from the `kubeconfig` input — whatever the outcome of main.
import * as core from '@actions/core'
import { rmSync } from 'node:fs'
import { dockerLogoutRegistry, kubeconfigFile } from './state.ts'

export async function post(): Promise<void> {
  try {
    const registry = dockerLogoutRegistry()
    if (registry) {
      const { logout } = await import('./image-build/docker.ts')
      await logout(registry)
    }
    const file = kubeconfigFile()
    if (file) {
      rmSync(file, { force: true })
      core.info('Removed the kubeconfig written for this job.')
    }
  } catch (err) {
    // Post never fails the job for clean-up; say what was left.
    core.warning(`Clean-up incomplete: ${err instanceof Error ? err.message : String(err)}`)
  }
}
