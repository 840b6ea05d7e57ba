// Which Dockerfile instruction broke a build, read from the builder's own output. Pure:
// the output and the Dockerfile's text go in, a line number comes out.
//
// BuildKit (docker 20.10 with DOCKER_BUILDKIT=1, and buildx) ends a failed build with
//   ------
//    > [stage-1 3/4] RUN make:
//   ------
//   executor failed running [/bin/sh -c make]: exit code: 2
// where 3 counts FROM, RUN, COPY, ADD and WORKDIR within the stage (named by its `AS`
// or `stage-<index>`; no name when one stage is built), and newer versions add a line
// `Dockerfile:12`. The classic builder prints `Step 5/9 : RUN make`, counting every
// instruction of the file, then `The command '/bin/sh -c make' returned a non-zero code: 2`.
import { DockerfileParser } from 'dockerfile-ast'

export interface BuildFailure {
  builder: 'buildkit' | 'classic'
  /** BuildKit's stage name in the step prefix, when it printed one. */
  stage?: string
  /** 1-based step within the stage (BuildKit) or the file (classic). */
  step?: number
  /** The instruction as the builder printed it: `RUN make`. */
  instruction?: string
  /** A line number the builder printed itself (`Dockerfile:12`), 1-based. */
  line?: number
  /** The builder's last word on why: `executor failed running …: exit code: 2`. */
  reason: string
  /**
   * Every build step ran, and pushing the image or exporting its cache failed (BuildKit
   * names the export as the failing vertex, or its reason starts `failed to push`).
   */
  pushing?: boolean
}

const STEP_BLOCK = /^ > \[(?:(\S+) )?(\d+)\/\d+\] (.*):$/
const CLASSIC_STEP = /^Step (\d+)\/\d+ : (.*)$/

/** Read the failure out of a builder's output (stdout and stderr together). */
export function parseBuildFailure(output: string): BuildFailure | undefined {
  const lines = output.replace(/\r/g, '').split('\n')
  const last = (re: RegExp): [number, RegExpExecArray] | undefined => {
    for (let i = lines.length - 1; i >= 0; i--) {
      const m = re.exec(lines[i]!)
      if (m) return [i, m]
    }
    return undefined
  }
  const reasonAfter = (from: number): string => {
    for (let i = lines.length - 1; i > from; i--) {
      const l = lines[i]!.trim()
      if (l !== '' && !/^-+$/.test(l) && !/^\d+ \|/.test(l))
        return l.replace(/^ERROR: /, '').replace(/^failed to build: /, '')
    }
    return ''
  }
  const block = last(STEP_BLOCK)
  if (block) {
    const [i, m] = block
    const printedLine = last(/^(?:\S+\/)?[^\s/]*Dockerfile[^\s/]*:(\d+)$/)
    return {
      builder: 'buildkit',
      ...(m[1] ? { stage: m[1] } : {}),
      step: Number(m[2]),
      instruction: m[3]!,
      ...(printedLine && printedLine[0] > i ? { line: Number(printedLine[1][1]) } : {}),
      reason: reasonAfter(i),
    }
  }
  const failed = last(/^The command .* returned a non-zero code: \d+$/)
  const step = last(CLASSIC_STEP)
  if (failed && step && step[0] < failed[0]) {
    return {
      builder: 'classic',
      step: Number(step[1][1]),
      instruction: step[1][2]!,
      reason: failed[1][0],
    }
  }
  const solve = last(/^(?:ERROR: )?(?:failed to build: )?(failed to solve.*)$/)
  if (!solve) return undefined
  const [at, m] = solve
  let reason = m[1]!
  // A registry's answer comes as a list under the line: `failed to push …: errors:`.
  if (/ errors:$/.test(reason)) {
    const listed: string[] = []
    for (let i = at + 1; i < lines.length && listed.length < MAX_LISTED_ERRORS; i++) {
      const l = lines[i]!.trim()
      if (l === '') break
      listed.push(l)
    }
    if (listed.length > 0) reason = `${reason.replace(/ errors:$/, '')} ${listed.join('; ')}`
  }
  const exporting = lines.some((l) => EXPORT_BLOCK.test(l))
  return {
    builder: 'buildkit',
    reason,
    ...(exporting || /^failed to solve: failed to push /.test(reason) ? { pushing: true } : {}),
  }
}

/** How many lines of a registry's `errors:` list the reason quotes. */
const MAX_LISTED_ERRORS = 4
/** BuildKit's summary of a failed export: ` > exporting to image:`, ` > exporting cache to registry:`. */
const EXPORT_BLOCK = /^ > exporting (?:to image|cache\b.*):$/
/** A registry's refusal, which a second push would meet again. */
const REFUSED =
  /\b(?:denied|unauthori[sz]ed|forbidden|authenticat\w*|insufficient_scope|401|403|name (?:unknown|invalid)|not found|does not exist|quota|too large)\b/i

/** The warning before the push is made once more. */
export function pushRetryMessage(reason: string): string {
  return `The push failed: ${reason}. Every build step had run, so dock2pod pushes once more.`
}

/** The error for a push that failed after every step ran (`reason` from the builder). */
export function pushFailedMessage(reason: string): string {
  return `The image was built, but pushing it failed: ${reason}. Nothing is deployed.`
}

/**
 * Whether pushing again may succeed: the steps all ran (BuildKit holds their results, so
 * a second run only pushes), and the registry did not refuse access or the name. A
 * registry that fails one upload among concurrent ones (`provided digest did not match
 * uploaded content`, a 5xx, a reset connection) is the case this is for.
 */
export function pushWorthRetrying(failure: BuildFailure | undefined): boolean {
  return failure?.pushing === true && !REFUSED.test(failure.reason)
}

export interface FailingInstruction {
  /** 1-based line of the instruction's keyword. */
  line: number
  /** The instruction's text, continuation lines joined. */
  text: string
}

interface Instr {
  keyword: string
  text: string
  line: number
}

// BuildKit numbers these within a stage (after FROM, which is step 1).
const BUILDKIT_STEPS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR'])

const normalise = (s: string): string => s.replace(/\s+/g, ' ').trim()

/**
 * The Dockerfile line the failure points at, or undefined when the output does not say
 * and no instruction matches. `target` is the stage that was built (BuildKit omits the
 * stage name when the build has one stage).
 */
export function locateFailure(
  dockerfile: string,
  failure: BuildFailure,
  target = '',
): FailingInstruction | undefined {
  const parsed = DockerfileParser.parse(dockerfile)
  const all: Instr[] = parsed.getInstructions().map((i) => ({
    keyword: i.getKeyword().toUpperCase(),
    text: `${i.getKeyword().toUpperCase()} ${i.getArgumentsContent() ?? ''}`,
    line: i.getRange().start.line + 1,
  }))
  if (failure.line !== undefined) {
    const at = all.find((i) => i.line === failure.line)
    return { line: failure.line, text: at?.text ?? failure.instruction ?? '' }
  }
  const want = failure.instruction ? normalise(failure.instruction) : undefined
  const matches = (i: Instr | undefined): i is Instr =>
    i !== undefined && (want === undefined || normalise(i.text) === want)

  let byStep: Instr | undefined
  if (failure.step !== undefined) {
    if (failure.builder === 'classic') {
      byStep = all[failure.step - 1]
    } else {
      const stages: { name?: string; instrs: Instr[] }[] = []
      for (const i of all) {
        if (i.keyword === 'FROM') {
          const alias = /\sAS\s+(\S+)\s*$/i.exec(i.text)?.[1]
          stages.push({ ...(alias ? { name: alias.toLowerCase() } : {}), instrs: [i] })
        } else if (BUILDKIT_STEPS.has(i.keyword) && stages.length > 0) {
          stages[stages.length - 1]!.instrs.push(i)
        }
      }
      let stage: { instrs: Instr[] } | undefined
      if (failure.stage) {
        const index = /^stage-(\d+)$/.exec(failure.stage)
        stage = index
          ? stages[Number(index[1])]
          : stages.find((s) => s.name === failure.stage!.toLowerCase())
      } else if (stages.length === 1) {
        stage = stages[0]
      } else {
        stage = target
          ? stages.find((s) => s.name === target.toLowerCase())
          : stages[stages.length - 1]
      }
      byStep = stage?.instrs[failure.step - 1]
    }
  }
  // The step number decides when its text agrees; otherwise the one instruction whose
  // text the builder printed (a build arg in FROM or a changed count would mislead us).
  if (matches(byStep)) return { line: byStep.line, text: byStep.text }
  if (want === undefined) return undefined
  const same = all.filter(matches)
  return same.length === 1 ? { line: same[0]!.line, text: same[0]!.text } : undefined
}
