import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/globalSetup.ts'],
    // Temporal workers (native bridge) are not happy inside worker threads.
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    // One ID-card hash key for every test process and the CLIs they spawn (the key file's
    // making on first use is tested on its own: test/activities/registry/idCardKey.test.ts).
    env: { YZ_ID_CARD_KEY: '5a'.repeat(32) },
  },
});
