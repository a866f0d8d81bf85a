/**
 * A cohort (培养梯队) changed as a whole: edited (title, its list of course series) or cancelled.
 * Series added to the list enrol every member; series taken off it withdraw the enrolments the
 * cohort made there (each person told, the waitlist moving up). A cancellation records who, when
 * and why, withdraws the cohort's enrolments from its running series the same way, and tells every
 * member through an announcement (通知) the coordinator can follow with `announce status`.
 */
import { peopleOf } from '../../../store/courses/enrolment';
import { Conflict, InputError, NotFound } from '../../../common/errors';
import { createAnnouncement } from '../announcements/announcements';
import type { CourseContext } from './courseContext';
import { enrol, withdraw } from './enrolment';
import { actor, reasonOf } from '../changeInput';

async function runningCohort(ctx: CourseContext, id: string) {
  const c = await ctx.db.cohort.findUnique({
    where: { id },
    include: {
      series: { orderBy: { position: 'asc' } },
      members: { orderBy: { personId: 'asc' } },
    },
  });
  if (!c) throw new NotFound(`没有梯队“${id}” / no cohort "${id}"`);
  if (c.status !== 'running')
    throw new Conflict(`梯队“${id}”已取消 / cohort "${id}" is ${c.status}`);
  return c;
}

/** Withdraws what the cohort enrolled in these series (running ones); answers how many. */
async function withdrawCohortEnrolments(
  ctx: CourseContext,
  cohortId: string,
  seriesIds: string[],
): Promise<number> {
  const rows = await ctx.db.courseEnrolment.findMany({
    where: {
      seriesId: { in: seriesIds },
      series: { status: 'running' },
      enrolledBy: `cohort/${cohortId}`,
      status: { in: ['enrolled', 'waitlisted'] },
    },
    orderBy: [{ seriesId: 'asc' }, { seq: 'desc' }],
  });
  // The waitlist first (last in line first), so no member of the cohort moves up to leave again.
  for (const r of [...rows].sort((a, b) =>
    a.status === b.status ? 0 : a.status === 'waitlisted' ? -1 : 1,
  ))
    await withdraw(ctx, { seriesId: r.seriesId, personId: r.personId });
  return rows.length;
}

export interface EditCohortRequest {
  cohortId: string;
  title?: string;
  /** The cohort's series, in order: the whole new list. */
  seriesIds?: string[];
}

/** Edits a cohort: its title, and its list of series (added ones enrol the members). */
export async function editCohort(ctx: CourseContext, req: EditCohortRequest) {
  const c = await runningCohort(ctx, req.cohortId);
  if (req.title === undefined && req.seriesIds === undefined)
    throw new InputError('没有要修改的内容 / nothing to change: give a title or the series list');
  const title = req.title === undefined ? c.title : req.title.trim();
  if (!title) throw new InputError('名称为空 / title is empty');
  const before = c.series.map((s) => s.seriesId);
  const after = req.seriesIds ? [...new Set(req.seriesIds)] : before;
  if (!after.length)
    throw new InputError('梯队至少要有一个课程系列 / seriesIds: names no course series');
  const added = after.filter((id) => !before.includes(id));
  const found = await ctx.db.courseSeries.findMany({
    where: { id: { in: added } },
    select: { id: true, status: true },
  });
  for (const id of added) {
    const s = found.find((x) => x.id === id);
    if (!s) throw new NotFound(`seriesIds: 没有课程系列“${id}” / no course series "${id}"`);
    if (s.status !== 'running')
      throw new Conflict(
        `seriesIds: 课程系列“${id}”已${s.status === 'cancelled' ? '取消' : '结束'} / course series "${id}" is ${s.status}`,
      );
  }
  const removed = before.filter((id) => !after.includes(id));
  await ctx.db.$transaction([
    ctx.db.cohort.update({ where: { id: c.id }, data: { title } }),
    ctx.db.cohortSeries.deleteMany({ where: { cohortId: c.id } }),
    ctx.db.cohortSeries.createMany({
      data: after.map((seriesId, position) => ({ cohortId: c.id, seriesId, position })),
    }),
  ]);
  const withdrawn = await withdrawCohortEnrolments(ctx, c.id, removed);
  const personIds = c.members.map((m) => m.personId);
  const series = [];
  if (personIds.length)
    for (const seriesId of added)
      series.push({
        seriesId,
        ...(await enrol(ctx, { seriesId, personIds, enrolledBy: `cohort/${c.id}` })),
      });
  return { id: c.id, title, seriesIds: after, added: series, removed, withdrawn };
}

/** A coordinator's words in a notice text: braces would read as fields to fill. */
const plain = (text: string) => text.replace(/\{/g, '｛').replace(/\}/g, '｝');

/** The announcement that tells a cancelled cohort's members. */
export const cohortCancelNoticeId = (cohortId: string) => `cohort-${cohortId}-cancelled`;

/**
 * Cancels a cohort: recorded (who, when, why), its enrolments withdrawn from its running series,
 * every member told.
 */
export async function cancelCohort(
  ctx: CourseContext,
  req: { cohortId: string; by: string; reason?: string },
) {
  const by = actor(req.by);
  const reason = reasonOf(req.reason);
  const c = await runningCohort(ctx, req.cohortId);
  const at = ctx.now?.() ?? new Date();
  const [title, why] = [plain(c.title), reason && plain(reason)];
  await ctx.db.cohort.update({
    where: { id: c.id },
    data: { status: 'cancelled', cancelledBy: by, cancelledAt: at, cancelReason: reason },
  });
  const withdrawn = await withdrawCohortEnrolments(
    ctx,
    c.id,
    c.series.map((s) => s.seriesId),
  );
  const personIds = await peopleOf(ctx.db, { personIds: c.members.map((m) => m.personId) });
  const notice = personIds.length
    ? await createAnnouncement(ctx, {
        id: cohortCancelNoticeId(c.id),
        title: `梯队“${title}”取消`,
        titleEn: `Cohort "${title}" is cancelled`,
        body: `“${title}”培养计划已取消，您在其课程中的报名随之取消（已结业的记录保留）。${why ? `\n原因：${why}` : ''}`,
        bodyEn: `The "${title}" cohort program is cancelled; your enrolments in its courses end with it (completions already earned are kept).${why ? `\nReason: ${why}` : ''}`,
        audience: { personIds },
        createdBy: by,
      })
    : undefined;
  return {
    id: c.id,
    status: 'cancelled' as const,
    cancelledBy: by,
    cancelledAt: at.toISOString(),
    withdrawn,
    notified: personIds.length,
    ...(notice ? { announcementId: notice.id } : {}),
  };
}
