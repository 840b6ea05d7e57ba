// The pure parts of the registry staging the failure-latency bench shares with the e2e
// catalogue (testbed/): the URL a manifest is asked and deleted at, the init container
// that makes the node pull after the registry changed.
import { describe, expect, test } from 'vitest'
import { failureSample } from './failure-sample.ts'
import { manifestUrl } from '../../testbed/docker/registry-api.ts'
import { PULL_LATER_S, pullLaterInit } from '../../testbed/workload.ts'
import { failureRows, failureTasks, KIND_TEXT } from '../../bench/failure-rows.ts'

describe('manifestUrl', () => {
  test('by tag and by digest, over plain HTTP', () => {
    expect(manifestUrl('127.0.0.1:5000', 'bench/manifest-gone', 'v1')).toBe(
      'http://127.0.0.1:5000/v2/bench/manifest-gone/manifests/v1',
    )
    expect(manifestUrl('127.0.0.1:5000', 'bench/x', 'sha256:ab')).toBe(
      'http://127.0.0.1:5000/v2/bench/x/manifests/sha256:ab',
    )
  })
})

describe('pullLaterInit', () => {
  test('sleeps PULL_LATER_S (6 s) on the given image', () => {
    expect(PULL_LATER_S).toBe(6)
    expect(pullLaterInit('reg/good:v1')).toEqual({
      name: 'first',
      image: 'reg/good:v1',
      command: ['sleep', '6'],
    })
  })
})

describe('the registry kinds', () => {
  test('say they are staged and how, are proved as the pull kind is, and roll back', () => {
    for (const kind of ['manifest-gone', 'registry-down'] as const) {
      expect(KIND_TEXT[kind].what).toMatch(/staged: .*init container sleeps 6 s/)
      expect(KIND_TEXT[kind].proof).toBe(KIND_TEXT.pull.proof)
      expect(KIND_TEXT[kind].noRollback).toBeUndefined()
    }
    expect(KIND_TEXT['manifest-gone'].what).toContain('DELETE /v2/<repo>/manifests/<digest>')
    expect(KIND_TEXT['registry-down'].what).toContain('stops listening')
    expect(failureTasks(['manifest-gone', 'registry-down'], 1).map((t) => t.ns)).toEqual([
      'fail-manifest-gone-judged-0',
      'fail-manifest-gone-rollback-0',
      'fail-registry-down-judged-0',
      'fail-registry-down-rollback-0',
    ])
  })
})

describe('the registry kinds: their own deadline, and the Pod status after the Event', () => {
  const judged = (kind: 'pull' | 'manifest-gone') =>
    failureSample(kind, { patchToFailureMs: 8000, kubectlMs: 7000 })
  const c = { progressDeadlineSeconds: 15, concurrency: 4 }

  test('a registry kind: its own 60 s deadline, why, and what to add for the default 600 s', () => {
    const [detected] = failureRows([judged('manifest-gone')], [], {
      ...c,
      kinds: ['manifest-gone'],
    })
    expect(detected!.note).toContain("progressDeadlineSeconds: 60 (not the scenario's default: ")
    expect(detected!.note).toContain('add 540 s to its figure')
  })

  test('the other kinds keep the scenario default', () => {
    const [detected] = failureRows([judged('pull')], [], { ...c, kinds: ['pull'] })
    expect(detected!.note).toContain('progressDeadlineSeconds: 15: ')
    expect(detected!.note).toContain('add 585 s to its figure')
  })

  test("the Pod status's gap after the Event is in the note; it is not the why of a figure", () => {
    const [detected] = failureRows(
      [
        { ...judged('manifest-gone'), dock2podMs: 1_200, podStatusAfterMs: 12_500 },
        { ...judged('manifest-gone'), dock2podMs: 1_400, podStatusAfterMs: 14_500 },
      ],
      [],
      { ...c, kinds: ['manifest-gone'] },
    )
    expect(detected!.note).toContain(
      "The first Pod status saying so came 13.5 s after that record (median; 12.5 s–14.5 s, n=2); dock2pod does not wait for it when the record is the kubelet's Failed pull Event.",
    )
    // A figure over 1 s gets a why, and the Pod status's gap is not it.
    expect(detected!.note).toContain('Over 1 s: ')
    expect(detected!.note).not.toMatch(/Over 1 s: [^.]*Pod status/)
  })
})
