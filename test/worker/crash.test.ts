/**
 * Faults: the worker process is killed (SIGKILL) at random moments while an announcement to 300
 * people is being sent, and restarted each time. The mail sink must end with exactly one message
 * per person: none lost, none twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { createAnnouncement } from '../../client/announcements';
import { announcementWorkflowId } from '../../workflows/announcement';
import { mailFiles, startMailSink, type MailSink } from '../../worker/mailSink';
import { buildDistrict, loadDistrict } from '../../scripts/demo/district';
import { createTestDb, type TestDb } from '../harness/db';

const PEOPLE = 300;
let tdb: TestDb;
let sink: MailSink;
let mailDir: string;
let dataDir: string;
let connection: Connection;
const taskQueue = `crash-${randomUUID()}`;
let worker: ChildProcess | undefined;

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TASK_QUEUE: taskQueue,
      DATABASE_URL: tdb.url,
      SMTP_URL: sink.url,
      YZ_SINK_DIR: mailDir,
      YZ_DATA_DIR: dataDir,
      YZ_QUIET_HOURS: 'off',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

beforeAll(async () => {
  tdb = await createTestDb();
  await loadDistrict(tdb.db, buildDistrict({ streets: 2, unitsPerStreet: 3, people: PEOPLE }));
  mailDir = mkdtempSync(join(tmpdir(), 'yz-crash-mail-'));
  dataDir = mkdtempSync(join(tmpdir(), 'yz-crash-data-'));
  sink = await startMailSink({ dir: mailDir, port: 0 });
  connection = await Connection.connect({ address: inject('temporalAddress') });
});

afterAll(async () => {
  if (worker) await killed(worker);
  await connection?.close();
  await sink?.stop();
  await tdb?.close();
  rmSync(mailDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

it('kill -9 of the worker mid-send, three times: every person gets exactly one message', async () => {
  const client = new Client({ connection });
  worker = startWorker();
  await createAnnouncement(
    { db: tdb.db, temporal: client, taskQueue, timeZone: 'Asia/Shanghai', quietHours: null },
    {
      id: 'crash-test',
      title: '故障演练',
      body: '{name}，这是一条故障演练通知。',
      audience: { unitIds: ['pudong'] },
      createdBy: '测试',
    },
  );
  for (let kill = 0; kill < 3; kill++) {
    // Kill once sending is under way (or after a while, if the restart is slow).
    const before = mailFiles(mailDir).length;
    const deadline = Date.now() + 20_000;
    while (mailFiles(mailDir).length < before + 20 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 300)));
    await killed(worker);
    worker = startWorker();
  }
  const result = await client.workflow.getHandle(announcementWorkflowId('crash-test')).result();
  expect(result).toMatchObject({ status: 'completed', failed: 0, unconfirmed: 0 });

  const files = mailFiles(mailDir);
  const ids = files.map((f) => f.split('-')[2]);
  expect(new Set(ids).size).toBe(files.length); // no Message-ID twice
  expect(files).toHaveLength(PEOPLE);
  const recipients = new Set(
    files.map((f) => /^To: (.+)$/m.exec(readFileSync(join(mailDir, f), 'utf8'))?.[1]),
  );
  expect(recipients.size).toBe(PEOPLE);
  expect(
    await tdb.db.notice.count({ where: { workflowId: 'announcement/crash-test', status: 'sent' } }),
  ).toBe(PEOPLE);
}, 240_000);
