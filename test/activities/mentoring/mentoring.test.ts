/**
 * The mentoring activities as the worker runs them (MockActivityEnvironment), on a real database:
 * sessions are recorded idempotently (counts recounted from rows, so a retry changes nothing),
 * and a completed supervisor pair qualifies its mentee.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mentoringActivities } from '../../../activities/mentoring/mentoring';
import { insertProgram } from '../../../store/mentoring/programs';
import { buildDistrict, loadDistrict } from '../../../scripts/demo/district';
import { createTestDb, providersUnderTest, type TestDb } from '../../harness/db';

describe.each(providersUnderTest())('mentoring activities on %s', (provider) => {
  let tdb: TestDb;
  let acts: ReturnType<typeof mentoringActivities>;
  const env = new MockActivityEnvironment();
  const pairId = 'act-2026/p-000001';

  beforeAll(async () => {
    tdb = await createTestDb(provider);
    await loadDistrict(tdb.db, buildDistrict({ streets: 1, unitsPerStreet: 2, people: 20 }));
    await insertProgram(tdb.db, {
      id: 'act-2026',
      title: '活动测试 activity test',
      kind: 'supervisor',
      coordinatorId: 'p-000020',
      start: new Date('2026-03-01T00:00:00Z'),
      end: new Date('2026-09-01T00:00:00Z'),
      timeZone: 'Asia/Shanghai',
      plan: {},
      workflowId: 'mentoring/act-2026',
      createdBy: 'test',
      traineeIds: ['p-000001'],
      mentorIds: ['p-000011'],
    });
    acts = mentoringActivities({ db: tdb.db });
    await env.run(acts.recordMentoringPair, {
      programId: 'act-2026',
      pairId,
      menteeId: 'p-000001',
      mentorId: 'p-000011',
      workflowId: `mentoring/${pairId}`,
      sessionsPlanned: 12,
      checklist: [],
    });
  });
  afterAll(async () => {
    await tdb?.close();
  });

  const session = (seq: number, status: 'held' | 'missed') => ({
    pairId,
    seq,
    mentorId: 'p-000011',
    status,
    scheduledAt: '2026-03-15T06:00:00.000Z',
    durationMinutes: status === 'held' ? 90 : null,
    topics: ['ethics'],
    recordedBy: 'p-000011',
  });

  it('records sessions and recounts the pair; a retry records nothing twice', async () => {
    await env.run(acts.recordMentoringSession, session(1, 'held'));
    await env.run(acts.recordMentoringSession, session(1, 'held'));
    await env.run(acts.recordMentoringSession, session(2, 'missed'));
    const pair = await tdb.db.mentoringPair.findUniqueOrThrow({ where: { id: pairId } });
    expect(pair).toMatchObject({ sessionsHeld: 1, sessionsMissed: 1, sessionsPlanned: 12 });
    expect(pair.lastActivityAt).not.toBeNull();
    const rows = await tdb.db.mentoringSession.findMany({
      where: { pairId },
      orderBy: { seq: 'asc' },
    });
    expect(rows.map((r) => [r.seq, r.status, r.durationMinutes, JSON.parse(r.topics)])).toEqual([
      [1, 'held', 90, ['ethics']],
      [2, 'missed', null, ['ethics']],
    ]);
  });

  it('closes a completed supervisor pair and records the mentee as a supervisor', async () => {
    const done = {
      pairId,
      status: 'completed',
      closedReason: null,
      qualify: { personId: 'p-000001', kind: 'supervisor', source: 'mentoring/act-2026' },
    };
    await env.run(acts.recordPairStatus, done);
    await env.run(acts.recordPairStatus, done);
    const pair = await tdb.db.mentoringPair.findUniqueOrThrow({ where: { id: pairId } });
    expect(pair.status).toBe('completed');
    expect(pair.closedAt).not.toBeNull();
    expect(await tdb.db.personQualification.findMany({ where: { personId: 'p-000001' } })).toEqual([
      expect.objectContaining({ kind: 'supervisor', source: 'mentoring/act-2026' }),
    ]);
  });
});
