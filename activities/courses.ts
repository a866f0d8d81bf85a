/**
 * Course series facts for the course workflow: the schedule (ids and times only), who is
 * enrolled, and completions brought up to date from attendance. Completion is idempotent: the
 * completion row and its credit (TrainingRecord "course/<series>/<person>") are written once.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { parseJson, type Db } from './db';
import {
  absenceStreak,
  completionOf,
  type AttendanceStatus,
  type SessionSchedule,
} from '../workflows/rules/courseRules';

export interface CourseSchedule {
  status: string;
  reminderOffsets: string[];
  timeZone: string;
  coordinatorId: string;
  sessions: SessionSchedule[];
}

async function seriesOrFail(db: Db, seriesId: string) {
  const s = await db.courseSeries.findUnique({ where: { id: seriesId } });
  if (!s) throw ApplicationFailure.nonRetryable(`course series "${seriesId}" does not exist`);
  return s;
}

export async function courseSchedule(db: Db, seriesId: string): Promise<CourseSchedule> {
  const s = await seriesOrFail(db, seriesId);
  const sessions = await db.courseSession.findMany({
    where: { seriesId },
    orderBy: { startsAt: 'asc' },
    select: { sessionId: true, startsAt: true, status: true, version: true },
  });
  return {
    status: s.status,
    reminderOffsets: parseJson<string[]>(s.reminderOffsets, `course ${seriesId} reminderOffsets`),
    timeZone: s.timeZone,
    coordinatorId: s.coordinatorId,
    sessions: sessions.map((x) => ({ ...x, startsAt: x.startsAt.toISOString() })),
  };
}

export async function courseEnrolled(db: Db, seriesId: string): Promise<string[]> {
  const rows = await db.courseEnrolment.findMany({
    where: { seriesId, status: 'enrolled' },
    orderBy: { seq: 'asc' },
    select: { personId: true },
  });
  return rows.map((r) => r.personId);
}

export const courseSourceKey = (seriesId: string, personId: string) =>
  `course/${seriesId}/${personId}`;

export interface CourseEvaluation {
  /** Newly completed (a retry finds them already written and reports them again). */
  completed: { personId: string; hoursTenths: number; sourceKey: string; ledger: boolean }[];
  /** People whose absence run just reached the series' threshold, with the session ending it. */
  absenceWarnings: { personId: string; sessionId: string; streak: number }[];
}

/** Brings completions and credits of `personIds` in the series up to date with their attendance. */
export async function evaluateCourse(
  db: Db,
  seriesId: string,
  personIds: string[],
): Promise<CourseEvaluation> {
  const series = await seriesOrFail(db, seriesId);
  const criteria = {
    minTenths: series.minTenths,
    requiredSessions: parseJson<string[]>(series.requiredSessions, `course ${seriesId} sessions`),
  };
  const sessions = await db.courseSession.findMany({ where: { seriesId } });
  const ids = [...new Set(personIds)];
  const [rows, done] = await Promise.all([
    db.courseAttendance.findMany({
      where: { seriesId, personId: { in: ids } },
      select: { personId: true, sessionId: true, status: true },
    }),
    db.courseCompletion.findMany({
      where: { seriesId, personId: { in: ids } },
      select: { personId: true },
    }),
  ]);
  const byPerson = new Map<string, Record<string, AttendanceStatus>>();
  for (const r of rows) {
    const m = byPerson.get(r.personId) ?? {};
    m[r.sessionId] = r.status as AttendanceStatus;
    byPerson.set(r.personId, m);
  }
  const already = new Set(done.map((d) => d.personId));
  const certified = new Set(
    (
      await db.certificate.findMany({
        where: { personId: { in: ids }, registeredOn: { not: null } },
        select: { personId: true },
      })
    ).map((c) => c.personId),
  );
  const result: CourseEvaluation = { completed: [], absenceWarnings: [] };
  for (const personId of ids) {
    const attendance = byPerson.get(personId) ?? {};
    const c = completionOf(criteria, sessions, attendance);
    if (c.complete && !already.has(personId))
      result.completed.push({
        personId,
        hoursTenths: c.attendedTenths,
        sourceKey: courseSourceKey(seriesId, personId),
        ledger: certified.has(personId),
      });
    const run = absenceStreak(sessions, attendance);
    if (series.absenceWarnAfter > 0 && run.streak === series.absenceWarnAfter)
      result.absenceWarnings.push({ personId, sessionId: run.lastSessionId!, streak: run.streak });
  }
  const CHUNK = 200;
  for (let i = 0; i < result.completed.length; i += CHUNK) {
    const part = result.completed.slice(i, i + CHUNK);
    await db.$transaction(
      part.flatMap((c) => [
        db.courseCompletion.upsert({
          where: { seriesId_personId: { seriesId, personId: c.personId } },
          create: { seriesId, personId: c.personId, hoursTenths: c.hoursTenths },
          update: {},
        }),
        db.trainingRecord.upsert({
          where: { sourceKey: c.sourceKey },
          create: {
            sourceKey: c.sourceKey,
            personId: c.personId,
            hoursTenths: c.hoursTenths,
            source: 'course',
            evidence: `课程 / course ${series.title}`,
            recordedBy: `course/${seriesId}`,
          },
          update: {},
        }),
      ]),
    );
  }
  return result;
}

export async function closeCourseSeries(db: Db, seriesId: string): Promise<void> {
  await db.courseSeries.update({ where: { id: seriesId }, data: { status: 'closed' } });
}
