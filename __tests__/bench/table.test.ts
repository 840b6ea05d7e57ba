import { describe, expect, test } from 'vitest'
import { distribution, missing, single, type Row } from '../../bench/figures.ts'
import { formatCell, formatValue, renderTable, TABLE_HEADER } from '../../bench/table.ts'

describe('formatValue', () => {
  test.each([
    { value: 3.14159, unit: 'ms', want: '3.14 ms' },
    { value: 42.26, unit: 'ms', want: '42.3 ms' },
    { value: 312.4, unit: 'ms', want: '312 ms' },
    { value: 1987, unit: 'ms', want: '1.99 s' },
    { value: 596.4, unit: 's', want: '596 s' },
    { value: 1_079_228, unit: 'bytes', want: '1.08 MB' },
    { value: 4010, unit: 'bytes', want: '4.01 kB' },
    { value: 12, unit: 'requests', want: '12' },
    { value: 45.2, unit: 'MB', want: '45.2 MB' },
    { value: 0.84, unit: 'cpu-s', want: '0.84 s CPU' },
    { value: 2431.6, unit: 'files/s', want: '2,432 files/s' },
  ] as const)('$value $unit → $want', ({ value, unit, want }) =>
    expect(formatValue(value, unit)).toBe(want),
  )
})

describe('formatCell', () => {
  test('a distribution gives median, p95 and n', () =>
    expect(formatCell(distribution([10, 20, 30], 'ms'))).toBe('20.0 ms (p95 30.0 ms, n=3)'))
  test('a single value gives its n', () =>
    expect(formatCell(single(7, 'requests', 1))).toBe('7 (n=1)'))
  test('a missing figure says why', () =>
    expect(formatCell(missing('no check mode'))).toBe('— (no check mode)'))
})

describe('renderTable', () => {
  const rows: Row[] = [
    {
      scenario: 'cold-start',
      measure: 'Cold start | check',
      dock2pod: distribution([50, 60], 'ms'),
      kubectl: missing('n/a'),
      note: 'first line:\n"Checking"',
    },
  ]
  test('a header, a separator and one line per row, pipes escaped', () => {
    const lines = renderTable(rows).split('\n')
    expect(lines[0]).toBe(`| ${TABLE_HEADER.join(' | ')} |`)
    expect(lines[1]).toBe('| --- | --- | --- | --- | --- |')
    expect(lines[2]).toBe(
      '| cold-start | Cold start \\| check | 55.0 ms (p95 60.0 ms, n=2) | — (n/a) | first line: "Checking" |',
    )
    expect(lines).toHaveLength(3)
  })
})
