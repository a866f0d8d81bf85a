/**
 * The outbox's bulk statements on each database: rows created once per key, claimed only from
 * `pending`, recorded as sent with each row's own values, read back by Prisma as it wrote them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  claimPendingNotices,
  insertPendingNotices,
  markNoticesSent,
  type NewNotice,
} from '../../../store/notices/outbox';
import { createTestDb, providersUnderTest, type TestDb } from '../../harness/db';
import { buildDistrict, loadDistrict } from '../../../scripts/demo/district';

describe.each(providersUnderTest())('notice outbox statements on %s', (provider) => {
  let tdb: TestDb;
  beforeAll(async () => {
    tdb = await createTestDb(provider);
    await loadDistrict(tdb.db, buildDistrict({ streets: 1, unitsPerStreet: 1, people: 3 }));
  });
  afterAll(async () => tdb?.close());

  const notice = (key: string, personId: string): NewNotice => ({
    key,
    personId,
    template: 'announcement',
    locale: personId === 'p-000003' ? 'en' : 'zh-CN',
    params: '{"announcementId":"a1"}',
    workflowId: 'announcement/a1',
  });
  const rows = (prefix: string) =>
    tdb.db.notice.findMany({ where: { key: { startsWith: prefix } }, orderBy: { key: 'asc' } });

  it('creates one pending row per key and leaves an existing key as it is', async () => {
    const now = new Date('2026-03-02T01:02:03.456Z');
    expect(
      await insertPendingNotices(
        tdb.db,
        [notice('i/1', 'p-000001'), notice('i/2', 'p-000002')],
        now,
      ),
    ).toBe(2);
    await tdb.db.notice.update({ where: { key: 'i/1' }, data: { status: 'sent' } });
    expect(
      await insertPendingNotices(
        tdb.db,
        [notice('i/1', 'p-000001'), notice('i/3', 'p-000003')],
        new Date(),
      ),
    ).toBe(1);
    const [one, two, three] = await rows('i/');
    expect(one).toMatchObject({ status: 'sent', personId: 'p-000001' });
    expect(two).toMatchObject({
      status: 'pending',
      channel: 'email',
      attempts: 0,
      template: 'announcement',
      locale: 'zh-CN',
      params: '{"announcementId":"a1"}',
      workflowId: 'announcement/a1',
      createdAt: now,
      updatedAt: now,
    });
    expect(three).toMatchObject({ status: 'pending', locale: 'en' });
  });

  it('claims only pending rows, once, counting the attempt', async () => {
    await insertPendingNotices(
      tdb.db,
      ['c/1', 'c/2', 'c/3'].map((k, i) => notice(k, `p-00000${i + 1}`)),
      new Date(),
    );
    await tdb.db.notice.update({ where: { key: 'c/2' }, data: { status: 'failed' } });
    const at = new Date('2026-03-02T08:00:00.000Z');
    const first = await claimPendingNotices(tdb.db, ['c/1', 'c/2', 'c/3', 'c/none'], at);
    expect(first.sort()).toEqual(['c/1', 'c/3']);
    expect(await claimPendingNotices(tdb.db, ['c/1', 'c/3'], new Date())).toEqual([]);
    const [c1, c2] = await rows('c/');
    expect(c1).toMatchObject({ status: 'sending', attempts: 1, claimedAt: at, updatedAt: at });
    expect(c2).toMatchObject({ status: 'failed', attempts: 0, claimedAt: null });
  });

  it('records each sent row with its own subject, address and answer in one statement', async () => {
    await insertPendingNotices(
      tdb.db,
      ['s/1', 's/2', 's/3'].map((k, i) => notice(k, `p-00000${i + 1}`)),
      new Date(),
    );
    await claimPendingNotices(tdb.db, ['s/1', 's/2', 's/3'], new Date());
    await tdb.db.notice.update({ where: { key: 's/2' }, data: { lastError: 'earlier 451' } });
    const at = new Date('2026-03-02T09:30:00.000Z');
    const changed = await markNoticesSent(
      tdb.db,
      [
        { key: 's/1', subject: '【通知】培训', toAddress: 'a@x.cn', providerId: '250 ok 1' },
        { key: 's/2', subject: "[Notice] it's on", toAddress: 'b@x.cn', providerId: '250 ok 2' },
      ],
      at,
    );
    expect(changed).toBe(2);
    const [s1, s2, s3] = await rows('s/');
    expect(s1).toMatchObject({
      status: 'sent',
      subject: '【通知】培训',
      toAddress: 'a@x.cn',
      providerId: '250 ok 1',
      sentAt: at,
      updatedAt: at,
    });
    expect(s2).toMatchObject({
      status: 'sent',
      subject: "[Notice] it's on",
      toAddress: 'b@x.cn',
      providerId: '250 ok 2',
      lastError: null,
    });
    expect(s3).toMatchObject({ status: 'sending', sentAt: null, subject: null });
  });

  it('writes nothing for an empty list', async () => {
    expect(await insertPendingNotices(tdb.db, [], new Date())).toBe(0);
    expect(await claimPendingNotices(tdb.db, [], new Date())).toEqual([]);
    expect(await markNoticesSent(tdb.db, [], new Date())).toBe(0);
  });
});
