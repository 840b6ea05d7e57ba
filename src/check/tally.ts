// How many files the check read, by what it read them as, and how many it skipped, by
// why: the summary's first line. Pure counting.
import type { FileScan } from './scan.ts'

export interface FileCounts {
  /** Files read for images, by kind (a file counts once, under its first kind). */
  checked: Record<string, number>
  checkedTotal: number
  /** Files listed but not read for images, by reason. */
  skipped: Record<string, number>
  skippedTotal: number
}

export class FileTally {
  private readonly checked = new Map<string, number>()
  private readonly skipped = new Map<string, number>()

  add(scan: FileScan): void {
    const kind = scan.readAs[0]
    if (kind) bump(this.checked, kind)
    else bump(this.skipped, scan.skipped ?? 'not valid YAML')
  }

  skip(reason: string): void {
    bump(this.skipped, reason)
  }

  counts(): FileCounts {
    const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0)
    return {
      checked: byCount(this.checked),
      checkedTotal: sum(this.checked),
      skipped: byCount(this.skipped),
      skippedTotal: sum(this.skipped),
    }
  }
}

function bump(m: Map<string, number>, key: string): void {
  m.set(key, (m.get(key) ?? 0) + 1)
}

/** Largest count first, then by name: a stable order for the summary. */
function byCount(m: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])))
}
