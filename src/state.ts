// What main hands to post (runs.post), by name: the runner keeps it between the steps.
// State is a file of the job's, and any step before post that can print a workflow
// command could have written to it: post re-validates every value it reads here.
import * as core from '@actions/core'
import { basename, dirname, resolve } from 'node:path'
import { isValidRegistryHost } from './image/reference.ts'

const IS_POST = 'isPost'
const DOCKER_LOGOUT = 'dockerLogout'
const KUBECONFIG_FILE = 'kubeconfigFile'

export const isPost = (): boolean => core.getState(IS_POST) === 'true'
export const markMainStarted = (): void => core.saveState(IS_POST, 'true')

/** The registry we logged in to, so post logs out of exactly that one. */
export const saveDockerLogout = (registry: string): void =>
  core.saveState(DOCKER_LOGOUT, registry || 'docker.io')
export const savedDockerLogout = (): string => core.getState(DOCKER_LOGOUT)
/** The saved registry when it is a host[:port] (what login accepted); else undefined. */
export function dockerLogoutRegistry(saved = savedDockerLogout()): string | undefined {
  return saved !== '' && isValidRegistryHost(saved) ? saved : undefined
}

/** The kubeconfig file main writes: its name is ours, random, in the runner's temp dir. */
export const KUBECONFIG_FILE_NAME = /^dock2pod-kubeconfig-[0-9a-f]{12}\.yaml$/
export const kubeconfigFileName = (random: string): string => `dock2pod-kubeconfig-${random}.yaml`

/** A kubeconfig we wrote from the `kubeconfig` input, for post to remove. */
export const saveKubeconfigFile = (path: string): void => core.saveState(KUBECONFIG_FILE, path)
export const savedKubeconfigFile = (): string => core.getState(KUBECONFIG_FILE)
/**
 * The saved kubeconfig path when it is one main could have written: directly in `dir`
 * (RUNNER_TEMP) and named by our pattern. Anything else is undefined, and never deleted.
 */
export function kubeconfigFile(dir: string, saved = savedKubeconfigFile()): string | undefined {
  if (saved === '' || dir === '') return undefined
  const path = resolve(saved)
  if (dirname(path) !== resolve(dir) || !KUBECONFIG_FILE_NAME.test(basename(path))) return undefined
  return path
}
