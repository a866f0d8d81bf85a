/**
 * The course workflow (课程系列) alone, on the time-skipping server, with fake activities that
 * record their calls: a session reminder goes to the enrolled before the session (not earlier
 * than its offset), a completion is told to the person, and closing closes the series.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { course } from '../../../workflows/courses/course';
import {
  courseAttendanceSignal,
  courseCloseSignal,
  courseWorkflowId,
} from '../../../workflows/courses/signals';
import type { CourseEvaluation, CourseSchedule } from '../../../activities/courses/series';
import type { NoticeBatch } from '../../../activities/notices/deliver';
import { workflowBundle } from '../../harness/stack';
import { createTimeSkippingEnv, skipTo } from '../../harness/temporal';
import { waitFor } from '../../harness/waitFor';
import { testDataConverter } from '../../harness/payloadKeys';

const HOUR = 3_600_000;

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
}, 180_000);
afterAll(async () => {
  await env?.teardown();
});

it('reminds the enrolled before a session, tells a completion, closes the series', async () => {
  const seriesId = `s-${randomUUID().slice(0, 8)}`;
  const startsAt = new Date((await env.currentTimeMs()) + 24 * HOUR);
  const notices: (NoticeBatch & { at: number })[] = [];
  const evaluated: string[][] = [];
  const closed: string[] = [];
  const schedule: CourseSchedule = {
    status: 'running',
    reminderOffsets: ['1h'],
    timeZone: 'Asia/Shanghai',
    coordinatorId: 'c-1',
    sessions: [
      { sessionId: 'one', startsAt: startsAt.toISOString(), status: 'scheduled', version: 1 },
    ],
  };
  const taskQueue = `course-${randomUUID()}`;
  const worker = await Worker.create({
    dataConverter: testDataConverter,
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: {
      courseSchedule: async () => schedule,
      courseEnrolled: async () => ['p-1', 'p-2'],
      sendNotices: async (b: NoticeBatch) => {
        // The server's (skipped) time: an activity's own clock is the wall clock.
        notices.push({ ...b, at: await env.currentTimeMs() });
        return { sent: b.personIds.length, alreadySent: 0, failed: 0, unconfirmed: 0 };
      },
      evaluateCourse: async (input: { personIds: string[] }): Promise<CourseEvaluation> => {
        evaluated.push(input.personIds);
        return {
          completed: [
            {
              personId: 'p-1',
              hoursTenths: 30,
              sourceKey: `course/${seriesId}/p-1`,
              ledger: false,
              certificateNo: 'JY-TEST',
            },
          ],
          revoked: [],
          absenceWarnings: [],
        };
      },
      closeCourseSeries: async (input: { seriesId: string }) => void closed.push(input.seriesId),
    },
  });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start<typeof course>('course', {
      taskQueue,
      workflowId: courseWorkflowId(seriesId),
      args: [{ seriesId, quietHours: null }],
    });
    await skipTo(env, startsAt.getTime() - 61 * 60_000, HOUR);
    expect(notices.filter((n) => n.template === 'course-reminder')).toEqual([]);

    await skipTo(env, startsAt.getTime() - 59 * 60_000, 60_000);
    await waitFor(async () => notices.some((n) => n.template === 'course-reminder'), 30_000);
    const reminders = notices.filter((n) => n.template === 'course-reminder');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({
      personIds: ['p-1', 'p-2'],
      params: { seriesId, sessionId: 'one', offset: '1h' },
    });
    expect(reminders[0]!.at).toBeLessThan(startsAt.getTime());

    await handle.signal(courseAttendanceSignal, { personIds: ['p-1'] });
    await handle.signal(courseCloseSignal);
    await handle.result();
    expect(evaluated).toEqual([['p-1']]);
    expect(notices.filter((n) => n.template === 'course-completed')).toMatchObject([
      { personIds: ['p-1'], params: { seriesId, hoursTenths: '30' } },
    ]);
    expect(closed).toEqual([seriesId]);
  });
}, 180_000);
