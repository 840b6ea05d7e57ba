// Variable substitution the way Dockerfiles (ARG in FROM) and compose files expand
// references: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}`,
// `${VAR+alt}` and compose's `${VAR:?error}`. Pure. A variable with no value and no
// default is reported as unresolved rather than guessed.

export interface Substitution {
  value: string
  /** Names that had no value and no default. */
  unresolved: string[]
  /** Expansions written in a form not evaluated here (`${TAG%%.*}`), as written. */
  unsupported: string[]
}

export interface SubstituteOptions {
  /** The escape that makes `$` literal: `\` in Dockerfiles (or the escape directive). */
  escape?: string
  /** Compose writes a literal `$` as `$$`. */
  dollarDollar?: boolean
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/

export function substituteVariables(
  text: string,
  lookup: (name: string) => string | undefined,
  opts: SubstituteOptions = {},
): Substitution {
  const unresolved: string[] = []
  const unsupported: string[] = []
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (opts.escape && c === opts.escape && text[i + 1] === '$') {
      out += '$'
      i++
      continue
    }
    if (c !== '$') {
      out += c
      continue
    }
    if (opts.dollarDollar && text[i + 1] === '$') {
      out += '$'
      i++
      continue
    }
    if (text[i + 1] === '{') {
      const close = matchingBrace(text, i + 1)
      if (close < 0) {
        out += text.slice(i)
        break
      }
      const inner = text.slice(i + 2, close)
      i = close
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])(.*))?$/s.exec(inner)
      if (!m) {
        unsupported.push(`\${${inner}}`)
        continue
      }
      const [, name, op, word = ''] = m
      const value = lookup(name!)
      const set = value !== undefined
      const nonEmpty = set && value !== ''
      const expandWord = () => {
        const sub = substituteVariables(word, lookup, opts)
        unresolved.push(...sub.unresolved)
        unsupported.push(...sub.unsupported)
        return sub.value
      }
      switch (op) {
        case undefined:
          if (set) out += value
          else unresolved.push(name!)
          break
        case ':-':
          out += nonEmpty ? value : expandWord()
          break
        case '-':
          out += set ? value : expandWord()
          break
        case ':+':
          out += nonEmpty ? expandWord() : ''
          break
        case '+':
          out += set ? expandWord() : ''
          break
        case ':?':
        case '?':
          if ((op === ':?' ? nonEmpty : set) && value !== undefined) out += value
          else unresolved.push(name!)
          break
      }
      continue
    }
    const m = NAME.exec(text.slice(i + 1))
    if (!m) {
      out += c
      continue
    }
    const value = lookup(m[0])
    if (value !== undefined) out += value
    else unresolved.push(m[0])
    i += m[0].length
  }
  return { value: out, unresolved, unsupported }
}

/** Whether the substitution left anything it could not know. */
export function isUnresolved(sub: Substitution): boolean {
  return sub.unresolved.length > 0 || sub.unsupported.length > 0
}

/**
 * Why a substitution cannot be judged: the variables with no value (`noValue` says
 * where none was found: "no value and no default") and the expansions not evaluated.
 */
export function unresolvedReason(sub: Substitution, noValue: string): string {
  const parts: string[] = []
  const { unresolved: names, unsupported: forms } = sub
  if (names.length > 0)
    parts.push(
      `${names.map((n) => `$${n}`).join(', ')} ${names.length > 1 ? 'have' : 'has'} ${noValue}`,
    )
  if (forms.length > 0)
    parts.push(
      `${forms.join(', ')} ${forms.length > 1 ? 'are expansions' : 'is an expansion'} the check does not evaluate`,
    )
  return parts.join('; ')
}

function matchingBrace(text: string, open: number): number {
  let depth = 0
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++
    else if (text[i] === '}' && --depth === 0) return i
  }
  return -1
}

/** Whether a text has anything that looks like a variable or a template (Tekton's
 *  `$(params.image)` too). */
export function hasVariables(text: string): boolean {
  return /\$\{?[A-Za-z_{]|\$\(|\{\{/.test(text)
}
