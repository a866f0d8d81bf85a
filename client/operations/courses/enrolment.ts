/**
 * Enrolment in a course series (报名): enrol people or whole units (capacity, then a waitlist,
 * store/courses/enrolment.ts), and withdraw, where the first in the waitlist moves up.
 */
import { enrol, peopleOf, seriesOf, type EnrolResult } from '../../../store/courses/enrolment';
import { coursePromotedSignal } from '../../../workflows/courses/signals';
import { NotFound } from '../../../common/errors';
import { courseHandle, type CourseContext } from './courseContext';

export { enrol, peopleOf, type EnrolResult };

/** Withdraws a person; when a place frees, the first in the waitlist moves up and is told. */
export async function withdraw(
  ctx: CourseContext,
  req: { seriesId: string; personId: string },
): Promise<{ promoted: string[] }> {
  const s = await seriesOf(ctx.db, req.seriesId);
  const promoted = await ctx.db.$transaction(async (tx) => {
    const e = await tx.courseEnrolment.findUnique({
      where: { seriesId_personId: { seriesId: s.id, personId: req.personId } },
    });
    if (!e || e.status === 'withdrawn')
      throw new NotFound(`person ${req.personId} is not enrolled in "${s.id}"`);
    await tx.courseEnrolment.update({
      where: { seriesId_personId: { seriesId: s.id, personId: req.personId } },
      data: { status: 'withdrawn' },
    });
    if (e.status !== 'enrolled') return [];
    const next = await tx.courseEnrolment.findFirst({
      where: { seriesId: s.id, status: 'waitlisted' },
      orderBy: { seq: 'asc' },
    });
    if (!next) return [];
    await tx.courseEnrolment.update({
      where: { seriesId_personId: { seriesId: s.id, personId: next.personId } },
      data: { status: 'enrolled' },
    });
    return [next.personId];
  });
  if (promoted.length)
    await courseHandle(ctx, s.id).signal(coursePromotedSignal, { personIds: promoted });
  return { promoted };
}
