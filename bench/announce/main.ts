/**
 * Benchmark: one announcement to a whole district (Pudong's 8,055 people by default) on the
 * embedded default stack — SQLite, a Temporal dev server, the embedded SMTP sink — side by side,
 * in the same run, with what it is measured against (bench/peer.ts):
 *
 *  - floor: the physical floor — the same outbox rows as bare multi-row INSERTs (one per chunk
 *    of 500) and one mail per person through bare pooled nodemailer (20 connections) to the same
 *    sink; no Yanzhen delivery code;
 *  - peer: the same wave as a plain job queue — BullMQ on a private redis-server, one job per
 *    person, its worker in a child process with 20 SMTP connections and 40 jobs at once;
 *  - Yanzhen: its worker in a child process (production createWorker, the embedded default's
 *    20 SMTP connections and 20 sends at once), createAnnouncement to the district.
 *
 * Each is timed from its start (the people query / createAnnouncement) until the sink holds
 * every message. The machine's speed drifts, so the three are interleaved `--rounds` times
 * (floor, peer, Yanzhen, floor, peer, Yanzhen, …) and the ratios of each round's neighbours are
 * reported as their median with min and max. Worker RSS peaks are sampled for both children.
 *
 * `--profile`: a V8 CPU profile of Yanzhen's worker (node --cpu-prof, every thread), cut to the
 * Yanzhen rounds and summarised per message by part (bench/cpuProfile.ts).
 *
 * Progress goes to stderr; the last line on stdout is one JSON object of the figures.
 *
 *   npm run bench -- announce [--people N] [--rounds N] [--profile] [--batch-size N]
 *     [--parallel N] [--page-size N] [--send-concurrency N] [--pool N] [--peer-concurrency N]
 *     [--max-activities N] [--prebundle] [--timeout-s N] [--keep]
 *
 * Without flags everything is the embedded default. TEMPORAL_ADDRESS uses that server instead
 * of starting a dev server.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { openDb, type Db } from '../../store/db';
import { createAnnouncement } from '../../client/operations/announcements/announcements';
import { deployMigrations } from '../../prisma/migrator';
import { buildDistrict, loadDistrict } from '../../scripts/demo/district';
import { startDevServer, freePort, type DevServer } from '../../test/harness/temporal';
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
  procStatus,
  rssMonitor,
} from '../measure';
import {
  mailNames,
  PEER_CONCURRENCY,
  PEER_CONNECTIONS,
  spread,
  startChild,
  startFloor,
  startPeerBeside,
  waitForMail,
  type Wave,
} from '../peer';
import {
  perMessage,
  profileFiles,
  profileWindow,
  summariseProfiles,
  type Window,
} from '../cpuProfile';
import { benchDataConverter } from '../payloadKeys';

const TARGETS = { ratio_to_peer: 1.5, ratio_to_floor: 3, peak_rss_mb: 384 } as const;
/** The workflow's own defaults (workflows/announcement.ts), used when no flag overrides them. */
const WORKFLOW_DEFAULTS = { pageSize: 1000, batchSize: 100, parallelBatches: 4 };
const DISTRICT = 'pudong';
const TITLE = '区级社工培训通知';
const BODY = '{name}，请于下周一前完成本季度培训报名。';
const CREATED_BY = '浦东新区社工部';

const { values: args } = parseArgs({
  options: {
    people: { type: 'string', default: '8055' },
    rounds: { type: 'string', default: '3' },
    profile: { type: 'boolean', default: false },
    'batch-size': { type: 'string' },
    parallel: { type: 'string' },
    'page-size': { type: 'string' },
    'send-concurrency': { type: 'string' },
    pool: { type: 'string', default: String(PEER_CONNECTIONS) },
    'peer-concurrency': { type: 'string', default: String(PEER_CONCURRENCY) },
    'max-activities': { type: 'string' },
    prebundle: { type: 'boolean', default: true },
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
const rounds = int('rounds', args.rounds)!;
const overrides: Partial<Pick<AnnouncementInput, 'pageSize' | 'batchSize' | 'parallelBatches'>> =
  {};
if (args['page-size']) overrides.pageSize = int('page-size', args['page-size']);
if (args['batch-size']) overrides.batchSize = int('batch-size', args['batch-size']);
if (args.parallel) overrides.parallelBatches = int('parallel', args.parallel);
const pool = int('pool', args.pool)!;
const settings = {
  ...WORKFLOW_DEFAULTS,
  ...overrides,
  // The embedded default (worker/run.ts): as many sends at once as SMTP connections.
  sendConcurrency: int('send-concurrency', args['send-concurrency']) ?? pool,
  pool,
  peerConcurrency: int('peer-concurrency', args['peer-concurrency'])!,
  maxActivities: int('max-activities', args['max-activities']),
  prebundle: args.prebundle,
};
const timeoutMs = int('timeout-s', args['timeout-s'])! * 1000;

const t0 = Date.now();
function log(message: string): void {
  console.error(`[bench ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${message}`);
}
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

const { cleanups, cleanUp, run } = benchCleanups(log);

// --- Yanzhen ------------------------------------------------------------------------------------

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

/** Yanzhen's side, started once: its sink, the worker child, a client. */
async function startYanzhen(dir: string, address: string, profileDir: string | undefined) {
  const mailDir = join(dir, 'mail-yanzhen');
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
  log('starting the Yanzhen worker (child process)...');
  // `node --import tsx` runs the worker in exactly one process, so its RSS is the worker's.
  const worker = await startChild(
    fileURLToPath(new URL('./worker.ts', import.meta.url)),
    [...benchWorkerNodeArgs(), ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [])],
    {
      ...WORKER_ENV,
      TEMPORAL_ADDRESS: address,
      YZ_BENCH_DB: dbUrl(dir),
      YZ_BENCH_SMTP: sink.url,
      YZ_BENCH_TASK_QUEUE: taskQueue,
      YZ_BENCH_MAIL_DIR: mailDir,
      YZ_BENCH_POOL: String(settings.pool),
      YZ_BENCH_SEND_CONCURRENCY: String(settings.sendConcurrency),
      YZ_BENCH_MAX_ACTIVITIES: settings.maxActivities ? String(settings.maxActivities) : '',
      YZ_BENCH_BUNDLE: bundlePath,
    },
    'Yanzhen worker',
  );
  cleanups.push(() => worker.stop());
  const monitor = rssMonitor(worker.pid);
  cleanups.push(() => monitor.stop());
  const ready = procStatus(worker.pid);
  log(`worker ready: RSS ${round(ready.VmRSS ?? 0)} MB, peak so far ${round(ready.VmHWM ?? 0)} MB`);

  const connection = await Connection.connect({ address });
  cleanups.push(() => connection.close());
  const client = new Client({
    connection,
    namespace: process.env.TEMPORAL_NAMESPACE || 'default',
    dataConverter: benchDataConverter(),
  });
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
  return { mailDir, worker, monitor, client, temporal, taskQueue };
}
type Yanzhen = Awaited<ReturnType<typeof startYanzhen>>;

/** One announcement to the district, until the sink holds every message. */
async function yanzhenRound(db: Db, y: Yanzhen, r: number, serverPid: number | undefined) {
  const id = `bench-district-${r}`;
  const before = mailNames(y.mailDir);
  const cpu0 = {
    worker: cpuSeconds(y.worker.pid),
    server: serverPid ? cpuSeconds(serverPid) : NaN,
    main: process.cpuUsage(),
  };
  const window: Window = { from: profileWindow(), to: 0 };
  const start = Date.now();
  const created = await createAnnouncement(
    {
      db,
      temporal: y.temporal,
      taskQueue: y.taskQueue,
      timeZone: 'Asia/Shanghai',
      quietHours: null,
    },
    {
      id,
      title: TITLE,
      body: BODY,
      titleEn: 'District social-work training',
      audience: { unitIds: [DISTRICT] },
      createdBy: CREATED_BY,
    },
  );
  log(`  announcement started: ${created.recipients} recipients (${created.workflowId})`);
  let failure: Error | undefined;
  const handle = y.client.workflow.getHandle(announcementWorkflowId(id));
  void handle.result().catch((e: unknown) => {
    failure = new Error(`workflow failed: ${(e as Error).message}`);
  });
  const end = await waitForMail(
    y.mailDir,
    before,
    people,
    start + timeoutMs,
    () => {
      if (failure) return failure;
      const exited = y.worker.exitedWith();
      return exited ? new Error(`worker exited (${exited})`) : undefined;
    },
    log,
  );
  window.to = profileWindow();
  const seconds = (end - start) / 1000;
  const u = process.cpuUsage(cpu0.main);
  const cpu = {
    worker: cpuSeconds(y.worker.pid) - cpu0.worker,
    server: serverPid ? cpuSeconds(serverPid) - cpu0.server : NaN,
    main: (u.user + u.system) / 1e6,
  };
  log(
    `  Yanzhen: ${people} in ${seconds.toFixed(1)} s (${round(people / seconds, 0)}/s); CPU worker ` +
      `${cpu.worker.toFixed(1)} s, temporal dev server ${cpu.server.toFixed(1)} s, bench process ` +
      `(sinks, client) ${cpu.main.toFixed(1)} s`,
  );
  await handle.result().catch(() => undefined);
  await analyseHistory(y.client, handle.workflowId).catch((e: unknown) =>
    log(`history analysis failed: ${(e as Error).message}`),
  );
  return { seconds, cpu, window };
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
  log(`settings ${JSON.stringify(settings)}, ${rounds} round(s)`);

  await deployMigrations(dbUrl(dir));
  const db = await openDb(dbUrl(dir));
  cleanups.push(() => db.$disconnect());
  await loadDistrict(db, buildDistrict({ streets: 36, unitsPerStreet: 10, people }, DISTRICT));
  log(`database ready: ${people} people in ${DISTRICT}`);

  let server: DevServer | undefined;
  let address = process.env.TEMPORAL_ADDRESS;
  if (!address) {
    log('starting a Temporal dev server...');
    server = await startDevServer();
    cleanups.push(() => server!.stop());
    address = server.address;
  }
  log(`Temporal at ${address}`);
  const profileDir = args.profile ? join(dir, 'profile') : undefined;
  const yanzhen = await startYanzhen(dir, address, profileDir);

  const floorDir = join(dir, 'mail-floor');
  const floorSink = await startMailSink({ dir: floorDir, port: await freePort() });
  cleanups.push(() => floorSink.stop());
  const floorSender = await startFloor({
    dbUrl: dbUrl(dir),
    smtpUrl: floorSink.url,
    nodeArgs: benchWorkerNodeArgs(),
    env: { ...WORKER_ENV },
    log,
  });
  cleanups.push(() => floorSender.stop());
  const peerSide = await startPeerBeside(dir, cleanups, log, settings.peerConcurrency);
  const { peer, mailDir: peerDir, monitor: peerMonitor } = peerSide;

  const wave = (name: string): Wave => ({ name, subject: `【通知】${TITLE}`, body: BODY });
  const figures = { floor: [] as number[], peer: [] as number[], yanzhen: [] as number[] };
  const cpu = { yanzhen: 0, server: 0, bench: 0, peer: 0, redis: 0 };
  const windows: Window[] = [];
  for (let r = 1; r <= rounds; r++) {
    log(`round ${r} of ${rounds}: floor`);
    const floor = await floorSender.wave({
      wave: wave(`floor-${r}`),
      workflowId: `bench/floor-${r}`,
      mailDir: floorDir,
      n: people,
      deadline: Date.now() + timeoutMs,
    });
    log(
      `  floor: ${people} in ${floor.seconds.toFixed(1)} s (${round(people / floor.seconds, 0)}/s; ` +
        `people query and all outbox INSERTs done after ${floor.insertSeconds.toFixed(2)} s)`,
    );
    figures.floor.push(floor.seconds);

    log(`round ${r} of ${rounds}: peer (BullMQ)`);
    const p0 = { worker: cpuSeconds(peer.worker.pid), redis: cpuSeconds(peer.redisPid) };
    const p = await peer.wave({
      db,
      wave: wave(`peer-${r}`),
      mailDir: peerDir,
      deadline: Date.now() + timeoutMs,
    });
    cpu.peer += cpuSeconds(peer.worker.pid) - p0.worker;
    cpu.redis += cpuSeconds(peer.redisPid) - p0.redis;
    log(
      `  peer: ${people} in ${p.seconds.toFixed(1)} s (${round(people / p.seconds, 0)}/s; ` +
        `all queued after ${((p.queuedBy - p.start) / 1000).toFixed(2)} s)`,
    );
    figures.peer.push(p.seconds);

    log(`round ${r} of ${rounds}: Yanzhen`);
    const y = await yanzhenRound(db, yanzhen, r, server?.pid);
    figures.yanzhen.push(y.seconds);
    cpu.yanzhen += y.cpu.worker;
    cpu.server += y.cpu.server || 0;
    cpu.bench += y.cpu.main;
    windows.push(y.window);
  }

  const peak = {
    yanzhen: Math.round(yanzhen.monitor.peak()),
    peer: Math.round(peerMonitor.peak()),
  };
  const dups = {
    yanzhen: duplicates(yanzhen.mailDir),
    peer: duplicates(peerDir),
    floor: duplicates(floorDir),
  };
  const messages = people * rounds;
  let profile: Record<string, unknown> | null = null;
  if (profileDir) {
    // The profile is written when the worker exits.
    await yanzhen.worker.stop();
    const summary = summariseProfiles(profileFiles(profileDir), windows);
    const perMsg = perMessage(summary, messages);
    profile = {
      files: summary.files,
      sampled_ms_per_message: round(summary.sampled_ms / messages, 3),
      worker_cpu_ms_per_message: round((cpu.yanzhen * 1000) / messages, 3),
      per_message_ms: perMsg,
      share_percent: summary.share_percent,
      top_ms: summary.top,
    };
    log(`profile (ms per message, the Yanzhen rounds only): ${JSON.stringify(perMsg)}`);
    log(`  busiest files/packages (ms in all): ${JSON.stringify(summary.top)}`);
    if (args.keep) log(`  profiles in ${profileDir}`);
  }
  const ratios = {
    peer: spread(figures.yanzhen.map((s, i) => s / figures.peer[i]!)),
    floor: spread(figures.yanzhen.map((s, i) => s / figures.floor[i]!)),
  };
  const perMessageMs = (s: number) => round((s * 1000) / messages, 3);
  const result = {
    bench: 'announce',
    people,
    rounds,
    yanzhen_seconds: figures.yanzhen.map((s) => round(s, 2)),
    peer_seconds: figures.peer.map((s) => round(s, 2)),
    floor_seconds: figures.floor.map((s) => round(s, 2)),
    ratio_to_peer: ratios.peer,
    ratio_to_floor: ratios.floor,
    peak_rss_mb: peak,
    cpu_ms_per_message: {
      yanzhen_worker: perMessageMs(cpu.yanzhen),
      temporal_server: perMessageMs(cpu.server),
      // This process during the Yanzhen rounds: mostly its sink, also the client and the polling.
      bench_process_sink: perMessageMs(cpu.bench),
      peer_worker: perMessageMs(cpu.peer),
      redis: perMessageMs(cpu.redis),
    },
    duplicates: dups,
    profile,
    targets: TARGETS,
    met: {
      ratio_to_peer: ratios.peer.median <= TARGETS.ratio_to_peer,
      ratio_to_floor: ratios.floor.median <= TARGETS.ratio_to_floor,
      peak_rss_mb: peak.yanzhen <= TARGETS.peak_rss_mb,
    },
    settings,
  };
  await cleanUp();
  process.stdout.write(JSON.stringify(result) + '\n');
  return dups.yanzhen + dups.peer + dups.floor === 0 ? 0 : 1;
}

run(main);
