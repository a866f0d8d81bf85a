import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { createActivities } from '../../../activities';
import { createMailer, type Mailer } from '../../../activities/notices/mailer';
import { type NoticeBatch } from '../../../activities/notices/deliver';
import { messageIdFor } from '../../../store/notices/messageId';
import { createTestDb, providersUnderTest, type TestDb } from '../../harness/db';
import { startSmtpSink, type SmtpSink } from '../../harness/smtp';
import { buildDistrict, loadDistrict } from '../../../scripts/demo/district';

describe.each(providersUnderTest())('notice activity on %s', (provider) => {
  let tdb: TestDb;
  let sink: SmtpSink;
  let mailer: Mailer;
  let batchNo = 0;

  beforeAll(async () => {
    tdb = await createTestDb(provider);
    await loadDistrict(tdb.db, buildDistrict({ streets: 1, unitsPerStreet: 1, people: 5 }));
    await tdb.db.announcement.create({
      data: {
        id: 'a1',
        title: '培训通知',
        body: '{name}，请准时参加培训。',
        audience: '{}',
        timeZone: 'Asia/Shanghai',
        createdBy: '社工部',
        status: 'sending',
        workflowId: 'announcement/a1',
      },
    });
    sink = await startSmtpSink();
    mailer = createMailer({ url: sink.url, pool: { maxConnections: 2, maxMessages: 100 } });
  });
  afterAll(async () => {
    mailer?.close();
    await sink?.stop();
    await tdb?.close();
  });
  beforeEach(() => sink.clear());

  const batch = (personIds: string[]): NoticeBatch => ({
    workflowId: 'announcement/a1',
    template: 'announcement',
    params: { announcementId: 'a1' },
    keyPrefix: `test/${provider}/${++batchNo}`,
    personIds,
  });
  const activities = (wasDelivered?: (id: string) => Promise<boolean | undefined>) =>
    createActivities({ db: tdb.db, mailer, mailFrom: 'yz@test', wasDelivered });
  const run = (b: NoticeBatch, wasDelivered?: (id: string) => Promise<boolean | undefined>) =>
    new MockActivityEnvironment().run(activities(wasDelivered).sendNotices, b);
  const row = (b: NoticeBatch, personId: string) =>
    tdb.db.notice.findUniqueOrThrow({ where: { key: `${b.keyPrefix}/${personId}` } });

  it('run twice for one key sends one email', async () => {
    const b = batch(['p-000001']);
    expect(await run(b)).toEqual({ sent: 1, alreadySent: 0, failed: 0, unconfirmed: 0 });
    expect(await run(b)).toEqual({ sent: 1, alreadySent: 1, failed: 0, unconfirmed: 0 });
    await new Promise((r) => setTimeout(r, 200));
    expect(sink.messages).toHaveLength(1);
    const m = sink.messages[0]!;
    expect(m.to).toEqual(['p-000001@demo.yanzhen.local']);
    expect(m.subject).toBe('【通知】培训通知');
    expect(m.messageId).toBe(messageIdFor(`${b.keyPrefix}/p-000001`));
    const r = await row(b, 'p-000001');
    expect(r).toMatchObject({
      status: 'sent',
      attempts: 1,
      toAddress: 'p-000001@demo.yanzhen.local',
    });
    expect(r.providerId).toMatch(/^250/);
  });

  it('SMTP 4xx fails the attempt retryably, then the retry delivers once', async () => {
    const b = batch(['p-000002']);
    sink.failNext(451, 1, 'mailbox busy');
    const error = await run(b).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).nonRetryable).toBe(false);
    expect((error as ApplicationFailure).type).toBe('SmtpTemporary');
    expect(await row(b, 'p-000002')).toMatchObject({
      status: 'pending',
      lastError: expect.stringContaining('451'),
    });
    expect(sink.messages).toHaveLength(0);

    expect(await run(b)).toMatchObject({ sent: 1, alreadySent: 0 });
    expect(sink.messages).toHaveLength(1);
    expect(await row(b, 'p-000002')).toMatchObject({
      status: 'sent',
      attempts: 2,
      lastError: null,
    });
  });

  it('SMTP 5xx is recorded on the notice and not retried', async () => {
    const b = batch(['p-000003', 'p-000004']);
    sink.failNext(550, 1, 'no such user');
    const result = await run(b);
    expect(result).toMatchObject({ sent: 1, failed: 1 });
    const rows = [await row(b, 'p-000003'), await row(b, 'p-000004')];
    const failed = rows.find((r) => r.status === 'failed')!;
    expect(failed.lastError).toContain('550');
    expect(sink.messages).toHaveLength(1);
    // Running the batch again sends nothing more.
    expect(await run(b)).toMatchObject({ sent: 1, alreadySent: 1, failed: 1 });
    expect(sink.messages).toHaveLength(1);
  });

  describe('a retry after a crash while sending', () => {
    const stuck = async (b: NoticeBatch, personId: string) => {
      await run({ ...b, personIds: [] }).catch(() => undefined);
      await tdb.db.notice.create({
        data: {
          key: `${b.keyPrefix}/${personId}`,
          personId,
          template: 'announcement',
          locale: 'zh-CN',
          params: '{}',
          status: 'sending',
          workflowId: b.workflowId,
          claimedAt: new Date(Date.now() - 10 * 60_000),
          attempts: 1,
        },
      });
    };

    it('marks it sent without sending when the provider confirms delivery', async () => {
      const b = batch(['p-000005']);
      await stuck(b, 'p-000005');
      const asked: string[] = [];
      const result = await run(b, async (id) => (asked.push(id), true));
      expect(asked).toEqual([messageIdFor(`${b.keyPrefix}/p-000005`)]);
      expect(result).toMatchObject({ sent: 1, alreadySent: 1 });
      expect(sink.messages).toHaveLength(0);
      expect((await row(b, 'p-000005')).status).toBe('sent');
    });

    it('sends it when the provider says it never arrived', async () => {
      const b = batch(['p-000005']);
      await stuck(b, 'p-000005');
      expect(await run(b, async () => false)).toMatchObject({ sent: 1, alreadySent: 0 });
      expect(sink.messages).toHaveLength(1);
    });

    it('never sends twice when nobody can tell: the notice is left unconfirmed for an admin', async () => {
      const b = batch(['p-000005']);
      await stuck(b, 'p-000005');
      expect(await run(b)).toMatchObject({ sent: 0, unconfirmed: 1 });
      expect(await run(b)).toMatchObject({ sent: 0, unconfirmed: 1 });
      expect(sink.messages).toHaveLength(0);
      expect(await row(b, 'p-000005')).toMatchObject({
        status: 'unconfirmed',
        lastError:
          '发送中途中断，无法确认是否送达，未重发 / an attempt stopped while sending; delivery cannot be confirmed, not resent',
      });
    });
  });

  it('a batch whose sent record fails is retried without sending again', async () => {
    const b = batch(['p-000001', 'p-000002']);
    // The same database, except that recording a sent notice fails (a full disk, say).
    const failing = new Proxy(tdb.db, {
      get(target, prop) {
        const value: unknown = Reflect.get(target, prop, target);
        if (prop !== '$executeRaw' || typeof value !== 'function')
          return typeof value === 'function' ? value.bind(target) : value;
        return (sql: TemplateStringsArray, ...values: unknown[]) =>
          sql.join('?').includes("'sent'")
            ? Promise.reject(new Error('disk I/O error'))
            : (value as (...a: unknown[]) => unknown).call(target, sql, ...values);
      },
    });
    const sendNotices = createActivities({ db: failing, mailer, mailFrom: 'yz@test' }).sendNotices;
    const error = await new MockActivityEnvironment().run(sendNotices, b).catch((e: unknown) => e);
    expect((error as Error).message).toContain('disk I/O error');
    await new Promise((r) => setTimeout(r, 200));
    expect(sink.messages).toHaveLength(2);
    for (const id of b.personIds) expect((await row(b, id)).status).toBe('sending');

    // The retry, after the attempt's claims have lapsed, asks the provider and sends nothing.
    await tdb.db.notice.updateMany({
      where: { key: { startsWith: b.keyPrefix } },
      data: { claimedAt: new Date(Date.now() - 60_000) },
    });
    const delivered = async (id: string) => sink.messages.some((m) => m.messageId === id);
    expect(await run(b, delivered)).toMatchObject({ sent: 2, alreadySent: 2 });
    expect(sink.messages).toHaveLength(2);
    for (const id of b.personIds) expect((await row(b, id)).status).toBe('sent');
  });

  it('a person without an email address is a recorded failure, not a retry', async () => {
    await tdb.db.contactChannel.deleteMany({ where: { personId: 'p-000004' } });
    const b = batch(['p-000004']);
    expect(await run(b)).toMatchObject({ sent: 0, failed: 1 });
    expect((await row(b, 'p-000004')).lastError).toBe(
      '人员 p-000004 没有电子邮箱 / person p-000004 has no email address',
    );
  });

  it('an unknown person id fails the batch without retry and writes nothing', async () => {
    const b = batch(['p-000001', 'p-404404']);
    const error = await run(b).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).nonRetryable).toBe(true);
    expect((error as Error).message).toBe(
      '未知人员编号：p-404404 / unknown person id(s): p-404404',
    );
    expect(await tdb.db.notice.count({ where: { key: { startsWith: b.keyPrefix } } })).toBe(0);
    expect(sink.messages).toHaveLength(0);
  });
});
