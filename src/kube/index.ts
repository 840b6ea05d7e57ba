// Deploy and wait: the second half of deploy mode. (Being built: issue "Deploy and wait".)
import type { BuiltImage } from '../build/index.ts'
import type { ImageReference } from '../image/reference.ts'
import type { DeploySettings, RunFacts } from '../inputs.ts'
import { InputError } from '../inputs.ts'

export interface DeployPlan {
  settings: DeploySettings
}

/** Find and validate every deployment and container before anything is changed. */
export async function prepareDeploy(
  _settings: DeploySettings,
  _image: ImageReference,
): Promise<DeployPlan> {
  throw new InputError(
    'deployment',
    'deploying is not implemented yet in this version of dock2pod.',
  )
}

export async function rollOut(
  _plan: DeployPlan,
  _image: BuiltImage,
  _facts: RunFacts,
): Promise<void> {}
