/**
 * What the course and credit benches share: a fresh SQLite database with a synthetic district,
 * the embedded mail sink, the Java time-skipping server and one worker with the real activities.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { openDb, type Db } from '../activities/db';
import { createMailer } from '../activities/mailer';
import { deployMigrations } from '../prisma/migrator';
import { buildDistrict, loadDistrict } from '../scripts/demo/district';
import { createTimeSkippingEnv, freePort } from '../test/harness/temporal';
import { createWorker } from '../worker/worker';
import { startMailSink } from '../worker/mailSink';

export interface BenchSystem {
  db: Db;
  env: TestWorkflowEnvironment;
  taskQueue: string;
  stop(): Promise<void>;
}

export async function startBenchSystem(people: number, keep = false): Promise<BenchSystem> {
  const dir = mkdtempSync(join(tmpdir(), 'yz-bench-'));
  const url = `file:${join(dir, 'bench.db')}`;
  await deployMigrations(url);
  const db = await openDb(url);
  await loadDistrict(db, buildDistrict({ streets: 12, unitsPerStreet: 10, people }));
  const sink = await startMailSink({ dir: join(dir, 'mail'), port: await freePort() });
  const mailer = createMailer({ url: sink.url, pool: { maxConnections: 5, maxMessages: 1000 } });
  const env = await createTimeSkippingEnv();
  const taskQueue = 'bench';
  const worker = await createWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue,
    db,
    mailer,
    mailFrom: '雁阵 Bench <noreply@yanzhen.bench>',
    temporal: { client: env.client, taskQueue },
  });
  const running = worker.run();
  return {
    db,
    env,
    taskQueue,
    async stop() {
      worker.shutdown();
      await running;
      mailer.close();
      await env.teardown();
      await sink.stop();
      await db.$disconnect();
      if (!keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}
