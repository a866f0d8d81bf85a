/**
 * The announcement status activity in a MockActivityEnvironment, over a real database: the
 * outbox is the truth about what was sent, and a finished announcement keeps its first end time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockActivityEnvironment } from '@temporalio/testing';
import { announcementActivities } from '../../../activities/announcements/status';
import { buildDistrict, loadDistrict } from '../../../scripts/demo/district';
import { createTestDb, providersUnderTest, type TestDb } from '../../harness/db';

describe.each(providersUnderTest())('recordAnnouncementStatus on %s', (provider) => {
  let tdb: TestDb;
  const workflowId = 'announcement/a-1';
  beforeAll(async () => {
    tdb = await createTestDb(provider);
    await loadDistrict(tdb.db, buildDistrict({ streets: 1, unitsPerStreet: 1, people: 5 }));
    await tdb.db.announcement.create({
      data: {
        id: 'a-1',
        title: '测试',
        body: '{name}，你好',
        audience: JSON.stringify({ unitIds: ['pudong'] }),
        timeZone: 'Asia/Shanghai',
        createdBy: '测试',
        status: 'scheduled',
        workflowId,
      },
    });
    const statuses = ['sent', 'sent', 'failed', 'unconfirmed', 'pending'];
    await tdb.db.notice.createMany({
      data: statuses.map((status, i) => ({
        key: `${workflowId}/p-00000${i + 1}`,
        personId: `p-00000${i + 1}`,
        template: 'announcement',
        locale: 'zh-CN',
        params: '{}',
        status,
        workflowId,
      })),
    });
  });
  afterAll(async () => {
    await tdb?.close();
  });

  it('counts sent and failed from the outbox and records the status', async () => {
    const { recordAnnouncementStatus } = announcementActivities(tdb.db);
    const env = new MockActivityEnvironment();
    const counts = await env.run(recordAnnouncementStatus, {
      announcementId: 'a-1',
      status: 'sending' as const,
      recipientCount: 5,
    });
    // failed and unconfirmed both count as failed; pending is neither.
    expect(counts).toEqual({ recipientCount: 5, sentCount: 2, failedCount: 2 });
    const row = await tdb.db.announcement.findUniqueOrThrow({ where: { id: 'a-1' } });
    expect(row).toMatchObject({ status: 'sending', finishedAt: null });
  });

  it('a finished announcement keeps its first end time when the status is written again', async () => {
    const { recordAnnouncementStatus } = announcementActivities(tdb.db);
    const env = new MockActivityEnvironment();
    await env.run(recordAnnouncementStatus, {
      announcementId: 'a-1',
      status: 'completed' as const,
    });
    const first = await tdb.db.announcement.findUniqueOrThrow({ where: { id: 'a-1' } });
    expect(first.finishedAt).toBeInstanceOf(Date);
    await new Promise((r) => setTimeout(r, 20));
    await env.run(recordAnnouncementStatus, {
      announcementId: 'a-1',
      status: 'completed' as const,
    });
    const again = await tdb.db.announcement.findUniqueOrThrow({ where: { id: 'a-1' } });
    expect(again).toMatchObject({ status: 'completed', recipientCount: 5 });
    expect(again.finishedAt).toEqual(first.finishedAt);
  });
});
