import { defineConfig } from 'vitest/config'

// Two projects: `unit` needs no Docker, network or cluster; `e2e` drives the real
// Docker engine, the real registries and the simulated cluster of testbed/.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['__tests__/**/*.test.ts', 'testbed/**/*.test.ts'],
          exclude: ['__tests__/e2e/**', 'node_modules/**'],
          environment: 'node',
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
