/**
 * The pair workflow alone on the time-skipping server, with fake activities: a pair where nothing
 * happens is warned for inactivity and then closed; a logged session moves the warning on.
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { beforeAll, expect, it } from 'vitest';
import type { mentoringPair } from '../../../workflows/mentoring/mentoringPair';
import {
  logSessionUpdate,
  pairStateQuery,
  type MentoringPairInput,
} from '../../../workflows/mentoring/signals';
import { DAY_MS, DEFAULT_MENTORING_PLAN } from '../../../workflows/rules/mentoring';
import { skipTo } from '../../harness/temporal';
import { templatesSent, useFakeMentoringWorker } from './fakeWorker';

const { calls, taskQueue, withWorker, env: envOf } = useFakeMentoringWorker();
let env: TestWorkflowEnvironment;
beforeAll(() => {
  env = envOf();
});

/**
 * Two sessions a fortnight apart; no session for 10 days → warning, closure 2 days later (always
 * before the first session's reminders, whatever the hour of the start).
 */
const pairInput = (pairId: string, start: number): MentoringPairInput => ({
  programId: 'unit-2026',
  pairId,
  kind: 'supervisor',
  menteeId: 'p-000001',
  mentorId: 'p-000011',
  coordinatorId: 'p-000040',
  start: new Date(start).toISOString(),
  plan: { ...DEFAULT_MENTORING_PLAN, sessions: 2, inactivityDays: 10, graceDays: 2 },
  timeZone: 'Asia/Shanghai',
  quietHours: null,
});

const ofPair = (pairId: string) =>
  calls.filter(
    (c) => (c.input.pairId ?? (c.input.params as { pairId?: string })?.pairId) === pairId,
  );

it('warns a pair with no session logged, then closes it as inactive', async () => {
  const start = await env.currentTimeMs();
  const pairId = `unit-2026/silent-${randomUUID().slice(0, 8)}`;
  const result = await withWorker(
    env.client.workflow.execute<typeof mentoringPair>('mentoringPair', {
      taskQueue,
      workflowId: `mentoring/${pairId}`,
      args: [pairInput(pairId, start)],
    }),
  );
  expect(result).toMatchObject({ status: 'closed', closedReason: 'inactive', held: 0 });
  const mine = ofPair(pairId);
  expect(templatesSent(mine)).toEqual([
    'mentoring-start',
    'mentoring-proposal', // session 1, 7 days before (day 7)
    'mentoring-inactivity', // day 10
    'mentoring-closed', // day 12, before session 1's reminders
  ]);
  const warning = mine.find((c) => c.input.template === 'mentoring-inactivity')!;
  expect(warning.input.personIds).toEqual(['p-000001', 'p-000011', 'p-000040']);
  expect(mine.filter((c) => c.name === 'recordPairStatus').map((c) => c.input)).toEqual([
    { pairId, status: 'at_risk', closedReason: null, qualify: null },
    { pairId, status: 'closed', closedReason: 'inactive', qualify: null },
  ]);
});

it('a held session restarts the inactivity clock', async () => {
  const start = await env.currentTimeMs();
  const pairId = `unit-2026/active-${randomUUID().slice(0, 8)}`;
  const workflowId = `mentoring/${pairId}`;
  await withWorker(async () => {
    const handle = await env.client.workflow.start<typeof mentoringPair>('mentoringPair', {
      taskQueue,
      workflowId,
      args: [pairInput(pairId, start)],
    });
    await skipTo(env, start + 5 * DAY_MS);
    const logged = await handle.executeUpdate(logSessionUpdate, {
      args: [{ status: 'held', durationMinutes: 60, recordedBy: 'p-000011' }],
    });
    expect(logged).toEqual({ seq: 1, status: 'held' });

    // Day 12: past the 10 days from the start, but only 7 from the session: no warning.
    await skipTo(env, start + 12 * DAY_MS);
    const quiet = await handle.query(pairStateQuery);
    expect(quiet).toMatchObject({ status: 'active', held: 1, missedStreak: 0 });
    expect(new Date(quiet.lastActivity).getTime()).toBeGreaterThanOrEqual(start + 5 * DAY_MS);
    expect(templatesSent(ofPair(pairId))).not.toContain('mentoring-inactivity');

    // Day 16: 10 days after the session the warning went out; closure comes on day 17.
    await skipTo(env, start + 16 * DAY_MS);
    expect((await handle.query(pairStateQuery)).status).toBe('at_risk');
    expect(templatesSent(ofPair(pairId))).toContain('mentoring-inactivity');

    const result = await handle.result();
    expect(result).toMatchObject({ status: 'closed', closedReason: 'inactive', held: 1 });
  });
  const session = calls.find(
    (c) => c.name === 'recordMentoringSession' && c.input.pairId === pairId,
  );
  expect(session?.input).toMatchObject({ seq: 1, status: 'held', durationMinutes: 60 });
});
