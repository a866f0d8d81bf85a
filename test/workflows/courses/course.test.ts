/**
 * The course workflow (课程系列) alone, on the time-skipping server, with fake activities that
 * record their calls: a session reminder goes to the enrolled before the session (not earlier
 * than its offset), a completion is told to the person, closing closes the series; nobody
 * completes before the course's last session has ended, and completes right after it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { course } from '../../../workflows/courses/course';
import {
  courseAttendanceSignal,
  courseCloseSignal,
  courseStateQuery,
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

type Evaluation = { personIds: string[]; beforeEnd?: boolean };

/** A session of `hours` starting at `startsAt`. */
const session = (sessionId: string, startsAt: Date, hours = 2) => ({
  sessionId,
  startsAt: startsAt.toISOString(),
  endsAt: new Date(startsAt.getTime() + hours * HOUR).toISOString(),
  status: 'scheduled',
  version: 1,
});

/**
 * Runs the course workflow over `schedule` with fake activities: p-1 meets the completion rule
 * whenever evaluated, and completes unless the evaluation is before the course's end.
 */
async function runCourse(
  schedule: CourseSchedule,
  body: (h: {
    seriesId: string;
    handle: WorkflowHandle<typeof course>;
    notices: (NoticeBatch & { at: number })[];
    evaluated: Evaluation[];
    closed: string[];
  }) => Promise<void>,
): Promise<void> {
  const seriesId = `s-${randomUUID().slice(0, 8)}`;
  const notices: (NoticeBatch & { at: number })[] = [];
  const evaluated: Evaluation[] = [];
  const closed: string[] = [];
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
      evaluateCourse: async (input: Evaluation): Promise<CourseEvaluation> => {
        evaluated.push({ personIds: input.personIds, beforeEnd: input.beforeEnd });
        const p1 = {
          personId: 'p-1',
          hoursTenths: 30,
          sourceKey: `course/${seriesId}/p-1`,
          ledger: false,
          certificateNo: 'JY-TEST',
        };
        return { completed: input.beforeEnd ? [] : [p1], revoked: [], absenceWarnings: [] };
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
    await body({ seriesId, handle, notices, evaluated, closed });
  });
}

const scheduleOf = (...sessions: ReturnType<typeof session>[]): CourseSchedule => ({
  status: 'running',
  reminderOffsets: ['1h'],
  timeZone: 'Asia/Shanghai',
  coordinatorId: 'c-1',
  sessions,
});

it('reminds the enrolled before a session, tells a completion, closes the series', async () => {
  const startsAt = new Date((await env.currentTimeMs()) + 24 * HOUR);
  await runCourse(
    scheduleOf(session('one', startsAt)),
    async ({ seriesId, handle, notices, evaluated, closed }) => {
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

      // Attendance before the session (an admin's backfill) waits; closing ends the course.
      await handle.signal(courseAttendanceSignal, { personIds: ['p-1'] });
      await handle.signal(courseCloseSignal);
      await handle.result();
      expect(evaluated.at(-1)).toEqual({ personIds: ['p-1'], beforeEnd: undefined });
      expect(notices.filter((n) => n.template === 'course-completed')).toMatchObject([
        { personIds: ['p-1'], params: { seriesId, hoursTenths: '30' } },
      ]);
      expect(closed).toEqual([seriesId]);
    },
  );
}, 180_000);

it('completes nobody before the last session ends, and completes right after it', async () => {
  const first = new Date((await env.currentTimeMs()) + 24 * HOUR);
  const last = new Date(first.getTime() + 48 * HOUR);
  const end = last.getTime() + 2 * HOUR;
  await runCourse(
    scheduleOf(session('one', first), session('two', last)),
    async ({ handle, notices, evaluated }) => {
      const completed = () => notices.filter((n) => n.template === 'course-completed');
      // After the first session: its attendance meets the rule, but the course goes on.
      await skipTo(env, first.getTime() + 3 * HOUR, HOUR);
      await handle.signal(courseAttendanceSignal, { personIds: ['p-1'] });
      await waitFor(async () => (await handle.query(courseStateQuery)).awaitingEnd === 1, 30_000);
      expect(evaluated).toEqual([{ personIds: ['p-1'], beforeEnd: true }]);
      expect((await handle.query(courseStateQuery)).completions).toBe(0);

      // A minute before the end of the last session: still nobody completed.
      await skipTo(env, end - 60_000, HOUR);
      expect(completed()).toEqual([]);

      // Right after it: evaluated again, completed and told.
      await skipTo(env, end + 60_000, 60_000);
      await waitFor(async () => completed().length === 1, 30_000);
      expect(evaluated.at(-1)).toEqual({ personIds: ['p-1'], beforeEnd: undefined });
      expect(completed()[0]!.personIds).toEqual(['p-1']);
      expect(completed()[0]!.at).toBeGreaterThanOrEqual(end);
      expect(completed()[0]!.at).toBeLessThan(end + 5 * 60_000);
      expect(await handle.query(courseStateQuery)).toMatchObject({
        completions: 1,
        awaitingEnd: 0,
      });
      await handle.signal(courseCloseSignal);
      await handle.result();
    },
  );
}, 180_000);
