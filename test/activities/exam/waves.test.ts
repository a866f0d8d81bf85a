/**
 * Queuing a timed wave on both providers: one pending notice per participant whose status calls
 * for it, in the participant's locale, keyed per person; a retry (the activity run again) adds
 * nothing, and someone who became due since is added without touching the rest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueExamWave } from '../../../activities/exam/waves';
import { buildDistrict, loadDistrict } from '../../../scripts/demo/district';
import { waveKeyPrefix } from '../../../workflows/rules/examWaves';
import { createTestDb, providersUnderTest, type TestDb } from '../../harness/db';

const CAMPAIGN = 'wave-2025';
const spec = {
  campaignId: CAMPAIGN,
  workflowId: `exam-mobilization/${CAMPAIGN}`,
  wave: 'reminder-1',
  template: 'exam-reminder',
  statuses: ['invited'],
  dueAt: '2025-03-20T02:00:00.000Z',
};

describe.each(providersUnderTest())('exam wave queue on %s', (provider) => {
  let tdb: TestDb;
  beforeAll(async () => {
    tdb = await createTestDb(provider);
    const { db } = tdb;
    // buildDistrict gives every 25th person the English locale: p-000025 is one.
    await loadDistrict(db, buildDistrict({ streets: 1, unitsPerStreet: 2, people: 30 }));
    await db.examCampaign.create({
      data: {
        id: CAMPAIGN,
        name: 'x',
        examYear: 2025,
        definition: JSON.stringify({ levels: ['assistant_social_worker'], engine: 2 }),
        status: 'running',
        workflowId: spec.workflowId,
        createdBy: 't',
      },
    });
    await db.examParticipant.createMany({
      data: Array.from({ length: 30 }, (_, i) => ({
        campaignId: CAMPAIGN,
        personId: `p-${String(i + 1).padStart(6, '0')}`,
        level: 'assistant_social_worker',
        // Every third person has registered already: no reminder for them.
        status: i % 3 === 2 ? 'registered' : 'invited',
      })),
    });
  });
  afterAll(async () => tdb?.close());

  const queued = () =>
    tdb.db.notice.findMany({
      where: { key: { startsWith: waveKeyPrefix(CAMPAIGN, 'reminder-1') } },
      orderBy: { key: 'asc' },
    });

  it('queues one pending notice per invited person, in their locale', async () => {
    const r = await queueExamWave({ db: tdb.db }, spec);
    expect(r.recipients).toBe(20);
    const rows = await queued();
    expect(rows).toHaveLength(20);
    expect(rows.every((n) => n.status === 'pending' && n.template === 'exam-reminder')).toBe(true);
    expect(rows.every((n) => n.workflowId === spec.workflowId)).toBe(true);
    expect(rows.map((n) => n.personId)).not.toContain('p-000003');
    expect(rows.find((n) => n.personId === 'p-000025')?.locale).toBe('en');
    expect(rows.find((n) => n.personId === 'p-000001')?.locale).toBe('zh-CN');
    expect(JSON.parse(rows[0]!.params)).toEqual({ campaignId: CAMPAIGN });
    const wave = await tdb.db.examNoticeWave.findUniqueOrThrow({
      where: { campaignId_wave: { campaignId: CAMPAIGN, wave: 'reminder-1' } },
    });
    expect(wave.dueAt.toISOString()).toBe(spec.dueAt);
    expect(wave.queuedAt!.getTime()).toBeGreaterThanOrEqual(rows[0]!.createdAt.getTime());
  });

  it('a retry adds nothing and leaves sent notices as they are', async () => {
    const first = await queued();
    await tdb.db.notice.update({ where: { key: first[0]!.key }, data: { status: 'sent' } });
    const r = await queueExamWave({ db: tdb.db }, spec);
    expect(r.recipients).toBe(20);
    const again = await queued();
    expect(again.map((n) => [n.key, n.id])).toEqual(first.map((n) => [n.key, n.id]));
    expect(again[0]!.status).toBe('sent');
  });

  it('someone invited since is added on a retry, once', async () => {
    await tdb.db.examParticipant.update({
      where: { campaignId_personId: { campaignId: CAMPAIGN, personId: 'p-000003' } },
      data: { status: 'invited' },
    });
    await queueExamWave({ db: tdb.db }, spec);
    await queueExamWave({ db: tdb.db }, spec);
    const rows = await queued();
    expect(rows).toHaveLength(21);
    expect(rows.filter((n) => n.personId === 'p-000003')).toHaveLength(1);
  });
});
