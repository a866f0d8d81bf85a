/**
 * `npm run screenshots`: the console's main pages photographed into docs/screenshots/ by
 * test/console/screenshots.shots.ts on the same test system as the browser tests (not part of
 * `npm test`: vitest.config.ts includes *.test.ts only). Only that file runs.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/console/screenshots.shots.ts'],
    globalSetup: ['test/globalSetup.ts'],
    pool: 'forks',
    testTimeout: 300_000,
    hookTimeout: 300_000,
    teardownTimeout: 30_000,
  },
});
