/**
 * A course series (课程系列), workflow course/<seriesId>. The database holds the series, its
 * sessions, enrolments and attendance; this workflow reminds the enrolled before each session
 * (offsets per series, out of quiet hours), tells them when a session is rescheduled or
 * cancelled, tells people who move up from the waitlist, and keeps completions and credits
 * current whenever attendance changes (warning the coordinator of repeated absences): a person
 * who completes gets the record, the credit and a notice; a correction that undoes a completion
 * revokes it, withdraws the credit from the ledger and tells the person. Each enrolment change
 * (enrolled, waitlisted, promoted, withdrawn) is confirmed to the person. Cancelled as a whole, it
 * tells the enrolled and the waitlisted and ends: no later reminders. Nobody completes before the
 * course ends (its last session's end, or its closing): attendance recorded earlier (an admin's
 * backfill) is evaluated again then. Ids only.
 */
import {
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { businessSteps } from '../searchAttributes';
import type { Activities } from '../../activities';
import { activityOptions } from '../activityOptions';
import type { CompletionChange, CourseSchedule } from '../../activities/courses/series';
import { courseEnd, sessionReminders } from '../rules/courseRules';
import { creditPostedSignal, creditsWorkflowId, creditWithdrawnSignal } from '../credits/signals';
import {
  courseAttendanceSignal,
  courseCancelSignal,
  courseCloseSignal,
  courseEnrolmentSignal,
  coursePromotedSignal,
  courseScheduleSignal,
  courseStateQuery,
  courseWorkflowId,
  type CourseInput,
  type CourseState,
  type EnrolmentChange,
  type SessionChange,
} from './signals';

const acts = proxyActivities<Activities>(activityOptions('2 minutes'));

/** Cancel and enrolment notices: runs that never took these signals replay as recorded. */
const VERBS = 'course-cancel-enrolment-notices';

/** Completions wait for the course's end: runs recorded before completed at once, as they did. */
const AT_END = 'course-completion-at-end';

/** Continue as new well before histories grow large; everything lives in the database. */
const MAX_EVENTS = 2_000;

export async function course(input: CourseInput): Promise<void> {
  const id = courseWorkflowId(input.seriesId);
  let scheduleDirty = true;
  let closed = false;
  let cancelled = false;
  const enrolments: EnrolmentChange[] = [];
  const changes: SessionChange[] = [];
  const attendanceQueue = new Set<string>();
  const promoted: string[] = [];
  const state: CourseState = { status: 'running', remindersSent: [], completions: 0, warnings: 0 };
  // Runs started before revocation existed replay as they were recorded.
  const stamped = patched('course-completion-revocation');
  const atEnd = patched(AT_END);
  /** Evaluated before the end: evaluated again once the course is over. */
  const awaiting = new Set(input.awaitingEnd ?? []);
  setHandler(courseScheduleSignal, ({ change }) => {
    scheduleDirty = true;
    if (change) changes.push(change);
  });
  setHandler(courseAttendanceSignal, ({ personIds }) => {
    for (const p of personIds) attendanceQueue.add(p);
  });
  setHandler(coursePromotedSignal, ({ personIds }) => void promoted.push(...personIds));
  setHandler(courseCloseSignal, () => void (closed = true));
  setHandler(courseEnrolmentSignal, ({ changes }) => void enrolments.push(...changes));
  setHandler(courseCancelSignal, () => void (cancelled = true));
  setHandler(courseStateQuery, () => state);
  // Search attributes: running, then cancelled or closed.
  const step = businessSteps(input.seriesId);
  step('running');

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
    scheduleDirty ||
    changes.length > 0 ||
    attendanceQueue.size > 0 ||
    promoted.length > 0 ||
    enrolments.length > 0 ||
    // Closing ends the course: those waiting for the end are evaluated before the series closes.
    (closed && awaiting.size > 0);
  const work = () => closed || cancelled || pending();

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
    const end = atEnd ? courseEnd(schedule!.sessions) : undefined;
    // Wake at the end too when someone waits for it.
    const wakeAt = Math.min(
      next?.at.getTime() ?? Infinity,
      awaiting.size && end ? end.getTime() : Infinity,
    );

    const woke = await condition(
      work,
      wakeAt < Infinity ? Math.max(0, wakeAt - now.getTime()) : undefined!,
    );
    // A schedule not yet re-read may have moved the end: wait for it.
    const beforeEnd =
      atEnd && !closed && (scheduleDirty || (end !== undefined && new Date() < end));
    if (atEnd && !beforeEnd && awaiting.size) {
      for (const p of awaiting) attendanceQueue.add(p);
      awaiting.clear();
    }
    if (cancelled && patched(VERBS)) {
      // Everyone in line hears it once; nothing else is sent after a cancellation.
      const people = await acts.courseCancelAudience({ seriesId: input.seriesId });
      await notify('course-cancelled', 'cancelled', people);
      state.status = 'cancelled';
      delete state.nextReminder;
      step('cancelled');
      return;
    }
    if (enrolments.length && patched(VERBS))
      await acts.courseEnrolmentNotices({
        workflowId: id,
        seriesId: input.seriesId,
        changes: enrolments.splice(0),
      });
    // The timer was the reminder's (not the end's): it is due.
    if (!woke && next && wakeAt === next.at.getTime()) {
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
      // The workflow's time stamps the changes: a retried evaluation reports them again.
      const at = new Date().toISOString();
      const r = await acts.evaluateCourse({
        seriesId: input.seriesId,
        personIds,
        ...(stamped ? { at } : {}),
        ...(beforeEnd ? { beforeEnd } : {}),
      });
      if (beforeEnd) for (const p of personIds) awaiting.add(p);
      const revoked = r.revoked ?? [];
      // No ledger running yet: it reads the records when it starts.
      const ledgers = (changes: CompletionChange[], post: boolean) =>
        changes
          .filter((c) => c.ledger)
          .map((c) => {
            const h = getExternalWorkflowHandle(creditsWorkflowId(c.personId));
            const { sourceKey, hoursTenths } = c;
            return (
              post
                ? h.signal(creditPostedSignal, { sourceKey, hoursTenths })
                : h.signal(creditWithdrawnSignal, { sourceKey })
            ).catch(() => undefined);
          });
      const byHours = (template: string, key: string, changes: CompletionChange[]) =>
        [...new Set(changes.map((c) => c.hoursTenths))].map((tenths) =>
          notify(
            template,
            key,
            changes.filter((c) => c.hoursTenths === tenths).map((c) => c.personId),
            { hoursTenths: String(tenths) },
          ),
        );
      // Ledgers first (credits current), then the notices: completions and revocations in one
      // batch per distinct hours figure, warnings to the coordinator side by side.
      await Promise.all([...ledgers(r.completed, true), ...ledgers(revoked, false)]);
      const stamp = stamped ? `/${Date.parse(at)}` : '';
      await Promise.all([
        ...byHours('course-completed', `completed${stamp}`, r.completed),
        ...byHours('course-completion-revoked', `revoked${stamp}`, revoked),
        ...r.absenceWarnings.map((w) =>
          notify(
            'course-absence-warning',
            `absence/${w.personId}/${w.sessionId}`,
            [schedule!.coordinatorId],
            { personId: w.personId, streak: String(w.streak) },
          ),
        ),
      ]);
      if (revoked.length) state.revocations = (state.revocations ?? 0) + revoked.length;
      state.warnings += r.absenceWarnings.length;
      state.completions += r.completed.length;
    }
    if (atEnd) state.awaitingEnd = awaiting.size;
    if (closed && !pending()) break;
    if (closed) continue;
    if (workflowInfo().historyLength > MAX_EVENTS || workflowInfo().continueAsNewSuggested) {
      await condition(() => true);
      return continueAsNew<typeof course>({
        ...input,
        ...(awaiting.size ? { awaitingEnd: [...awaiting] } : {}),
      });
    }
  }
  await acts.closeCourseSeries({ seriesId: input.seriesId });
  state.status = 'closed';
  step('closed');
}
