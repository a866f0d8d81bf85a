/**
 * The program workflow alone on the time-skipping server, with fake activities: pairing is
 * validated, the pair runs as a child and reports its closure, group supervision is reminded
 * monthly, and the program finishes at its end with a report notice.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { beforeAll, expect, it } from 'vitest';
import type { mentoringProgram } from '../../../workflows/mentoring/mentoringProgram';
import {
  cancelProgramSignal,
  closePairUpdate,
  pairMenteeUpdate,
  programEndSignal,
  programWorkflowId,
} from '../../../workflows/mentoring/signals';
import { DAY_MS, DEFAULT_MENTORING_PLAN } from '../../../workflows/rules/mentoring';
import { templatesSent, useFakeMentoringWorker } from './fakeWorker';

const { calls, taskQueue, withWorker, env: envOf } = useFakeMentoringWorker();
let env: TestWorkflowEnvironment;
beforeAll(() => {
  env = envOf();
});

it('pairs a trainee, hears of the pair’s closure and finishes at its end', async () => {
  const start = await env.currentTimeMs();
  const programId = `unit-${randomUUID().slice(0, 8)}`;
  const result = await withWorker(async () => {
    const handle = await env.client.workflow.start<typeof mentoringProgram>('mentoringProgram', {
      taskQueue,
      workflowId: programWorkflowId(programId),
      args: [
        {
          programId,
          kind: 'supervisor',
          coordinatorId: 'p-000040',
          traineeIds: ['p-000001'],
          mentorIds: ['p-000011'],
          start: new Date(start).toISOString(),
          end: new Date(start + 40 * DAY_MS).toISOString(),
          // The pair goes silent: warned on day 10, closed on day 12.
          plan: { ...DEFAULT_MENTORING_PLAN, sessions: 2, inactivityDays: 10, graceDays: 2 },
          groupSupervisionTime: '09:30',
          timeZone: 'Asia/Shanghai',
          quietHours: null,
        },
      ],
    });
    await expect(
      handle.executeUpdate(pairMenteeUpdate, {
        args: [{ menteeId: 'p-000001', mentorId: 'p-000001' }],
      }),
    ).rejects.toThrow(WorkflowUpdateFailedError);
    await expect(
      handle.executeUpdate(pairMenteeUpdate, {
        args: [{ menteeId: 'p-000011', mentorId: 'p-000001' }],
      }),
    ).rejects.toThrow(WorkflowUpdateFailedError);
    const paired = await handle.executeUpdate(pairMenteeUpdate, {
      args: [{ menteeId: 'p-000001', mentorId: 'p-000011' }],
    });
    expect(paired).toEqual({
      pairId: `${programId}/p-000001`,
      workflowId: `mentoring/${programId}/p-000001`,
    });
    return handle.result();
  });

  const pairId = `${programId}/p-000001`;
  expect(result).toMatchObject({
    status: 'completed',
    trainees: 1,
    mentors: 1,
    unpaired: 0,
    active: 0,
    closed: 1,
    groupSessions: 1,
    pairs: { [pairId]: { menteeId: 'p-000001', mentorId: 'p-000011', status: 'closed', held: 0 } },
  });
  // Only the accepted pairing was recorded.
  expect(calls.filter((c) => c.name === 'recordMentoringPair').map((c) => c.input)).toEqual([
    expect.objectContaining({ programId, pairId, menteeId: 'p-000001', mentorId: 'p-000011' }),
  ]);
  const program = calls.filter(
    (c) => (c.input.params as { programId?: string } | undefined)?.programId === programId,
  );
  const own = templatesSent(program.filter((c) => !(c.input.params as { pairId?: string }).pairId));
  expect(own).toEqual(['mentoring-group', 'mentoring-report']);
  const report = program.find((c) => c.input.template === 'mentoring-report')!;
  expect(report.input.personIds).toEqual(['p-000040']);
  expect(calls.filter((c) => c.name === 'finishMentoringProgram')).toEqual([
    { name: 'finishMentoringProgram', input: { programId } },
  ]);
});

/** A program over `days` days from now on the test server, with one trainee and one mentor. */
async function startProgram(days: number) {
  const start = await env.currentTimeMs();
  const programId = `unit-${randomUUID().slice(0, 8)}`;
  const handle = await env.client.workflow.start<typeof mentoringProgram>('mentoringProgram', {
    taskQueue,
    workflowId: programWorkflowId(programId),
    args: [
      {
        programId,
        kind: 'supervisor',
        coordinatorId: 'p-000040',
        traineeIds: ['p-000001'],
        mentorIds: ['p-000011'],
        start: new Date(start).toISOString(),
        end: new Date(start + days * DAY_MS).toISOString(),
        plan: { ...DEFAULT_MENTORING_PLAN, sessions: 2 },
        groupSupervisionTime: '09:30',
        timeZone: 'Asia/Shanghai',
        quietHours: null,
      },
    ],
  });
  return { programId, handle, start };
}

const ownTemplates = (programId: string) =>
  templatesSent(
    calls.filter((c) => {
      const params = c.input.params as { programId?: string; pairId?: string } | undefined;
      return params?.programId === programId && !params.pairId;
    }),
  );

it('follows a moved end: group supervision stops at the new end, the report comes then', async () => {
  const { programId, handle, start } = await startProgram(100);
  const result = await withWorker(async () => {
    await handle.signal(programEndSignal, { end: new Date(start + 40 * DAY_MS).toISOString() });
    return handle.result();
  });
  expect(result.status).toBe('completed');
  // About three monthly sessions fall within 100 days, one within 40.
  expect(result.groupSessions).toBe(1);
  expect(ownTemplates(programId)).toEqual(['mentoring-group', 'mentoring-report']);
});

it('ends at once when cancelled: everyone told, no report, no finish step', async () => {
  const { programId, handle } = await startProgram(100);
  const result = await withWorker(async () => {
    const { workflowId } = await handle.executeUpdate(pairMenteeUpdate, {
      args: [{ menteeId: 'p-000001', mentorId: 'p-000011' }],
    });
    // The operation closes the pairs first, then tells the program.
    await env.client.workflow
      .getHandle(workflowId)
      .executeUpdate(closePairUpdate, { args: [{ closedBy: 'p-000040' }] });
    await handle.signal(cancelProgramSignal);
    return handle.result();
  });
  expect(result).toMatchObject({ status: 'cancelled', groupSessions: 0, closed: 1 });
  expect(ownTemplates(programId)).toEqual(['mentoring-cancelled']);
  const told = calls.find(
    (c) =>
      c.input.template === 'mentoring-cancelled' &&
      (c.input.params as { programId: string }).programId === programId,
  )!;
  expect([...(told.input.personIds as string[])].sort()).toEqual([
    'p-000001',
    'p-000011',
    'p-000040',
  ]);
  expect(
    calls.filter((c) => c.name === 'finishMentoringProgram' && c.input.programId === programId),
  ).toEqual([]);
});
