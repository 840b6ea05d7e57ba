// What a bench test container does, as the e2e tests' deploy-kit writes it
// (__tests__/e2e/deploy-kit.ts imports vitest, so the script is repeated here). Pure.

export interface Behaviour {
  /** Lines printed at start. */
  log?: readonly string[]
  /** Seconds until it writes /tmp/ready (the readiness probe's file); `never` = never. */
  readyAfter?: number | 'never'
  /** Seconds until it exits with `exitCode` (default 1). */
  exitAfter?: number
  exitCode?: number
}

export function behaviourScript(b: Behaviour): string {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`
  const parts = ['trap "exit 0" TERM']
  for (const line of b.log ?? []) parts.push(`echo ${q(line)}`)
  if (b.readyAfter !== 'never') {
    const after = b.readyAfter ?? 0
    parts.push(after > 0 ? `(sleep ${after}; touch /tmp/ready) &` : 'touch /tmp/ready')
  }
  if (b.exitAfter !== undefined) parts.push(`sleep ${b.exitAfter}`, `exit ${b.exitCode ?? 1}`)
  else parts.push('while :; do sleep 1; done')
  return parts.join('\n')
}

/** A Dockerfile on `base` whose command does what `b` says. */
export function behaviourDockerfileOn(base: string, b: Behaviour): string {
  return `FROM ${base}\nCMD ${JSON.stringify(['sh', '-c', behaviourScript(b)])}\n`
}
