// Which files `manifests` reads: inside the workspace only, bounded, each named as the
// annotation will name it. Offline: a temporary workspace on disk.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { InputError } from '../../src/inputs.ts'
import { loadManifests } from '../../src/manifests/load.ts'
import { LIMITS } from '../../src/util/bounds.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'd2p-load-'))
  dirs.push(root)
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  return root
}

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\n`

describe('loadManifests', () => {
  test('files, globs and plain folders, each file once, named from the workspace', async () => {
    const root = workspace({
      'k8s/a.yaml': cm('a'),
      'k8s/b.yml': cm('b'),
      'k8s/notes.txt': 'not a manifest',
      'more/c.yaml': cm('c'),
    })
    const out = await loadManifests(['k8s', 'more/*.yaml', 'k8s/a.yaml'], { root, cwd: root })
    expect(out.files.map((f) => f.file)).toEqual(['k8s/a.yaml', 'k8s/b.yml', 'more/c.yaml'])
    expect(out.rendered).toEqual([])
  })

  test.each([
    { name: 'a path out of the workspace', line: '../x.yaml', msg: /outside the workspace/ },
    { name: 'a glob that matches nothing', line: 'k8s/*.json', msg: /matches no/ },
    { name: 'a folder without manifests', line: 'empty', msg: /has no kustomization.yaml/ },
    { name: 'a missing file', line: 'k8s/gone.yaml', msg: /not a file or folder/ },
    { name: 'a symlink out of the workspace', line: 'k8s/link.yaml', msg: /outside the workspace/ },
    {
      name: 'a file over the bound',
      line: 'big.yaml',
      msg: new RegExp(`larger than ${LIMITS.manifestFileBytes / 1024 / 1024} MiB`),
    },
  ])('refuses $name, naming the input', async ({ line, msg }) => {
    const root = workspace({
      'k8s/a.yaml': cm('a'),
      'empty/README.md': '',
      'big.yaml': '#'.repeat(LIMITS.manifestFileBytes + 1),
    })
    const outside = workspace({ 'secret.yaml': cm('s') })
    symlinkSync(join(outside, 'secret.yaml'), join(root, 'k8s/link.yaml'))
    const err = await loadManifests([line], { root, cwd: root }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InputError)
    expect((err as InputError).message).toMatch(/^Input 'manifests': /)
    expect((err as InputError).message).toMatch(msg)
  })
})
