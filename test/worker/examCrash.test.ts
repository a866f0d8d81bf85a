/**
 * Faults during an exam campaign's launch (issue #4): the worker process is killed (SIGKILL) at
 * random moments while 500 people are being invited and their journeys started, and restarted
 * each time. The sink must end with exactly one invitation per person (none lost, none twice),
 * and every person must have exactly one journey.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { cancelExamCampaign, startExamCampaign } from '../../client/examMobilization';
import {
  examCampaignProgressQuery,
  examCampaignWorkflowId,
} from '../../workflows/examMobilization';
import { mailFiles, startMailSink, type MailSink } from '../../worker/mailSink';
import { buildDistrict, loadDistrict } from '../../scripts/demo/district';
import { createTestDb, type TestDb } from '../harness/db';
import { waitFor } from '../harness/waitFor';

const PEOPLE = 500;
let tdb: TestDb;
let sink: MailSink;
let mailDir: string;
let dataDir: string;
let connection: Connection;
const taskQueue = `exam-crash-${randomUUID()}`;
let worker: ChildProcess | undefined;

function startWorker(): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
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
}

const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

beforeAll(async () => {
  tdb = await createTestDb();
  await loadDistrict(tdb.db, buildDistrict({ streets: 2, unitsPerStreet: 5, people: PEOPLE }));
  mailDir = mkdtempSync(join(tmpdir(), 'yz-exam-crash-mail-'));
  dataDir = mkdtempSync(join(tmpdir(), 'yz-exam-crash-data-'));
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

it('kill -9 of the worker during a campaign launch, 5 times: one invitation and one journey each', async () => {
  const client = new Client({ connection });
  const ctx = {
    db: tdb.db,
    temporal: client,
    taskQueue,
    timeZone: 'Asia/Shanghai',
    quietHours: null,
  };
  worker = startWorker();
  const days = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
  await startExamCampaign(
    ctx,
    {
      id: 'crash-exam',
      name: '故障演练',
      examYear: new Date().getUTCFullYear() + 1,
      levels: ['assistant_social_worker'],
      registrationWindow: { opens: days(0), closes: days(20) },
      examDates: { comprehensive_junior: days(60), practice_junior: days(61) },
      cohort: { unitIds: ['pudong'] },
      reminders: { quietHours: 'off' },
    },
    '测试',
    { pageSize: 100 },
  );
  const progress = () =>
    client.workflow
      .getHandle(examCampaignWorkflowId('crash-exam'))
      .query(examCampaignProgressQuery);
  for (let kill = 0; kill < 5; kill++) {
    // Kill while invitations are going out, then while journeys are being started.
    const before = mailFiles(mailDir).length;
    const deadline = Date.now() + 20_000;
    while (mailFiles(mailDir).length < Math.min(PEOPLE, before + 40) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 500)));
    await killed(worker);
    worker = startWorker();
  }
  // (A query times out while no worker is up yet: asked again.)
  await waitFor(
    async () => (await progress().catch(() => undefined))?.phase === 'running',
    300_000,
  );
  expect(await progress()).toMatchObject({ invited: PEOPLE, launched: PEOPLE });

  const files = mailFiles(mailDir);
  const ids = files.map((f) => f.split('-')[2]);
  expect(new Set(ids).size).toBe(files.length); // no Message-ID twice
  expect(files).toHaveLength(PEOPLE);
  const recipients = new Set(
    files.map((f) => /^To: (.+)$/m.exec(readFileSync(join(mailDir, f), 'utf8'))?.[1]),
  );
  expect(recipients.size).toBe(PEOPLE);
  expect(
    await tdb.db.notice.count({
      where: {
        template: 'exam-invitation',
        status: 'sent',
        workflowId: 'exam-mobilization/crash-exam',
      },
    }),
  ).toBe(PEOPLE);
  expect(await tdb.db.examParticipant.count({ where: { campaignId: 'crash-exam' } })).toBe(PEOPLE);
  // Over: every journey ends as cancelled, exactly once each.
  await cancelExamCampaign(ctx, 'crash-exam');
  await waitFor(
    async () =>
      (await tdb.db.examCompletion.count({
        where: { campaignId: 'crash-exam', outcome: 'cancelled' },
      })) === PEOPLE,
    120_000,
  );
}, 600_000);
