/**
 * Changing a session of a series (场次): reschedule it (time, place or link) or cancel it. The
 * workflow tells the enrolled and re-times its reminders.
 */
import type { Db } from '../../../store/db';
import { seriesOf } from '../../../store/courses/enrolment';
import {
  courseAttendanceSignal,
  courseScheduleSignal,
  type SessionChange,
} from '../../../workflows/courses/signals';
import { overlapping } from '../../../workflows/rules/courseRules';
import { Conflict, InputError, NotFound } from '../../../common/errors';
import { courseHandle, type CourseContext } from './courseContext';
import { checkSession } from './sessionInput';

/** A session of a series, or NotFound. */
export async function sessionOf(db: Db, seriesId: string, sessionId: string) {
  const x = await db.courseSession.findUnique({
    where: { seriesId_sessionId: { seriesId, sessionId } },
  });
  if (!x)
    throw new NotFound(
      `课程“${seriesId}”没有场次“${sessionId}” / course "${seriesId}" has no session "${sessionId}"`,
    );
  return x;
}

/** Moves a session (time, place or link); the enrolled are told, reminders re-timed. */
export async function rescheduleSession(
  ctx: CourseContext,
  req: {
    seriesId: string;
    sessionId: string;
    startsAt: string;
    endsAt: string;
    place?: string;
    link?: string;
  },
): Promise<SessionChange> {
  const s = await seriesOf(ctx.db, req.seriesId);
  const x = await sessionOf(ctx.db, s.id, req.sessionId);
  if (x.status === 'cancelled')
    throw new Conflict(`场次 ${x.sessionId} 已取消 / session ${x.sessionId} is cancelled`);
  const moved = checkSession(
    {
      ...x,
      mode: x.mode as 'online' | 'offline',
      hours: x.hoursTenths / 10,
      place: req.place ?? x.place ?? undefined,
      link: req.link ?? x.link ?? undefined,
      startsAt: req.startsAt,
      endsAt: req.endsAt,
    },
    ctx.timeZone,
  );
  const others = await ctx.db.courseSession.findMany({
    where: { seriesId: s.id, status: 'scheduled', NOT: { sessionId: x.sessionId } },
  });
  const clash = others.find((o) => overlapping(o, moved));
  if (clash)
    throw new InputError(
      `场次 ${x.sessionId} 将与 ${clash.sessionId} 时间重叠 / session ${x.sessionId} would overlap ${clash.sessionId}`,
    );
  const updated = await ctx.db.courseSession.update({
    where: { seriesId_sessionId: { seriesId: s.id, sessionId: x.sessionId } },
    data: {
      startsAt: moved.startsAt,
      endsAt: moved.endsAt,
      place: moved.place,
      link: moved.link,
      version: { increment: 1 },
    },
  });
  const change: SessionChange = {
    sessionId: x.sessionId,
    kind: 'rescheduled',
    version: updated.version,
  };
  await courseHandle(ctx, s.id).signal(courseScheduleSignal, { change });
  return change;
}

export async function cancelSession(
  ctx: CourseContext,
  req: { seriesId: string; sessionId: string },
): Promise<SessionChange> {
  const s = await seriesOf(ctx.db, req.seriesId);
  const x = await sessionOf(ctx.db, s.id, req.sessionId);
  if (x.status === 'cancelled')
    throw new Conflict(
      `场次 ${x.sessionId} 已取消过 / session ${x.sessionId} is already cancelled`,
    );
  const updated = await ctx.db.courseSession.update({
    where: { seriesId_sessionId: { seriesId: s.id, sessionId: x.sessionId } },
    data: { status: 'cancelled', version: { increment: 1 } },
  });
  const change: SessionChange = {
    sessionId: x.sessionId,
    kind: 'cancelled',
    version: updated.version,
  };
  await courseHandle(ctx, s.id).signal(courseScheduleSignal, { change });
  // A cancelled session earns nothing and is required of nobody: completions are re-checked for
  // everyone with a mark in the series.
  const marked = await ctx.db.courseAttendance.findMany({
    where: { seriesId: s.id },
    distinct: ['personId'],
    select: { personId: true },
  });
  if (marked.length)
    await courseHandle(ctx, s.id).signal(courseAttendanceSignal, {
      personIds: marked.map((m) => m.personId),
    });
  return change;
}
