// One checked file's findings: scanned with what other files say (context.ts), judged by
// the policy. A manifest with a reference to report is judged again as the
// kustomizations that build on it build it, since their `images:` entries may pin it;
// finding them lists every folder of the workspace, so it is done only for such a file.
import type { Policy } from '../policy/index.ts'
import type { ScanContexts } from './context.ts'
import { judgeUses, type Finding, type JudgeOptions } from './findings.ts'
import { asBuilt } from './kustomize.ts'
import { scanFile, type FileScan } from './scan.ts'

export async function checkFile(
  file: string,
  text: string,
  contexts: ScanContexts,
  policy: Policy,
  opts: JudgeOptions = {},
): Promise<{ scan: FileScan; findings: Finding[] }> {
  const ctx = contexts.get(file) ?? {}
  const scan = scanFile(file, text, ctx)
  const findings = judgeUses(file, text, scan.uses, policy, opts)
  if (!findings.some((f) => f.kind === 'k8s-container')) return { scan, findings }
  const builds = await contexts.kustomizeBuilds(file)
  if (!builds) return { scan, findings }
  const built = { ...scan, uses: asBuilt(scan.uses, builds) }
  return { scan: built, findings: judgeUses(file, text, built.uses, policy, opts) }
}
