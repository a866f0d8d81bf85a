/**
 * Benchmark: one announcement to a whole district (Pudong's 8,055 people by default) on the
 * embedded default stack — SQLite, a Temporal dev server, the embedded SMTP sink.
 *
 *  1. Raw floor: the same outbox writes and sends (deliverNoticeBatch, the same batches, the same
 *     pooled nodemailer, the same concurrency), no Temporal. Timed until the sink holds them all.
 *  2. The real thing: a worker in a child process (its peak RSS measured), createAnnouncement to
 *     the district, timed until the sink holds every message.
 *
 * Progress goes to stderr; the last line on stdout is one JSON object of the figures.
 *
 *   npm run bench -- announce [--people N] [--batch-size N] [--parallel N] [--page-size N]
 *     [--send-concurrency N] [--pool N] [--max-activities N] [--prebundle] [--skip-floor]
 *     [--timeout-s N] [--keep]
 *
 * Without flags everything is the production default. TEMPORAL_ADDRESS uses that server instead
 * of starting a dev server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { openDb, type Db } from '../../store/db';
import { createMailer } from '../../activities/notices/mailer';
import { deliverNoticeBatch } from '../../activities/notices/deliver';
import { audiencePage, type Audience } from '../../store/people/audience';
import { createAnnouncement } from '../../client/operations/announcements/announcements';
import { deployMigrations } from '../../prisma/migrator';
import { buildDistrict, loadDistrict } from '../../scripts/demo/district';
import { startDevServer, freePort, type DevServer } from '../../test/harness/temporal';
import { chunk } from '../../workflows/rules/chunk';
import {
  announcementWorkflowId,
  type AnnouncementInput,
} from '../../workflows/announcements/signals';
import { WORKFLOWS_PATH } from '../../worker/worker';
import { startMailSink } from '../../runtime/mailSink';
import { WORKER_ENV } from '../../config/env';
import {
  benchCleanups,
  benchWorkerNodeArgs,
  cpuSeconds,
  duplicates,
  emlCount,
  procStatus,
  rssMonitor,
} from '../measure';

const TARGETS = { seconds: 60, ratio: 3, peak_rss_mb: 512 } as const;
/** The workflow's own defaults (workflows/announcement.ts), used when no flag overrides them. */
const WORKFLOW_DEFAULTS = { pageSize: 1000, batchSize: 100, parallelBatches: 4 };
const DISTRICT = 'pudong';
const MAIL_FROM = '雁阵 Yanzhen <noreply@yanzhen.local>';

const { values: args } = parseArgs({
  options: {
    people: { type: 'string', default: '8055' },
    'batch-size': { type: 'string' },
    parallel: { type: 'string' },
    'page-size': { type: 'string' },
    'send-concurrency': { type: 'string' },
    pool: { type: 'string', default: '5' },
    'max-activities': { type: 'string' },
    prebundle: { type: 'boolean', default: true },
    'skip-floor': { type: 'boolean', default: false },
    'timeout-s': { type: 'string', default: '600' },
    keep: { type: 'boolean', default: false },
  },
  strict: true,
});

function int(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`[bench] --${name} must be a whole number >= 1, got "${raw}"`);
    process.exit(2);
  }
  return n;
}

const people = int('people', args.people)!;
const overrides: Partial<Pick<AnnouncementInput, 'pageSize' | 'batchSize' | 'parallelBatches'>> =
  {};
if (args['page-size']) overrides.pageSize = int('page-size', args['page-size']);
if (args['batch-size']) overrides.batchSize = int('batch-size', args['batch-size']);
if (args.parallel) overrides.parallelBatches = int('parallel', args.parallel);
const settings = {
  ...WORKFLOW_DEFAULTS,
  ...overrides,
  sendConcurrency: int('send-concurrency', args['send-concurrency']) ?? 5,
  pool: int('pool', args.pool)!,
  maxActivities: int('max-activities', args['max-activities']),
  prebundle: args.prebundle,
};
const timeoutMs = int('timeout-s', args['timeout-s'])! * 1000;

const t0 = Date.now();
function log(message: string): void {
  console.error(`[bench ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${message}`);
}
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

// --- measuring ----------------------------------------------------------------------------------

/** Waits until the folder holds `n` messages; resolves with the time it did, rejects on timeout. */
async function waitForMail(
  dir: string,
  n: number,
  deadline: number,
  failed: () => Error | undefined,
): Promise<number> {
  let lastLog = 0;
  for (;;) {
    const count = emlCount(dir);
    if (count >= n) return Date.now();
    const err = failed();
    if (err) throw err;
    if (Date.now() > deadline)
      throw new Error(`sink holds ${count} of ${n} messages at the deadline`);
    if (Date.now() - lastLog >= 5000) {
      lastLog = Date.now();
      log(`  sink: ${count} / ${n}`);
    }
    await sleep(100);
  }
}

// --- the stack ----------------------------------------------------------------------------------

const { cleanups, cleanUp, run } = benchCleanups(log);

/** YZ_BENCH_CPU_PROF=<dir>: a V8 CPU profile of the worker, for finding where its time goes. */
function profileArgs(): string[] {
  const dir = process.env.YZ_BENCH_CPU_PROF;
  return [...benchWorkerNodeArgs(), ...(dir ? ['--cpu-prof', '--cpu-prof-dir', dir] : [])];
}

async function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const script = fileURLToPath(new URL('./worker.ts', import.meta.url));
  // `node --import tsx` runs the worker in exactly one process, so its RSS is the worker's.
  const child = spawn(process.execPath, ['--import', 'tsx', ...profileArgs(), script], {
    env: { ...WORKER_ENV, ...process.env, ...env },
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  let exited: string | undefined;
  const exitPromise = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = signal ? `signal ${signal}` : `code ${code}`;
      resolve();
    }),
  );
  cleanups.push(async () => {
    if (exited !== undefined) return;
    child.kill('SIGTERM');
    const done = await Promise.race([
      exitPromise.then(() => true),
      sleep(10_000).then(() => false),
    ]);
    if (!done) {
      child.kill('SIGKILL');
      await exitPromise;
    }
  });
  process.once('exit', () => {
    if (exited === undefined) child.kill('SIGKILL');
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('worker not ready within 120 s')), 120_000);
    child.once('message', () => {
      clearTimeout(timer);
      resolve();
    });
    void exitPromise.then(() => {
      clearTimeout(timer);
      reject(new Error(`worker exited during start-up (${exited})`));
    });
  });
  (child as ChildProcess & { exitedWith?: () => string | undefined }).exitedWith = () => exited;
  return child;
}

async function personIdsOf(db: Db, audience: Audience, pageSize: number): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await audiencePage(db, audience, cursor, pageSize);
    pages.push(page.personIds);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return pages;
}

/** Runs `fn` over items, at most `limit` at once. */
async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

// --- phases -------------------------------------------------------------------------------------

async function rawFloor(db: Db, dir: string, batches: string[][]): Promise<number> {
  const mailDir = join(dir, 'mail-floor');
  const sink = await startMailSink({ dir: mailDir, port: await freePort() });
  cleanups.push(() => sink.stop());
  const mailer = createMailer({
    url: sink.url,
    pool: { maxConnections: settings.pool, maxMessages: 1000 },
  });
  await db.announcement.create({
    data: {
      id: 'bench-floor',
      title: '区级社工培训通知',
      body: '{name}，请于下周一前完成本季度培训报名。',
      audience: JSON.stringify({ unitIds: [DISTRICT] }),
      timeZone: 'Asia/Shanghai',
      createdBy: '浦东新区社工部',
      status: 'sending',
      workflowId: 'bench/floor',
      recipientCount: people,
    },
  });
  const deps = {
    db,
    mailer,
    from: MAIL_FROM,
    concurrency: settings.sendConcurrency,
    claimLeaseMs: 30_000,
  };
  const start = Date.now();
  let error: Error | undefined;
  const durations: number[] = [];
  const sending = pool(batches, settings.parallelBatches, async (personIds) => {
    const b0 = Date.now();
    await deliverNoticeBatch(deps, {
      workflowId: 'bench/floor',
      template: 'announcement',
      params: { announcementId: 'bench-floor' },
      keyPrefix: 'floor/bench-floor',
      personIds,
    });
    durations.push(Date.now() - b0);
  }).catch((e: unknown) => {
    error = e as Error;
  });
  const end = await waitForMail(mailDir, people, start + timeoutMs, () => error);
  await sending;
  mailer.close();
  const seconds = (end - start) / 1000;
  const dups = duplicates(mailDir);
  durations.sort((a, b) => a - b);
  log(
    `raw floor: ${people} in ${seconds.toFixed(1)} s (${round(people / seconds, 0)}/s), ` +
      `batch p50 ${durations[durations.length >> 1]} ms, max ${durations.at(-1)} ms, duplicates ${dups}`,
  );
  if (dups) throw new Error(`raw floor: ${dups} duplicate Message-IDs`);
  return seconds;
}

interface ActivityTiming {
  type: string;
  scheduled: number;
  started?: number;
  closed?: number;
}

/** What the workflow history says about where the time went. */
async function analyseHistory(client: Client, workflowId: string): Promise<void> {
  const timings = new Map<string, ActivityTiming>();
  let wftCount = 0;
  let wftMs = 0;
  let wftStart = 0;
  let runs = 0;
  let runId: string | undefined;
  for (;;) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    runs++;
    let next: string | undefined;
    for (const e of history.events ?? []) {
      const at =
        Number(e.eventTime?.seconds ?? 0) * 1000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6);
      const id = String(e.eventId);
      if (e.activityTaskScheduledEventAttributes) {
        timings.set(id, {
          type: e.activityTaskScheduledEventAttributes.activityType?.name ?? '?',
          scheduled: at,
        });
      } else if (e.activityTaskStartedEventAttributes) {
        const t = timings.get(String(e.activityTaskStartedEventAttributes.scheduledEventId));
        if (t) t.started = at;
      } else if (
        e.activityTaskCompletedEventAttributes ??
        e.activityTaskFailedEventAttributes ??
        e.activityTaskTimedOutEventAttributes
      ) {
        const a = (e.activityTaskCompletedEventAttributes ??
          e.activityTaskFailedEventAttributes ??
          e.activityTaskTimedOutEventAttributes)!;
        const t = timings.get(String(a.scheduledEventId));
        if (t) t.closed = at;
      } else if (e.workflowTaskScheduledEventAttributes) {
        wftStart = at;
      } else if (e.workflowTaskCompletedEventAttributes) {
        wftCount++;
        wftMs += at - wftStart;
      } else if (e.workflowExecutionContinuedAsNewEventAttributes) {
        next = e.workflowExecutionContinuedAsNewEventAttributes.newExecutionRunId ?? undefined;
      }
    }
    if (!next) break;
    runId = next;
  }
  const sends = [...timings.values()].filter((t) => t.type === 'sendNotices' && t.closed);
  if (!sends.length) return;
  const stat = (xs: number[]) => {
    xs.sort((a, b) => a - b);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    return `mean ${round(mean, 0)} p50 ${xs[xs.length >> 1]} max ${xs.at(-1)} ms`;
  };
  const first = Math.min(...sends.map((t) => t.scheduled));
  const last = Math.max(...sends.map((t) => t.closed!));
  const busy = sends.reduce((s, t) => s + (t.closed! - t.started!), 0);
  log(`history: ${runs} run(s), ${wftCount} workflow tasks, ${(wftMs / 1000).toFixed(1)} s in all`);
  log(
    `  sendNotices ×${sends.length}: queue wait ${stat(sends.map((t) => t.started! - t.scheduled))}`,
  );
  log(`  sendNotices run time ${stat(sends.map((t) => t.closed! - t.started!))}`);
  log(
    `  first send scheduled → last closed ${((last - first) / 1000).toFixed(1)} s; ` +
      `mean batches in flight ${(busy / (last - first)).toFixed(2)} (of ${settings.parallelBatches})`,
  );
}

async function realRun(
  db: Db,
  dir: string,
  address: string,
  serverPid: number | undefined,
): Promise<{ seconds: number; peakRss: number; duplicates: number }> {
  const mailDir = join(dir, 'mail');
  const sink = await startMailSink({ dir: mailDir, port: await freePort() });
  cleanups.push(() => sink.stop());
  let bundlePath = '';
  if (settings.prebundle) {
    const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
    const bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quiet });
    bundlePath = join(dir, 'workflow-bundle.js');
    writeFileSync(bundlePath, bundle.code);
  }
  const taskQueue = 'bench-announce';
  log('starting the worker (child process)...');
  const worker = await startWorker({
    TEMPORAL_ADDRESS: address,
    YZ_BENCH_DB: dbUrl(dir),
    YZ_BENCH_SMTP: sink.url,
    YZ_BENCH_TASK_QUEUE: taskQueue,
    YZ_BENCH_MAIL_DIR: mailDir,
    YZ_BENCH_POOL: String(settings.pool),
    YZ_BENCH_SEND_CONCURRENCY: String(settings.sendConcurrency),
    YZ_BENCH_MAX_ACTIVITIES: settings.maxActivities ? String(settings.maxActivities) : '',
    YZ_BENCH_BUNDLE: bundlePath,
  });
  const monitor = rssMonitor(worker.pid!);
  cleanups.push(() => monitor.stop());
  const ready = procStatus(worker.pid!);
  log(`worker ready: RSS ${round(ready.VmRSS ?? 0)} MB, peak so far ${round(ready.VmHWM ?? 0)} MB`);

  const connection = await Connection.connect({ address });
  cleanups.push(() => connection.close());
  const client = new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE || 'default' });
  // createAnnouncement starts the workflow with its defaults; flags pass other settings through.
  const temporal = {
    workflow: {
      start: (wf: unknown, opts: { args: [AnnouncementInput] }) =>
        client.workflow.start(
          wf as never,
          {
            ...(opts as object),
            args: [{ ...opts.args[0], ...overrides }],
          } as never,
        ),
    },
  } as unknown as Client;

  const cpu0 = {
    worker: cpuSeconds(worker.pid!),
    server: serverPid ? cpuSeconds(serverPid) : NaN,
    main: process.cpuUsage(),
  };
  const start = Date.now();
  const created = await createAnnouncement(
    { db, temporal, taskQueue, timeZone: 'Asia/Shanghai', quietHours: null },
    {
      id: 'bench-district',
      title: '区级社工培训通知',
      body: '{name}，请于下周一前完成本季度培训报名。',
      titleEn: 'District social-work training',
      audience: { unitIds: [DISTRICT] },
      createdBy: '浦东新区社工部',
    },
  );
  log(`announcement started: ${created.recipients} recipients (${created.workflowId})`);
  let failure: Error | undefined;
  const handle = client.workflow.getHandle(announcementWorkflowId('bench-district'));
  void handle.result().catch((e: unknown) => {
    failure = new Error(`workflow failed: ${(e as Error).message}`);
  });
  const workerExit = worker as ChildProcess & { exitedWith?: () => string | undefined };
  const end = await waitForMail(mailDir, people, start + timeoutMs, () => {
    if (failure) return failure;
    const exited = workerExit.exitedWith?.();
    return exited ? new Error(`worker exited (${exited})`) : undefined;
  });
  const seconds = (end - start) / 1000;
  const cpu = {
    worker: cpuSeconds(worker.pid!) - cpu0.worker,
    server: serverPid ? cpuSeconds(serverPid) - cpu0.server : NaN,
    main: (() => {
      const u = process.cpuUsage(cpu0.main);
      return (u.user + u.system) / 1e6;
    })(),
  };
  const peakRss = monitor.peak();
  monitor.stop();
  log(
    `real run: ${people} in ${seconds.toFixed(1)} s (${round(people / seconds, 0)}/s); ` +
      `worker peak RSS ${round(peakRss)} MB`,
  );
  log(
    `  CPU during the run: worker ${cpu.worker.toFixed(1)} s, temporal dev server ` +
      `${cpu.server.toFixed(1)} s, bench process (sink, client) ${cpu.main.toFixed(1)} s ` +
      `— ${((cpu.worker + (cpu.server || 0) + cpu.main) / seconds).toFixed(2)} cores busy on average`,
  );
  await handle.result().catch(() => undefined);
  await analyseHistory(client, handle.workflowId).catch((e: unknown) =>
    log(`history analysis failed: ${(e as Error).message}`),
  );
  return { seconds, peakRss, duplicates: duplicates(mailDir) };
}

function dbUrl(dir: string): string {
  return `file:${join(dir, 'bench.db')}`;
}

// --- main ---------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'yz-bench-announce-'));
  if (args.keep) log(`keeping ${dir}`);
  else cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(dir, { recursive: true });
  log(`settings ${JSON.stringify(settings)}`);

  await deployMigrations(dbUrl(dir));
  const db = await openDb(dbUrl(dir));
  cleanups.push(() => db.$disconnect());
  await loadDistrict(db, buildDistrict({ streets: 36, unitsPerStreet: 10, people }, DISTRICT));
  log(`database ready: ${people} people in ${DISTRICT}`);

  const pages = await personIdsOf(db, { unitIds: [DISTRICT] }, settings.pageSize);
  const batches = pages.flatMap((p) => chunk(p, settings.batchSize));
  let floorSeconds: number | undefined;
  if (!args['skip-floor']) {
    log(`raw floor: ${batches.length} batches, ${settings.parallelBatches} at once, no Temporal`);
    floorSeconds = await rawFloor(db, dir, batches);
  }

  let server: DevServer | undefined;
  let address = process.env.TEMPORAL_ADDRESS;
  if (!address) {
    log('starting a Temporal dev server...');
    server = await startDevServer();
    cleanups.push(() => server!.stop());
    address = server.address;
  }
  log(`Temporal at ${address}`);
  const real = await realRun(db, dir, address, server?.pid);

  const ratio = floorSeconds ? round(real.seconds / floorSeconds, 2) : null;
  const peak = Math.round(real.peakRss);
  const met =
    real.seconds <= TARGETS.seconds &&
    ratio !== null &&
    ratio <= TARGETS.ratio &&
    peak <= TARGETS.peak_rss_mb &&
    real.duplicates === 0;
  const nonDefault = Object.keys(overrides).length > 0 || settings.sendConcurrency !== 5;
  const result = {
    bench: 'announce',
    people,
    seconds: round(real.seconds),
    floor_seconds: floorSeconds === undefined ? null : round(floorSeconds),
    ratio,
    peak_rss_mb: peak,
    duplicates: real.duplicates,
    targets: TARGETS,
    met,
    ...(nonDefault || settings.pool !== 5 || settings.maxActivities || !settings.prebundle
      ? { settings }
      : {}),
  };
  await cleanUp();
  process.stdout.write(JSON.stringify(result) + '\n');
  return real.duplicates === 0 ? 0 : 1;
}

run(main);
