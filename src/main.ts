// Wiring only: inputs → mode → phases → report. Every phase lives in its own module
// and is loaded only when the run needs it (the Kubernetes client is heavy; a check
// run never loads it).
import * as core from '@actions/core'
import { cancelled, cancelMessage, handleCancelSignals, markCancelReported } from './cancel.ts'
import { runFacts, type RunFacts } from './facts.ts'
import { InputError, parseInputs, readInputs, type Settings } from './inputs.ts'
import { markMainStarted } from './state.ts'
import { AnnotatedError } from './report/annotated-error.ts'
import { publishDuration } from './report/publish.ts'

export async function run(): Promise<void> {
  const started = performance.now()
  markMainStarted()
  handleCancelSignals()
  try {
    const facts = runFacts()
    const settings = parseInputs(readInputs(), facts)
    if (settings.mode === 'check') await runCheckMode(settings, facts)
    else await runDeployMode(settings, facts)
  } catch (err) {
    fail(err)
  } finally {
    publishDuration((performance.now() - started) / 1000)
  }
}

async function runCheckMode(settings: Settings, facts: RunFacts): Promise<void> {
  const { runCheck } = await import('./check/index.ts')
  await runCheck(settings.check!, facts)
}

async function runDeployMode(settings: Settings, facts: RunFacts): Promise<void> {
  // Everything that can be refused is refused before anything is built or pushed.
  // First the Dockerfile about to be built, under the check's policy: a mutable base is
  // a warning on its line, or (base-image-policy: error) a failure.
  if (settings.build) {
    const { checkBaseImages } = await import('./check/base-image.ts')
    await checkBaseImages(settings.build.dockerfile, {
      mode: settings.baseImagePolicy,
      denyTags: settings.denyTags,
      buildArgs: settings.build.buildArgs,
    })
  }
  // Then the cluster: every deployment and container must exist.
  const kube = settings.deploy ? await import('./kube/index.ts') : undefined
  const plan = kube
    ? await kube.prepareDeploy(settings.deploy!, settings.build?.tags[0] ?? settings.imageRef!)
    : undefined

  const build = await import('./image-build/index.ts')
  const image = settings.build
    ? await build.buildAndPush(settings.build, facts)
    : await build.resolveImageRef(settings.imageRef!, settings.imageRefLogin)

  if (kube && plan) await kube.rollOut(plan, image, facts)
}

/** Any thrown value becomes one error line and exit code 1. */
function fail(err: unknown): void {
  // A cancel ends whatever ran with some error; the one to report is the cancel's.
  const cancel = cancelled()
  if (cancel) {
    markCancelReported()
    core.setFailed(cancelMessage(cancel))
    return
  }
  if (err instanceof InputError) {
    core.setFailed(err.message)
    return
  }
  if (err instanceof AnnotatedError) {
    // Its one error annotation points at the user's file and line.
    core.error(err.message, err.annotation)
    process.exitCode = core.ExitCode.Failure
    return
  }
  const message =
    err instanceof Error ? err.message : typeof err === 'string' ? err : JSON.stringify(err)
  core.setFailed(message || 'dock2pod failed without a message')
  if (err instanceof Error && err.stack && core.isDebug()) core.debug(err.stack)
}
