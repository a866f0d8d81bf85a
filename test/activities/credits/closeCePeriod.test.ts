/**
 * The CE ledger's period close as an activity (MockActivityEnvironment), on a real database: the
 * outcome is recorded once and the person is told with the template for that outcome.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockActivityEnvironment } from '@temporalio/testing';
import { creditsActivities, type CePeriodRecord } from '../../../activities/credits/ledger';
import type { NoticeBatch } from '../../../activities/notices/deliver';
import { createTestDb, providersUnderTest, type TestDb } from '../../harness/db';

const templates = { compliant: 'ce-period-compliant', not_compliant: 'ce-period-not-compliant' };

describe.each(providersUnderTest())('closeCePeriod on %s', (provider) => {
  let tdb: TestDb;
  const sent: NoticeBatch[] = [];
  beforeAll(async () => {
    tdb = await createTestDb(provider);
  }, 120_000);
  afterAll(async () => {
    await tdb?.close();
  });

  const close = (record: CePeriodRecord) => {
    const acts = creditsActivities({
      db: tdb.db,
      sendNotices: async (b) => {
        sent.push(b);
        return { sent: b.personIds.length, alreadySent: 0, failed: 0, unconfirmed: 0 };
      },
    });
    const notice = {
      workflowId: `credits/${record.personId}`,
      params: { personId: record.personId },
      keyPrefix: `credits/${record.personId}/${record.periodStart.slice(0, 10)}/end`,
      personIds: [record.personId],
    };
    return new MockActivityEnvironment().run(acts.closeCePeriod, { record, notice, templates });
  };
  const period = (personId: string, earnedTenths: number): CePeriodRecord => ({
    personId,
    level: 'social_worker',
    periodStart: '2023-12-01T00:00:00.000Z',
    periodEnd: '2026-12-01T00:00:00.000Z',
    earnedTenths,
    requiredTenths: 900,
  });

  it('records a compliant period once and tells the person so', async () => {
    expect(await close(period('p-ok', 900))).toBe('compliant');
    // A retry (same input) writes no second record and sends under the same notice keys.
    expect(await close(period('p-ok', 900))).toBe('compliant');
    const rows = await tdb.db.cePeriodOutcome.findMany({ where: { personId: 'p-ok' } });
    expect(rows).toMatchObject([{ outcome: 'compliant', earnedTenths: 900 }]);
    const told = sent.filter((b) => b.personIds[0] === 'p-ok');
    expect(told.map((b) => b.template)).toEqual(['ce-period-compliant', 'ce-period-compliant']);
    expect(new Set(told.map((b) => b.keyPrefix)).size).toBe(1);
  });

  it('records a short period as not compliant with its own template', async () => {
    expect(await close(period('p-short', 899))).toBe('not_compliant');
    const row = await tdb.db.cePeriodOutcome.findFirstOrThrow({ where: { personId: 'p-short' } });
    expect(row.outcome).toBe('not_compliant');
    expect(sent.filter((b) => b.personIds[0] === 'p-short').map((b) => b.template)).toEqual([
      'ce-period-not-compliant',
    ]);
  });
});
