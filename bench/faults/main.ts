/**
 * Benchmark: the faults a district will meet (issue #15), at full size. One exam mobilization
 * campaign for Pudong's 8,055 people on the embedded default stack (SQLite, or `--pg` our own
 * throwaway PostgreSQL; a Temporal dev server persisted to a file; the embedded SMTP sink; the
 * worker in its own process), and while its invitations go out:
 *   - the worker is killed (SIGKILL) `--kills` times (10) and started again;
 *   - the Temporal server is killed `--restarts` times (2) and started again on the same file;
 *   - the database is gone for `--outage-s` seconds (60): SQLite write-locked by another process,
 *     or PostgreSQL stopped (immediate) and started.
 * Then every person's reminder falls due (`--reminder-at-s` after the start). Figures: delivered,
 * duplicates, lost, unconfirmed (goal 2 × people / 0 / 0 / 0: one invitation and one reminder
 * each), and for each fault the time from its end to the next message stored (recovery).
 *
 * The 4xx outage and the full disk are measured by their tests (test/faults/), time-skipped.
 * Progress goes to stderr; the last line on stdout is one JSON object of the figures.
 *
 *   npm run bench -- faults [--people N] [--kills N] [--restarts N] [--outage-s N] [--pg]
 *     [--reminder-at-s N] [--timeout-s N]
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import pg from 'pg';
import { startExamCampaign } from '../../client/operations/exam/start';
import { messageIdFor } from '../../store/notices/messageId';
import { deployMigrations } from '../../prisma/migrator';
import { startMailSink } from '../../runtime/mailSink';
import { buildDistrict, loadDistrict } from '../../scripts/demo/district';
import { openDb } from '../../store/db';
import { WORKER_ENV } from '../../config/env';
import { waveKeyPrefix } from '../../workflows/rules/examWaves';
import { WORKFLOWS_PATH } from '../../worker/worker';
import { freePort, startDevServer, type DevServer } from '../../test/harness/temporal';
import { startOwnPostgres } from '../../test/faults/ownPostgres';
import { holdSqliteWriteLock } from '../../test/faults/sqliteLock';
import { benchCleanups, benchWorkerNodeArgs, emlCount } from '../measure';
import { startChild, type Child } from '../peer';
import { BENCH_SMTP_POOL } from '../courseSystem';
import { benchDataConverter } from '../payloadKeys';

const { values: args } = parseArgs({
  options: {
    people: { type: 'string', default: '8055' },
    kills: { type: 'string', default: '10' },
    restarts: { type: 'string', default: '2' },
    'outage-s': { type: 'string', default: '60' },
    'reminder-at-s': { type: 'string', default: '420' },
    // On a loaded 2-core machine the launch alone may take 20 minutes (journeys start at ~12/s).
    'timeout-s': { type: 'string', default: '3600' },
    pg: { type: 'boolean', default: false },
  },
});
const PEOPLE = Number(args.people);
const KILLS = Number(args.kills);
const RESTARTS = Number(args.restarts);
const OUTAGE_MS = Number(args['outage-s']) * 1000;
const REMINDER_AT_MS = Number(args['reminder-at-s']) * 1000;
const TIMEOUT_MS = Number(args['timeout-s']) * 1000;
const CAMPAIGN = 'faults';
const DAY = 86_400_000;

const log = (m: string) => console.error(`[faults] ${m}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms: number) => Math.round(ms / 100) / 10;
const { cleanups, cleanUp, run } = benchCleanups(log);

/** The sink's file-name hash of a notice key (runtime/mailSink.ts names files by it). */
const fileHash = (key: string) =>
  createHash('sha256').update(messageIdFor(key)).digest('hex').slice(0, 24);

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'yz-bench-faults-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));

  // Database: SQLite file, or a PostgreSQL server of our own that may be stopped.
  let url = `file:${join(dir, 'faults.db')}`;
  let outage: () => Promise<void> = async () => {
    const lock = holdSqliteWriteLock(url.slice('file:'.length), OUTAGE_MS);
    await lock.taken;
    await lock.released;
  };
  if (args.pg) {
    const server = await startOwnPostgres();
    cleanups.push(() => server.destroy());
    const c = new pg.Client({ connectionString: server.url });
    await c.connect();
    await c.query('CREATE DATABASE yz_faults');
    await c.end();
    url = server.url.replace(/\/postgres$/, '/yz_faults');
    outage = async () => {
      server.stop();
      await sleep(OUTAGE_MS);
      server.start();
    };
  }
  await deployMigrations(url);
  const db = await openDb(url);
  cleanups.push(() => db.$disconnect());
  log(`loading a district of ${PEOPLE} people (${args.pg ? 'PostgreSQL' : 'SQLite'})`);
  await loadDistrict(
    db,
    buildDistrict({ streets: 36, unitsPerStreet: 10, people: PEOPLE }, 'pudong'),
  );

  // Temporal on a file, on a port that stays the same across restarts.
  const port = await freePort();
  let server: DevServer = await startDevServer({ port, dbFilename: join(dir, 'temporal.db') });
  cleanups.push(() => server.stop());
  const restartTemporal = async () => {
    process.kill(server.pid, 'SIGKILL');
    while (await alive(server.pid)) await sleep(50);
    await sleep(2_000);
    server = await startDevServer({ port, dbFilename: join(dir, 'temporal.db') });
  };

  const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  const bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quiet });
  writeFileSync(join(dir, 'workflow-bundle.js'), bundle.code);
  const mailDir = join(dir, 'mail');
  const sink = await startMailSink({ dir: mailDir, port: await freePort() });
  cleanups.push(() => sink.stop());
  const taskQueue = 'bench-faults';
  const script = fileURLToPath(new URL('../announce/worker.ts', import.meta.url));
  const startWorker = () =>
    startChild(
      script,
      benchWorkerNodeArgs(),
      {
        ...WORKER_ENV,
        TEMPORAL_ADDRESS: server.address,
        YZ_BENCH_DB: url,
        YZ_BENCH_SMTP: sink.url,
        YZ_BENCH_TASK_QUEUE: taskQueue,
        YZ_BENCH_MAIL_DIR: mailDir,
        YZ_BENCH_BUNDLE: join(dir, 'workflow-bundle.js'),
        YZ_BENCH_POOL: String(BENCH_SMTP_POOL.maxConnections),
        YZ_BENCH_SEND_CONCURRENCY: String(BENCH_SMTP_POOL.maxConnections),
      },
      'worker',
    );
  let worker: Child = await startWorker();
  cleanups.push(() => worker.stop());
  const connection = await Connection.connect({ address: server.address });
  cleanups.push(() => connection.close());
  // Payloads encrypted as an installation's are (the worker processes inherit the key).
  const client = new Client({ connection, dataConverter: benchDataConverter() });

  const t0 = Date.now();
  const iso = (ms: number) => new Date(t0 + ms).toISOString();
  await startExamCampaign(
    { db, temporal: client, taskQueue, timeZone: 'Asia/Shanghai', quietHours: null },
    {
      id: CAMPAIGN,
      name: '故障演练 / faults bench',
      examYear: new Date(t0).getUTCFullYear(),
      levels: ['social_worker'],
      registrationWindow: { opens: iso(0), closes: iso(DAY + REMINDER_AT_MS) },
      examDates: {
        regulations_policy: iso(60 * DAY),
        comprehensive_intermediate: iso(61 * DAY),
        practice_intermediate: iso(61 * DAY + 5 * 3_600_000),
      },
      cohort: { unitIds: ['pudong'] },
      reminders: { beforeWindowCloses: ['1d'], quietHours: 'off' },
    },
    'faults-bench',
  );
  log(`campaign started; reminders due at +${REMINDER_AT_MS / 1000} s`);

  // The faults, in order, each once the invitations reach its share of the people.
  type Fault = { at: number; kind: 'worker' | 'temporal' | 'database' };
  const faults: Fault[] = [
    ...Array.from({ length: KILLS }, (_, i) => ({
      at: (0.5 * (i + 1)) / (KILLS + 1),
      kind: 'worker' as const,
    })),
    ...Array.from({ length: RESTARTS }, (_, i) => ({
      at: 0.55 + (0.2 * i) / Math.max(RESTARTS, 1),
      kind: 'temporal' as const,
    })),
    ...(OUTAGE_MS > 0 ? [{ at: 0.8, kind: 'database' as const }] : []),
  ];
  const recoveries: Record<Fault['kind'], number[]> = { worker: [], temporal: [], database: [] };
  let lateFaults = 0;
  for (const f of faults) {
    const until = Date.now() + 120_000;
    while (emlCount(mailDir) < f.at * PEOPLE && Date.now() < until) await sleep(20);
    if (emlCount(mailDir) >= PEOPLE) lateFaults++; // the invitations were all out already
    const before = emlCount(mailDir);
    log(`fault: ${f.kind} at ${before} messages`);
    if (f.kind === 'worker') {
      await worker.stop('SIGKILL');
      worker = await startWorker();
    } else if (f.kind === 'temporal') await restartTemporal();
    else await outage();
    const ended = Date.now();
    const stored = emlCount(mailDir);
    while (emlCount(mailDir) === stored && Date.now() - ended < 300_000) await sleep(20);
    recoveries[f.kind].push(seconds(Date.now() - ended));
  }

  // Until every notice of both waves is settled (sent, failed or unconfirmed).
  const prefixes = ['invitation', 'reminder-1'].map((w) => waveKeyPrefix(CAMPAIGN, w));
  const settled = () =>
    db.notice.count({
      where: {
        OR: prefixes.map((p) => ({ key: { startsWith: `${p}/` } })),
        status: { in: ['sent', 'failed', 'unconfirmed'] },
      },
    });
  let last = -1;
  while (Date.now() - t0 < TIMEOUT_MS) {
    const n = await settled().catch(() => -1);
    if (n !== last) log(`${n} of ${2 * PEOPLE} notices settled, ${emlCount(mailDir)} messages`);
    last = n;
    if (n >= 2 * PEOPLE) break;
    await sleep(5_000);
  }
  const total = Date.now() - t0;
  await sleep(3_000); // a late duplicate would land now

  const files = readdirSync(mailDir).filter((f) => f.endsWith('.eml'));
  const stored = new Map<string, number>();
  for (const f of files) {
    const h = f.slice(f.lastIndexOf('-') + 1, -'.eml'.length);
    stored.set(h, (stored.get(h) ?? 0) + 1);
  }
  const ids = (await db.person.findMany({ select: { id: true } })).map((p) => p.id);
  const wave = (prefix: string) => {
    let delivered = 0;
    let duplicates = 0;
    for (const id of ids) {
      const n = stored.get(fileHash(`${prefix}/${id}`)) ?? 0;
      if (n > 0) delivered++;
      duplicates += Math.max(0, n - 1);
    }
    return { delivered, duplicates, lost: ids.length - delivered };
  };
  const [invitations, reminders] = prefixes.map(wave) as [
    ReturnType<typeof wave>,
    ReturnType<typeof wave>,
  ];
  const unconfirmed = await db.notice.count({ where: { status: 'unconfirmed' } });
  const failed = await db.notice.count({ where: { status: 'failed' } });
  const figures = {
    bench: 'faults',
    provider: args.pg ? 'postgresql' : 'sqlite',
    people: PEOPLE,
    worker_kills: KILLS,
    temporal_restarts: RESTARTS,
    database_outage_s: OUTAGE_MS / 1000,
    faults_after_invitations: lateFaults,
    invitations,
    reminders,
    delivered: invitations.delivered + reminders.delivered,
    expected: 2 * PEOPLE,
    duplicates: invitations.duplicates + reminders.duplicates,
    lost: invitations.lost + reminders.lost,
    unconfirmed,
    failed,
    // Messages that are neither an invitation nor a reminder of a person (should be 0).
    other_messages:
      files.length -
      invitations.delivered -
      invitations.duplicates -
      reminders.delivered -
      reminders.duplicates,
    recovery_s: recoveries,
    total_s: seconds(total),
  };
  await cleanUp();
  console.log(JSON.stringify(figures));
  return figures.duplicates === 0 && figures.lost === 0 && unconfirmed === 0 ? 0 : 1;
}

async function alive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

run(main);
