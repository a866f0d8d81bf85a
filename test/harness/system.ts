/**
 * The whole system for one test file: a fresh database with a synthetic district, a real SMTP
 * server, and a worker on the run's Temporal server (or a time-skipping environment).
 * Call at the top of a test file; the parts are ready inside tests and torn down after them.
 */
import { afterAll, beforeAll } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { AnnouncementContext } from '../../client/operations/announcements/announcements';
import { buildDistrict, loadDistrict, type DistrictSize } from '../../scripts/demo/district';
import { createTestDb, type TestDb } from './db';
import { startSmtpSink, type SmtpSink } from './smtp';
import { startStack, type Stack } from './stack';

export interface TestSystem {
  tdb: TestDb;
  sink: SmtpSink;
  stack: Stack;
  /** The time-skipping environment, when one was asked for. */
  env?: TestWorkflowEnvironment;
  /** What the announcement operations need, quiet hours off unless given. */
  announcementCtx(over?: Partial<AnnouncementContext>): AnnouncementContext;
}

export function useTestSystem(options: {
  district: DistrictSize;
  /** A time-skipping environment made in the same beforeAll, before the worker starts. */
  env?: () => Promise<TestWorkflowEnvironment>;
}): TestSystem {
  const system = {} as TestSystem;
  beforeAll(async () => {
    const env = (system.env = await options.env?.());
    system.tdb = await createTestDb();
    await loadDistrict(system.tdb.db, buildDistrict(options.district));
    system.sink = await startSmtpSink();
    system.stack = await startStack({ db: system.tdb.db, smtpUrl: system.sink.url, env });
    system.announcementCtx = (over = {}) => ({
      db: system.tdb.db,
      temporal: system.stack.client,
      taskQueue: system.stack.taskQueue,
      timeZone: 'Asia/Shanghai',
      quietHours: null,
      ...over,
    });
  });
  afterAll(async () => {
    await system.stack?.stop();
    await system.sink?.stop();
    await system.tdb?.close();
    await system.env?.teardown();
  });
  return system;
}
