// Facts of the workflow run (event, ref, commit), from @actions/github's context, and
// the workspace as the inputs see it.
import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import type { RunFacts } from './inputs.ts'

export async function runFacts(): Promise<RunFacts> {
  const { context } = await import('@actions/github')
  const pr = context.payload.pull_request as { head?: { sha?: string } } | undefined
  return {
    eventName: context.eventName ?? '',
    ref: context.ref ?? '',
    sha: context.sha ?? '',
    ...(pr?.head?.sha ? { prHeadSha: pr.head.sha } : {}),
    // context.repo throws without GITHUB_REPOSITORY (a local run): no source label then.
    ...(process.env.GITHUB_REPOSITORY
      ? { sourceUrl: `${context.serverUrl}/${context.repo.owner}/${context.repo.repo}` }
      : {}),
    pathKind(path: string) {
      const p = resolve(process.cwd(), path)
      if (!existsSync(p)) return undefined
      return statSync(p).isDirectory() ? 'dir' : 'file'
    },
  }
}
