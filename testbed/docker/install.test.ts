// The test bed says why it installs each Debian package before it installs it.
import { expect, test } from 'vitest'
import { PACKAGES, WHY } from './install.ts'

test('every package the test bed may install has its reason', () => {
  const packages = [...new Set(Object.values(PACKAGES))].sort()
  expect(Object.keys(WHY).sort()).toEqual(packages)
})
