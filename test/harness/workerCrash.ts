/**
 * The stack for fault tests that kill the worker process (SIGKILL): a database loaded with a demo
 * district, the embedded mail sink, a Temporal connection, and the real worker (`worker/main.ts`)
 * as a child process that can be killed and restarted. Registers its own beforeAll/afterAll.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { Connection } from '@temporalio/client';
import { mailFiles, startMailSink, type MailSink } from '../../runtime/mailSink';
import { buildDistrict, loadDistrict } from '../../scripts/demo/district';
import { createTestDb, type TestDb } from './db';
import { TEST_PAYLOAD_KEYS } from './payloadKeys';

export interface WorkerCrashStack {
  tdb: TestDb;
  sink: MailSink;
  mailDir: string;
  connection: Connection;
  taskQueue: string;
  /** Starts the worker process (once at the start; killSending restarts it). */
  startWorker(): void;
  /**
   * `kills` times: waits until `step` more messages are in the sink (at most `target` in all, or
   * 20 s), then after a random pause of up to `jitterMs` kills the worker and starts a new one.
   */
  killSending(o: { kills: number; step: number; target: number; jitterMs: number }): Promise<void>;
  /** The sink holds exactly one message per person: `people` files, recipients, Message-IDs. */
  expectOneMessageEach(people: number): void;
}

const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function useWorkerCrashStack(
  name: string,
  district: Parameters<typeof buildDistrict>[0],
): WorkerCrashStack {
  let dataDir = '';
  let worker: ChildProcess | undefined;
  const stack = { taskQueue: `${name}-${randomUUID()}` } as WorkerCrashStack;

  const spawnWorker = () =>
    spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        YZ_PAYLOAD_KEYS: TEST_PAYLOAD_KEYS,
        TASK_QUEUE: stack.taskQueue,
        DATABASE_URL: stack.tdb.url,
        SMTP_URL: stack.sink.url,
        YZ_SINK_DIR: stack.mailDir,
        YZ_DATA_DIR: dataDir,
        YZ_QUIET_HOURS: 'off',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });

  stack.startWorker = () => void (worker = spawnWorker());
  stack.killSending = async ({ kills, step, target, jitterMs }) => {
    for (let kill = 0; kill < kills; kill++) {
      const before = mailFiles(stack.mailDir).length;
      const deadline = Date.now() + 20_000;
      while (
        mailFiles(stack.mailDir).length < Math.min(target, before + step) &&
        Date.now() < deadline
      )
        await sleep(50);
      await sleep(Math.floor(Math.random() * jitterMs));
      if (worker) await killed(worker);
      worker = spawnWorker();
    }
  };
  stack.expectOneMessageEach = (people) => {
    const files = mailFiles(stack.mailDir);
    const ids = files.map((f) => f.split('-')[2]);
    expect(new Set(ids).size).toBe(files.length); // no Message-ID twice
    expect(files).toHaveLength(people);
    const recipients = new Set(
      files.map((f) => /^To: (.+)$/m.exec(readFileSync(join(stack.mailDir, f), 'utf8'))?.[1]),
    );
    expect(recipients.size).toBe(people);
  };

  beforeAll(async () => {
    stack.tdb = await createTestDb();
    await loadDistrict(stack.tdb.db, buildDistrict(district));
    stack.mailDir = mkdtempSync(join(tmpdir(), `yz-${name}-mail-`));
    dataDir = mkdtempSync(join(tmpdir(), `yz-${name}-data-`));
    stack.sink = await startMailSink({ dir: stack.mailDir, port: 0 });
    stack.connection = await Connection.connect({ address: inject('temporalAddress') });
  });

  afterAll(async () => {
    if (worker) await killed(worker);
    await stack.connection?.close();
    await stack.sink?.stop();
    await stack.tdb?.close();
    if (stack.mailDir) rmSync(stack.mailDir, { recursive: true, force: true });
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  return stack;
}
