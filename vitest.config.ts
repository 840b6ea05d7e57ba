import { defineConfig } from 'vitest/config'

// Three projects: `unit` needs no Docker, network or cluster; `testbed` checks the test
// bed's own wiring; `e2e` drives the committed bundle against the real Docker engine,
// registries and BuildKit, and the real cluster (started once, in global-setup).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['__tests__/**/*.test.ts'],
          exclude: ['__tests__/e2e/**', 'node_modules/**'],
          environment: 'node',
          // A guard against a hang, not a measure: some unit tests start the bundle or
          // load the Kubernetes client, which takes seconds on a busy 2-core machine.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'testbed',
          include: ['testbed/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 1_800_000,
          // testbed/kube starts a whole cluster: one file at a time on 2 cores.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['__tests__/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 600_000,
          // The e2e files share one Docker engine, registry pair and cluster (globalSetup),
          // and some of them the proxy's request log and faults: one file at a time.
          // Inside a file, cases that share nothing run at once (describe.concurrent, up
          // to maxConcurrency): most of a case on real Pods is waiting on the kubelet.
          fileParallelism: false,
          maxConcurrency: 5,
          globalSetup: ['__tests__/e2e/global-setup.ts'],
        },
      },
    ],
  },
})
