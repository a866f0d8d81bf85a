/**
 * `npm run screenshots`: the console's main pages photographed into docs/screenshots/ by
 * test/console/screenshots.shots.ts on the same test system as the browser tests (not part of
 * `npm test`: vitest.config.ts includes *.test.ts only).
 */
import { defineConfig, mergeConfig } from 'vitest/config';
import base from '../../vitest.config';

export default mergeConfig(
  base,
  defineConfig({ test: { include: ['test/console/screenshots.shots.ts'], testTimeout: 300_000 } }),
);
