// Every size the action quotes has a limit (src/util/bounds.ts LIMITS), tested at the
// limit (whole) and one beyond (cut, and said so): a quoted line, an image reference,
// an annotation, the job summary, an output.
import { describe, expect, test } from 'vitest'
import { scanDockerfile } from '../../src/check/dockerfile.ts'
import { judgeUses, type Finding } from '../../src/check/findings.ts'
import { renderCheckSummary, renderReportJson } from '../../src/report/check-summary.ts'
import {
  renderAnnotation,
  renderDeploySummary,
  renderDeploymentsOutput,
  type DeploymentResult,
} from '../../src/report/deploy.ts'
import { boundedJsonArray, cut, cutLines, LIMITS } from '../../src/util/bounds.ts'

const bytes = (s: string) => Buffer.byteLength(s)

describe('cut', () => {
  test('at the limit: whole; one beyond: cut and says so', () => {
    expect(cut('a'.repeat(10), 10)).toBe('a'.repeat(10))
    expect(cut('a'.repeat(11), 10)).toBe(`${'a'.repeat(10)}… (cut, 11 characters)`)
  })
  test('never half a surrogate pair', () => {
    expect(cut(`${'a'.repeat(9)}😀b`, 10)).toBe(`${'a'.repeat(9)}… (cut, 12 characters)`)
  })
})

describe('cutLines', () => {
  test('at the limit: whole; beyond: whole lines that fit, then the note', () => {
    const text = 'one\ntwo\nthree\n'
    expect(cutLines(text, bytes(text), 'N')).toBe(text)
    const out = cutLines(text, bytes(text) - 1, 'N')
    expect(out).toBe('one\ntwo\nN')
    expect(bytes(out)).toBeLessThanOrEqual(bytes(text) - 1)
  })
})

describe('boundedJsonArray', () => {
  const items = Array.from({ length: 10 }, (_, i) => ({ i, pad: 'x'.repeat(100) }))
  const whole = JSON.stringify(items)
  test('at the limit: the whole array', () => {
    expect(boundedJsonArray(items, bytes(whole))).toBe(whole)
  })
  test('one byte less: valid JSON, the first items, within the limit', () => {
    const out = boundedJsonArray(items, bytes(whole) - 1)
    expect(bytes(out)).toBeLessThanOrEqual(bytes(whole) - 1)
    expect(JSON.parse(out)).toEqual(items.slice(0, 9))
  })
})

describe('image references in check findings', () => {
  const findingsFor = (image: string) => {
    const text = `FROM ${image}\n`
    return judgeUses('Dockerfile', text, scanDockerfile(text).uses, {
      denyTags: [],
      allowImages: [],
    })
  }
  test(`at ${LIMITS.imageRef} characters: quoted whole`, () => {
    const image = `r/${'a'.repeat(LIMITS.imageRef - 2)}`
    const [f] = findingsFor(image)
    expect(f!.image).toBe(image)
  })
  test('one beyond: cut in the finding, its message, the summary and the report', () => {
    const image = `r/${'a'.repeat(LIMITS.imageRef - 1)}`
    const [f] = findingsFor(image)
    expect(f!.image).toBe(
      `${image.slice(0, LIMITS.imageRef)}… (cut, ${LIMITS.imageRef + 1} characters)`,
    )
  })
  // Parsing a 1 MB Dockerfile line takes seconds: a generous timeout, no assertion on time.
  test(
    'a 1 MB reference in a FROM: message under 4 KiB, report and summary under 8 KiB',
    { timeout: 60_000 },
    () => {
      const [f] = findingsFor(`r/${'a'.repeat(1024 * 1024)}`)
      expect(f!.message.length).toBeLessThan(4096)
      expect(bytes(renderReportJson([f!]))).toBeLessThan(8192)
      expect(
        bytes(
          renderCheckSummary([f!], {
            source: 'all files',
            checked: { Dockerfile: 1 },
            checkedTotal: 1,
            skipped: {},
            skippedTotal: 0,
          }),
        ),
      ).toBeLessThan(8192)
    },
  )
})

describe('check summary and report output', () => {
  const finding = (i: number): Finding => ({
    file: `deploy/app-${i}.yaml`,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 10,
    image: `r/${'a'.repeat(400)}:latest`,
    kind: 'k8s-container',
    place: 'spec.containers[0].image',
    severity: 'error',
    reason: 'latest',
    message: 'x'.repeat(300),
    fix: 'pin a version tag or a digest',
  })
  const many = Array.from({ length: 5000 }, (_, i) => finding(i))

  test(`the summary stays within ${LIMITS.summaryBytes} bytes and says it was cut`, () => {
    const s = renderCheckSummary(many, {
      source: 'all files',
      checked: { Dockerfile: 5000 },
      checkedTotal: 5000,
      skipped: {},
      skippedTotal: 0,
    })
    expect(bytes(s)).toBeLessThanOrEqual(LIMITS.summaryBytes)
    expect(s).toMatch(/5000 findings in all; the rest of the table is cut/)
  })
  test('a summary under the limit is not cut', () => {
    const s = renderCheckSummary(many.slice(0, 3), {
      source: 'all files',
      checked: { Dockerfile: 3 },
      checkedTotal: 3,
      skipped: {},
      skippedTotal: 0,
    })
    expect(s).not.toMatch(/is cut/)
    expect(s.match(/deploy\/app-/g)).toHaveLength(3)
  })
  test(`the report output stays within ${LIMITS.outputBytes} bytes, valid JSON`, () => {
    const r = renderReportJson(many)
    expect(bytes(r)).toBeLessThanOrEqual(LIMITS.outputBytes)
    const parsed = JSON.parse(r) as Finding[]
    expect(parsed.length).toBeGreaterThan(0)
    expect(parsed).toEqual(many.slice(0, parsed.length))
  })
})

describe('deploy: a Pod that logs one 50 MiB line', () => {
  const huge = 'L'.repeat(50 * 1024 * 1024)
  const hugeImage = `r/${'p'.repeat(1024 * 1024)}:v1`
  const result = (i = 0): DeploymentResult => ({
    namespace: 'ns',
    name: `web-${i}`,
    container: 'web',
    previousImage: hugeImage,
    image: 'r/app:v2',
    revision: '3',
    readyReplicas: 0,
    desiredReplicas: 1,
    seconds: 5,
    status: 'rolled-back',
    diagnosis: {
      reason: 'CrashLoopBackOff',
      pod: 'web-1',
      container: 'web',
      message: huge,
      event: huge,
      logs: Array.from({ length: 100 }, () => huge),
    },
    rollback: { state: 'ready', message: huge },
  })

  test('the annotation: every quoted line cut, at most 20 log lines, within its limit', () => {
    const a = renderAnnotation(result())
    expect(a.length).toBeLessThanOrEqual(LIMITS.annotation + 40)
    const logLines = a.split('\n').filter((l) => l.startsWith('  L'))
    expect(logLines).toHaveLength(LIMITS.podLogLines)
    for (const l of logLines)
      expect(l).toBe(`  ${'L'.repeat(LIMITS.quotedLine)}… (cut, ${huge.length} characters)`)
  })

  test(`the summary of 100 such Deployments stays within ${LIMITS.summaryBytes} bytes`, () => {
    const s = renderDeploySummary(Array.from({ length: 100 }, (_, i) => result(i)))
    expect(bytes(s)).toBeLessThanOrEqual(LIMITS.summaryBytes)
    expect(s).toMatch(/The rest is cut to keep the job summary under its size limit/)
  })

  test(`the deployments output of 100 stays within ${LIMITS.outputBytes} bytes, valid JSON`, () => {
    const out = renderDeploymentsOutput(Array.from({ length: 100 }, (_, i) => result(i)))
    expect(bytes(out)).toBeLessThanOrEqual(LIMITS.outputBytes)
    const parsed = JSON.parse(out) as { name: string; diagnosis: { logs: string[] } }[]
    expect(parsed[0]!.name).toBe('web-0')
    expect(parsed[0]!.diagnosis.logs).toHaveLength(LIMITS.podLogLines)
  })

  test('a line at the limit is quoted whole', () => {
    const r = result()
    r.diagnosis!.logs = ['m'.repeat(LIMITS.quotedLine)]
    r.diagnosis!.message = 'short'
    expect(renderAnnotation(r)).toContain(`\n  ${'m'.repeat(LIMITS.quotedLine)}\n`)
  })
})

describe('errors quoting the API server or a registry', () => {
  const at = 2 * LIMITS.quotedLine
  test(`a KubeError message: whole at ${at} characters, cut one beyond`, async () => {
    const { KubeError } = await import('../../src/kube/errors.ts')
    const { describeKubeError } = await import('../../src/kube/describe-error.ts')
    expect(new KubeError(500, 'm'.repeat(at)).message).toBe('m'.repeat(at))
    expect(new KubeError(500, 'm'.repeat(at + 1)).message).toMatch(/… \(cut, 1001 characters\)$/)
    const webhook = new KubeError(403, 'x', {
      status: { message: 'w'.repeat(1024 * 1024) } as never,
    })
    const text = describeKubeError(
      webhook,
      { verb: 'patch', resource: 'deployments', namespace: 'n' },
      's',
    )
    expect(text.length).toBeLessThan(at + 1000)
  })
  test(`a RegistryError message: whole at ${at} characters, cut one beyond`, async () => {
    const { RegistryError } = await import('../../src/registry/client.ts')
    expect(new RegistryError('protocol', 'r'.repeat(at)).message).toBe('r'.repeat(at))
    expect(new RegistryError('protocol', 'r'.repeat(at + 1)).message).toMatch(
      /… \(cut, 1001 characters\)$/,
    )
  })
})
