// The bad-input catalogue: every input with a constrained value has cases here. Each
// runs the committed bundle against the real registry and the test cluster, and must
// end with ONE error line that names the input, exit code 1, no mutating request to
// the cluster, nothing built (the engine's image list is unchanged) and nothing pushed.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parse } from 'yaml'
import { ROOT, runAction } from '../../testbed/action-runner.ts'
import { clearRequestLog, requestLog } from '../../testbed/kube/testing.ts'
import { deleteCreatedDeployments, buildTestImage, createDeployment } from './deploy-kit.ts'
import {
  buildRecords,
  dockerEnv,
  dockerTest,
  dockerTestbed,
  engineImages,
  testCluster,
} from './docker-testbed.ts'

const app = join(ROOT, '__tests__', 'fixtures', 'app')

interface Case {
  input: string
  inputs: Record<string, string>
  /** What the one error line must also say, after `Input '<input>': `. */
  says: RegExp
  /** Build the kubeconfig input from the cluster's own (for kube cases). */
  kube?: (kubeconfig: string) => Record<string, string>
}

const D = `sha256:${'a'.repeat(64)}`
const deploy = { deployment: 'web' }

const CASES: Case[] = [
  {
    input: 'dockerfile',
    inputs: { image: 'app', dockerfile: '../../../../../../../../etc/passwd' },
    says: /is outside the workspace/,
  },
  { input: 'dockerfile', inputs: { image: 'app', dockerfile: '/etc/passwd' }, says: /is outside/ },
  { input: 'context', inputs: { image: 'app', context: '..' }, says: /is outside the workspace/ },
  { input: 'context', inputs: { image: 'app', context: '/' }, says: /is outside the workspace/ },
  {
    input: 'secrets',
    inputs: { image: 'app', secrets: '"x,env=INPUT_PASSWORD=v"' },
    says: /may hold only A-Z a-z 0-9 _ \. -/,
  },
  { input: 'mode', inputs: { mode: 'ship' }, says: /"ship" is not a mode/ },
  { input: 'mode', inputs: { mode: 'Deploy' }, says: /not a mode/ },
  { input: 'image', inputs: { mode: 'check', image: 'acme/app' }, says: /mode is check/ },
  {
    input: 'registry',
    inputs: { image: 'app', registry: 'https://ghcr.io' },
    says: /has a scheme/,
  },
  { input: 'registry', inputs: { image: 'app', registry: 'ghcr.io/acme' }, says: /has a path/ },
  { input: 'registry', inputs: { image: 'app', registry: 'ghcr.io:99999' }, says: /not a host/ },
  { input: 'registry', inputs: { image: 'app', registry: 'bad host' }, says: /not a host/ },
  { input: 'image', inputs: { image: 'Acme/App' }, says: /lowercase/ },
  { input: 'image', inputs: { image: 'acme/app:v1' }, says: /has a tag or digest/ },
  { input: 'image', inputs: { image: `acme/app@${D}` }, says: /has a tag or digest/ },
  { input: 'image', inputs: { image: 'acme//app' }, says: /empty path element/ },
  {
    input: 'image',
    inputs: { image: 'ghcr.io/acme/app', registry: '' },
    says: /starts with a host/,
  },
  { input: 'image', inputs: { ...deploy }, says: /is required to build/ },
  { input: 'tag', inputs: { image: 'app', tag: 'latest' }, says: /"latest" is not allowed/ },
  { input: 'tag', inputs: { image: 'app', tag: 'v1, latest' }, says: /"latest" is not allowed/ },
  { input: 'tag', inputs: { image: 'app', tag: '-rc1' }, says: /not a valid tag/ },
  { input: 'tag', inputs: { image: 'app', tag: 'x'.repeat(129) }, says: /not a valid tag/ },
  { input: 'tag', inputs: { image: 'app', tag: 'v1 beta' }, says: /not a valid tag/ },
  {
    input: 'tag',
    inputs: { image: 'app', tag: 'main', 'deny-tags': 'main,dev' },
    says: /deny-tags/,
  },
  { input: 'tags', inputs: { tags: '127.0.0.1:1/a' }, says: /has no tag/ },
  { input: 'tags', inputs: { tags: 'r.example/a:latest' }, says: /"latest" is not allowed/ },
  { input: 'tags', inputs: { tags: `r.example/a:1@${D}` }, says: /has a digest/ },
  {
    input: 'tags',
    inputs: { tags: 'r.example/a:1', image: 'a', registry: '' },
    says: /together with image/,
  },
  { input: 'tags', inputs: { tags: 'HTTPS://r.example/a:1' }, says: /scheme/ },
  {
    input: 'build-args',
    inputs: { image: 'app', 'build-args': 'A=1\nNOEQUALS' },
    says: /"NOEQUALS" is not KEY=VALUE/,
  },
  { input: 'labels', inputs: { image: 'app', labels: '=nokey' }, says: /not KEY=VALUE/ },
  { input: 'secrets', inputs: { image: 'app', secrets: 'token' }, says: /not KEY=VALUE/ },
  { input: 'platforms', inputs: { image: 'app', platforms: 'amd64' }, says: /os\/arch/ },
  { input: 'target', inputs: { image: 'app', target: 'bad stage!' }, says: /not a stage name/ },
  { input: 'no-cache', inputs: { image: 'app', 'no-cache': 'yes' }, says: /not a boolean/ },
  { input: 'pull', inputs: { image: 'app', pull: '1' }, says: /not a boolean/ },
  { input: 'push', inputs: { image: 'app', push: 'maybe' }, says: /not a boolean/ },
  {
    input: 'push',
    inputs: { image: 'app', push: 'false', ...deploy },
    says: /can only pull an image that was pushed/,
  },
  {
    input: 'username',
    inputs: { image: 'app', password: 'hunter2-secret' },
    says: /give both or neither/,
  },
  {
    input: 'password',
    inputs: { image: 'app', username: 'octocat' },
    says: /give both or neither/,
  },
  {
    input: 'dockerfile',
    inputs: { image: 'app', dockerfile: 'nope/Dockerfile' },
    says: /not a file in the workspace/,
  },
  { input: 'context', inputs: { image: 'app', context: 'no-such-dir' }, says: /not a directory/ },
  {
    input: 'image-ref',
    inputs: { 'image-ref': 'acme/app', ...deploy },
    says: /neither a tag nor a digest/,
  },
  {
    input: 'image-ref',
    inputs: { 'image-ref': 'acme/app:latest', ...deploy },
    says: /"latest" is not allowed/,
  },
  {
    input: 'image-ref',
    inputs: { 'image-ref': 'Not A Ref', ...deploy },
    says: /white space|lowercase/,
  },
  { input: 'image-ref', inputs: { 'image-ref': 'acme/app:1' }, says: /nothing to deploy it to/ },
  {
    input: 'dockerfile',
    inputs: { 'image-ref': 'acme/app:1', dockerfile: 'x/Dockerfile', ...deploy },
    says: /together with image-ref/,
  },
  {
    input: 'deployment',
    inputs: { image: 'app', deployment: 'Web' },
    says: /not a valid Deployment name/,
  },
  {
    input: 'deployment',
    inputs: { image: 'app', deployment: 'a/b/c' },
    says: /"b" is not a workload kind/,
  },
  {
    input: 'deployment',
    inputs: { image: 'app', deployment: 'prod/sts/db/x' },
    says: /not name, namespace\/name, kind\/name or namespace\/kind\/name/,
  },
  {
    input: 'deployment',
    inputs: { image: 'app', deployment: 'Prod/web' },
    says: /not a valid Kubernetes name/,
  },
  {
    input: 'deployment',
    inputs: { image: 'app', deployment: 'web_1' },
    says: /not a valid Deployment name/,
  },
  {
    input: 'namespace',
    inputs: { image: 'app', ...deploy, namespace: 'my_ns' },
    says: /not a valid Kubernetes name/,
  },
  {
    input: 'namespace',
    inputs: { image: 'app', ...deploy, namespace: 'n'.repeat(64) },
    says: /not a valid Kubernetes name/,
  },
  { input: 'namespace', inputs: { image: 'app', namespace: 'prod' }, says: /deployment is empty/ },
  {
    input: 'container',
    inputs: { image: 'app', ...deploy, container: 'App' },
    says: /not a valid Kubernetes name/,
  },
  { input: 'timeout', inputs: { image: 'app', ...deploy, timeout: '-5s' }, says: /negative/ },
  { input: 'timeout', inputs: { image: 'app', ...deploy, timeout: '0' }, says: /longer than 0s/ },
  {
    input: 'timeout',
    inputs: { image: 'app', ...deploy, timeout: '100h' },
    says: /longer than the 6 h/,
  },
  {
    input: 'timeout',
    inputs: { image: 'app', ...deploy, timeout: 'forever' },
    says: /not a duration/,
  },
  { input: 'grace', inputs: { image: 'app', ...deploy, grace: 'soon' }, says: /not a duration/ },
  {
    input: 'ready-grace',
    inputs: { image: 'app', ...deploy, 'ready-grace': '2 minutes' },
    says: /not a duration/,
  },
  { input: 'soak', inputs: { image: 'app', ...deploy, soak: 'a while' }, says: /not a duration/ },
  {
    input: 'rollback',
    inputs: { image: 'app', ...deploy, rollback: 'maybe' },
    says: /not a boolean/,
  },
  {
    input: 'manifests',
    inputs: { image: 'app', manifests: 'k8s/' },
    says: /"k8s\/" is not a file or folder in the workspace/,
  },
  { input: 'manifests', inputs: { image: 'app', manifests: '../' }, says: /outside the workspace/ },
  {
    input: 'force-conflicts',
    inputs: { image: 'app', ...deploy, 'force-conflicts': 'true' },
    says: /manifests is empty/,
  },
  {
    input: 'force-conflicts',
    inputs: { image: 'app', ...deploy, 'force-conflicts': 'yes' },
    says: /not a boolean/,
  },
  { input: 'scope', inputs: { mode: 'check', scope: 'some' }, says: /not a scope/ },
  { input: 'scope', inputs: { image: 'app', scope: 'all' }, says: /belongs to mode: check/ },
  {
    input: 'allow-images',
    inputs: { image: 'app', 'allow-images': 'nginx' },
    says: /belongs to mode: check/,
  },
  { input: 'deny-tags', inputs: { mode: 'check', 'deny-tags': 'ok,-x' }, says: /not a valid tag/ },
  {
    input: 'built-images',
    inputs: { mode: 'check', 'built-images': 'warn' },
    says: /"warn" is not a level/,
  },
  {
    input: 'built-images',
    inputs: { image: 'app', 'built-images': 'error' },
    says: /belongs to mode: check/,
  },
  {
    input: 'base-image-policy',
    inputs: { image: 'app', 'base-image-policy': 'fail' },
    says: /not a policy/,
  },
  // Cases the cluster decides: refused before anything is built, pushed or patched.
  {
    input: 'kubeconfig',
    inputs: { image: 'app', ...deploy, kubeconfig: 'this: is: not: yaml: [' },
    says: /./,
  },
  {
    input: 'kubeconfig',
    inputs: { image: 'app', ...deploy, kubeconfig: 'apiVersion: v1\nkind: Config\nclusters: []\n' },
    says: /./,
  },
  {
    input: 'kube-context',
    inputs: { image: 'app', ...deploy, 'kube-context': 'no-such-context' },
    says: /no-such-context/,
  },
  {
    input: 'deployment',
    inputs: { image: 'app', deployment: 'does-not-exist' },
    says: /does-not-exist/,
  },
  { input: 'deployment', inputs: { image: 'app', deployment: 'web\nnope' }, says: /nope/ },
  {
    input: 'container',
    inputs: { image: 'app', ...deploy, container: 'sidecar' },
    says: /sidecar/,
  },
]

/** Inputs that take any value (free text passed through), so they need no case. */
const FREE_FORM: Record<string, string> = {
  'cache-from': 'passed to buildx as given',
  'cache-to': 'passed to buildx as given',
  provenance: 'passed to buildx as given',
  sbom: 'passed to buildx as given',
  'allow-images': 'globs: any text is a glob (its mode constraint has a case)',
  'github-token': 'a token',
}

test('every input with a constrained value has a bad-input case', () => {
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, unknown>
  }
  const covered = new Set(CASES.map((c) => c.input))
  const missing = Object.keys(action.inputs).filter((n) => !covered.has(n) && !(n in FREE_FORM))
  expect(missing).toEqual([])
  expect(CASES.length).toBeGreaterThanOrEqual(40)
})

// The runs overlap (each is a short process that is refused before it changes anything),
// so the request log is cleared once, before the first, and every case checks all of it:
// no run of this file may have sent a mutating request.
describe.concurrent(
  'bad input is refused: one error naming the input, exit 1, nothing changed',
  () => {
    const cluster = () => testCluster()
    let catalogBefore: string
    beforeAll(async () => {
      if (dockerTestbed().unavailable) return
      const image = await buildTestImage('bad-inputs/web')
      await createDeployment(cluster(), 'web', { image, replicas: 1 })
      catalogBefore = await catalog()
      await clearRequestLog(cluster())
    })

    const catalog = async () =>
      (await fetch(`http://${dockerTestbed().registry}/v2/_catalog`)).text()

    dockerTest.each(CASES)('$input: $says', async (c) => {
      const tb = dockerTestbed()
      const imagesBefore = engineImages(tb)
      const recordsBefore = buildRecords(tb)
      const run = await runAction({
        // Builds would push to the test registry (they never get that far).
        inputs:
          c.inputs.image && !('registry' in c.inputs) && c.inputs.mode !== 'check'
            ? { registry: tb.registry, ...c.inputs }
            : c.inputs,
        workspace: app,
        env: { ...dockerEnv(tb), KUBECONFIG: cluster().kubeconfigPath },
        path: [tb.binDir],
      })
      const errors = run.annotations.filter((a) => a.level === 'error')
      expect(run.exitCode, run.stdout + run.stderr).toBe(1)
      expect(errors).toHaveLength(1)
      expect(errors[0]!.message).toMatch(new RegExp(`^Input '${c.input}': `))
      expect(errors[0]!.message).toMatch(c.says)
      expect(errors[0]!.message).not.toContain('\n')
      const mutating = (await requestLog(cluster())).filter(
        (r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method) && !r.path.startsWith('/_testbed'),
      )
      expect(mutating).toEqual([])
      expect(engineImages(tb)).toEqual(imagesBefore)
      expect(buildRecords(tb)).toEqual(recordsBefore)
      expect(await catalog()).toBe(catalogBefore)
    })
  },
)

afterAll(async () => {
  if (!dockerTestbed().unavailable) await deleteCreatedDeployments(testCluster())
})
