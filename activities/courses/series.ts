/**
 * Course series facts for the course workflow: the schedule (ids and times only), who is
 * enrolled, and completions brought up to date from attendance (completed, or revoked after a
 * correction). Idempotent: the completion row and its credit (TrainingRecord
 * "course/<series>/<person>") are written once per change.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { parseJson, type Db, type Prisma } from '../../store/db';
import { certificateNumber, courseSourceKey } from '../../store/courses/completionKeys';
import {
  absenceStreak,
  completionOf,
  type AttendanceStatus,
  type SessionSchedule,
} from '../../workflows/rules/courseRules';

export interface CourseSchedule {
  status: string;
  reminderOffsets: string[];
  timeZone: string;
  coordinatorId: string;
  sessions: SessionSchedule[];
}

async function seriesOrFail(db: Db, seriesId: string) {
  const s = await db.courseSeries.findUnique({ where: { id: seriesId } });
  if (!s)
    throw ApplicationFailure.nonRetryable(
      `课程系列“${seriesId}”不存在 / course series "${seriesId}" does not exist`,
    );
  return s;
}

export async function courseSchedule(db: Db, seriesId: string): Promise<CourseSchedule> {
  const s = await seriesOrFail(db, seriesId);
  const sessions = await db.courseSession.findMany({
    where: { seriesId },
    orderBy: { startsAt: 'asc' },
    select: { sessionId: true, startsAt: true, endsAt: true, status: true, version: true },
  });
  return {
    status: s.status,
    reminderOffsets: parseJson<string[]>(s.reminderOffsets, `course ${seriesId} reminderOffsets`),
    timeZone: s.timeZone,
    coordinatorId: s.coordinatorId,
    sessions: sessions.map((x) => ({
      ...x,
      startsAt: x.startsAt.toISOString(),
      endsAt: x.endsAt.toISOString(),
    })),
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

export interface CompletionChange {
  personId: string;
  /** The credit's hours (tenths): earned on completion, withdrawn on revocation. */
  hoursTenths: number;
  sourceKey: string;
  /**
   * The person holds a certificate: their CE ledger (running, or awaiting its registration) is
   * told; it counts the credit in the registration period it falls in.
   */
  ledger: boolean;
  certificateNo: string | null;
}

export interface CourseEvaluation {
  /** Newly completed, or completed again after a revocation. */
  completed: CompletionChange[];
  /** Completions whose attendance no longer meets the criteria: revoked, credit withdrawn. */
  revoked?: CompletionChange[];
  /** People whose absence run just reached the series' threshold, with the session ending it. */
  absenceWarnings: { personId: string; sessionId: string; streak: number }[];
}

/**
 * Brings completions and credits of `personIds` in the series up to date with their attendance:
 * a person who now meets the criteria gets a completion record (with a certificate number) and a
 * credit; a completed person who no longer does has the completion revoked (kept, with
 * `revokedAt`) and the credit withdrawn. `at` (the workflow's time) stamps what this evaluation
 * writes, so a retry with the same `at` reports the same changes again and writes nothing twice.
 * Before the course ends (`beforeEnd`) nobody is newly completed: later sessions may still change
 * the attendance, and a certificate is dated when the course is over; revocations and absence
 * warnings do not wait.
 */
export async function evaluateCourse(
  db: Db,
  seriesId: string,
  personIds: string[],
  at?: string,
  beforeEnd = false,
): Promise<CourseEvaluation> {
  const series = await seriesOrFail(db, seriesId);
  const when = at ? new Date(at) : new Date();
  const stampedNow = (d: Date | null) => at !== undefined && d?.getTime() === when.getTime();
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
    db.courseCompletion.findMany({ where: { seriesId, personId: { in: ids } } }),
  ]);
  const byPerson = new Map<string, Record<string, AttendanceStatus>>();
  for (const r of rows) {
    const m = byPerson.get(r.personId) ?? {};
    m[r.sessionId] = r.status as AttendanceStatus;
    byPerson.set(r.personId, m);
  }
  const existing = new Map(done.map((d) => [d.personId, d]));
  const certified = new Set(
    (
      await db.certificate.findMany({
        // Any certificate, registered or not: a ledger that runs is told; one that does not
        // reads the records when it starts.
        where: { personId: { in: ids } },
        select: { personId: true },
      })
    ).map((c) => c.personId),
  );
  const result: CourseEvaluation = { completed: [], revoked: [], absenceWarnings: [] };
  const writes: { change: CompletionChange; kind: 'complete' | 'revoke'; reason?: string }[] = [];
  for (const personId of ids) {
    const attendance = byPerson.get(personId) ?? {};
    const c = completionOf(criteria, sessions, attendance);
    const row = existing.get(personId);
    const change = (hoursTenths: number, certificateNo: string | null): CompletionChange => ({
      personId,
      hoursTenths,
      sourceKey: courseSourceKey(seriesId, personId),
      ledger: certified.has(personId),
      certificateNo,
    });
    if (c.complete) {
      if (!row || row.revokedAt) {
        if (!beforeEnd) {
          const x = change(c.attendedTenths, certificateNumber(seriesId, personId, when));
          result.completed.push(x);
          writes.push({ change: x, kind: 'complete' });
        }
      } else if (stampedNow(row.completedAt))
        result.completed.push(change(row.hoursTenths, row.certificateNo));
    } else if (row && !row.revokedAt) {
      const x = change(row.hoursTenths, row.certificateNo);
      result.revoked!.push(x);
      const missing = c.missingRequired.length
        ? `; 缺必修场次 / required sessions missed: ${c.missingRequired.join(', ')}`
        : '';
      const reason = `出勤更正后 / after an attendance correction: ${c.attendedTenths / 10}/${criteria.minTenths / 10} 学时 / class hours${missing}`;
      writes.push({ change: x, kind: 'revoke', reason });
    } else if (row && stampedNow(row.revokedAt))
      result.revoked!.push(change(row.hoursTenths, row.certificateNo));
    const run = absenceStreak(sessions, attendance);
    if (series.absenceWarnAfter > 0 && run.streak === series.absenceWarnAfter)
      result.absenceWarnings.push({ personId, sessionId: run.lastSessionId!, streak: run.streak });
  }
  const CHUNK = 200;
  for (let i = 0; i < writes.length; i += CHUNK) {
    await db.$transaction(
      writes
        .slice(i, i + CHUNK)
        .flatMap(({ change: c, kind, reason }): Prisma.PrismaPromise<unknown>[] => {
          const key = { seriesId_personId: { seriesId, personId: c.personId } };
          if (kind === 'revoke')
            return [
              db.courseCompletion.update({
                where: key,
                data: { revokedAt: when, revokedReason: reason! },
              }),
              db.trainingRecord.deleteMany({ where: { sourceKey: c.sourceKey } }),
            ];
          const completion = {
            hoursTenths: c.hoursTenths,
            completedAt: when,
            certificateNo: c.certificateNo,
          };
          return [
            db.courseCompletion.upsert({
              where: key,
              create: { seriesId, personId: c.personId, ...completion },
              update: { ...completion, revokedAt: null, revokedReason: null },
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
                recordedAt: when,
              },
              update: {},
            }),
          ];
        }),
    );
  }
  return result;
}

export async function closeCourseSeries(db: Db, seriesId: string): Promise<void> {
  await db.courseSeries.update({ where: { id: seriesId }, data: { status: 'closed' } });
}

/** The course workflow's activities (workflows/courses/course.ts), over one database. */
export function courseActivities(db: Db) {
  return {
    courseSchedule: (input: { seriesId: string }) => courseSchedule(db, input.seriesId),
    courseEnrolled: (input: { seriesId: string }) => courseEnrolled(db, input.seriesId),
    evaluateCourse: (input: {
      seriesId: string;
      personIds: string[];
      at?: string;
      beforeEnd?: boolean;
    }) => evaluateCourse(db, input.seriesId, input.personIds, input.at, input.beforeEnd),
    closeCourseSeries: (input: { seriesId: string }) => closeCourseSeries(db, input.seriesId),
  };
}
