/**
 * Enrolment in a course series (报名): enrol people or whole units (capacity, then a waitlist,
 * store/courses/enrolment.ts), and withdraw, where the first in the waitlist moves up. Every
 * change is confirmed to the person through the series' workflow (报名成功, 候补第 N 位, 递补,
 * 已退出).
 */
import type { Db } from '../../../store/db';
import {
  enrol as enrolInLine,
  peopleOf,
  seriesOf,
  type EnrolResult,
} from '../../../store/courses/enrolment';
import { courseEnrolmentSignal, type EnrolmentChange } from '../../../workflows/courses/signals';
import { NotFound } from '../../../common/errors';
import { courseHandle, type CourseContext } from './courseContext';
import { writeTransaction } from '../../../store/db';

export { peopleOf, type EnrolResult };

type Kind = EnrolmentChange['kind'];

/**
 * Tells the series' workflow who changed place, each with the enrolment's `seq` (and a waitlisted
 * person's place in line as it is now).
 */
export async function tellEnrolments(
  ctx: CourseContext,
  seriesId: string,
  people: Partial<Record<Kind, string[]>>,
): Promise<void> {
  const ids = Object.values(people).flat();
  if (!ids.length) return;
  const rows = await ctx.db.courseEnrolment.findMany({
    where: { seriesId, OR: [{ personId: { in: ids } }, { status: 'waitlisted' }] },
    orderBy: { seq: 'asc' },
    select: { personId: true, seq: true, status: true },
  });
  const line = rows.filter((r) => r.status === 'waitlisted').map((r) => r.personId);
  const seq = new Map(rows.map((r) => [r.personId, r.seq]));
  const changes = (Object.entries(people) as [Kind, string[]][]).flatMap(([kind, personIds]) =>
    personIds.map((personId): EnrolmentChange => {
      const position = line.indexOf(personId) + 1;
      return {
        personId,
        kind,
        seq: seq.get(personId)!,
        ...(kind === 'waitlisted' && position ? { position } : {}),
      };
    }),
  );
  await courseHandle(ctx, seriesId).signal(courseEnrolmentSignal, { changes });
}

/** Enrols people (and whole units); each is told: enrolled, or their place on the waitlist. */
export async function enrol(
  ctx: CourseContext,
  req: { seriesId: string; personIds?: string[]; unitIds?: string[]; enrolledBy: string },
): Promise<EnrolResult> {
  const r = await enrolInLine(ctx, req);
  await tellEnrolments(ctx, req.seriesId, { enrolled: r.enrolled, waitlisted: r.waitlisted });
  return r;
}

/**
 * Moves the first `places` of the waitlist up, in line order, inside the caller's transaction.
 * Answers who moved up.
 */
export async function promoteFromWaitlist(
  tx: Pick<Db, 'courseEnrolment'>,
  seriesId: string,
  places: number,
): Promise<string[]> {
  if (places <= 0) return [];
  const next = await tx.courseEnrolment.findMany({
    where: { seriesId, status: 'waitlisted' },
    orderBy: { seq: 'asc' },
    ...(Number.isFinite(places) ? { take: places } : {}),
  });
  await tx.courseEnrolment.updateMany({
    where: { seriesId, personId: { in: next.map((n) => n.personId) } },
    data: { status: 'enrolled' },
  });
  return next.map((n) => n.personId);
}

/** Withdraws a person; when a place frees, the first in the waitlist moves up and is told. */
export async function withdraw(
  ctx: CourseContext,
  req: { seriesId: string; personId: string },
): Promise<{ promoted: string[] }> {
  const s = await seriesOf(ctx.db, req.seriesId);
  const promoted = await writeTransaction(ctx.db, async (tx) => {
    const e = await tx.courseEnrolment.findUnique({
      where: { seriesId_personId: { seriesId: s.id, personId: req.personId } },
    });
    if (!e || e.status === 'withdrawn')
      throw new NotFound(
        `人员 ${req.personId} 未报名“${s.id}” / person ${req.personId} is not enrolled in "${s.id}"`,
      );
    await tx.courseEnrolment.update({
      where: { seriesId_personId: { seriesId: s.id, personId: req.personId } },
      data: { status: 'withdrawn' },
    });
    return e.status === 'enrolled' ? promoteFromWaitlist(tx, s.id, 1) : [];
  });
  await tellEnrolments(ctx, s.id, { withdrawn: [req.personId], promoted });
  return { promoted };
}
