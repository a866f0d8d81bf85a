/**
 * What the notice benches measure Yanzhen against, in the same run:
 *
 *  - the physical floor: bare pooled nodemailer (the embedded default's 20 connections) to the
 *    same embedded SMTP sink, plus bare multi-row INSERTs of the same outbox rows (Notice, one
 *    INSERT per chunk of 500, through the same Prisma/better-sqlite3 database) — no Yanzhen
 *    delivery code — sent from a child process of its own (bench/floorWorker.ts);
 *  - the peer: a plain job queue, BullMQ on a private redis-server (loopback, free port, no
 *    persistence, a temp folder), its worker in a child process (bench/peerWorker.ts, so its RSS
 *    is measured like Yanzhen's), one job per mail, the same sink and the same pooled nodemailer.
 *
 * Also the shared measuring of mail in a sink folder: waiting for a count, arrival times (each
 * .eml file's mtime: the sink answers 250 only once the file is written), lateness percentiles,
 * and the median/spread of paired ratios.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { Queue } from 'bullmq';
import type { Db } from '../store/db';
import { EMBEDDED_SINK_POOL_CONNECTIONS, WORKER_ENV } from '../config/env';
import { freePort } from '../test/harness/temporal';
import { benchWorkerNodeArgs, emlCount, rssMonitor } from './measure';
import { startMailSink } from '../runtime/mailSink';

/** SMTP connections of the floor and the peer: the embedded default's (config/env.ts). */
export const PEER_CONNECTIONS = EMBEDDED_SINK_POOL_CONNECTIONS;
/**
 * Jobs the peer's BullMQ worker runs at once: twice the SMTP connections, so that while one job
 * waits on Redis (fetch, complete) another is ready for each connection; more would only queue
 * inside nodemailer's pool.
 */
export const PEER_CONCURRENCY = 2 * PEER_CONNECTIONS;
export const MAIL_FROM = '雁阵 Yanzhen <noreply@yanzhen.local>';
const ROWS_PER_INSERT = 500;
/** Jobs per addBulk call (one Redis pipeline each). */
const JOBS_PER_ADD = 1000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
type Log = (message: string) => void;

// --- mail in a sink folder ----------------------------------------------------------------------

/**
 * Waits until the folder holds `n` messages (more than in `before`, the names at the start);
 * resolves with the arrival time of the last of the new ones (its file's mtime, so the figure
 * does not depend on how often the folder is polled), rejects on timeout or when `failed` says.
 */
export async function waitForMail(
  dir: string,
  before: Set<string>,
  n: number,
  deadline: number,
  failed: () => Error | undefined,
  log: Log,
): Promise<number> {
  let lastLog = Date.now();
  for (;;) {
    const count = emlCount(dir) - before.size;
    if (count >= n) return Math.max(...arrivals(dir, before));
    const err = failed();
    if (err) throw err;
    if (Date.now() > deadline)
      throw new Error(`sink ${dir} holds ${count} of ${n} messages at the deadline`);
    if (Date.now() - lastLog >= 5000) {
      lastLog = Date.now();
      log(`  sink: ${count} / ${n}`);
    }
    // Polled 5 times a second: a folder of tens of thousands of files costs milliseconds to
    // list, in the process that also runs the sinks.
    await sleep(200);
  }
}

/** The .eml files in a sink folder. */
export function mailNames(dir: string): Set<string> {
  return new Set(readdirSync(dir).filter((f) => f.endsWith('.eml')));
}

/**
 * Arrival time (ms) of each message in the folder not in `before`: its file's mtime, i.e. when
 * the sink had stored it, just before answering 250.
 */
export function arrivals(dir: string, before: Set<string>): number[] {
  return [...mailNames(dir)]
    .filter((f) => !before.has(f))
    .map((f) => statSync(join(dir, f)).mtimeMs);
}

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

/** Lateness in seconds of deliveries after `dueAt`: p50, p99, and the last (all delivered). */
export function lateness(arrivedAt: number[], dueAt: number) {
  const xs = arrivedAt.map((t) => (t - dueAt) / 1000).sort((a, b) => a - b);
  const at = (q: number) => xs[Math.min(xs.length - 1, Math.max(0, Math.ceil(xs.length * q) - 1))]!;
  return {
    n: xs.length,
    p50: round(at(0.5), 2),
    p99: round(at(0.99), 2),
    all: round(xs.at(-1)!, 2),
  };
}

/** Median and spread of ratios of neighbouring pairs. */
export function spread(ratios: number[]) {
  const xs = [...ratios].sort((a, b) => a - b);
  const mid = xs.length >> 1;
  const median = xs.length % 2 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
  return { median: round(median, 2), min: round(xs[0]!, 2), max: round(xs.at(-1)!, 2) };
}

/** Runs `fn` over items, at most `limit` at once. */
export async function lanes<T>(items: T[], limit: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

// --- what every side sends ----------------------------------------------------------------------

export interface Recipient {
  id: string;
  name: string;
  locale: string;
  email: string;
}

/** One mail's content, as the peer and the floor write it: a subject and a text with the name. */
export interface Wave {
  /** Names the wave in job ids, outbox keys and Message-IDs. */
  name: string;
  subject: string;
  /** `{name}` is replaced by the person's name. */
  body: string;
}

/**
 * Everyone in the database with their primary email address: two queries (people, email
 * contacts), no `IN` list of thousands of ids.
 */
export async function recipientsOf(db: Db): Promise<Recipient[]> {
  const [people, contacts] = await Promise.all([
    db.person.findMany({ select: { id: true, name: true, locale: true }, orderBy: { id: 'asc' } }),
    db.contactChannel.findMany({
      where: { kind: 'email' },
      orderBy: [{ personId: 'asc' }, { isPrimary: 'desc' }],
      select: { personId: true, value: true },
    }),
  ]);
  const email = new Map<string, string>();
  for (const c of contacts) if (!email.has(c.personId)) email.set(c.personId, c.value);
  return people
    .filter((p) => email.has(p.id))
    .map((p) => ({ id: p.id, name: p.name, locale: p.locale, email: email.get(p.id)! }));
}

export function mailOf(wave: Wave, r: { id: string; name: string; email: string }) {
  return {
    from: MAIL_FROM,
    to: r.email,
    subject: wave.subject,
    text: `${wave.body.replaceAll('{name}', r.name)}\n\n—— 雁阵 Yanzhen`,
    messageId: `<${wave.name}.${r.id}@peer.yanzhen.local>`,
  };
}

/**
 * Bare pooled nodemailer: `connections` SMTP connections, with Nagle's algorithm off on each
 * socket as Yanzhen's mailer has it (without, each small SMTP command waits ~40 ms for a delayed
 * ACK on loopback, and the floor would be a measure of that).
 */
export function bareTransport(url: string, connections = PEER_CONNECTIONS) {
  const { hostname: host, port } = new URL(url);
  type Callback = (error: Error | null, socket?: { connection: net.Socket }) => void;
  return nodemailer.createTransport({
    pool: true,
    host,
    port: Number(port),
    secure: false,
    maxConnections: connections,
    maxMessages: 1000,
    getSocket: (_options: unknown, callback: Callback) => {
      const socket = net.connect({ host, port: Number(port), noDelay: true });
      socket.once('connect', () => {
        socket.removeAllListeners('error');
        callback(null, { connection: socket });
      });
      socket.once('error', (e) => callback(e));
    },
  } as never);
}

// --- the physical floor -------------------------------------------------------------------------

/**
 * The floor for one wave (run by bench/floorWorker.ts, in a process of its own as the peer's and
 * Yanzhen's senders are): everyone's outbox row (the same Notice columns Yanzhen writes, one
 * multi-row INSERT per chunk of 500), then one mail each through bare pooled nodemailer,
 * `PEER_CONNECTIONS` at once, each chunk's as soon as its INSERT is done. Resolves once every
 * mail is answered 250.
 */
export async function sendFloorWave(
  db: Db,
  transport: ReturnType<typeof bareTransport>,
  wave: Wave,
  workflowId: string,
): Promise<{ insertSeconds: number }> {
  const start = Date.now();
  const people = await recipientsOf(db);
  // Chunk by chunk, one INSERT after the other; a chunk's mails go out as soon as it is in.
  const inserted: Promise<void>[] = [];
  let previous = Promise.resolve();
  for (let i = 0; i < people.length; i += ROWS_PER_INSERT) {
    const part = people.slice(i, i + ROWS_PER_INSERT);
    previous = previous.then(async () => {
      await db.notice.createMany({
        data: part.map((r) => ({
          key: `${wave.name}/${r.id}`,
          personId: r.id,
          template: 'announcement',
          locale: r.locale,
          params: '{}',
          status: 'pending',
          workflowId,
        })),
      });
    });
    inserted.push(previous);
  }
  let insertSeconds = NaN;
  void previous.then(() => (insertSeconds = (Date.now() - start) / 1000)).catch(() => undefined);
  await lanes(
    people.map((r, i) => ({ r, i })),
    PEER_CONNECTIONS,
    async ({ r, i }) => {
      await inserted[Math.floor(i / ROWS_PER_INSERT)];
      await transport.sendMail(mailOf(wave, r));
    },
  );
  await previous;
  return { insertSeconds };
}

/** The floor's sender, started: a child process (bench/floorWorker.ts) on `dbUrl` and `smtpUrl`. */
export async function startFloor(opts: {
  dbUrl: string;
  smtpUrl: string;
  nodeArgs: string[];
  env?: Record<string, string>;
  log: Log;
}) {
  const worker = await startChild(
    fileURLToPath(new URL('./floorWorker.ts', import.meta.url)),
    opts.nodeArgs,
    { ...opts.env, YZ_FLOOR_DB: opts.dbUrl, YZ_FLOOR_SMTP: opts.smtpUrl },
    'floor sender',
  );
  /** One wave of `n` mails, timed from the people query until the sink holds every message. */
  async function wave(w: {
    wave: Wave;
    workflowId: string;
    mailDir: string;
    n: number;
    deadline: number;
  }): Promise<{ seconds: number; insertSeconds: number }> {
    const before = mailNames(w.mailDir);
    let error: Error | undefined;
    let insertSeconds = NaN;
    const answered = new Promise<void>((resolve) => {
      const onMessage = (m: { done?: { insertSeconds: number }; error?: string }) => {
        if (m.error) error = new Error(`floor sender: ${m.error}`);
        else if (m.done) insertSeconds = m.done.insertSeconds;
        else return;
        worker.child.off('message', onMessage);
        resolve();
      };
      worker.child.on('message', onMessage);
    });
    const start = Date.now();
    worker.child.send({ wave: w.wave, workflowId: w.workflowId });
    const end = await waitForMail(
      w.mailDir,
      before,
      w.n,
      w.deadline,
      () => error ?? (worker.exitedWith() ? new Error('floor sender exited') : undefined),
      opts.log,
    );
    await answered;
    return { seconds: (end - start) / 1000, insertSeconds };
  }
  return { worker, wave, stop: () => worker.stop() };
}

// --- child processes ----------------------------------------------------------------------------

export interface Child {
  child: ChildProcess;
  pid: number;
  /** How it exited (`code 1`, `signal SIGKILL`), or undefined while it runs. */
  exitedWith(): string | undefined;
  /** Sends `signal` (SIGTERM by default; SIGKILL after 10 s) and waits until it has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts a TypeScript child process (`node --import tsx <nodeArgs> script`) with an IPC channel;
 * resolves once it sends its first message (ready). Killed when this process exits.
 */
export async function startChild(
  script: string,
  nodeArgs: string[],
  env: Record<string, string>,
  what: string,
): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...nodeArgs, script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  let exited: string | undefined;
  const exitPromise = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = signal ? `signal ${signal}` : `code ${code}`;
      resolve();
    }),
  );
  process.once('exit', () => {
    if (exited === undefined) child.kill('SIGKILL');
  });
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (exited !== undefined) return;
    child.kill(signal);
    const done = await Promise.race([
      exitPromise.then(() => true),
      sleep(10_000).then(() => false),
    ]);
    if (!done) {
      child.kill('SIGKILL');
      await exitPromise;
    }
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} not ready within 120 s`)), 120_000);
    child.once('message', () => {
      clearTimeout(timer);
      resolve();
    });
    void exitPromise.then(() => {
      clearTimeout(timer);
      reject(new Error(`${what} exited during start-up (${exited})`));
    });
  });
  return { child, pid: child.pid!, exitedWith: () => exited, stop };
}

// --- the peer: BullMQ on Redis ------------------------------------------------------------------

async function redisAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000, () => socket.destroy());
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => {
      socket.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(false));
  });
}

/**
 * A private redis-server (YZ_REDIS_SERVER, else `redis-server` on PATH; scripts/ensure-redis.sh
 * installs it) on a free loopback port, no RDB/AOF persistence, in `dir`.
 */
export async function startRedis(dir: string, log: Log) {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const bin = process.env.YZ_REDIS_SERVER || 'redis-server';
  const child = spawn(
    bin,
    [
      ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir],
      ...['--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning'],
    ],
    { stdio: ['ignore', 'ignore', 2] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', (e) => log(`redis-server: ${e.message} (run scripts/ensure-redis.sh)`));
  process.once('exit', () => child.kill('SIGKILL'));
  const deadline = Date.now() + 10_000;
  while (!(await redisAnswers(port))) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`redis-server did not start on 127.0.0.1:${port}`);
    await sleep(50);
  }
  log(`redis-server on 127.0.0.1:${port} (${dir}, no persistence)`);
  return {
    port,
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(5000).then(() => child.kill('SIGKILL'))]);
    },
  };
}

export const PEER_QUEUE = 'notices';

/** The peer's job data: everything a mail needs (the producer resolves the audience). */
export interface PeerJob {
  wave: Wave;
  person: Recipient;
}

/**
 * The peer, started: redis-server, the BullMQ worker child (bench/peerWorker.ts, with the bench
 * worker's node flags) sending to `smtpUrl`, and a producer Queue here.
 */
export async function startPeer(opts: {
  dir: string;
  smtpUrl: string;
  nodeArgs: string[];
  env?: Record<string, string>;
  concurrency?: number;
  log: Log;
}) {
  const redis = await startRedis(opts.dir, opts.log);
  const connection = { host: '127.0.0.1', port: redis.port };
  const concurrency = opts.concurrency ?? PEER_CONCURRENCY;
  let worker: Child;
  try {
    worker = await startChild(
      fileURLToPath(new URL('./peerWorker.ts', import.meta.url)),
      opts.nodeArgs,
      {
        ...opts.env,
        YZ_PEER_REDIS_PORT: String(redis.port),
        YZ_PEER_SMTP: opts.smtpUrl,
        YZ_PEER_CONCURRENCY: String(concurrency),
        YZ_PEER_CONNECTIONS: String(PEER_CONNECTIONS),
      },
      'BullMQ peer worker',
    );
  } catch (e) {
    await redis.stop();
    throw e;
  }
  const queue = new Queue<PeerJob>(PEER_QUEUE, { connection });
  opts.log(
    `BullMQ peer: worker pid ${worker.pid}, concurrency ${concurrency}, ${PEER_CONNECTIONS} SMTP connections`,
  );

  /**
   * One wave through the peer: the people query, one job per person (addBulk by 1,000), until
   * the sink holds them all. With `dueAt`, delayed jobs all due at that instant.
   */
  async function wave(w: {
    db: Db;
    wave: Wave;
    mailDir: string;
    deadline: number;
    dueAt?: number;
  }): Promise<{ seconds: number; start: number; end: number; queuedBy: number }> {
    const before = mailNames(w.mailDir);
    const start = Date.now();
    const people = await recipientsOf(w.db);
    for (let i = 0; i < people.length; i += JOBS_PER_ADD)
      await queue.addBulk(
        people.slice(i, i + JOBS_PER_ADD).map((person) => ({
          name: w.wave.name,
          data: { wave: w.wave, person },
          opts: {
            jobId: `${w.wave.name}.${person.id}`,
            ...(w.dueAt ? { delay: Math.max(0, w.dueAt - Date.now()) } : {}),
          },
        })),
      );
    const queuedBy = Date.now();
    if (w.dueAt && queuedBy > w.dueAt)
      opts.log(`WARNING: peer jobs queued ${queuedBy - w.dueAt} ms after their due instant`);
    const end = await waitForMail(
      w.mailDir,
      before,
      people.length,
      w.deadline,
      () => {
        const exited = worker.exitedWith();
        return exited ? new Error(`peer worker exited (${exited})`) : undefined;
      },
      opts.log,
    );
    return { seconds: (end - start) / 1000, start, end, queuedBy };
  }

  return {
    worker,
    redisPid: redis.pid,
    wave,
    stop: async () => {
      await worker.stop();
      await queue.close();
      await redis.stop();
    },
  };
}

/**
 * The peer as both notice benches run it: its own sink (`mail-peer/`), its redis and worker, and
 * its worker's memory watched; each stopped by `cleanups`.
 */
export async function startPeerBeside(
  dir: string,
  cleanups: (() => Promise<void> | void)[],
  log: Log,
  concurrency?: number,
) {
  const mailDir = join(dir, 'mail-peer');
  const sink = await startMailSink({ dir: mailDir, port: await freePort() });
  cleanups.push(() => sink.stop());
  // The same node flags and process settings as Yanzhen's worker.
  const peer = await startPeer({
    dir: join(dir, 'redis'),
    smtpUrl: sink.url,
    nodeArgs: benchWorkerNodeArgs(),
    env: { ...WORKER_ENV },
    concurrency,
    log,
  });
  cleanups.push(() => peer.stop());
  const monitor = rssMonitor(peer.worker.pid);
  cleanups.push(() => monitor.stop());
  return { peer, mailDir, monitor };
}
