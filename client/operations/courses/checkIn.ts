/**
 * Check-in (签到) for a session: the coordinator opens it with a 6-digit code; a participant who
 * gives the code in time is marked present, or late after the start.
 */
import { randomInt } from 'node:crypto';
import type { AttendanceStatus } from '../../../workflows/rules/courseRules';
import { Conflict, Forbidden, InputError } from '../../../common/errors';
import { markAttendance } from './attendance';
import { type CourseContext } from './courseContext';
import { sessionOf } from './sessions';
import { recordAudit, type AuditEntry } from '../../../store/audit';

/**
 * Who checked in, for the audit row: the signed-in account that typed the code, or — on the
 * participants' public page, where nobody signs in — the participant's id as given with the code
 * (`checkin:<personId>`), which the code proves.
 */
export interface CheckInAudit {
  actor: AuditEntry['actor'];
  ip?: string;
}

/** The actor of a check-in made on the public page, without an account. */
export const participantCheckIn = (personId: string): AuditEntry['actor'] => ({
  userId: null,
  username: `checkin:${personId}`,
});

/** Opens check-in for a session: a 6-digit code valid for `minutes` (default 30). */
export async function openCheckIn(
  ctx: CourseContext,
  req: { seriesId: string; sessionId: string; minutes?: number },
): Promise<{ code: string; until: string }> {
  const x = await sessionOf(ctx.db, req.seriesId, req.sessionId);
  if (x.status === 'cancelled')
    throw new Conflict(`场次 ${x.sessionId} 已取消 / session ${x.sessionId} is cancelled`);
  const minutes = req.minutes ?? 30;
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 24 * 60)
    throw new InputError(
      `签到时长 ${minutes} 分钟须在 1 到 1440 之间 / minutes ${minutes} must be between 1 and 1440`,
    );
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const until = new Date((ctx.now?.() ?? new Date()).getTime() + minutes * 60_000);
  await ctx.db.courseSession.update({
    where: { seriesId_sessionId: { seriesId: x.seriesId, sessionId: x.sessionId } },
    data: { checkInCode: code, checkInUntil: until },
  });
  return { code, until: until.toISOString() };
}

/**
 * A participant checks in with the session's code: present, or late after the start (+10 min).
 * With `audit`, the check-in is one audit row naming the series, session and person (the code
 * itself is not kept).
 */
export async function checkIn(
  ctx: CourseContext,
  req: { seriesId: string; sessionId: string; personId: string; code: string },
  audit?: CheckInAudit,
): Promise<{ status: AttendanceStatus }> {
  const x = await sessionOf(ctx.db, req.seriesId, req.sessionId);
  const now = ctx.now?.() ?? new Date();
  if (!x.checkInCode || !x.checkInUntil)
    throw new Conflict(
      `场次 ${x.sessionId} 未开放签到 / check-in for session ${x.sessionId} is not open`,
    );
  if (req.code !== x.checkInCode)
    throw new Forbidden(
      `场次 ${x.sessionId} 的签到码不正确 / wrong check-in code for session ${x.sessionId}`,
    );
  if (now > x.checkInUntil)
    throw new Forbidden(
      `场次 ${x.sessionId} 的签到码已过期 / the check-in code of session ${x.sessionId} has expired`,
    );
  const status: AttendanceStatus =
    now.getTime() > x.startsAt.getTime() + 10 * 60_000 ? 'late' : 'present';
  await markAttendance(ctx, {
    seriesId: req.seriesId,
    marks: [{ sessionId: x.sessionId, personId: req.personId, status }],
    recordedBy: req.personId,
    source: 'checkin',
  });
  if (audit)
    await recordAudit(ctx.db, {
      actor: audit.actor,
      action: 'course.checkin',
      targets: [x.seriesId, x.sessionId, req.personId],
      after: { status },
      ...(audit.ip ? { ip: audit.ip } : {}),
    });
  return { status };
}
