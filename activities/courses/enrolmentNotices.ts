/**
 * Notices a course series (课程系列) sends its people about their place in it: each enrolment
 * change confirmed (报名成功, 候补第 N 位, 递补, 已退出) and, when the series is cancelled as a
 * whole, everyone still in line told. Keys carry the enrolment's `seq`, so a retry sends nothing
 * twice and a person who enrols again later is told again.
 */
import type { Db } from '../../store/db';
import type { NoticeBatch, NoticeBatchResult } from '../notices/deliver';
import type { EnrolmentChange } from '../../workflows/courses/signals';

type SendNotices = (batch: NoticeBatch) => Promise<NoticeBatchResult>;

/** Who hears of a cancellation: the enrolled, then the waitlisted, in line order. */
export async function courseCancelAudience(db: Db, seriesId: string): Promise<string[]> {
  const rows = await db.courseEnrolment.findMany({
    where: { seriesId, status: { in: ['enrolled', 'waitlisted'] } },
    orderBy: [{ status: 'asc' }, { seq: 'asc' }],
    select: { personId: true },
  });
  return rows.map((r) => r.personId);
}

/** One notice per change; a waitlisted person learns their place in line when they joined it. */
export async function courseEnrolmentNotices(
  deps: { sendNotices: SendNotices },
  input: { workflowId: string; seriesId: string; changes: EnrolmentChange[] },
): Promise<{ sent: number; failed: number }> {
  const { seriesId } = input;
  const batches = input.changes.map(
    (c): NoticeBatch => ({
      workflowId: input.workflowId,
      template: `course-${c.kind}`,
      params: c.position ? { seriesId, position: String(c.position) } : { seriesId },
      keyPrefix: `${input.workflowId}/enrolment/${c.seq}/${c.kind}`,
      personIds: [c.personId],
    }),
  );
  const results = await Promise.all(batches.map((b) => deps.sendNotices(b)));
  return {
    sent: results.reduce((n, r) => n + r.sent, 0),
    failed: results.reduce((n, r) => n + r.failed + r.unconfirmed, 0),
  };
}

/** The course workflow's notice activities (workflows/courses/course.ts). */
export function courseNoticeActivities(deps: { db: Db; sendNotices: SendNotices }) {
  return {
    courseCancelAudience: (input: { seriesId: string }) =>
      courseCancelAudience(deps.db, input.seriesId),
    courseEnrolmentNotices: (input: {
      workflowId: string;
      seriesId: string;
      changes: EnrolmentChange[];
    }) => courseEnrolmentNotices(deps, input),
  };
}
