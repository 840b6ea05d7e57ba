// `npm run bench -- [--quick] [--runs <n>] [--only <scenario>[,<scenario>…]] [--kinds <reason>[,<reason>…]] [--entry <path>] [--out <file> | --fresh]`
// parsed, pure.
import { KINDS, type Kind } from './failure-rows.ts'

export const SCENARIOS = [
  'cold-start',
  'bundle-size',
  'failure-latency',
  'success-latency',
  'api-cost',
  'runner-cost',
  'overhead',
  'check-throughput',
] as const

export type ScenarioName = (typeof SCENARIOS)[number]

export interface BenchOptions {
  /** Small samples: a smoke run, not figures to publish. */
  quick: boolean
  /** Samples per measured figure, overriding each scenario's default. */
  runs?: number
  only: ScenarioName[]
  /** failure-latency: only these reasons of the catalogue (default: all of KINDS). */
  kinds?: Kind[]
  /** The bundle to run; default the committed dist/index.js. */
  entry?: string
  /** A file of this run alone; default: recorded in bench/results.json beside earlier runs. */
  out?: string
  /** bench/results.json started over: this run alone. */
  fresh?: boolean
}

export class UsageError extends Error {
  override name = 'UsageError'
}

export const USAGE = `usage: node bench/run.ts [--quick] [--runs <n>] [--only <scenario>[,<scenario>…]] [--kinds <reason>[,<reason>…]] [--entry <dist/index.js>] [--out <file> | --fresh]
scenarios: ${SCENARIOS.join(', ')}
reasons (failure-latency): ${KINDS.join(', ')}`

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const opts: BenchOptions = { quick: false, only: [...SCENARIOS] }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined]
    const list = () =>
      value()
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    const value = () => {
      const v = inline ?? argv[++i]
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value\n${USAGE}`)
      return v
    }
    if (flag === '--quick') opts.quick = true
    else if (flag === '--runs') {
      const v = value()
      const n = Number(v)
      if (!Number.isInteger(n) || n < 1)
        throw new UsageError(`--runs: "${v}" is not a whole number of 1 or more\n${USAGE}`)
      opts.runs = n
    } else if (flag === '--only') {
      const names = list()
      for (const n of names)
        if (!(SCENARIOS as readonly string[]).includes(n))
          throw new UsageError(`--only: unknown scenario "${n}"\n${USAGE}`)
      opts.only = SCENARIOS.filter((s) => names.includes(s))
    } else if (flag === '--kinds') {
      const names = list()
      for (const n of names)
        if (!(KINDS as readonly string[]).includes(n))
          throw new UsageError(`--kinds: unknown reason "${n}"\n${USAGE}`)
      if (!names.length) throw new UsageError(`--kinds needs a value\n${USAGE}`)
      // In the catalogue's order, not the order given.
      opts.kinds = KINDS.filter((k) => names.includes(k))
    } else if (flag === '--entry') opts.entry = value()
    else if (flag === '--out') opts.out = value()
    else if (flag === '--fresh') opts.fresh = true
    else throw new UsageError(`unknown argument "${arg}"\n${USAGE}`)
  }
  return opts
}
