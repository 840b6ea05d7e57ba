// Deploy mode's base-image policy, through the committed bundle: the Dockerfile it is
// about to build is judged by the check's policy before anything is built. No Docker:
// DOCKER_HOST points nowhere, so a build that does start fails at once.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { runAction } from '../../testbed/action-runner.ts'

const temps: string[] = []
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })))

function workspace(dockerfile: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'd2p-base-image-'))
  temps.push(dir)
  writeFileSync(join(dir, 'Dockerfile'), dockerfile)
  return dir
}

const DOCKERFILE = [
  'ARG NODE=latest', // 1
  'FROM node:${NODE} AS build', // 2
  'FROM gcr.io/distroless/nodejs20-debian12:nonroot', // 3
  'COPY --from=build /app /app', // 4
  '',
].join('\n')
const noDocker = { DOCKER_HOST: 'unix:///nonexistent/d2p-docker.sock' }

describe('base-image-policy in deploy mode', () => {
  test('error: an error on the FROM line and a failure before anything is built', async () => {
    const dir = workspace(DOCKERFILE)
    const run = await runAction({
      inputs: { image: 'acme/app', tag: 'v1.0.0', push: 'false', 'base-image-policy': 'error' },
      workspace: dir,
      env: noDocker,
    })
    expect(run.exitCode).toBe(1)
    const onLine = run.annotations.filter((a) => a.file)
    expect(onLine).toEqual([
      expect.objectContaining({
        level: 'error',
        file: 'Dockerfile',
        line: 2,
        col: 6,
        endColumn: 18,
      }),
    ])
    expect(onLine[0]!.message).toContain(
      'node:latest uses the mutable tag :latest (written node:${NODE})',
    )
    const failure = run.annotations.filter((a) => !a.file)
    expect(failure).toHaveLength(1)
    expect(failure[0]!.message).toBe(
      'Dockerfile: 1 mutable base image (node:latest) and base-image-policy is error; pin a version tag or a digest. Nothing was built.',
    )
    // No docker command ran: the build phase was never reached.
    expect(run.stdout).not.toContain('::group::Build')
    expect(run.stdout).not.toContain('[command]docker')
  })

  test('warn (the default): a warning on the line, then the build goes on', async () => {
    const dir = workspace(DOCKERFILE)
    const run = await runAction({
      inputs: { image: 'acme/app', tag: 'v1.0.0', push: 'false' },
      workspace: dir,
      env: noDocker,
    })
    const warnings = run.annotations.filter((a) => a.level === 'warning' && a.file === 'Dockerfile')
    expect(warnings).toEqual([expect.objectContaining({ line: 2, col: 6, endColumn: 18 })])
    // The run went past the check: whatever the build says, it is not the base-image failure.
    expect(run.annotations.some((a) => a.message.includes('base-image-policy is error'))).toBe(
      false,
    )
  })

  test('a Dockerfile over 1 MiB is not read: a warning says its base images were not checked', async () => {
    // A mutable base on line 1, then comments to past the bound.
    const dir = workspace(`FROM node:latest\n${'# padding\n'.repeat(110_000)}`)
    const run = await runAction({
      inputs: { image: 'acme/app', tag: 'v1.0.0', push: 'false', 'base-image-policy': 'error' },
      workspace: dir,
      env: noDocker,
    })
    const onFile = run.annotations.filter((a) => a.file === 'Dockerfile')
    expect(onFile).toEqual([
      expect.objectContaining({
        level: 'warning',
        message: 'Dockerfile is larger than 1 MiB; its base images were not checked.',
        title: 'dock2pod: base image not checked',
      }),
    ])
    // Not judged, so not refused: the run went on to the build.
    expect(run.annotations.some((a) => a.message.includes('base-image-policy is error'))).toBe(
      false,
    )
    expect(run.stdout).toContain('[command]docker')
  })

  test('build-args decide the base as they do in the build; deny-tags apply', async () => {
    const dir = workspace(DOCKERFILE)
    const pinned = await runAction({
      inputs: {
        image: 'acme/app',
        tag: 'v1.0.0',
        push: 'false',
        'base-image-policy': 'error',
        'build-args': 'NODE=22.11',
      },
      workspace: dir,
      env: noDocker,
    })
    expect(pinned.annotations.some((a) => a.file === 'Dockerfile')).toBe(false)

    const denied = await runAction({
      inputs: {
        image: 'acme/app',
        tag: 'v1.0.0',
        push: 'false',
        'base-image-policy': 'error',
        'build-args': 'NODE=stable',
        'deny-tags': 'stable',
      },
      workspace: dir,
      env: noDocker,
    })
    expect(denied.exitCode).toBe(1)
    expect(denied.annotations.find((a) => a.file === 'Dockerfile')?.message).toContain(
      'refused by deny-tags',
    )
  })
})
