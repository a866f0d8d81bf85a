/**
 * Attendance of a series (考勤): a coordinator's marks, or a sign-in sheet imported
 * (store/courses/sheets.ts reads it). All marks or none; the workflow then brings completions up
 * to date.
 */
import { seriesOf } from '../../../store/courses/enrolment';
import {
  readSignInSheet,
  type AttendanceMark,
  type SheetFile,
} from '../../../store/courses/sheets';
import { courseAttendanceSignal } from '../../../workflows/courses/signals';
import { ATTENDANCE_STATUSES } from '../../../workflows/rules/courseRules';
import { backfillSource, checkNotEarly } from '../../../workflows/rules/factTiming';
import { InputError } from '../../../common/errors';
import { courseHandle, type CourseContext } from './courseContext';

export type { AttendanceMark };

/** Check-in may open before the start: people arrive early (a mark by hand may not). */
const CHECK_IN_EARLY_MS = 30 * 60_000;

/**
 * Records attendance marks all or nothing: every mark must name a session of the series that is
 * not cancelled and has started (unless an admin backfills), a person enrolled in it, and a known
 * status. A backfill is recorded with source "<source>-backfill" and the actor as recordedBy. The workflow then brings the
 * completions of the people marked up to date.
 */
export async function markAttendance(
  ctx: CourseContext,
  req: {
    seriesId: string;
    marks: AttendanceMark[];
    recordedBy: string;
    source?: string;
    /** An admin's backfill: marks before the session starts, recorded as "<source>-backfill". */
    backfill?: boolean;
  },
): Promise<{ recorded: number; people: number }> {
  const s = await seriesOf(ctx.db, req.seriesId);
  const now = ctx.now?.() ?? new Date();
  const source = req.source ?? 'coordinator';
  if (!req.marks.length) throw new InputError('没有考勤记录 / no attendance marks');
  const sessions = await ctx.db.courseSession.findMany({ where: { seriesId: s.id } });
  const enrolled = new Set(
    (
      await ctx.db.courseEnrolment.findMany({
        where: { seriesId: s.id, status: 'enrolled' },
        select: { personId: true },
      })
    ).map((e) => e.personId),
  );
  const seen = new Set<string>();
  for (const [i, m] of req.marks.entries()) {
    const where = m.where ?? { zh: `第 ${i + 1} 条`, en: `mark ${i + 1}` };
    const x = sessions.find((y) => y.sessionId === m.sessionId);
    if (!x)
      throw new InputError(
        `${where.zh}：课程“${s.id}”没有场次“${m.sessionId}” / ${where.en}: course "${s.id}" has no session "${m.sessionId}"`,
      );
    if (x.status === 'cancelled')
      throw new InputError(
        `${where.zh}：场次 ${m.sessionId} 已取消 / ${where.en}: session ${m.sessionId} is cancelled`,
      );
    if (!ATTENDANCE_STATUSES.includes(m.status))
      throw new InputError(
        `${where.zh}：考勤状态“${m.status}”须为 ${ATTENDANCE_STATUSES.join('、')} 之一 / ${where.en}: status "${m.status}" must be one of ${ATTENDANCE_STATUSES.join(', ')}`,
      );
    if (!enrolled.has(m.personId))
      throw new InputError(
        `${where.zh}：${m.personId} 未报名课程“${s.id}” / ${where.en}: person ${m.personId} is not enrolled in "${s.id}"`,
      );
    const key = `${m.sessionId}/${m.personId}`;
    if (seen.has(key))
      throw new InputError(
        `${where.zh}：${m.personId} 在场次 ${m.sessionId} 重复记录 / ${where.en}: person ${m.personId} is marked twice for ${m.sessionId}`,
      );
    seen.add(key);
  }
  // Timing last: a mark naming an unknown session or person says so first.
  for (const [i, m] of req.marks.entries()) {
    const where = m.where ?? { zh: `第 ${i + 1} 条`, en: `mark ${i + 1}` };
    const x = sessions.find((y) => y.sessionId === m.sessionId)!;
    checkNotEarly({
      fact: {
        zh: `${where.zh}：场次 ${m.sessionId} 的考勤`,
        en: `${where.en}: attendance of session ${m.sessionId}`,
      },
      about: { zh: '该场次开始', en: 'the session starts' },
      at: x.startsAt,
      earlyMs: source === 'checkin' ? CHECK_IN_EARLY_MS : 0,
      now,
      timeZone: ctx.timeZone,
      backfill: req.backfill,
    });
  }
  const bySession = new Map<string, string[]>();
  for (const m of req.marks)
    bySession.set(m.sessionId, [...(bySession.get(m.sessionId) ?? []), m.personId]);
  const CHUNK = 500;
  await ctx.db.$transaction(
    async (tx) => {
      for (const [sessionId, people] of bySession)
        for (let i = 0; i < people.length; i += CHUNK)
          await tx.courseAttendance.deleteMany({
            where: { seriesId: s.id, sessionId, personId: { in: people.slice(i, i + CHUNK) } },
          });
      for (let i = 0; i < req.marks.length; i += CHUNK)
        await tx.courseAttendance.createMany({
          data: req.marks.slice(i, i + CHUNK).map((m) => ({
            seriesId: s.id,
            sessionId: m.sessionId,
            personId: m.personId,
            status: m.status,
            source: backfillSource(source, req.backfill),
            recordedBy: req.recordedBy,
          })),
        });
    },
    { timeout: 60_000 },
  );
  const personIds = [...new Set(req.marks.map((m) => m.personId))];
  await courseHandle(ctx, s.id).signal(courseAttendanceSignal, { personIds });
  return { recorded: req.marks.length, people: personIds.length };
}

/**
 * Imports a sign-in sheet (CSV or XLSX): columns 人员编号/personId, 场次/sessionId (or given for
 * the whole sheet), 出勤情况/status. All rows or none; the error names the row.
 */
export async function importAttendance(
  ctx: CourseContext,
  req: {
    seriesId: string;
    file: SheetFile;
    sessionId?: string;
    recordedBy: string;
    backfill?: boolean;
  },
): Promise<{ recorded: number; people: number }> {
  const marks = await readSignInSheet(req.file, req.sessionId);
  return markAttendance(ctx, {
    seriesId: req.seriesId,
    marks,
    recordedBy: req.recordedBy,
    source: 'import',
    backfill: req.backfill,
  });
}
