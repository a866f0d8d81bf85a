/**
 * A course series (课程系列), workflow course/<seriesId>. The database holds the series, its
 * sessions, enrolments and attendance; this workflow reminds the enrolled before each session
 * (offsets per series, out of quiet hours), tells them when a session is rescheduled or
 * cancelled, tells people who move up from the waitlist, and keeps completions and credits
 * current whenever attendance changes (warning the coordinator of repeated absences). Ids only.
 */
import {
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { CourseSchedule } from '../activities/courses';
import type { QuietHours } from './rules/quietHours';
import { sessionReminders } from './rules/courseRules';
import { creditPostedSignal, creditsWorkflowId } from './credits';

export interface CourseInput {
  seriesId: string;
  quietHours: QuietHours | null;
}

export interface SessionChange {
  sessionId: string;
  kind: 'rescheduled' | 'cancelled';
  /** The session's version after the change (keys its notice). */
  version: number;
}

/** The schedule changed (sessions added, moved, cancelled); `change` tells the enrolled. */
export const courseScheduleSignal = defineSignal<[{ change?: SessionChange }]>('courseSchedule');
/** Attendance of these people changed: bring their completions up to date. */
export const courseAttendanceSignal = defineSignal<[{ personIds: string[] }]>('courseAttendance');
/** These people moved up from the waitlist. */
export const coursePromotedSignal = defineSignal<[{ personIds: string[] }]>('coursePromoted');
export const courseCloseSignal = defineSignal('courseClose');

export interface CourseState {
  status: string;
  remindersSent: string[];
  nextReminder?: { key: string; at: string };
  completions: number;
  warnings: number;
}
export const courseStateQuery = defineQuery<CourseState>('courseState');

export function courseWorkflowId(seriesId: string): string {
  return `course/${seriesId}`;
}

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** Continue as new well before histories grow large; everything lives in the database. */
const MAX_EVENTS = 2_000;

export async function course(input: CourseInput): Promise<void> {
  const id = courseWorkflowId(input.seriesId);
  let scheduleDirty = true;
  let closed = false;
  const changes: SessionChange[] = [];
  const attendanceQueue = new Set<string>();
  const promoted: string[] = [];
  const state: CourseState = { status: 'running', remindersSent: [], completions: 0, warnings: 0 };
  setHandler(courseScheduleSignal, ({ change }) => {
    scheduleDirty = true;
    if (change) changes.push(change);
  });
  setHandler(courseAttendanceSignal, ({ personIds }) => {
    for (const p of personIds) attendanceQueue.add(p);
  });
  setHandler(coursePromotedSignal, ({ personIds }) => void promoted.push(...personIds));
  setHandler(courseCloseSignal, () => void (closed = true));
  setHandler(courseStateQuery, () => state);

  const notify = (template: string, key: string, personIds: string[], params = {}) =>
    personIds.length
      ? acts.sendNotices({
          workflowId: id,
          template,
          params: { seriesId: input.seriesId, ...params },
          keyPrefix: `${id}/${key}`,
          personIds,
        })
      : undefined;
  const pending = () =>
    scheduleDirty || changes.length > 0 || attendanceQueue.size > 0 || promoted.length > 0;
  const work = () => closed || pending();

  let schedule: CourseSchedule | undefined;
  for (;;) {
    if (scheduleDirty) {
      scheduleDirty = false;
      schedule = await acts.courseSchedule({ seriesId: input.seriesId });
      if (schedule.status === 'closed') closed = true;
    }
    const now = new Date();
    const next = sessionReminders(
      schedule!.sessions,
      schedule!.reminderOffsets,
      input.quietHours,
      schedule!.timeZone,
      new Date(now.getTime() - 1),
    ).find((r) => !state.remindersSent.includes(r.key));
    state.nextReminder = next && { key: next.key, at: next.at.toISOString() };

    const woke = await condition(
      work,
      next ? Math.max(0, next.at.getTime() - now.getTime()) : undefined!,
    );
    if (!woke && next) {
      const enrolled = await acts.courseEnrolled({ seriesId: input.seriesId });
      await notify('course-reminder', next.key, enrolled, {
        sessionId: next.sessionId,
        offset: next.offset,
      });
      state.remindersSent.push(next.key);
    }
    while (changes.length) {
      const c = changes.shift()!;
      const enrolled = await acts.courseEnrolled({ seriesId: input.seriesId });
      await notify(`course-session-${c.kind}`, `${c.sessionId}/${c.kind}-v${c.version}`, enrolled, {
        sessionId: c.sessionId,
      });
    }
    if (promoted.length) {
      const people = promoted.splice(0);
      await notify('course-promoted', 'promoted', people);
    }
    if (attendanceQueue.size) {
      const personIds = [...attendanceQueue];
      attendanceQueue.clear();
      const r = await acts.evaluateCourse({ seriesId: input.seriesId, personIds });
      // Ledgers first (credits current), then the notices: completions in one batch per
      // distinct hours figure, warnings to the coordinator side by side.
      await Promise.all(
        r.completed
          .filter((c) => c.ledger)
          .map(
            (c) =>
              getExternalWorkflowHandle(creditsWorkflowId(c.personId))
                .signal(creditPostedSignal, { sourceKey: c.sourceKey, hoursTenths: c.hoursTenths })
                .catch(() => undefined), // no ledger running yet: it reads the record when it starts
          ),
      );
      await Promise.all([
        ...[...new Set(r.completed.map((c) => c.hoursTenths))].map((tenths) =>
          notify(
            'course-completed',
            'completed',
            r.completed.filter((c) => c.hoursTenths === tenths).map((c) => c.personId),
            { hoursTenths: String(tenths) },
          ),
        ),
        ...r.absenceWarnings.map((w) =>
          notify(
            'course-absence-warning',
            `absence/${w.personId}/${w.sessionId}`,
            [schedule!.coordinatorId],
            { personId: w.personId, streak: String(w.streak) },
          ),
        ),
      ]);
      state.warnings += r.absenceWarnings.length;
      state.completions += r.completed.length;
    }
    if (closed && !pending()) break;
    if (closed) continue;
    if (workflowInfo().historyLength > MAX_EVENTS || workflowInfo().continueAsNewSuggested) {
      await condition(() => true);
      return continueAsNew<typeof course>(input);
    }
  }
  await acts.closeCourseSeries({ seriesId: input.seriesId });
  state.status = 'closed';
}
