/**
 * Benchmark: `credits start --all` for 10,000 registered people on the embedded default —
 * SQLite, a Temporal dev server, the worker in its own process (bench/announce/worker.ts,
 * production createWorker). Every person holds a certificate registered within the last three
 * years (a registration record each). Each ledger starts on a start delay until the day before
 * its first checkpoint (workflows/rules/ledgerOpening.ts), so the start is the server's work and
 * the worker's comes later, a ledger at a time. Measured: the operation until every ledger is
 * started (target ≤ 120 s); the worker's peak RSS (≤ 512 MB) and its CPU seconds over the start;
 * that a second `--all` starts nothing (idempotent); then the deferred cost, honestly: a sample
 * of ledgers asked for (`ledger()`, which opens one that has not run), its seconds and the
 * worker's CPU per ledger opened, every answer in force. YZ_BENCH_CACHED_WORKFLOWS tries another
 * workflow cache.
 *
 *   npm run bench -- credits-start [--people N] [--open-sample N] [--keep]
 *
 * Progress goes to stderr; the last line on stdout is one JSON object of the figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { openDb, type Db } from '../../store/db';
import { deployMigrations } from '../../prisma/migrator';
import { buildDistrict, loadDistrict } from '../../scripts/demo/district';
import { freePort } from '../../test/harness/temporal';
import { startMailSink } from '../../runtime/mailSink';
import { WORKER_ENV } from '../../config/env';
import { recordMirroredRegistrations } from '../../store/credits/registrations';
import { startAllLedgers } from '../../client/operations/credits/startAll';
import { ledger, type CreditsContext } from '../../client/operations/credits/ledger';
import { inWindow } from '../../workflows/rules/chunk';
import {
  benchCleanups,
  benchWorkerNodeArgs,
  cpuSeconds,
  descendants,
  rssMonitor,
} from '../measure';
import { startChild, type Child } from '../peer';
import { benchDataConverter } from '../payloadKeys';
import { benchTemporal } from '../stack';

const TARGETS = { seconds: 120, peak_rss_mb: 512 } as const;
const DAY = 86_400_000;
const { values: args } = parseArgs({
  options: {
    people: { type: 'string', default: '10000' },
    'timeout-s': { type: 'string', default: '600' },
    'open-sample': { type: 'string', default: '500' },
    keep: { type: 'boolean', default: false },
  },
  strict: true,
});
const people = Number(args.people);
const sampleSize = Number(args['open-sample']);
const timeoutMs = Number(args['timeout-s']) * 1000;
const t0 = Date.now();
const log = (m: string) =>
  console.error(`[bench ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${m}`);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const { cleanups, cleanUp, run } = benchCleanups(log);

interface WorkerLoad {
  activations: number;
  activities: number;
}
function workerLoad(w: Child): Promise<WorkerLoad> {
  return new Promise((resolve) => {
    const onMessage = (m: { status?: WorkerLoad }) => {
      if (!m.status) return;
      w.child.off('message', onMessage);
      resolve(m.status);
    };
    w.child.on('message', onMessage);
    w.child.send({ status: true });
  });
}

/** Until the worker has held nothing for 3 s in a row. */
async function settled(w: Child): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let idleSince: number | undefined;
  for (;;) {
    const l = await workerLoad(w);
    if (l.activations + l.activities > 0) idleSince = undefined;
    else idleSince ??= Date.now();
    if (idleSince !== undefined && Date.now() - idleSince >= 3000) return;
    if (Date.now() > deadline) throw new Error('timed out waiting for the worker to settle');
    await sleep(200);
  }
}

/** Every person holds one certificate registered on a day of the last three years. */
async function registeredDistrict(url: string): Promise<Db> {
  await deployMigrations(url);
  const db = await openDb(url);
  cleanups.push(() => db.$disconnect());
  await loadDistrict(db, buildDistrict({ streets: 36, unitsPerStreet: 14, people }, 'pudong'));
  await db.certificateRegistration.deleteMany();
  await db.certificate.deleteMany();
  const today = Date.UTC(
    new Date().getUTCFullYear(),
    new Date().getUTCMonth(),
    new Date().getUTCDate(),
  );
  const ids = (await db.person.findMany({ select: { id: true } })).map((p) => p.id);
  await db.certificate.createMany({
    data: ids.map((personId, i) => {
      const registeredOn = new Date(today - (i % 1000) * DAY);
      return {
        personId,
        level: i % 3 === 0 ? 'assistant_social_worker' : 'social_worker',
        obtainedOn: registeredOn,
        registeredOn,
      };
    }),
  });
  await recordMirroredRegistrations(db, ids, {
    source: 'legacy',
    sourceRef: 'bench',
    recordedBy: 'bench',
  });
  return db;
}

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'yz-bench-credits-start-'));
  if (args.keep) log(`keeping ${dir}`);
  else cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const url = `file:${join(dir, 'bench.db')}`;
  const db = await registeredDistrict(url);
  log(`database ready: ${await db.certificateRegistration.count()} registered people`);

  const { address, bundlePath } = await benchTemporal(dir, cleanups);
  const mailDir = join(dir, 'mail');
  const sink = await startMailSink({ dir: mailDir, port: await freePort() });
  cleanups.push(() => sink.stop());
  const taskQueue = 'bench-credits-start';
  const script = fileURLToPath(new URL('../announce/worker.ts', import.meta.url));
  const worker = await startChild(
    script,
    benchWorkerNodeArgs(),
    {
      ...WORKER_ENV,
      TEMPORAL_ADDRESS: address,
      YZ_BENCH_DB: url,
      YZ_BENCH_SMTP: sink.url,
      YZ_BENCH_TASK_QUEUE: taskQueue,
      YZ_BENCH_MAIL_DIR: mailDir,
      YZ_BENCH_BUNDLE: bundlePath,
    },
    'worker',
  );
  cleanups.push(() => worker.stop('SIGTERM'));
  const monitor = rssMonitor(worker.child.pid!);
  cleanups.push(() => monitor.stop());
  const connection = await Connection.connect({ address });
  cleanups.push(() => connection.close());
  const client = new Client({ connection, dataConverter: benchDataConverter() });
  const ctx: CreditsContext = {
    db,
    temporal: client,
    taskQueue,
    timeZone: 'Asia/Shanghai',
    quietHours: null,
  };

  const s0 = Date.now();
  let last = 0;
  const first = await startAllLedgers(ctx, {
    progress: (step) => {
      if (Date.now() - last > 5000) {
        last = Date.now();
        log(`  ${step}`);
      }
    },
  });
  const startedS = (Date.now() - s0) / 1000;
  log(`credits start --all: ${first.started} started in ${startedS.toFixed(1)} s`);
  await settled(worker);
  const totalS = (Date.now() - s0) / 1000;
  // The worker's CPU time tells the ledgers' cost apart from the machine's load.
  const pid = worker.child.pid!;
  const workerCpu = () => [pid, ...descendants(pid)].reduce((s, p) => s + cpuSeconds(p), 0);
  const startCpuS = workerCpu();
  log(`worker settled: ${totalS.toFixed(1)} s, worker CPU ${startCpuS.toFixed(1)} s`);
  const again = await startAllLedgers(ctx, {});

  // The deferred cost: ledgers asked for open now (an update), each reading its registration.
  const ids = (await db.certificateRegistration.findMany({ select: { personId: true } }))
    .map((r) => r.personId)
    .sort();
  const step = Math.max(1, Math.floor(ids.length / sampleSize));
  const sample = ids.filter((_, i) => i % step === 0).slice(0, sampleSize);
  const o0 = Date.now();
  let inForce = 0;
  await inWindow(sample, 16, async (personId) => {
    if ((await ledger(ctx, personId)).registration === 'in_force') inForce++;
  });
  const openS = (Date.now() - o0) / 1000;
  await settled(worker);
  const openCpuS = workerCpu() - startCpuS;
  log(
    `${sample.length} ledgers asked for and opened in ${openS.toFixed(1)} s (${inForce} in force)`,
  );
  const peakMb = Math.round(monitor.peak());
  const figures = {
    people: first.registered,
    started: first.started,
    second_run_started: again.started,
    start_all_seconds: Math.round(startedS * 10) / 10,
    until_settled_seconds: Math.round(totalS * 10) / 10,
    worker_peak_rss_mb: peakMb,
    worker_cpu_seconds_over_start: Math.round(startCpuS * 10) / 10,
    opened_sample: sample.length,
    opened_in_force: inForce,
    open_sample_seconds: Math.round(openS * 10) / 10,
    worker_cpu_ms_per_opening: Math.round((openCpuS / sample.length) * 1000 * 10) / 10,
    targets: TARGETS,
    met:
      startedS <= TARGETS.seconds &&
      peakMb <= TARGETS.peak_rss_mb &&
      again.started === 0 &&
      inForce === sample.length,
  };
  console.log(JSON.stringify(figures));
  await cleanUp();
  return figures.met ? 0 : 1;
}

run(main);
