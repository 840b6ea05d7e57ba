// The TypeScript files under src/, relative to the repository root: what the static
// guards (no shell, one writer of outputs) read.
import { readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { ROOT } from '../../testbed/action-runner.ts'

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? tsFiles(join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [relative(ROOT, join(dir, e.name))]
        : [],
  )
}

export const sourceFiles = (): string[] => tsFiles(join(ROOT, 'src'))
