/**
 * The one writer of a participant becoming registered (store/exam/participants.ts markRegistered),
 * on both providers: from `invited` only, with the moment; a second call (the journey's step
 * after the coordinator's) changes nothing, and an ended journey is never reopened. And the
 * launch's recording of invitees (one multi-row INSERT): new people once, the others untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markRegistered, participantsAmong } from '../../../store/exam/participants';
import { buildDistrict, loadDistrict } from '../../../scripts/demo/district';
import { createTestDb, providersUnderTest, type TestDb } from '../../harness/db';
import { recordExamInvitees } from '../../../activities/exam/campaign';

const CAMPAIGN = 'reg-2026';

describe.each(providersUnderTest())('exam participant registration on %s', (provider) => {
  let tdb: TestDb;
  beforeAll(async () => {
    tdb = await createTestDb(provider);
    const { db } = tdb;
    await loadDistrict(db, buildDistrict({ streets: 1, unitsPerStreet: 1, people: 3 }));
    await db.examCampaign.create({
      data: {
        id: CAMPAIGN,
        name: 'x',
        examYear: 2026,
        definition: JSON.stringify({ levels: ['assistant_social_worker'], engine: 2 }),
        status: 'running',
        workflowId: `exam-mobilization/${CAMPAIGN}`,
        createdBy: 't',
      },
    });
    await db.examParticipant.createMany({
      data: [
        ['p-000001', 'invited'],
        ['p-000002', 'withdrawn'],
      ].map(([personId, status]) => ({
        campaignId: CAMPAIGN,
        personId: personId!,
        level: 'assistant_social_worker',
        status: status!,
      })),
    });
  });
  afterAll(async () => tdb?.close());

  const row = (personId: string) =>
    tdb.db.examParticipant.findUniqueOrThrow({
      where: { campaignId_personId: { campaignId: CAMPAIGN, personId } },
    });

  it('registers an invited person once, keeping the first moment', async () => {
    expect(await markRegistered(tdb.db, { campaignId: CAMPAIGN, personId: 'p-000001' })).toBe(true);
    const first = await row('p-000001');
    expect(first.status).toBe('registered');
    expect(first.registeredAt).toBeInstanceOf(Date);
    expect(await markRegistered(tdb.db, { campaignId: CAMPAIGN, personId: 'p-000001' })).toBe(
      false,
    );
    expect((await row('p-000001')).registeredAt).toEqual(first.registeredAt);
  });

  it('leaves an ended journey and a stranger alone', async () => {
    expect(await markRegistered(tdb.db, { campaignId: CAMPAIGN, personId: 'p-000002' })).toBe(
      false,
    );
    expect(await row('p-000002')).toMatchObject({ status: 'withdrawn', registeredAt: null });
    expect(await markRegistered(tdb.db, { campaignId: CAMPAIGN, personId: 'p-000003' })).toBe(
      false,
    );
    expect(await participantsAmong(tdb.db, CAMPAIGN, ['p-000001', 'p-000002', 'p-000003'])).toEqual(
      new Set(['p-000001', 'p-000002']),
    );
  });

  it('records invitees once, leaving people already in the campaign as they are', async () => {
    const ids = ['p-000001', 'p-000002', 'p-000003'];
    const before = await row('p-000001');
    expect(await recordExamInvitees(tdb, { campaignId: CAMPAIGN, personIds: ids })).toEqual({
      added: 1,
    });
    expect(await row('p-000003')).toMatchObject({
      level: 'assistant_social_worker',
      status: 'invited',
      remindersSent: 0,
    });
    expect((await row('p-000003')).invitedAt).toBeInstanceOf(Date);
    expect(await row('p-000001')).toEqual(before); // registered: kept
    expect((await row('p-000002')).status).toBe('withdrawn');
    // A retry of the same page adds nothing.
    expect(await recordExamInvitees(tdb, { campaignId: CAMPAIGN, personIds: ids })).toEqual({
      added: 0,
    });
  });
});
