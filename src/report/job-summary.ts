// The one writer of the job summary, for every mode. The summary reports what happened;
// it is not the job's work, so a write that fails is a warning and never fails a run
// whose build, deploy or check went through.
import * as core from '@actions/core'

export async function writeJobSummary(markdown: string): Promise<void> {
  // Outside a runner there is no summary file; the log has said it all.
  if (!process.env.GITHUB_STEP_SUMMARY) return
  try {
    await core.summary.addRaw(markdown).write()
  } catch (err) {
    core.summary.emptyBuffer()
    core.warning(
      `Could not write the job summary: ${err instanceof Error ? err.message : String(err)}`,
    )
  }
}
