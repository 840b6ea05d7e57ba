// `npm run summary-picture`: the README's picture of a failed and rolled-back rollout.
// Runs the demo's scenario (scripts/demo-scenario.ts: the real engine, registry and
// simulated cluster, the committed bundle), takes the job summary of its broken run
// exactly as the action wrote it, renders it to HTML in GitHub's job-summary style
// (scripts/summary-html.ts) and screenshots that with headless Chromium from Debian's
// package. Chromium is not part of CI: without it this says so and stops.
import { execFile } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ROOT } from '../testbed/action-runner.ts'
import { runDemoScenario } from './demo-scenario.ts'
import { summaryPage } from './summary-html.ts'

const OUT = join(ROOT, 'docs', 'job-summary-failed-rollback.png')
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']

function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined
  return CANDIDATES.find((p) => existsSync(p))
}

function fail(message: string): never {
  console.error(`summary-picture: ${message}`)
  process.exit(1)
}

const chromium = findChromium()
if (!chromium)
  fail(
    `Chromium is not installed (looked for ${process.env.CHROMIUM ?? CANDIDATES.join(', ')}).\n` +
      "Install Debian's package (apt-get update && apt-get install -y chromium), or set CHROMIUM\n" +
      'to a Chromium or Chrome binary, then run npm run summary-picture again. Nothing was changed.',
  )

console.log('Running the demo scenario (the broken image is the one pictured)…')
const runs = await runDemoScenario({ out: () => {} })
const deployments = JSON.parse(runs.broken.outputs.deployments ?? '[]') as { status?: string }[]
if (!runs.asExpected || deployments[0]?.status !== 'rolled-back')
  fail(
    `the demo's broken run did not fail and roll back (exit codes ${runs.good.exitCode}, ${runs.broken.exitCode}; status ${deployments[0]?.status ?? 'none'}); no picture taken.\n${runs.broken.stdout}`,
  )
if (!runs.broken.summary.trim()) fail("the demo's broken run wrote no job summary")

const dir = mkdtempSync(join(tmpdir(), 'd2p-summary-picture-'))
try {
  const html = join(dir, 'summary.html')
  writeFileSync(html, summaryPage(runs.broken.summary, { title: 'Job summary', job: 'deploy' }))
  const png = join(dir, 'summary.png')
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--hide-scrollbars',
    `--user-data-dir=${join(dir, 'profile')}`,
    `--screenshot=${png}`,
    '--window-size=1400,900',
    pathToFileURL(html).href,
  ]
  const result = await new Promise<{ code: number; stderr: string }>((resolve) =>
    execFile(chromium, args, { timeout: 120_000 }, (err, _stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) || 1 : 0, stderr }),
    ),
  )
  if (result.code !== 0 || !existsSync(png) || statSync(png).size === 0)
    fail(`${chromium} took no screenshot (exit ${result.code}):\n${result.stderr.trim()}`)
  mkdirSync(join(ROOT, 'docs'), { recursive: true })
  copyFileSync(png, OUT)
  console.log(`Wrote ${relative(ROOT, OUT)} (${statSync(OUT).size} bytes).`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
// Nothing of the test bed may keep the script alive once it is stopped.
process.exit(0)
