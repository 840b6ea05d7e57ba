// The one exec wrapper: argument arrays reach the program verbatim (no shell), stdin and
// output work, a missing program is exit 127, and a cancel kills the child's whole
// process group — a grandchild included — and rejects with the phase.
import { existsSync, readFileSync } from 'node:fs'
import { beforeEach, describe, expect, test, vi } from 'vitest'

// The cancel state lives in its module: each test imports fresh copies of both.
let cancel: typeof import('../../src/cancel.ts').cancel
let CancelledError: typeof import('../../src/cancel.ts').CancelledError
let setPhase: typeof import('../../src/cancel.ts').setPhase
let execArgs: typeof import('../../src/util/exec.ts').execArgs

beforeEach(async () => {
  vi.resetModules()
  ;({ cancel, CancelledError, setPhase } = await import('../../src/cancel.ts'))
  ;({ execArgs } = await import('../../src/util/exec.ts'))
})

const node = process.execPath

/** Alive and not a zombie. */
function alive(pid: number): boolean {
  if (!existsSync(`/proc/${pid}/stat`)) return false
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'
}

async function until(probe: () => boolean): Promise<void> {
  while (!probe()) await new Promise((r) => setTimeout(r, 20))
}

describe('execArgs', () => {
  test('arguments reach the program verbatim: no shell expands anything', async () => {
    const args = ['$(touch /tmp/x)', '`id`', 'a b', "it's", '; rm -rf /', '*', '\n', '$HOME']
    const r = await execArgs(node, [
      '-e',
      'console.log(JSON.stringify(process.argv.slice(1)))',
      ...args,
    ])
    expect(r.exitCode).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual(args)
  })

  test('stdin, stderr, the exit code and the environment', async () => {
    const r = await execArgs(
      node,
      [
        '-e',
        'process.stdin.pipe(process.stderr); process.stdin.on("end", () => process.exit(Number(process.env.CODE)))',
      ],
      {
        input: Buffer.from('secret on stdin'),
        env: { ...process.env, CODE: '3' } as Record<string, string>,
      },
    )
    expect(r).toEqual({ exitCode: 3, stdout: '', stderr: 'secret on stdin' })
  })

  test('a program that is not there: exit code 127 with a reason, no throw', async () => {
    const r = await execArgs('dock2pod-no-such-program', ['x'])
    expect(r.exitCode).toBe(127)
    expect(r.stderr).toMatch(/dock2pod-no-such-program.*ENOENT/)
  })

  test('a cancel kills the child and its grandchild, and rejects naming the phase', async () => {
    setPhase('build')
    const script = [
      'const { spawn } = require("node:child_process")',
      'const g = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" })',
      'console.log(g.pid)',
      'setInterval(() => {}, 1000)',
    ].join(';')
    let grandchild = 0
    const running = execArgs(node, ['-e', script], {
      onStdout: (d) => (grandchild = Number(d.toString().trim())),
    })
    const outcome = running.then(
      () => undefined,
      (e: unknown) => e,
    )
    await until(() => grandchild > 0)
    expect(alive(grandchild)).toBe(true)
    cancel('SIGTERM')
    const err = await outcome
    expect(err).toBeInstanceOf(CancelledError)
    expect((err as Error).message).toBe('Cancelled during build (SIGTERM).')
    await until(() => !alive(grandchild))
    expect(alive(grandchild)).toBe(false)
  })

  test('a child that ignores SIGTERM is killed anyway', async () => {
    const script = 'process.on("SIGTERM", () => {}); console.log("up"); setInterval(() => {}, 1000)'
    let up = false
    const outcome = execArgs(node, ['-e', script], {
      killAfterMs: 100,
      onStdout: () => (up = true),
    }).then(
      () => undefined,
      (e: unknown) => e,
    )
    await until(() => up)
    cancel('SIGINT')
    expect(await outcome).toBeInstanceOf(CancelledError)
  })

  test('after a cancel nothing new starts', async () => {
    cancel('SIGTERM')
    await expect(execArgs(node, ['-e', ''])).rejects.toBeInstanceOf(CancelledError)
  })
})

describe('execArgs keeps the last bytes of a long output', () => {
  // A child printing 24 MiB: the result holds the last 8 MiB of it, the end intact. It
  // takes seconds on a busy machine: a generous timeout, no assertion on time.
  test('stdout and stderr, each bounded, the end kept', { timeout: 60_000 }, async () => {
    const r = await execArgs(node, [
      '-e',
      `const b = Buffer.alloc(1 << 20, 'x'); for (let i = 0; i < 24; i++) { process.stdout.write(b); process.stderr.write(b) } process.stdout.write('END'); process.stderr.write('END')`,
    ])
    expect(r.exitCode).toBe(0)
    for (const s of [r.stdout, r.stderr]) {
      expect(s.length).toBe(8 * 1024 * 1024)
      expect(s.endsWith('xxxEND')).toBe(true)
    }
  })

  test('at the limit: the whole output', async () => {
    const r = await execArgs(node, ['-e', `process.stdout.write('a'.repeat(1000))`], {
      maxOutputBytes: 1000,
    })
    expect(r.stdout).toBe('a'.repeat(1000))
    const over = await execArgs(node, ['-e', `process.stdout.write('b' + 'a'.repeat(1000))`], {
      maxOutputBytes: 1000,
    })
    expect(over.stdout).toBe('a'.repeat(1000))
  })
})
