import { defineConfig } from 'vitest/config'

// One runner for the whole tree. Integration tests start real processes and models, so they get generous timeouts;
// the two cores of CI are shared, hence a small worker pool.
export default defineConfig({
  test: {
    include: [
      'packages/*/test/**/*.test.ts',
      'services/*/test/**/*.test.ts',
      'apps/*/test/**/*.test.ts',
      'infra/*/test/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    // Real-model suites (`*.real.test.ts`) find the real weights through this; without them they skip (one line).
    globalSetup: ['test/support/real-models.setup.ts'],
    // The AWS SDK's Node 22 reminder would otherwise be printed once per test process (the README says it once).
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true,
  },
})
