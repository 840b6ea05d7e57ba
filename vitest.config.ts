import { defineConfig } from 'vitest/config'

// Three projects: `unit` needs no Docker, network or cluster; `testbed` checks the
// simulated cluster against real kubectl, client-node and the real registry; `e2e`
// drives the committed bundle against the real Docker engine, the real registries and
// the simulated cluster.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['__tests__/**/*.test.ts'],
          exclude: ['__tests__/e2e/**', 'node_modules/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'testbed',
          include: ['testbed/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['__tests__/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 240_000,
          // The e2e files share one Docker engine and registry pair (globalSetup) and
          // are heavy on a 2-core machine: run them one file at a time.
          fileParallelism: false,
          globalSetup: ['__tests__/e2e/global-setup.ts'],
        },
      },
    ],
  },
})
