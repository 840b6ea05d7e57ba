// What main hands to post (runs.post), by name: the runner keeps it between the steps.
import * as core from '@actions/core'

const IS_POST = 'isPost'
const DOCKER_LOGOUT = 'dockerLogout'
const KUBECONFIG_FILE = 'kubeconfigFile'

export const isPost = (): boolean => core.getState(IS_POST) === 'true'
export const markMainStarted = (): void => core.saveState(IS_POST, 'true')

/** The registry we logged in to, so post logs out of exactly that one. */
export const saveDockerLogout = (registry: string): void =>
  core.saveState(DOCKER_LOGOUT, registry || 'docker.io')
export const dockerLogoutRegistry = (): string => core.getState(DOCKER_LOGOUT)

/** A kubeconfig we wrote from the `kubeconfig` input, for post to remove. */
export const saveKubeconfigFile = (path: string): void => core.saveState(KUBECONFIG_FILE, path)
export const kubeconfigFile = (): string => core.getState(KUBECONFIG_FILE)
