// Deploy and wait: the second half of deploy mode.
//   prepareDeploy — before anything is built: the cluster, every workload (Deployment,
//                   StatefulSet, DaemonSet) and container, and a server-side dry run of
//                   the patch (RBAC), so a problem fails the run before an image is pushed.
//   rollOut       — one patch per Deployment, the watch-based wait (rollout.ts), on
//                   failure the rollback of every patched Deployment (rollback.ts), then
//                   outputs, annotations and the job summary (report/deploy.ts).
import * as core from '@actions/core'
import type { BuiltImage } from '../image-build/index.ts'
import { formatReference, type ImageReference } from '../image/reference.ts'
import type { RunFacts } from '../facts.ts'
import type { DeploySettings } from '../inputs.ts'
import type { DeploymentResult, RollbackReport } from '../report/deploy.ts'
import { cancelSignal, setPhase } from '../cancel.ts'
import { formatDuration } from '../util/duration.ts'
import { infoVerbatim } from '../util/verbatim-log.ts'
import type { AccessCheck, KubeApi } from './api.ts'
import { describeDenied, describeKubeError, WAIT_ACCESS } from './describe-error.ts'
import { isKubeError } from './errors.ts'
import { retrying } from './retry.ts'
import type { ClusterAccess } from './client.ts'
import { chooseContainers, ContainerChoiceError } from './containers.ts'
import { containerImages, imagePatch, type ChangeRecord } from './patch.ts'
import {
  changedByAnother,
  planRollback,
  resultOf,
  revisionOf,
  rollbackFromWait,
  rollbackReport,
  runFailed,
  stopsTheOthers,
} from './outcome.ts'
import { sendRollback } from './rollback.ts'
import { ReflectorPool } from './reflector-pool.ts'
import {
  waitForRollout,
  watchRollout,
  type RolloutWatch,
  type WaitResult,
  type WaitOptions,
} from './rollout.ts'
import { progressLine, templatesEqual } from './rollout-state.ts'
import type { Deployment, PodTemplateSpec } from './types.ts'
import { RESOURCE_OF, sharedSelector, unrollable, type WorkloadKind } from './workload.ts'
import { publishDeploy } from '../report/publish.ts'
import type { AppliedWorkload, ManifestPlan } from '../manifests/index.ts'

export interface PlannedDeployment {
  kind: WorkloadKind
  namespace: string
  name: string
  containers: string[]
  /** As read before the build. */
  deployment: Deployment
}

export interface DeployPlan {
  settings: DeploySettings
  access: ClusterAccess
  api: KubeApi
  image: ImageReference
  targets: PlannedDeployment[]
  /** `manifests`, read and dry-run: applied after the build, before the patches. */
  manifests?: ManifestPlan
}

/** Problems found before anything was changed, one line each. */
export class DeployPreparationError extends Error {
  override name = 'DeployPreparationError'
}

const id = (t: { namespace: string; name: string }) => `${t.namespace}/${t.name}`

/**
 * The wait options that share a namespace's watches, per namespace: where the run waits
 * on more than one workload, they share its ReplicaSet and Pod watches by one selector
 * (each open watch is a connection of its own); where it waits on one, nothing.
 */
function watchSharing(
  waits: readonly (readonly [string, Deployment])[],
): (namespace: string) => Pick<WaitOptions, 'shareWatches'> {
  const byNamespace = new Map<string, Deployment[]>()
  for (const [ns, w] of waits) byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), w])
  return (ns) => {
    const ws = byNamespace.get(ns) ?? []
    if (ws.length < 2) return {}
    return { shareWatches: { labelSelector: sharedSelector(ws.map((w) => w.spec?.selector)) } }
  }
}

/** Find and validate every deployment and container before anything is changed. */
export async function prepareDeploy(
  settings: DeploySettings,
  image: ImageReference,
): Promise<DeployPlan> {
  const { connect } = await import('./client.ts')
  const access = await connect(settings)
  const api = retrying(access.api, {
    onRetry: (err, ms) =>
      infoVerbatim(
        `The API server answered ${err.code || err.message}; trying again in ${formatDuration(ms)}.`,
      ),
  })
  infoVerbatim(`Cluster ${access.server} (context ${access.context})`)

  const problems: string[] = []
  const found = await Promise.all(
    settings.deployments.map(async (t): Promise<PlannedDeployment | undefined> => {
      const namespace = t.namespace ?? access.namespace
      const resource = RESOURCE_OF[t.kind]
      let deployment: Deployment
      try {
        deployment = await api.getWorkload(resource, namespace, t.name)
      } catch (err) {
        problems.push(
          isKubeError(err, 404)
            ? `Input 'deployment': ${t.kind} ${namespace}/${t.name} does not exist in context "${access.context}" (${access.server}). Check the kind, the name and the namespace.`
            : describeKubeError(
                err,
                { verb: 'get', resource, namespace, name: t.name },
                access.server,
              ),
        )
        return undefined
      }
      const never = unrollable(t.kind, deployment)
      if (never) {
        problems.push(`Input 'deployment': ${never}`)
        return undefined
      }
      try {
        const containers = chooseContainers(deployment, settings.container, image)
        return { kind: t.kind, namespace, name: t.name, containers, deployment }
      } catch (err) {
        if (!(err instanceof ContainerChoiceError)) throw err
        problems.push(err.message)
        return undefined
      }
    }),
  )
  if (problems.length) throw new DeployPreparationError(problems.join('\n'))
  const targets = found as PlannedDeployment[]

  // Only once every Deployment and container checks out: a server-side dry run of the
  // patch, so missing RBAC fails here rather than after the push.
  const probe = formatReference(image)
  await Promise.all(
    targets.map(async (t) => {
      try {
        await api.patchWorkload(
          RESOURCE_OF[t.kind],
          t.namespace,
          t.name,
          imagePatch(t.containers, probe, { commit: '', runUrl: '' }),
          { dryRun: true },
        )
      } catch (err) {
        problems.push(
          describeKubeError(
            err,
            { verb: 'patch', resource: RESOURCE_OF[t.kind], namespace: t.namespace, name: t.name },
            access.server,
          ),
        )
      }
    }),
  )
  if (problems.length) throw new DeployPreparationError(problems.join('\n'))

  // What the wait reads (and a crash's log), asked of the authorizer before anything
  // changes: a Role that allows the patch but not the watch would otherwise fail after it.
  for (const namespace of new Set(targets.map((t) => t.namespace))) {
    const kinds = new Set(targets.filter((t) => t.namespace === namespace).map((t) => t.kind))
    const checks = waitAccess(kinds).map((a) => ({ ...a, namespace }))
    const allowed = await Promise.all(checks.map((c) => api.mayI(c)))
    const denied = checks.filter((_, i) => !allowed[i])
    if (denied.length) problems.push(describeDenied(denied))
  }
  if (problems.length) throw new DeployPreparationError(problems.join('\n'))
  for (const t of targets)
    infoVerbatim(`Will deploy to ${id(t)}, container ${t.containers.join(', ')}`)

  let manifests: ManifestPlan | undefined
  if (settings.manifests.length) {
    const { objectId, prepareManifests } = await import('../manifests/index.ts')
    manifests = await prepareManifests(
      settings.manifests,
      settings.forceConflicts,
      api,
      access.namespace,
      image,
    )
    infoVerbatim(
      `Manifests checked by a server-side dry run: ${manifests.objects.map(objectId).join(', ')}`,
    )
  }
  return { settings, access, api, image, targets, ...(manifests ? { manifests } : {}) }
}

interface Patched {
  target: PlannedDeployment
  previousImage: string
  previousTemplate: PodTemplateSpec
  appliedTemplate: PodTemplateSpec
  deployment: Deployment
  patchedAt: number
  /** Created by this run's apply (a first deploy): nothing to roll back to. These objects were created. */
  created?: string[]
}

type PatchOutcome =
  | { kind: 'patched'; p: Patched }
  | { kind: 'unchanged'; target: PlannedDeployment; deployment: Deployment; previousImage: string }
  | {
      kind: 'error'
      target: PlannedDeployment
      message: string
      previousImage: string
      /** A cancel came before the patch was sent: nothing was changed. */
      cancelled?: true
    }

async function patchOne(
  api: KubeApi,
  t: PlannedDeployment,
  imageRef: string,
  container: string,
  image: ImageReference,
  change: ChangeRecord,
): Promise<PatchOutcome> {
  let previousImage =
    Object.values(containerImages(t.deployment.spec?.template, t.containers))[0] ?? ''
  for (let attempt = 1; ; attempt++) {
    try {
      // The template just before our patch is what a rollback restores.
      const fresh = await api.getWorkload(RESOURCE_OF[t.kind], t.namespace, t.name)
      const containers = templatesEqual(fresh.spec?.template, t.deployment.spec?.template)
        ? t.containers
        : chooseContainers(fresh, container, image)
      const before = containerImages(fresh.spec?.template, containers)
      previousImage = before[containers[0]!] ?? ''
      if (containers.every((c) => before[c] === imageRef))
        return { kind: 'unchanged', target: { ...t, containers }, deployment: fresh, previousImage }
      // A cancel that came before the patch left (while the watches were being opened, or
      // the read above answered): nothing is changed, so nothing needs rolling back.
      if (cancelSignal().aborted)
        return {
          kind: 'error',
          target: { ...t, containers },
          message: `not patched: the run was cancelled before the patch was sent; it still runs ${previousImage || '(no image)'}`,
          previousImage,
          cancelled: true,
        }
      const deployment = await api.patchWorkload(
        RESOURCE_OF[t.kind],
        t.namespace,
        t.name,
        imagePatch(containers, imageRef, change, fresh.metadata.resourceVersion),
      )
      return {
        kind: 'patched',
        p: {
          target: { ...t, containers },
          previousImage,
          previousTemplate: fresh.spec?.template ?? {},
          appliedTemplate: deployment.spec?.template ?? {},
          deployment,
          patchedAt: Date.now(),
        },
      }
    } catch (err) {
      // 409: written between our read and our patch (often just its status): again.
      if (isKubeError(err, 409) && attempt < 4) continue
      const message =
        err instanceof ContainerChoiceError
          ? err.message
          : describeKubeError(
              err,
              {
                verb: 'patch',
                resource: RESOURCE_OF[t.kind],
                namespace: t.namespace,
                name: t.name,
              },
              api.server,
            )
      return { kind: 'error', target: t, message, previousImage }
    }
  }
}

/** Patch every Deployment, wait, roll back on failure, report. Sets the exit code. */
export async function rollOut(plan: DeployPlan, image: BuiltImage, facts: RunFacts): Promise<void> {
  const { settings, api } = plan
  const imageRef = image.imageRef
  const change: ChangeRecord = { commit: facts.sha, runUrl: facts.runUrl ?? '' }
  const started = Date.now()
  const deadline = started + settings.timeoutMs
  const limits = { graceMs: settings.graceMs, readyGraceMs: settings.readyGraceMs }

  // A cancel (SIGINT/SIGTERM, src/cancel.ts) stops the watches and rolls back at once.
  const cancel = { signal: cancelSignal() }
  setPhase('patch')
  const outcomes: PatchOutcome[] = []
  if (plan.manifests) {
    const { applyManifests, ApplyError } = await import('../manifests/index.ts')
    try {
      const applied = await applyManifests(plan.manifests, api, imageRef, (l) => infoVerbatim(l))
      outcomes.push(...applied.workloads.map((w) => appliedOutcome(w, applied.created)))
    } catch (err) {
      if (!(err instanceof ApplyError)) throw err
      // Nothing to wait for: what was applied stays, as kubectl leaves it, and is listed.
      const done = err.result.lines.length
        ? `\nApplied before the failure (they stay): ${err.result.lines.join(', ')}.`
        : '\nNothing was applied.'
      core.error(err.message + done, err.annotation.annotation)
      process.exitCode = core.ExitCode.Failure
      return
    }
  }
  // The waits' watches open before the patch, so that a failure the cluster records at
  // once (a Pod no node can take) is on its way when the wait begins. The first failure
  // stops the others' waits when they are all going to be rolled back anyway.
  const stopAll = new AbortController()
  if (cancel.signal.aborted) stopAll.abort()
  cancel.signal.addEventListener('abort', () => stopAll.abort(), { once: true })
  // One namespace-wide Events watch per namespace, shared by the waits (and rollbacks);
  // where the run waits on several workloads in one namespace, their workload, ReplicaSet
  // and Pod watches too (each open watch is a connection of its own).
  const pool = new ReflectorPool(api, { onNote: (line) => core.debug(line) })
  const sharing = watchSharing(plan.targets.map((t) => [t.namespace, t.deployment]))
  const waitOptions = (t: PlannedDeployment): WaitOptions => ({
    kind: t.kind,
    limits,
    deadline,
    timeoutMs: settings.timeoutMs,
    signal: stopAll.signal,
    log: (line) => infoVerbatim(line),
    debug: (line) => core.debug(line),
    label: plan.targets.length > 1 ? id(t) : t.name,
    soakMs: settings.soakMs,
    pool,
    ...sharing(t.namespace),
  })
  const opened = plan.targets.map((t) => watchRollout(api, t.deployment, waitOptions(t)))
  const patches = await Promise.all(
    plan.targets.map((t) => patchOne(api, t, imageRef, settings.container, plan.image, change)),
  )
  const watches = new Map<Patched, RolloutWatch>()
  patches.forEach((o, i) => {
    if (o.kind === 'patched') watches.set(o.p, opened[i]!)
    else opened[i]!.cancel()
  })
  outcomes.push(...patches)
  const patched: Patched[] = []
  for (const o of outcomes) {
    if (o.kind === 'patched') {
      patched.push(o.p)
      infoVerbatim(`Patched ${id(o.p.target)}: ${o.p.previousImage || '(none)'} → ${imageRef}`)
    } else if (o.kind === 'unchanged') {
      infoVerbatim(`${id(o.target)} already runs ${imageRef}: unchanged.`)
    }
  }

  // Wait for every patched Deployment at once.
  setPhase('wait')
  const patchFailed = outcomes.some((o) => o.kind === 'error')
  if (patchFailed && stopsTheOthers('patch-failed', settings.rollback)) stopAll.abort()
  if (patched.length)
    infoVerbatim(
      `Waiting for ${patched.map((p) => p.target.name).join(', ')} (timeout ${formatDuration(settings.timeoutMs)}, grace ${formatDuration(settings.graceMs)})`,
    )
  const waits = new Map<Patched, WaitResult>()
  const finishedAt = new Map<Patched, number>()
  await Promise.all(
    patched.map(async (p) => {
      // A workload of the manifests was applied, not patched here: its watches open now.
      const watch = watches.get(p) ?? watchRollout(api, p.deployment, waitOptions(p.target))
      const r = await watch.begin(p.deployment)
      waits.set(p, r)
      // Time to ready ends when the rollout completed, not when its soak did.
      const readyAt = (r.outcome === 'done' && r.readyAt) || Date.now()
      finishedAt.set(p, readyAt)
      if (stopsTheOthers(r.outcome, settings.rollback)) stopAll.abort()
      if (r.outcome === 'done')
        infoVerbatim(
          `${p.target.name}: ready in ${formatDuration(readyAt - p.patchedAt)} (revision ${revisionOf(p.target.kind, r.deployment, r.verdict)})`,
        )
    }),
  )

  const cancelled = cancel.signal.aborted
  if (cancelled) {
    for (const p of patched) {
      const w = waits.get(p)
      if (w) infoVerbatim(`${progressLine(id(p.target), w.verdict)} (when cancelled)`)
    }
  }
  // Roll back every patched Deployment, the healthy ones too: the run deploys all or none.
  const { failed, rollBack } = planRollback(
    patched.map((p) => ({
      item: p,
      wait: waits.get(p)?.outcome,
      changedByAnother: changedByAnother(waits.get(p)),
    })),
    { rollbackOn: settings.rollback, cancelled, patchFailed },
  )
  const rollbacks = new Map<Patched, RollbackReport>()
  // A workload this run created has no previous template: it stays, as kubectl leaves it.
  const created = patched.filter((p) => p.created)
  if (failed && created.length)
    infoVerbatim(
      `First deploy: nothing to roll back to; the objects stay: ${created.flatMap((p) => p.created!).join(', ')}`,
    )
  const restorable = rollBack.filter((p) => !p.created)
  if (restorable.length) {
    setPhase('rollback')
    const cause = `dock2pod: rolled back to the previous template after ${imageRef} failed`
    const sends = Promise.all(
      restorable.map(async (p) => {
        const target = {
          kind: p.target.kind,
          namespace: p.target.namespace,
          name: p.target.name,
          previous: p.previousTemplate,
          applied: p.appliedTemplate,
          ...(p.deployment.metadata.generation !== undefined
            ? { patchedGeneration: p.deployment.metadata.generation }
            : {}),
        }
        const sent = await sendRollback(api, target, waits.get(p)?.deployment, cause, change)
        return [p, sent] as const
      }),
    )
    if (cancelled) {
      // The runner kills us a few seconds after the signal (and cancel.ts exits 1.5 s
      // after it): send, do not wait for more than the answer.
      const done = await Promise.race([
        sends,
        new Promise<undefined>((r) => setTimeout(() => r(undefined), 1000).unref()),
      ])
      for (const p of restorable) {
        const sent = done?.find(([q]) => q === p)?.[1]
        rollbacks.set(p, rollbackReport(sent, p.previousImage))
        infoVerbatim(`${id(p.target)}: rollback ${sent ? sent.state : 'sent'} (not waited for)`)
      }
    } else {
      const sent = await sends
      // Sent and answered: what follows only watches (a cancel now leaves nothing half-done).
      setPhase('the wait for the rollback')
      const rollbackDeadline = Date.now() + Math.min(settings.timeoutMs, 5 * 60_000)
      const sharingBack = watchSharing(
        sent.filter(([, s]) => s.state === 'sent').map(([p]) => [p.target.namespace, p.deployment]),
      )
      await Promise.all(
        sent.map(async ([p, s]) => {
          if (s.state !== 'sent') {
            rollbacks.set(p, { state: s.state, message: s.message })
            return
          }
          infoVerbatim(`${id(p.target)}: rolling back to ${p.previousImage}`)
          const r = await waitForRollout(api, s.deployment, {
            kind: p.target.kind,
            limits,
            deadline: rollbackDeadline,
            timeoutMs: rollbackDeadline - Date.now(),
            log: (line) => infoVerbatim(`rollback ${line}`),
            debug: (line) => core.debug(line),
            label: p.target.name,
            pool,
            ...sharingBack(p.target.namespace),
          })
          rollbacks.set(p, rollbackFromWait(p.target.kind, r))
        }),
      )
    }
  }

  const run = { imageRef, cancelled, rollbackOn: settings.rollback }
  const results: DeploymentResult[] = outcomes.map((o) => {
    if (o.kind !== 'patched') return resultOf(o, run)
    const { p } = o
    const [wait, finished, rollback] = [waits.get(p), finishedAt.get(p), rollbacks.get(p)]
    return resultOf(
      {
        kind: 'patched',
        target: p.target,
        previousImage: p.previousImage,
        deployment: p.deployment,
        patchedAt: p.patchedAt,
        ...(p.created ? { created: p.created } : {}),
        ...(wait ? { wait } : {}),
        ...(finished !== undefined ? { finishedAt: finished } : {}),
        ...(rollback ? { rollback } : {}),
      },
      run,
    )
  })
  await publishDeploy(results)
  if (runFailed(results)) process.exitCode = core.ExitCode.Failure
}

/** What the wait reads, per kind of workload in a namespace (examples/rbac.yaml). */
function waitAccess(kinds: Set<WorkloadKind>): Omit<AccessCheck, 'namespace'>[] {
  const byKind = (r: string) =>
    r === 'deployments' || r === 'replicasets' ? kinds.has('Deployment') : true
  const checks = WAIT_ACCESS.filter((a) => byKind(a.resource))
  for (const kind of ['StatefulSet', 'DaemonSet'] as const)
    if (kinds.has(kind))
      for (const verb of ['list', 'watch'] as const)
        checks.push({ verb, resource: RESOURCE_OF[kind] })
  return checks
}

/** What the apply of one workload of `manifests` did, as the patches' outcomes say it. */
function appliedOutcome(w: AppliedWorkload, created: string[]): PatchOutcome {
  const target: PlannedDeployment = {
    kind: w.kind,
    namespace: w.namespace,
    name: w.name,
    containers: w.containers,
    deployment: w.after,
  }
  const previousImage = w.before
    ? (Object.values(containerImages(w.before.spec?.template, w.containers))[0] ?? '')
    : ''
  // The same generation: the apply changed nothing the controller acts on.
  if (w.before && w.before.metadata.generation === w.after.metadata.generation)
    return { kind: 'unchanged', target, deployment: w.after, previousImage }
  return {
    kind: 'patched',
    p: {
      target,
      previousImage,
      previousTemplate: w.before?.spec?.template ?? {},
      appliedTemplate: w.after.spec?.template ?? {},
      deployment: w.after,
      patchedAt: Date.now(),
      ...(w.before ? {} : { created }),
    },
  }
}
