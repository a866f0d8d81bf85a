/**
 * Faults: the Temporal dev server is killed (SIGKILL) mid-campaign, while the invitation wave is
 * being sent, and started again on the same SQLite file and port. The worker reconnects by
 * itself; every journey and the reminder timer continue, and each person ends with exactly one
 * invitation and one reminder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startExamCampaign } from '../../client/operations/exam/start';
import { examJourneyWorkflowId } from '../../workflows/exam/signals';
import { buildDistrict, loadDistrict } from '../../scripts/demo/district';
import { createTestDb, type TestDb } from '../harness/db';
import { startSmtpSink, type SmtpSink } from '../harness/smtp';
import { startStack, type Stack } from '../harness/stack';
import { freePort, startDevServer, type DevServer } from '../harness/temporal';
import { waitFor } from '../harness/waitFor';
import { expectOnePerRecipient } from './expectations';

const PEOPLE = 20;
/** The reminder falls this long after the start: the 1-day reminder of a window closing then + 1 day. */
const REMINDER_AFTER_MS = 35_000;
let dir: string;
let port: number;
let server: DevServer;
let tdb: TestDb;
let sink: SmtpSink;
let stack: Stack;

const startServer = async () =>
  (server = await startDevServer({ port, dbFilename: join(dir, 'temporal.db') }));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yz-temporal-restart-'));
  port = await freePort();
  await startServer();
  tdb = await createTestDb();
  await loadDistrict(tdb.db, buildDistrict({ streets: 1, unitsPerStreet: 2, people: PEOPLE }));
  sink = await startSmtpSink();
  stack = await startStack({ db: tdb.db, smtpUrl: sink.url, address: server.address });
});

afterAll(async () => {
  await stack?.stop();
  await sink?.stop();
  await tdb?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('Temporal killed and restarted mid-campaign: one invitation and one reminder each', async () => {
  const now = Date.now();
  const iso = (ms: number) => new Date(now + ms).toISOString();
  const day = 86_400_000;
  const started = await startExamCampaign(
    {
      db: tdb.db,
      temporal: stack.client,
      taskQueue: stack.taskQueue,
      timeZone: 'Asia/Shanghai',
      quietHours: null,
    },
    {
      id: 'restart',
      name: '故障演练：Temporal 重启',
      examYear: new Date(now).getUTCFullYear(),
      levels: ['social_worker'],
      registrationWindow: { opens: iso(0), closes: iso(day + REMINDER_AFTER_MS) },
      examDates: {
        regulations_policy: iso(30 * day),
        comprehensive_intermediate: iso(31 * day),
        practice_intermediate: iso(31 * day + 5 * 3_600_000),
      },
      cohort: { unitIds: ['pudong'] },
      reminders: { beforeWindowCloses: ['1d'], quietHours: 'off' },
    },
    '故障演练',
    { batchSize: 4, parallelBatches: 1 },
  );
  expect(started.cohort).toBe(PEOPLE);

  // Mid-wave: some invitations out, not all.
  await sink.waitFor(4, 30_000);
  process.kill(server.pid, 'SIGKILL');
  await waitFor(async () => {
    try {
      process.kill(server.pid, 0);
      return false;
    } catch {
      return true;
    }
  }, 10_000);
  const atKill = sink.messages.length;
  await new Promise((r) => setTimeout(r, 3_000));
  await startServer();

  const wave = (name: string) =>
    sink.messages.filter((m) => m.headers['x-yanzhen-notice']?.includes(`/${name}/`));
  await sink.waitFor(2 * PEOPLE, REMINDER_AFTER_MS + 90_000);
  // Nothing more comes: a duplicate would arrive within a few seconds of the last.
  await new Promise((r) => setTimeout(r, 3_000));
  expect(atKill).toBeLessThan(PEOPLE);
  const one = (m: (typeof sink.messages)[number]) => ({ messageId: m.messageId, to: m.to[0]! });
  expectOnePerRecipient(wave('invitation').map(one), PEOPLE);
  expect(wave('invitation').length + wave('reminder-1').length).toBe(sink.messages.length);
  expectOnePerRecipient(wave('reminder-1').map(one), PEOPLE);

  // Every journey is alive after the restart and knows its reminder.
  for (let i = 1; i <= PEOPLE; i++) {
    const id = `p-${String(i).padStart(6, '0')}`;
    const d = await stack.client.workflow
      .getHandle(examJourneyWorkflowId('restart', id))
      .describe();
    expect(d.status.name).toBe('RUNNING');
  }
  expect((await stack.client.workflow.getHandle(started.workflowId).describe()).status.name).toBe(
    'RUNNING',
  );
}, 240_000);
