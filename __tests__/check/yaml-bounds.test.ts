// YAML merge keys (`<<`) cost time in proportion to the file, not to what they expand
// to: each map is expanded once, aliases are resolved in one walk, and a document whose
// merges still expand past MAX_MERGED_ENTRIES is reported as not checked (a warning),
// never as a finding. Sizes, not times, are asserted: a file that took minutes before
// would also never end here.
import { describe, expect, test } from 'vitest'
import { scanFile } from '../../src/check/scan.ts'
import { MAX_MERGED_ENTRIES } from '../../src/check/yaml-nodes.ts'

/** `levels` anchors, each merging the one below `width` times; one service merges the top. */
function mergeBomb(levels: number, width: number): string {
  const lines = ['x-l0: &l0', '  image: nginx:latest']
  for (let i = 1; i <= levels; i++)
    lines.push(
      `x-l${i}: &l${i}`,
      `  <<: [${Array(width)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
      `  k${i}: v`,
    )
  lines.push('services:', '  web:', `    <<: *l${levels}`)
  return lines.join('\n') + '\n'
}

describe('nested merge keys', () => {
  // 6 levels × 10 took 39 s before, ×10 per level; 12 levels would take years.
  test.each([3, 6, 12, 40, 100])('%i levels of 10 merges: the image is found, once', (levels) => {
    const text = mergeBomb(levels, 10)
    const r = scanFile('docker-compose.yml', text)
    expect(r.problems).toEqual([])
    expect(r.uses).toHaveLength(1)
    expect(r.uses[0]).toMatchObject({ image: 'nginx:latest', line: 2 })
  })

  test('the 612-byte shape of the report (8 levels) is read', () => {
    const text = mergeBomb(8, 10)
    expect(text.length).toBeLessThan(700)
    expect(scanFile('docker-compose.yml', text).uses).toHaveLength(1)
  })

  test('20,000 aliases of one anchor in one merge', () => {
    const text = `x-a: &a\n  image: nginx:latest\nservices:\n  web:\n    <<: [${Array(20_000).fill('*a').join(', ')}]\n`
    expect(scanFile('docker-compose.yml', text).uses).toHaveLength(1)
  })

  test('a map that merges itself (alias cycle) ends, its own image found', () => {
    const text =
      'x-a: &a\n  k: v\n  <<: [*a, *a, *a]\nservices:\n  web:\n    <<: *a\n    image: nginx:latest\n'
    const r = scanFile('docker-compose.yml', text)
    expect(r.uses.map((u) => u.image)).toEqual(['nginx:latest'])
  })

  test('merges nested deeper than 256 levels: not checked, said so', () => {
    const r = scanFile('docker-compose.yml', mergeBomb(300, 1))
    expect(r.uses).toEqual([])
    expect(r.problems[0]?.message).toMatch(/merge keys \(<<\) expand to more than/)
  })
})

describe(`at most ${MAX_MERGED_ENTRIES} merged entries per document`, () => {
  // Work = 3 (top map, services, the anchor once) + n × (1 + 99 merged keys) + plain
  // services (1 each): 999 merging services and 97 plain ones come to the limit exactly.
  const doc = (plain: number) => {
    const lines = ['x-a: &a']
    for (let i = 0; i < 99; i++) lines.push(`  k${i}: v`)
    lines.push('services:')
    for (let i = 0; i < 999; i++) lines.push(`  s${i}:`, '    <<: *a')
    for (let i = 0; i < plain; i++) lines.push(`  p${i}:`, '    image: nginx:1')
    return lines.join('\n') + '\n'
  }
  test('at the limit: read, every image found', () => {
    const r = scanFile('docker-compose.yml', doc(97))
    expect(r.problems).toEqual([])
    expect(r.uses).toHaveLength(97)
  })
  test('one beyond: not checked, one problem, no finding', () => {
    const r = scanFile('docker-compose.yml', doc(98))
    expect(r.uses).toEqual([])
    expect(r.problems).toEqual([
      {
        line: 1,
        column: 1,
        message: `its merge keys (<<) expand to more than ${MAX_MERGED_ENTRIES} entries; the document was not checked`,
      },
    ])
  })
})
