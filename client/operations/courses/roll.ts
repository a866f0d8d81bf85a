/**
 * A course series' roll (花名册) for the console's attendance marking: who is enrolled or
 * waitlisted, in order, with their unit, and every attendance mark recorded so far. A unit
 * coordinator's roll holds only their units' people and marks.
 */
import { seriesOf } from '../../../store/courses/enrolment';
import { personIdInScope, type Scope } from '../../../store/auth/scope';
import type { CourseContext } from './courseContext';

export interface CourseRoll {
  people: { personId: string; name: string; unitId: string; status: string; seq: number }[];
  marks: {
    sessionId: string;
    personId: string;
    status: string;
    source: string;
    recordedBy: string;
  }[];
}

export async function courseRoll(
  ctx: Pick<CourseContext, 'db'>,
  seriesId: string,
  scope: Scope = null,
): Promise<CourseRoll> {
  await seriesOf(ctx.db, seriesId);
  const people = await personIdInScope(ctx.db, scope);
  const [enrolments, marks] = await Promise.all([
    ctx.db.courseEnrolment.findMany({
      where: { seriesId, ...people },
      orderBy: [{ status: 'asc' }, { seq: 'asc' }],
    }),
    ctx.db.courseAttendance.findMany({ where: { seriesId, ...people } }),
  ]);
  const named = await ctx.db.person.findMany({
    where: { id: { in: enrolments.map((e) => e.personId) } },
    select: { id: true, name: true, unitId: true },
  });
  const byId = new Map(named.map((p) => [p.id, p]));
  return {
    people: enrolments.map((e) => ({
      personId: e.personId,
      name: byId.get(e.personId)?.name ?? '',
      unitId: byId.get(e.personId)?.unitId ?? '',
      status: e.status,
      seq: e.seq,
    })),
    marks: marks.map((m) => ({
      sessionId: m.sessionId,
      personId: m.personId,
      status: m.status,
      source: m.source,
      recordedBy: m.recordedBy,
    })),
  };
}
