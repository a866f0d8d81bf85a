/**
 * The real `yz` CLI (client/bin/yz.js → client/cli.ts) as child processes, against a test file's
 * own database, the run's Temporal server, and a worker in the test process that mails into an
 * embedded sink folder. Call at the top of a test file.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, vi } from 'vitest';
import { buildDistrict, loadDistrict, type DistrictSize } from '../../scripts/demo/district';
import { startMailSink, type MailSink } from '../../runtime/mailSink';
import { createTestDb, type TestDb } from './db';
import { startStack, type Stack } from './stack';
import { TEST_PAYLOAD_KEYS } from './payloadKeys';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliSystem {
  tdb: TestDb;
  stack: Stack;
  /** The sink's folder (also YZ_MAIL_DIR of the CLI) and a scratch folder for files. */
  mailDir: string;
  dir: string;
  /** Runs `yz …` without blocking this process, whose worker the command needs. */
  yz(...args: string[]): Promise<Run>;
  /** `yz …` with more environment (YZ_TOKEN: another account). */
  yzWith(env: Record<string, string>, ...args: string[]): Promise<Run>;
  /** The environment `yz` runs with: this system's database, worker queue and mail folder. */
  env(): Record<string, string | undefined>;
  /** The JSON a successful `--json` run printed. */
  json(run: Run): unknown;
}

export function useCliSystem(district: DistrictSize): CliSystem {
  const sys = {} as CliSystem;
  let sink: MailSink | undefined;
  // Each command is a fresh Node process (about 2 s, more while other test files run).
  vi.setConfig({ testTimeout: 120_000 });
  beforeAll(async () => {
    sys.tdb = await createTestDb();
    await loadDistrict(sys.tdb.db, buildDistrict(district));
    sys.dir = mkdtempSync(join(tmpdir(), 'yz-cli-'));
    sys.mailDir = join(sys.dir, 'mail');
    sink = await startMailSink({ dir: sys.mailDir, port: 0 });
    sys.stack = await startStack({ db: sys.tdb.db, smtpUrl: sink.url });
  });
  afterAll(async () => {
    await sys.stack?.stop();
    await sink?.stop();
    await sys.tdb?.close();
    if (sys.dir) rmSync(sys.dir, { recursive: true, force: true });
  });
  sys.env = () => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    YZ_PAYLOAD_KEYS: TEST_PAYLOAD_KEYS,
    TEMPORAL_UI_URL: 'http://ui.test:8233',
    TASK_QUEUE: sys.stack.taskQueue,
    DATABASE_URL: sys.tdb.url,
    YZ_MAIL_DIR: sys.mailDir,
    YZ_QUIET_HOURS: 'off',
    ...(process.env.YZ_CJK_FONT ? { YZ_CJK_FONT: process.env.YZ_CJK_FONT } : {}),
  });
  sys.yzWith = (more, ...args) => {
    const env = { ...sys.env(), ...more };
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        ['client/bin/yz.js', ...args],
        { env, timeout: 60_000 },
        (e, stdout, stderr) =>
          resolve({ code: e ? (typeof e.code === 'number' ? e.code : -1) : 0, stdout, stderr }),
      );
    });
  };
  sys.yz = (...args) => sys.yzWith({}, ...args);
  sys.json = (run) => {
    expect(run.stderr, `stdout: ${run.stdout}`).toBe('');
    expect(run.code).toBe(0);
    return JSON.parse(run.stdout);
  };
  return sys;
}
