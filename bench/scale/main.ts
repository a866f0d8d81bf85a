/**
 * Benchmark: one announcement to a city's social workers — 100,000 people by default, Shanghai's
 * order of magnitude — on PostgreSQL with several worker processes (2 by default) sharing one
 * task queue, a Temporal dev server and the embedded SMTP sink. The README's capacity model is
 * built from its figures.
 *
 * Measured from createAnnouncement until the sink holds every message: seconds, messages and
 * outbox rows per second (each row is written when queued and again when sent), each worker's
 * peak RSS and CPU seconds, the Temporal server's, PostgreSQL's (the backends of this database)
 * and the sink's CPU seconds. CPU per message by part is what the capacity model scales: unlike
 * seconds, it holds on a machine shared with other work.
 *
 *   npm run bench -- scale [--people N] [--workers N] [--timeout-s N] [--keep]
 *
 * PostgreSQL from TEST_DATABASE_URL_PG (a fresh database is created and dropped), else the
 * project's own server (scripts/ensure-postgres.sh, started by scripts/bench.sh). Progress goes
 * to stderr; the last line on stdout is one JSON object of the figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Db } from '../../store/db';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { createAnnouncement } from '../../client/operations/announcements/announcements';
import { buildDistrict, loadDistrict } from '../../scripts/demo/district';
import { freePort } from '../../test/harness/temporal';
import { createTestDb } from '../../test/harness/db';
import { announcementWorkflowId } from '../../workflows/announcements/signals';
import { startMailSink } from '../../runtime/mailSink';
import { WORKER_ENV } from '../../config/env';
import { benchCleanups, benchWorkerNodeArgs, cpuSeconds, duplicates, rssMonitor } from '../measure';
import { mailNames, startChild, waitForMail, type Child } from '../peer';
import { BENCH_SMTP_POOL } from '../courseSystem';
import { benchDataConverter } from '../payloadKeys';
import { benchTemporal } from '../stack';

const { values: args } = parseArgs({
  options: {
    people: { type: 'string', default: '100000' },
    workers: { type: 'string', default: '2' },
    'timeout-s': { type: 'string', default: '3600' },
    keep: { type: 'boolean', default: false },
  },
  strict: true,
});
const people = Number(args.people);
const workers = Number(args.workers);
const timeoutMs = Number(args['timeout-s']) * 1000;
for (const [k, v] of Object.entries({ people, workers, timeoutMs }))
  if (!Number.isInteger(v) || v < 1) {
    console.error(`[bench] ${k} must be a whole number >= 1, got ${v}`);
    process.exit(2);
  }

const t0 = Date.now();
const log = (m: string) =>
  console.error(`[bench ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${m}`);
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const { cleanups, cleanUp, run } = benchCleanups(log);

/**
 * PostgreSQL's backends serving this bench's database (the server may serve others too): their
 * CPU seconds so far, by pid, so a backend that appears during the run counts from zero.
 */
async function databaseCpu(db: Db): Promise<Map<number, number>> {
  const rows = await db.$queryRawUnsafe<{ pid: number }[]>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  );
  return new Map(rows.map((r) => [Number(r.pid), cpuSeconds(Number(r.pid))]));
}

function cpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let s = 0;
  for (const [pid, cpu] of after) s += cpu - (before.get(pid) ?? 0);
  return s;
}

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'yz-bench-scale-'));
  if (args.keep) log(`keeping ${dir}`);
  else cleanups.push(() => rmSync(dir, { recursive: true, force: true }));

  const testDb = await createTestDb('postgresql');
  cleanups.push(() => testDb.close());
  const db = testDb.db;
  // A city: 16 districts' worth of streets, about 60 people per unit.
  const streets = Math.max(1, Math.round(people / 1000));
  const l0 = Date.now();
  await loadDistrict(db, buildDistrict({ streets, unitsPerStreet: 16, people }, 'shanghai'));
  log(
    `PostgreSQL ready: ${people} people in ${streets} streets (${((Date.now() - l0) / 1000).toFixed(1)} s)`,
  );

  const { address, server, bundlePath } = await benchTemporal(dir, cleanups);
  const mailDir = join(dir, 'mail');
  const sink = await startMailSink({ dir: mailDir, port: await freePort() });
  cleanups.push(() => sink.stop());
  const taskQueue = 'bench-scale';

  const children: Child[] = [];
  for (let w = 1; w <= workers; w++) {
    const child = await startChild(
      fileURLToPath(new URL('../announce/worker.ts', import.meta.url)),
      benchWorkerNodeArgs(),
      {
        ...WORKER_ENV,
        TEMPORAL_ADDRESS: address,
        YZ_BENCH_DB: testDb.url,
        YZ_BENCH_SMTP: sink.url,
        YZ_BENCH_TASK_QUEUE: taskQueue,
        YZ_BENCH_MAIL_DIR: mailDir,
        YZ_BENCH_POOL: String(BENCH_SMTP_POOL.maxConnections),
        YZ_BENCH_SEND_CONCURRENCY: String(BENCH_SMTP_POOL.maxConnections),
        YZ_BENCH_BUNDLE: bundlePath,
      },
      `worker ${w}`,
    );
    cleanups.push(() => child.stop());
    children.push(child);
  }
  const monitors = children.map((c) => rssMonitor(c.pid));
  cleanups.push(() => monitors.forEach((m) => m.stop()));
  log(`${workers} worker process(es) ready`);

  const connection = await Connection.connect({ address: address });
  cleanups.push(() => connection.close());
  const client = new Client({ connection, dataConverter: benchDataConverter() });

  // The Temporal server's CPU when it is the bench's own (NaN for one named by TEMPORAL_ADDRESS).
  const serverCpu = () => (server ? cpuSeconds(server.pid) : NaN);
  const cpu0 = {
    workers: children.map((c) => cpuSeconds(c.pid)),
    server: serverCpu(),
    database: await databaseCpu(db),
    bench: process.cpuUsage(),
  };
  const start = Date.now();
  const created = await createAnnouncement(
    { db, temporal: client, taskQueue, timeZone: 'Asia/Shanghai', quietHours: null },
    {
      id: 'bench-city',
      title: '全市社工继续教育通知',
      body: '{name}，请于月底前完成本年度继续教育学时登记。',
      titleEn: 'City-wide continuing-education notice',
      audience: { unitIds: ['shanghai'] },
      createdBy: '市社工部',
    },
  );
  log(`announcement started: ${created.recipients} recipients`);
  let failure: Error | undefined;
  const handle = client.workflow.getHandle(announcementWorkflowId('bench-city'));
  void handle.result().catch((e: unknown) => {
    failure = new Error(`workflow failed: ${(e as Error).message}`);
  });
  const end = await waitForMail(
    mailDir,
    new Set(),
    people,
    start + timeoutMs,
    () => {
      if (failure) return failure;
      const exited = children.map((c) => c.exitedWith()).find(Boolean);
      return exited ? new Error(`a worker exited (${exited})`) : undefined;
    },
    log,
  );
  const seconds = (end - start) / 1000;
  const cpu = {
    workers: children.map((c, i) => cpuSeconds(c.pid) - cpu0.workers[i]!),
    server: serverCpu() - cpu0.server,
    database: cpuSince(cpu0.database, await databaseCpu(db)),
    bench: (({ user, system }) => (user + system) / 1e6)(process.cpuUsage(cpu0.bench)),
  };
  await handle.result();
  const rows = await db.notice.count({ where: { workflowId: created.workflowId } });
  const sent = await db.notice.count({
    where: { workflowId: created.workflowId, status: 'sent' },
  });
  const workerCpu = cpu.workers.reduce((s, x) => s + x, 0);
  const figures = {
    bench: 'scale',
    database: 'postgresql',
    people,
    workers,
    cores: cpus().length,
    seconds: round(seconds),
    messages_per_second: round(people / seconds),
    per_worker_messages_per_second: round(people / seconds / workers),
    outbox_rows: rows,
    outbox_sent: sent,
    // Each outbox row is written twice: queued, then sent.
    outbox_row_writes_per_second: round((2 * rows) / seconds),
    worker_peak_rss_mb: monitors.map((m) => Math.round(m.peak())),
    worker_cpu_seconds: cpu.workers.map((x) => round(x)),
    worker_cpu_ms_per_message: round((1000 * workerCpu) / people, 2),
    temporal_cpu_ms_per_message: round((1000 * cpu.server) / people, 2),
    postgresql_cpu_ms_per_message: round((1000 * cpu.database) / people, 2),
    // The bench process: mostly the SMTP sink storing every message, also the client.
    sink_cpu_ms_per_message: round((1000 * cpu.bench) / people, 2),
    delivered: mailNames(mailDir).size,
    duplicates: duplicates(mailDir),
  };
  log(
    `${people} in ${seconds.toFixed(1)} s (${figures.messages_per_second}/s); workers' CPU ` +
      `${figures.worker_cpu_ms_per_message} ms, Temporal ${figures.temporal_cpu_ms_per_message} ms, ` +
      `PostgreSQL ${figures.postgresql_cpu_ms_per_message} ms, sink ${figures.sink_cpu_ms_per_message} ms per message`,
  );
  await cleanUp();
  process.stdout.write(JSON.stringify(figures) + '\n');
  return figures.delivered === people && figures.duplicates === 0 && sent === people ? 0 : 1;
}

run(main);
