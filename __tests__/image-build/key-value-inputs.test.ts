// build-args, labels and secrets: one entry a line, verbatim; a quoted entry (as
// build-push-action's CSV lists) may hold quotes and newlines.
import { expect, test } from 'vitest'
import { splitKeyValueList } from '../../src/inputs.ts'

// prettier-ignore
test.each([
  { name: 'one a line, verbatim', value: 'A=1\nB=$(touch /tmp/x) "q" \'s\'', out: ['A=1', `B=$(touch /tmp/x) "q" 's'`] },
  { name: 'blank and comment lines dropped', value: '\n# c\nA=1\n\n', out: ['A=1'] },
  { name: 'quoted entry spans lines', value: '"A=line one\nline two"\nB=2', out: ['A=line one\nline two', 'B=2'] },
  { name: 'doubled quote in a quoted entry', value: '"A=say ""hi"""', out: ['A=say "hi"'] },
  { name: 'quotes inside an unquoted line stay', value: 'A="x"', out: ['A="x"'] },
])('$name', ({ value, out }) => expect(splitKeyValueList('build-args', value)).toEqual(out))

// prettier-ignore
test.each([
  { value: '"A=never closed\nB=2', message: /no closing quote/ },
  { value: '"A=x" trailing', message: /after the closing quote/ },
])('refuses $value', ({ value, message }) => {
  expect(() => splitKeyValueList('build-args', value)).toThrow(message)
  expect(() => splitKeyValueList('build-args', value)).toThrow(/^Input 'build-args': /)
})
