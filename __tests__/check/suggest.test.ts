import { describe, expect, test } from 'vitest'
import type { Finding } from '../../src/check/findings.ts'
import { suggestDigests, type DigestResolver } from '../../src/check/suggest.ts'

const d1 = `sha256:${'a'.repeat(64)}`
const f = (image: string, over: Partial<Finding> = {}): Finding => ({
  file: 'f',
  line: 1,
  column: 1,
  endLine: 1,
  endColumn: 2,
  image,
  kind: 'k8s-container',
  place: 'p',
  severity: 'error',
  reason: 'latest',
  message: 'm',
  fix: 'pin a version tag or a digest',
  ...over,
})

describe('suggestDigests', () => {
  test('names the digest of each failing tag; asks once per image; skips warnings', async () => {
    const asked: string[] = []
    const resolve: DigestResolver = async (ref) => {
      asked.push(ref)
      return ref === 'nginx:latest' ? d1 : undefined
    }
    const findings = [
      f('nginx:latest'),
      f('nginx:latest'),
      f('redis'),
      f('${X}', { severity: 'warning', reason: 'unresolved' }),
    ]
    await suggestDigests(findings, resolve)
    expect(asked).toEqual(['nginx:latest', 'redis'])
    expect(findings[0]).toMatchObject({ digest: d1, fix: `pin the digest: nginx:latest@${d1}` })
    expect(findings[2]).not.toHaveProperty('digest')
    expect(findings[2]!.fix).toBe('pin a version tag or a digest')
  })

  test('a resolver that hangs is cut off by the budget and aborted; one that throws is ignored', async () => {
    let aborted = false
    const hang: DigestResolver = (_ref, signal) =>
      new Promise((_res) => signal.addEventListener('abort', () => (aborted = true)))
    const findings = [f('a:latest')]
    await suggestDigests(findings, hang, 20)
    expect(aborted).toBe(true)
    expect(findings[0]).not.toHaveProperty('digest')

    const boom: DigestResolver = async () => {
      throw new Error('offline')
    }
    await suggestDigests(findings, boom)
    expect(findings[0]!.fix).toBe('pin a version tag or a digest')
  })

  test('an answer that is not a sha256 digest is not suggested', async () => {
    const findings = [f('a:latest')]
    await suggestDigests(findings, async () => 'sha256:short')
    expect(findings[0]).not.toHaveProperty('digest')
  })
})
