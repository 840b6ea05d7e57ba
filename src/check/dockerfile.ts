// Dockerfiles and Containerfiles: every place a build pulls an image. Pure: text in,
// image uses out. Parsed with dockerfile-ast (escape directive, line continuations,
// flags), not regexes.
//
// What names an image: FROM (after --platform), COPY --from=<image>, and
// RUN --mount=…,from=<image>. What does not: `scratch`, an earlier stage's name
// (`FROM build`, `COPY --from=build`), a stage index (`--from=0`). Global ARGs (before
// the first FROM) are substituted into FROM as BuildKit does; a FROM that stays
// unresolved (an ARG with no default) is reported as unresolved, never passed silently.
import { DockerfileParser, type Copy, type From, type Run } from 'dockerfile-ast'
import type { ImageUse, PlaceKind } from './findings.ts'
import {
  isUnresolved,
  substituteVariables,
  unresolvedReason,
  type Substitution,
} from './variables.ts'

export interface DockerfileScan {
  uses: ImageUse[]
  /** Why the file could not be read as a Dockerfile (reported as a warning). */
  problems: { line: number; message: string }[]
}

export interface DockerfileScanOptions {
  /** `KEY=VALUE` build arguments that override ARG defaults (deploy mode's build-args). */
  buildArgs?: Record<string, string>
}

interface Range {
  start: { line: number; character: number }
  end: { line: number; character: number }
}

/**
 * A file name the check reads as a Dockerfile: the word Dockerfile or Containerfile on
 * its own in it, as the conventions write it (Dockerfile, Dockerfile.prod,
 * Dockerfile-alpine, api.Dockerfile, web.dockerfile), and no ending of another kind of
 * file. DockerfileGenerator.kt only mentions the word; Dockerfile.dockerignore,
 * README-Dockerfile.md, dockerfile.ts, a backup or a patch are not Dockerfiles.
 */
export function isDockerfileName(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1)
  return DOCKERFILE_WORD.test(base) && !NOT_A_DOCKERFILE.test(base)
}

const DOCKERFILE_WORD = /(?:^|[._-])(?:dockerfile|containerfile)(?:$|[._-])/i

/** Endings of files named after a Dockerfile that are something else. */
const NOT_A_DOCKERFILE_EXTENSIONS = [
  // ignore files, documents, data
  'dockerignore md markdown txt rst adoc html json ya?ml toml xml ini csv lock log snap',
  // source code, scripts, editors' syntax files
  'ts tsx js jsx mjs cjs sh bash ps1 bat py go rs java kt kts scala groovy gradle cs fs',
  'c h cc cpp hpp rb php pl lua swift el vim nix bzl tf hcl',
  // patches, backups, images
  'orig rej patch diff bak swp svg png jpe?g gif',
]
  .join(' ')
  .split(' ')
const NOT_A_DOCKERFILE = new RegExp(`(?:\\.(?:${NOT_A_DOCKERFILE_EXTENSIONS.join('|')})|~)$`, 'i')

export function scanDockerfile(text: string, opts: DockerfileScanOptions = {}): DockerfileScan {
  const uses: ImageUse[] = []
  const problems: DockerfileScan['problems'] = []
  if (text.includes('\u0000')) {
    return { uses, problems: [{ line: 1, message: 'is not a text file' }] }
  }
  const df = DockerfileParser.parse(text)
  const escape = df.getEscapeCharacter()
  const instructions = df.getInstructions()
  const froms = df.getFROMs()
  if (instructions.length > 0 && froms.length === 0) {
    return {
      uses,
      problems: [
        { line: 1, message: 'has instructions but no FROM: not a Dockerfile dock2pod can read' },
      ],
    }
  }

  // Global ARGs: defaults may build on earlier ones; build-args override them.
  const globals = new Map<string, string | undefined>()
  // A global ARG whose default uses what cannot be known: no value, and why.
  const unknownDefaults = new Map<string, string>()
  for (const arg of df.getInitialARGs()) {
    const prop = arg.getProperty()
    if (!prop) continue
    const name = prop.getName()
    const raw = prop.getValue()
    if (opts.buildArgs && name in opts.buildArgs) globals.set(name, opts.buildArgs[name])
    else if (raw === null) globals.set(name, undefined)
    else {
      const sub = substituteVariables(unquote(raw), (n) => globals.get(n), { escape })
      const unknown = isUnresolved(sub)
      globals.set(name, unknown ? undefined : sub.value)
      if (unknown) unknownDefaults.set(name, unresolvedReason(sub, NO_VALUE))
      else unknownDefaults.delete(name)
    }
  }
  const globalLookup = (n: string) => globals.get(n)

  const stages: string[] = []
  const isStage = (name: string) => stages.includes(name.toLowerCase())
  let stageIndex = -1

  for (const ins of instructions) {
    const keyword = ins.getKeyword()
    const startLine = ins.getRange().start.line + 1
    if (keyword === 'FROM') {
      stageIndex++
      const from = ins as From
      const raw = from.getImage()
      const range = from.getImageRange() as Range | null
      if (!raw || !range) {
        problems.push({ line: startLine, message: 'has a FROM without an image' })
        continue
      }
      // A Dockerfile template (Jinja, Go templates, ERB, balena's %%VAR%%): the image is
      // filled in before the build, and the parser splits the placeholder at its spaces.
      const args = from.getArgumentsContent() ?? ''
      const argsRange = from.getArgumentsRange() as Range | null
      if (TEMPLATE.test(args) && argsRange) {
        const flags = /^(?:--\S+\s+)*/.exec(args)![0].length
        const as = /\s+as\s+(\S+)\s*$/i.exec(args)
        const written = args.slice(flags, as ? as.index : undefined).trim()
        const column = argsRange.start.character + 1 + flags
        uses.push({
          line: argsRange.start.line + 1,
          column,
          endLine: argsRange.start.line + 1,
          endColumn: column + written.length,
          image: written,
          written,
          kind: 'dockerfile-from',
          place: `FROM${as ? ` (stage ${as[1]})` : ` (stage ${stageIndex})`}`,
          unresolved: 'it is filled in by a template before the build',
          unresolvedFix:
            'pin the image where the template is filled in, or add a dock2pod-ignore comment',
          ignoreAbove: [startLine],
        })
        if (as) stages.push(as[1]!.toLowerCase())
        continue
      }
      const stageLabel = from.getBuildStage()
      const place = `FROM${stageLabel ? ` (stage ${stageLabel})` : ` (stage ${stageIndex})`}`
      const use = resolveUse(
        unquote(raw),
        range,
        globalLookup,
        escape,
        'dockerfile-from',
        place,
        startLine,
        { isStage, unknownDefaults },
      )
      if (use) uses.push(use)
      if (stageLabel) stages.push(stageLabel.toLowerCase())
      continue
    }
    if (stageIndex < 0) continue
    // Inside a stage: ARGs declared in the stage (with the global default when
    // redeclared without a value), then ENV, as BuildKit expands flags.
    const stageLookup = (n: string) => {
      const v = df.resolveVariable(n, ins.getRange().start.line)
      if (typeof v === 'string') return v
      return v === null ? globals.get(n) : undefined
    }
    if (keyword === 'COPY') {
      const flag = (ins as Copy).getFromFlag()
      const value = flag?.getValue()
      const range = flag?.getValueRange() as Range | null | undefined
      if (!flag || !value || !range) continue
      const use = resolveUse(
        unquote(value),
        range,
        stageLookup,
        escape,
        'dockerfile-copy-from',
        'COPY --from',
        startLine,
        { isStage, unknownDefaults },
      )
      if (use) uses.push(use)
      continue
    }
    if (keyword === 'RUN') {
      for (const flag of (ins as Run).getFlags()) {
        if (flag.getName() !== 'mount') continue
        const fromOption = flag.getOptions().find((o) => o.getName() === 'from')
        const value = fromOption?.getValue()
        const range = fromOption?.getValueRange() as Range | null | undefined
        if (!value || !range) continue
        const use = resolveUse(
          unquote(value),
          range,
          stageLookup,
          escape,
          'dockerfile-run-mount',
          'RUN --mount from',
          startLine,
          { isStage, unknownDefaults },
        )
        if (use) uses.push(use)
      }
    }
  }
  return { uses, problems }
}

const NO_VALUE = 'no value and no default'

/** Template placeholders: {{ }}, {% %}, <% %>, %%NAME%%. */
const TEMPLATE = /\{\{|\{%|<%|%%[A-Z_]+%%/

/** Why a reference cannot be known; a global ARG whose default could not be known says
 *  what its default uses. */
function unresolvedWhy(sub: Substitution, unknownDefaults = new Map<string, string>()): string {
  const own = sub.unresolved.filter((n) => !unknownDefaults.has(n))
  const derived = sub.unresolved
    .filter((n) => unknownDefaults.has(n))
    .map((n) => `the default of $${n} cannot be known (${unknownDefaults.get(n)})`)
  return [unresolvedReason({ ...sub, unresolved: own }, NO_VALUE), ...derived]
    .filter(Boolean)
    .join('; ')
}

function resolveUse(
  written: string,
  range: Range,
  lookup: (n: string) => string | undefined,
  escape: string,
  kind: PlaceKind,
  place: string,
  startLine: number,
  extra: { isStage?: (name: string) => boolean; unknownDefaults?: Map<string, string> } = {},
): ImageUse | undefined {
  const sub = substituteVariables(written, lookup, { escape })
  const image = sub.value.trim()
  const pos = {
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  }
  if (isUnresolved(sub)) {
    return {
      ...pos,
      image: written,
      written,
      kind,
      place,
      unresolved: unresolvedWhy(sub, extra.unknownDefaults),
      ignoreAbove: [startLine],
    }
  }
  if (image.toLowerCase() === 'scratch') return undefined
  if (kind === 'dockerfile-from' ? false : /^\d+$/.test(image)) return undefined // a stage index
  if (extra.isStage?.(image)) return undefined
  return {
    ...pos,
    image,
    ...(image !== written ? { written } : {}),
    kind,
    place,
    ignoreAbove: [startLine],
  }
}

function unquote(s: string): string {
  const t = s.trim()
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0])
    return t.slice(1, -1)
  return t
}
