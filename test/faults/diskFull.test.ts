/**
 * Faults: the disk under the mail sink is full (a real tmpfs filled to the last byte). The sink
 * must not acknowledge a message it could not store (4xx), the notice must not be marked sent,
 * the cause must be readable on the notice meanwhile, and once space returns every notice is
 * delivered exactly once: no half-written file counts as delivered, none is stored twice.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAnnouncement } from '../../client/operations/announcements/announcements';
import { announcementWorkflowId } from '../../workflows/announcements/signals';
import { mailFiles, sinkHasMessage, startMailSink, type MailSink } from '../../runtime/mailSink';
import { buildDistrict, loadDistrict } from '../../scripts/demo/district';
import { createTestDb, type TestDb } from '../harness/db';
import { startStack, type Stack } from '../harness/stack';
import { waitFor } from '../harness/waitFor';
import { expectOnePerRecipient } from './expectations';
import { mountSmallDisk, type SmallDisk } from './smallDisk';

const PEOPLE = 30;
let disk: SmallDisk;
let tdb: TestDb;
let sink: MailSink;
let stack: Stack;
let mailDir: string;

beforeAll(async () => {
  disk = mountSmallDisk(512);
  mailDir = join(disk.dir, 'mail');
  mkdirSync(mailDir);
  tdb = await createTestDb();
  await loadDistrict(tdb.db, buildDistrict({ streets: 1, unitsPerStreet: 2, people: PEOPLE }));
  sink = await startMailSink({ dir: mailDir, port: 0 });
  stack = await startStack({
    db: tdb.db,
    smtpUrl: sink.url,
    wasDelivered: async (id) => sinkHasMessage(mailDir, id),
  });
});

afterAll(async () => {
  await stack?.stop();
  await sink?.stop();
  await tdb?.close();
  disk?.unmount();
});

it('a full disk under the mail sink: nothing marked sent meanwhile, each notice once after', async () => {
  disk.fill();
  await createAnnouncement(
    {
      db: tdb.db,
      temporal: stack.client,
      taskQueue: stack.taskQueue,
      timeZone: 'Asia/Shanghai',
      quietHours: null,
    },
    {
      id: 'disk-full',
      title: '磁盘写满演练',
      body: '{name}，这是一条故障演练通知。',
      audience: { unitIds: ['pudong'] },
      createdBy: '测试',
    },
  );
  const workflowId = announcementWorkflowId('disk-full');
  // The cause is on each deferred notice while the disk is full.
  await waitFor(
    async () =>
      (await tdb.db.notice.count({
        where: { workflowId, status: 'pending', lastError: { contains: 'ENOSPC' } },
      })) === PEOPLE,
    30_000,
  );
  const deferred = await tdb.db.notice.findFirstOrThrow({ where: { workflowId } });
  expect(deferred.lastError).toMatch(/^451 .*no space left on device/);
  expect(await tdb.db.notice.count({ where: { workflowId, status: { not: 'pending' } } })).toBe(0);
  expect(mailFiles(mailDir)).toEqual([]);

  disk.free();
  const result = await stack.client.workflow.getHandle(workflowId).result();
  expect(result).toMatchObject({ status: 'completed', sent: PEOPLE, failed: 0, unconfirmed: 0 });
  const files = mailFiles(mailDir);
  expectOnePerRecipient(
    files.map((f) => {
      const raw = readFileSync(join(mailDir, f), 'utf8');
      return { messageId: f.split('-')[2]!, to: /^To: (.+)$/m.exec(raw)?.[1] ?? '' };
    }),
    PEOPLE,
  );
  expect(await tdb.db.notice.count({ where: { workflowId, status: 'sent' } })).toBe(PEOPLE);
}, 120_000);
