/**
 * What the course and credit benches share: their options (--people N, --keep) and progress log;
 * a fresh SQLite database with a synthetic district, the embedded mail sink, the Java
 * time-skipping server and one worker with the real activities, tuned for thousands of workflows
 * that wake at the same moments.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { AnnouncementContext } from '../client/operations/announcements/announcements';
import { openDb, type Db } from '../store/db';
import { createMailer, type Mailer } from '../activities/notices/mailer';
import { deployMigrations } from '../prisma/migrator';
import { buildDistrict, loadDistrict } from '../scripts/demo/district';
import { createTimeSkippingEnv, freePort } from '../test/harness/temporal';
import { createWorker, type WorkerTuning } from '../worker/worker';
import { EMBEDDED_SINK_POOL_CONNECTIONS } from '../config/env';
import { startMailSink } from '../runtime/mailSink';
import { startMonitor } from './monitor';
import type { QuietHours } from '../workflows/rules/quietHours';
import { testDataConverter } from '../test/harness/payloadKeys';

/**
 * Worker settings for many workflows busy at one moment: enough activity slots that the notices
 * of one moment are sent together (see noticeSender), and a second workflow thread.
 */
export const BENCH_TUNING: WorkerTuning = {
  maxConcurrentActivityTaskExecutions: 400,
  maxConcurrentWorkflowTaskExecutions: 100,
  workflowThreadPoolSize: 2,
};

/**
 * SMTP connections, as the embedded default has them (worker/config.ts): with the sink in the
 * same busy process each message waits on its event loop for every SMTP exchange, so more
 * connections at once keep the sends flowing.
 */
export const BENCH_SMTP_POOL = {
  maxConnections: EMBEDDED_SINK_POOL_CONNECTIONS,
  maxMessages: 1000,
};

/** The bench's options (`--people N`, `--keep`), its progress log and a seconds counter. */
export function benchOptions(name: string, defaultPeople: number) {
  const { values } = parseArgs({
    options: {
      people: { type: 'string', default: String(defaultPeople) },
      keep: { type: 'boolean', default: false },
    },
    strict: true,
  });
  return {
    people: Number(values.people),
    keep: values.keep,
    log: (msg: string) => process.stderr.write(`[bench ${name}] ${msg}\n`),
    seconds: (t0: number) => Number(((performance.now() - t0) / 1000).toFixed(2)),
  };
}

export interface BenchSystem {
  db: Db;
  env: TestWorkflowEnvironment;
  taskQueue: string;
  /** What the client operations need, in Shanghai time with the quiet hours given. */
  ctx(quietHours: QuietHours | null): AnnouncementContext;
  stop(): Promise<void>;
}

/** Stops a time-skipping bench's parts in order, and removes its folder unless kept. */
export async function stopBenchParts(p: {
  worker: { shutdown(): void };
  running: Promise<unknown>;
  mailer: Mailer;
  env: { teardown(): Promise<void> };
  sink: { stop(): Promise<void> };
  db: Db;
  dir: string;
  keep: boolean;
}): Promise<void> {
  p.worker.shutdown();
  await p.running;
  p.mailer.close();
  await p.env.teardown();
  await p.sink.stop();
  await p.db.$disconnect();
  if (!p.keep) rmSync(p.dir, { recursive: true, force: true });
}

/** A worker for the time-skipping benches: their SMTP pool and tuning, on the test server. */
export function benchWorker(
  env: Awaited<ReturnType<typeof createTimeSkippingEnv>>,
  opts: { taskQueue: string; db: Db; mailer: Mailer; startsWorkflows?: boolean },
) {
  return createWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue: opts.taskQueue,
    dataConverter: testDataConverter,
    db: opts.db,
    mailer: opts.mailer,
    mailFrom: '雁阵 Yanzhen <noreply@yanzhen.local>',
    ...(opts.startsWorkflows
      ? { temporal: { client: env.client, taskQueue: opts.taskQueue } }
      : {}),
    sendConcurrency: BENCH_SMTP_POOL.maxConnections,
    tuning: BENCH_TUNING,
  });
}

export async function startBenchSystem(people: number, keep = false): Promise<BenchSystem> {
  const dir = mkdtempSync(join(tmpdir(), 'yz-bench-'));
  const url = `file:${join(dir, 'bench.db')}`;
  await deployMigrations(url);
  const db = await openDb(url);
  await loadDistrict(db, buildDistrict({ streets: 12, unitsPerStreet: 10, people }));
  const sink = await startMailSink({ dir: join(dir, 'mail'), port: await freePort() });
  const mailer = createMailer({ url: sink.url, pool: BENCH_SMTP_POOL });
  const env = await createTimeSkippingEnv();
  const taskQueue = 'bench';
  const worker = await benchWorker(env, { taskQueue, db, mailer, startsWorkflows: true });
  const running = worker.run();
  const stopMonitor = startMonitor(env, worker, (m) => process.stderr.write(`[bench] ${m}\n`));
  return {
    db,
    env,
    taskQueue,
    ctx: (quietHours) => ({
      db,
      temporal: env.client,
      taskQueue,
      timeZone: 'Asia/Shanghai',
      quietHours,
    }),
    async stop() {
      stopMonitor();
      await stopBenchParts({ worker, running, mailer, env, sink, db, dir, keep });
    },
  };
}
