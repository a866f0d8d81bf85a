/**
 * The HTTP API over a test system (useTestSystem, useCliSystem): a context on the system's
 * database and task queue, the Fastify app built on it before the tests and closed after. Call
 * it after the system's own `use…`, so the system is up first.
 */
import { afterAll, beforeAll, inject } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../client/api/server';
import { openContext, type YzContext } from '../../client/operations/context';
import { loadConfig } from '../../config/env';
import { TEST_PAYLOAD_KEYS } from './payloadKeys';
import type { TestDb } from './db';
import type { Stack } from './stack';

export interface ApiOn {
  readonly app: FastifyInstance;
  readonly ctx: YzContext;
}

/** `settings`: more configuration, e.g. `{ API_TOKEN, YZ_MAIL_DIR }`. */
export function useApiOn(
  sys: { tdb: TestDb; stack: Stack },
  settings: Record<string, string>,
): ApiOn {
  let ctx: YzContext | undefined;
  let app: FastifyInstance | undefined;
  beforeAll(async () => {
    ctx = await openContext(
      loadConfig({
        YZ_PAYLOAD_KEYS: TEST_PAYLOAD_KEYS,
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        TASK_QUEUE: sys.stack.taskQueue,
        DATABASE_URL: sys.tdb.url,
        YZ_LOG_LEVEL: 'warn',
        ...settings,
      }),
    );
    app = await buildApi(ctx);
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });
  return {
    get app() {
      return app!;
    },
    get ctx() {
      return ctx!;
    },
  };
}
