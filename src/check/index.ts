// mode: check, the pull-request check. (Being built: issue "PR check mode".)
import type { CheckSettings, RunFacts } from '../inputs.ts'
import { InputError } from '../inputs.ts'

export async function runCheck(_settings: CheckSettings, _facts: RunFacts): Promise<void> {
  throw new InputError('mode', 'check is not implemented yet in this version of dock2pod.')
}
