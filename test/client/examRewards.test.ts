/**
 * Certification rewards (持证奖励) on both providers: pending applications listed with the person
 * and unit, approve / reject with a reason and an audit row (who, when, why), a second decision
 * refused naming the application and the person, even when two coordinators race.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideReward, listRewards } from '../../client/operations/exam/rewards';
import { createTestDb, providersUnderTest, type TestDb } from '../harness/db';
import { seedCampaignFacts } from '../harness/examFacts';

describe.each(providersUnderTest())('certification rewards on %s', (provider) => {
  let tdb: TestDb;
  const at = new Date('2025-09-02T02:00:00Z');
  beforeAll(async () => {
    tdb = await createTestDb(provider);
    await seedCampaignFacts(tdb);
    await tdb.db.rewardApplication.createMany({
      data: ['p-000001', 'p-000002', 'p-000013'].map((personId) => ({
        campaignId: 'rpt-2025',
        personId,
        level: 'social_worker',
        status: 'pending',
      })),
    });
  });
  afterAll(async () => tdb?.close());

  it('lists pending applications, then approves and rejects with an audit trail', async () => {
    const ctx = { db: tdb.db, now: () => at };
    const pending = await listRewards(ctx, { campaignId: 'rpt-2025' });
    expect(pending.map((r) => [r.personId, r.unitId, r.status])).toEqual([
      ['p-000001', 'pudong.s01.u02', 'pending'],
      ['p-000002', 'pudong.s02.u01', 'pending'],
      ['p-000013', 'pudong.s01.u02', 'pending'],
    ]);
    expect(pending[0]!.name).not.toBe('');

    const approved = await decideReward(ctx, {
      campaignId: 'rpt-2025',
      personId: 'p-000001',
      decision: 'approve',
      by: '鹤山社工站 陈主任',
    });
    expect(approved).toMatchObject({
      status: 'approved',
      decision: {
        decision: 'approved',
        reason: null,
        decidedBy: '鹤山社工站 陈主任',
        decidedAt: at.toISOString(),
      },
    });
    await expect(
      decideReward(ctx, {
        campaignId: 'rpt-2025',
        personId: 'p-000002',
        decision: 'reject',
        by: 'x',
      }),
    ).rejects.toThrow('a reason is required to reject a reward application');
    const rejected = await decideReward(ctx, {
      campaignId: 'rpt-2025',
      personId: 'p-000002',
      decision: 'reject',
      reason: '非本区在职人员',
      by: '陈主任',
    });
    expect(rejected.decision).toMatchObject({ decision: 'rejected', reason: '非本区在职人员' });

    expect((await listRewards(ctx, { campaignId: 'rpt-2025' })).map((r) => r.personId)).toEqual([
      'p-000013',
    ]);
    expect(
      (await listRewards(ctx, { campaignId: 'rpt-2025', status: 'all' })).map((r) => r.status),
    ).toEqual(['approved', 'rejected', 'pending']);
    const app = await tdb.db.rewardApplication.findUniqueOrThrow({
      where: { campaignId_personId: { campaignId: 'rpt-2025', personId: 'p-000002' } },
    });
    expect(app).toMatchObject({ status: 'rejected', decidedBy: '陈主任', decidedAt: at });
    expect(await tdb.db.rewardDecision.count()).toBe(2);
  });

  it('refuses a second decision, naming the application and the person', async () => {
    const ctx = { db: tdb.db };
    const again = decideReward(ctx, {
      campaignId: 'rpt-2025',
      personId: 'p-000001',
      decision: 'reject',
      reason: '重复',
      by: '李',
    });
    await expect(again).rejects.toMatchObject({ status: 409 });
    await expect(again).rejects.toThrow(
      /^p-000001 的奖励申请 #\d+（报考动员“rpt-2025”）已审核 \/ reward application #\d+ of p-000001 \(campaign "rpt-2025"\) was already decided: 已批准 \/ approved by 鹤山社工站 陈主任 at 2025-09-02T02:00:00.000Z$/,
    );
    await expect(
      decideReward(ctx, {
        campaignId: 'rpt-2025',
        personId: 'p-000007',
        decision: 'approve',
        by: 'x',
      }),
    ).rejects.toMatchObject({
      status: 404,
      message:
        'p-000007 在报考动员“rpt-2025”中没有奖励申请 / p-000007 has no reward application in exam campaign "rpt-2025"',
    });
    await expect(
      decideReward(ctx, { campaignId: 'nope', personId: 'p-000001', decision: 'approve', by: 'x' }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('two coordinators deciding at once: exactly one wins, the other is told', async () => {
    const decide = (decision: 'approve' | 'reject', by: string) =>
      decideReward(
        { db: tdb.db },
        { campaignId: 'rpt-2025', personId: 'p-000013', decision, reason: '核实', by },
      );
    const outcomes = await Promise.allSettled([decide('approve', '甲'), decide('reject', '乙')]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const lost = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toMatchObject({ status: 409 });
    expect(String(lost.reason.message)).toMatch(
      /^p-000013 的奖励申请 #\d+（报考动员“rpt-2025”）已审核 \/ reward application #\d+ of p-000013 /,
    );
    expect(await tdb.db.rewardDecision.count({ where: { personId: 'p-000013' } })).toBe(1);
  });
});
