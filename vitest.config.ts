import { defineConfig } from 'vitest/config'

// Two projects: `unit` (pure modules, no services) and `stack` (db + e2e), which share one
// embedded stack started by the global setup, so the suite boots PGlite/PostgREST only once.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // a shared 2-core machine under load ran pure tests past the 5 s default (a slow machine, not a slow test)
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'stack',
          include: ['test/db/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/helpers/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          // One PGlite connection behind PostgREST: run files one after another.
          fileParallelism: false,
        },
      },
    ],
  },
})
