/**
 * Course series operations (课程系列) for coordinators and participants, shared by the CLI and
 * the HTTP API: create a series with its sessions, enrol people or whole units (capacity, then a
 * waitlist), withdraw (the waitlist moves up), reschedule or cancel a session, record attendance
 * (coordinator marking, check-in code, sign-in sheet import). Every input is checked before
 * anything is written; the series workflow is then told.
 */
import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Db } from '../../../store/db';
import {
  attendanceFigures,
  attendanceTable,
  ceCompliance,
  ceComplianceTable,
  type AttendanceFigure,
  type CeCounts,
} from '../../../store/courses/reports';
import {
  readSheet,
  RosterFileError,
  type Cell,
  type SheetFormat,
} from '../../../store/registry/roster/read';
import { writeTable } from '../../../store/registry/table';
import {
  certificateFacts,
  CertificateFontMissing,
  renderCertificate,
  type CertificateFont,
} from '../../../store/courses/certificate';
import { RegistryError, subtree } from '../../../store/registry/subtree';
import {
  course,
  courseAttendanceSignal,
  courseCloseSignal,
  coursePromotedSignal,
  courseScheduleSignal,
  courseStateQuery,
  courseWorkflowId,
  type SessionChange,
} from '../../../workflows/courses/course';
import {
  ATTENDANCE_STATUSES,
  DEFAULT_SESSION_REMINDERS,
  overlapping,
  type AttendanceStatus,
} from '../../../workflows/rules/courseRules';
import { parseOffset } from '../../../workflows/rules/reminders';
import { type AnnouncementContext } from '../announcements/announcements';
import { enrol, peopleOf, seriesOf, type EnrolResult } from '../../../store/courses/enrolment';
export { enrol, peopleOf, type EnrolResult };
import {
  InputError,
  NotFound,
  Conflict,
  Forbidden,
  Gone,
  Unavailable,
} from '../../../common/errors';
import { BUSINESS_ID } from '../../../workflows/rules/ids';
import { CONTENT_TYPES } from '../../../store/registry/table';

/** The course operations need what the announcement operations need. */
export type CourseContext = AnnouncementContext;

export interface SessionInput {
  sessionId: string;
  title: string;
  mode: 'online' | 'offline';
  /** ISO 8601 instants. */
  startsAt: string;
  endsAt: string;
  place?: string;
  link?: string;
  /** Class hours, e.g. 1.5 (kept in tenths). */
  hours: number;
  teacher: string;
}

export interface CreateSeriesRequest {
  id: string;
  title: string;
  coordinatorId: string;
  capacity?: number;
  reminderOffsets?: string[];
  /** Completion threshold in class hours. */
  minHours: number;
  requiredSessions?: string[];
  absenceWarnAfter?: number;
  sessions: SessionInput[];
  createdBy: string;
}

const ID = BUSINESS_ID;
const MAX_SESSION_HOURS = 12;

function tenths(hours: number, what: string): number {
  if (!Number.isFinite(hours) || hours < 0 || hours > 1000)
    throw new InputError(`${what}: hours ${hours} must be between 0 and 1000`);
  const t = Math.round(hours * 10);
  if (Math.abs(t - hours * 10) > 1e-6)
    throw new InputError(`${what}: hours ${hours} must have at most one decimal`);
  return t;
}

interface CheckedSession {
  sessionId: string;
  title: string;
  mode: string;
  startsAt: Date;
  endsAt: Date;
  place: string | null;
  link: string | null;
  hoursTenths: number;
  teacher: string;
}

function checkSession(s: SessionInput): CheckedSession {
  const what = `session ${s.sessionId}`;
  if (!ID.test(s.sessionId ?? ''))
    throw new InputError(`session id "${s.sessionId}" must be 1-100 letters, digits, . _ -`);
  if (!s.title?.trim()) throw new InputError(`${what}: title is empty`);
  if (s.mode !== 'online' && s.mode !== 'offline')
    throw new InputError(`${what}: mode must be online or offline`);
  const startsAt = new Date(s.startsAt);
  const endsAt = new Date(s.endsAt);
  if (Number.isNaN(startsAt.getTime())) throw new InputError(`${what}: startsAt is not a time`);
  if (Number.isNaN(endsAt.getTime())) throw new InputError(`${what}: endsAt is not a time`);
  if (endsAt <= startsAt) throw new InputError(`${what}: ends before it starts`);
  if (s.mode === 'offline' && !s.place?.trim())
    throw new InputError(`${what}: offline needs a place`);
  if (s.mode === 'online' && !s.link?.trim()) throw new InputError(`${what}: online needs a link`);
  if (!s.teacher?.trim()) throw new InputError(`${what}: teacher is empty`);
  const hoursTenths = tenths(s.hours, what);
  if (hoursTenths === 0 || hoursTenths > MAX_SESSION_HOURS * 10)
    throw new InputError(`${what}: class hours ${s.hours} must be above 0 and at most 12`);
  const spanTenths = (endsAt.getTime() - startsAt.getTime()) / 360_000;
  if (hoursTenths > spanTenths + 1e-9)
    throw new InputError(`${what}: ${s.hours} class hours do not fit between start and end`);
  return {
    sessionId: s.sessionId,
    title: s.title.trim(),
    mode: s.mode,
    startsAt,
    endsAt,
    place: s.place?.trim() || null,
    link: s.link?.trim() || null,
    hoursTenths,
    teacher: s.teacher.trim(),
  };
}

function noOverlap(sessions: CheckedSession[]): void {
  const sorted = [...sessions].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  for (let i = 1; i < sorted.length; i++)
    if (overlapping(sorted[i - 1]!, sorted[i]!))
      throw new InputError(
        `sessions ${sorted[i - 1]!.sessionId} and ${sorted[i]!.sessionId} overlap`,
      );
}

async function person(db: Db, id: string, what = 'person') {
  const p = await db.person.findUnique({ where: { id } });
  if (!p) throw new NotFound(`unknown ${what} id: ${id}`);
  return p;
}

const handle = (ctx: CourseContext, seriesId: string) =>
  ctx.temporal.workflow.getHandle(courseWorkflowId(seriesId));

export async function createSeries(
  ctx: CourseContext,
  req: CreateSeriesRequest,
): Promise<{ id: string; workflowId: string; sessions: number }> {
  if (!ID.test(req.id ?? ''))
    throw new InputError(`id "${req.id}" must be 1-100 letters, digits, dot, dash or underscore`);
  if (!req.title?.trim()) throw new InputError('title is empty');
  await person(ctx.db, req.coordinatorId, 'coordinator person');
  if (req.capacity !== undefined && (!Number.isInteger(req.capacity) || req.capacity < 1))
    throw new InputError(`capacity ${req.capacity} must be a whole number ≥ 1`);
  const offsets = req.reminderOffsets ?? DEFAULT_SESSION_REMINDERS;
  for (const o of offsets) {
    try {
      parseOffset(o);
    } catch (e) {
      throw new InputError((e as Error).message);
    }
  }
  const absenceWarnAfter = req.absenceWarnAfter ?? 3;
  if (!Number.isInteger(absenceWarnAfter) || absenceWarnAfter < 0)
    throw new InputError(`absenceWarnAfter ${absenceWarnAfter} must be a whole number ≥ 0`);
  const sessions = req.sessions.map(checkSession);
  const ids = new Set<string>();
  for (const s of sessions) {
    if (ids.has(s.sessionId)) throw new InputError(`session id ${s.sessionId} appears twice`);
    ids.add(s.sessionId);
  }
  noOverlap(sessions);
  const required = req.requiredSessions ?? [];
  for (const r of required)
    if (!ids.has(r)) throw new InputError(`required session ${r} is not a session of the series`);
  const minTenths = tenths(req.minHours, 'minHours');
  if (minTenths === 0 && !required.length)
    throw new InputError('minHours must be above 0 (or name required sessions)');
  const totalTenths = sessions.reduce((n, s) => n + s.hoursTenths, 0);
  if (minTenths > totalTenths)
    throw new InputError(
      `minHours ${req.minHours} is more than the ${totalTenths / 10} class hours of all sessions`,
    );
  if (await ctx.db.courseSeries.findUnique({ where: { id: req.id } }))
    throw new Conflict(`course series "${req.id}" already exists`);

  const workflowId = courseWorkflowId(req.id);
  await ctx.db.courseSeries.create({
    data: {
      id: req.id,
      title: req.title.trim(),
      coordinatorId: req.coordinatorId,
      capacity: req.capacity ?? null,
      reminderOffsets: JSON.stringify(offsets),
      minTenths,
      requiredSessions: JSON.stringify(required),
      absenceWarnAfter,
      timeZone: ctx.timeZone,
      status: 'running',
      workflowId,
      createdBy: req.createdBy,
      sessions: { create: sessions },
    },
  });
  try {
    await ctx.temporal.workflow.start(course, {
      taskQueue: ctx.taskQueue,
      workflowId,
      args: [{ seriesId: req.id, quietHours: ctx.quietHours }],
    });
  } catch (e) {
    await ctx.db.courseSeries.delete({ where: { id: req.id } });
    throw e;
  }
  return { id: req.id, workflowId, sessions: sessions.length };
}

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
    await handle(ctx, s.id).signal(coursePromotedSignal, { personIds: promoted });
  return { promoted };
}

async function sessionOf(db: Db, seriesId: string, sessionId: string) {
  const x = await db.courseSession.findUnique({
    where: { seriesId_sessionId: { seriesId, sessionId } },
  });
  if (!x) throw new NotFound(`course "${seriesId}" has no session "${sessionId}"`);
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
  if (x.status === 'cancelled') throw new Conflict(`session ${x.sessionId} is cancelled`);
  const moved = checkSession({
    ...x,
    mode: x.mode as 'online' | 'offline',
    hours: x.hoursTenths / 10,
    place: req.place ?? x.place ?? undefined,
    link: req.link ?? x.link ?? undefined,
    startsAt: req.startsAt,
    endsAt: req.endsAt,
  });
  const others = await ctx.db.courseSession.findMany({
    where: { seriesId: s.id, status: 'scheduled', NOT: { sessionId: x.sessionId } },
  });
  const clash = others.find((o) => overlapping(o, moved));
  if (clash) throw new InputError(`session ${x.sessionId} would overlap ${clash.sessionId}`);
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
  await handle(ctx, s.id).signal(courseScheduleSignal, { change });
  return change;
}

export async function cancelSession(
  ctx: CourseContext,
  req: { seriesId: string; sessionId: string },
): Promise<SessionChange> {
  const s = await seriesOf(ctx.db, req.seriesId);
  const x = await sessionOf(ctx.db, s.id, req.sessionId);
  if (x.status === 'cancelled') throw new Conflict(`session ${x.sessionId} is already cancelled`);
  const updated = await ctx.db.courseSession.update({
    where: { seriesId_sessionId: { seriesId: s.id, sessionId: x.sessionId } },
    data: { status: 'cancelled', version: { increment: 1 } },
  });
  const change: SessionChange = {
    sessionId: x.sessionId,
    kind: 'cancelled',
    version: updated.version,
  };
  await handle(ctx, s.id).signal(courseScheduleSignal, { change });
  // A cancelled session earns nothing and is required of nobody: completions are re-checked for
  // everyone with a mark in the series.
  const marked = await ctx.db.courseAttendance.findMany({
    where: { seriesId: s.id },
    distinct: ['personId'],
    select: { personId: true },
  });
  if (marked.length)
    await handle(ctx, s.id).signal(courseAttendanceSignal, {
      personIds: marked.map((m) => m.personId),
    });
  return change;
}

export interface AttendanceMark {
  sessionId: string;
  personId: string;
  status: AttendanceStatus;
  /** Where the mark came from, for errors: "row 7". */
  where?: string;
}

/**
 * Records attendance marks all or nothing: every mark must name a session of the series that is
 * not cancelled, a person enrolled in it, and a known status. The workflow then brings the
 * completions of the people marked up to date.
 */
export async function markAttendance(
  ctx: CourseContext,
  req: { seriesId: string; marks: AttendanceMark[]; recordedBy: string; source?: string },
): Promise<{ recorded: number; people: number }> {
  const s = await seriesOf(ctx.db, req.seriesId);
  if (!req.marks.length) throw new InputError('no attendance marks');
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
    const where = m.where ?? `mark ${i + 1}`;
    const x = sessions.find((y) => y.sessionId === m.sessionId);
    if (!x) throw new InputError(`${where}: course "${s.id}" has no session "${m.sessionId}"`);
    if (x.status === 'cancelled')
      throw new InputError(`${where}: session ${m.sessionId} is cancelled`);
    if (!ATTENDANCE_STATUSES.includes(m.status))
      throw new InputError(
        `${where}: status "${m.status}" must be one of ${ATTENDANCE_STATUSES.join(', ')}`,
      );
    if (!enrolled.has(m.personId))
      throw new InputError(`${where}: person ${m.personId} is not enrolled in "${s.id}"`);
    const key = `${m.sessionId}/${m.personId}`;
    if (seen.has(key))
      throw new InputError(`${where}: person ${m.personId} is marked twice for ${m.sessionId}`);
    seen.add(key);
  }
  const source = req.source ?? 'coordinator';
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
            source,
            recordedBy: req.recordedBy,
          })),
        });
    },
    { timeout: 60_000 },
  );
  const personIds = [...new Set(req.marks.map((m) => m.personId))];
  await handle(ctx, s.id).signal(courseAttendanceSignal, { personIds });
  return { recorded: req.marks.length, people: personIds.length };
}

/** Opens check-in for a session: a 6-digit code valid for `minutes` (default 30). */
export async function openCheckIn(
  ctx: CourseContext,
  req: { seriesId: string; sessionId: string; minutes?: number },
): Promise<{ code: string; until: string }> {
  const x = await sessionOf(ctx.db, req.seriesId, req.sessionId);
  if (x.status === 'cancelled') throw new Conflict(`session ${x.sessionId} is cancelled`);
  const minutes = req.minutes ?? 30;
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 24 * 60)
    throw new InputError(`minutes ${minutes} must be between 1 and 1440`);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const until = new Date((ctx.now?.() ?? new Date()).getTime() + minutes * 60_000);
  await ctx.db.courseSession.update({
    where: { seriesId_sessionId: { seriesId: x.seriesId, sessionId: x.sessionId } },
    data: { checkInCode: code, checkInUntil: until },
  });
  return { code, until: until.toISOString() };
}

/** A participant checks in with the session's code: present, or late after the start (+10 min). */
export async function checkIn(
  ctx: CourseContext,
  req: { seriesId: string; sessionId: string; personId: string; code: string },
): Promise<{ status: AttendanceStatus }> {
  const x = await sessionOf(ctx.db, req.seriesId, req.sessionId);
  const now = ctx.now?.() ?? new Date();
  if (!x.checkInCode || !x.checkInUntil)
    throw new Conflict(`check-in for session ${x.sessionId} is not open`);
  if (req.code !== x.checkInCode)
    throw new Forbidden(`wrong check-in code for session ${x.sessionId}`);
  if (now > x.checkInUntil)
    throw new Forbidden(`the check-in code of session ${x.sessionId} has expired`);
  const status: AttendanceStatus =
    now.getTime() > x.startsAt.getTime() + 10 * 60_000 ? 'late' : 'present';
  await markAttendance(ctx, {
    seriesId: req.seriesId,
    marks: [{ sessionId: x.sessionId, personId: req.personId, status }],
    recordedBy: req.personId,
    source: 'checkin',
  });
  return { status };
}

const STATUS_WORDS: Record<string, AttendanceStatus> = {
  present: 'present',
  出勤: 'present',
  到: 'present',
  签到: 'present',
  已签到: 'present',
  late: 'late',
  迟到: 'late',
  excused: 'excused',
  请假: 'excused',
  absent: 'absent',
  缺勤: 'absent',
  缺席: 'absent',
  未到: 'absent',
};
const HEADERS: Record<string, 'personId' | 'sessionId' | 'status'> = {
  personid: 'personId',
  人员编号: 'personId',
  编号: 'personId',
  sessionid: 'sessionId',
  场次: 'sessionId',
  课次: 'sessionId',
  课程场次: 'sessionId',
  status: 'status',
  出勤情况: 'status',
  签到情况: 'status',
  状态: 'status',
  考勤: 'status',
};

const text = (c: Cell | undefined) => (c === null || c === undefined ? '' : String(c).trim());

/**
 * Imports a sign-in sheet (CSV or XLSX): columns 人员编号/personId, 场次/sessionId (or given for
 * the whole sheet), 出勤情况/status. All rows or none; the error names the row.
 */
export async function importAttendance(
  ctx: CourseContext,
  req: {
    seriesId: string;
    file: string | { name: string; bytes: Uint8Array };
    sessionId?: string;
    recordedBy: string;
  },
): Promise<{ recorded: number; people: number }> {
  let name: string;
  let bytes: Uint8Array;
  if (typeof req.file === 'string') {
    name = basename(req.file);
    bytes = await readFile(req.file).catch((e: NodeJS.ErrnoException) => {
      throw new InputError(`cannot read ${req.file as string}: ${e.code ?? e.message}`);
    });
  } else ({ name, bytes } = req.file);
  let rows: Cell[][];
  try {
    rows = (await readSheet(bytes, { name })).rows;
  } catch (e) {
    if (e instanceof RosterFileError) throw new InputError(e.message);
    throw e;
  }
  const header = rows[0]!.map(
    (c) => HEADERS[text(c).replace(/\s/g, '').toLowerCase()] ?? HEADERS[text(c)],
  );
  const col = (f: 'personId' | 'sessionId' | 'status') => header.indexOf(f);
  if (col('personId') < 0) throw new InputError(`${name}: no 人员编号 / personId column`);
  if (col('status') < 0) throw new InputError(`${name}: no 出勤情况 / status column`);
  if (col('sessionId') < 0 && !req.sessionId)
    throw new InputError(`${name}: no 场次 / sessionId column; give the session`);
  const marks: AttendanceMark[] = [];
  rows.slice(1).forEach((r, i) => {
    const row = i + 2;
    if (r.every((c) => text(c) === '')) return;
    const word = text(r[col('status')]);
    const status = STATUS_WORDS[word.toLowerCase()] ?? STATUS_WORDS[word];
    if (!status) throw new InputError(`${name} row ${row}: status "${word}" is not known`);
    marks.push({
      personId: text(r[col('personId')]),
      sessionId: col('sessionId') >= 0 ? text(r[col('sessionId')]) : req.sessionId!,
      status,
      where: `${name} row ${row}`,
    });
  });
  return markAttendance(ctx, {
    seriesId: req.seriesId,
    marks,
    recordedBy: req.recordedBy,
    source: 'import',
  });
}

export async function closeSeries(ctx: CourseContext, seriesId: string): Promise<void> {
  await seriesOf(ctx.db, seriesId);
  await handle(ctx, seriesId).signal(courseCloseSignal);
}

export async function courseStatus(ctx: CourseContext, seriesId: string) {
  const s = await seriesOf(ctx.db, seriesId);
  const [sessions, enrolments, completions] = await Promise.all([
    ctx.db.courseSession.findMany({ where: { seriesId }, orderBy: { startsAt: 'asc' } }),
    ctx.db.courseEnrolment.groupBy({ by: ['status'], where: { seriesId }, _count: true }),
    ctx.db.courseCompletion.count({ where: { seriesId, revokedAt: null } }),
  ]);
  const live = await handle(ctx, seriesId)
    .query(courseStateQuery)
    .catch(() => undefined);
  return {
    id: s.id,
    title: s.title,
    status: s.status,
    capacity: s.capacity,
    enrolment: Object.fromEntries(enrolments.map((e) => [e.status, e._count])),
    completions,
    nextReminder: live?.nextReminder,
    sessions: sessions.map((x) => ({
      sessionId: x.sessionId,
      title: x.title,
      mode: x.mode,
      startsAt: x.startsAt.toISOString(),
      endsAt: x.endsAt.toISOString(),
      hours: x.hoursTenths / 10,
      status: x.status,
    })),
  };
}

/**
 * A person's completion certificate (结业证书) of a series as a PDF, rendered from the completion
 * record; refused when the person has not completed the series or the completion was revoked.
 */
export async function completionCertificate(
  ctx: Pick<CourseContext, 'db'>,
  req: { seriesId: string; personId: string; font: CertificateFont },
): Promise<{ fileName: string; contentType: string; bytes: Buffer; certificateNo: string }> {
  const r = await certificateFacts(ctx.db, req.seriesId, req.personId);
  const who = `person ${req.personId}`;
  if (!r.ok && r.reason === 'revoked')
    throw new Gone(
      `the completion of ${who} in "${req.seriesId}" was revoked on ${r.revokedAt.toISOString()}${r.revokedReason ? ` (${r.revokedReason})` : ''}: no certificate`,
    );
  if (!r.ok)
    throw r.reason === 'series'
      ? new NotFound(`no course series "${req.seriesId}"`)
      : r.reason === 'person'
        ? new NotFound(`unknown person id: ${req.personId}`)
        : new NotFound(`${who} has not completed "${req.seriesId}"`);
  let bytes: Buffer;
  try {
    bytes = await renderCertificate(r.facts, req.font);
  } catch (e) {
    if (e instanceof CertificateFontMissing) throw new Unavailable(e.message);
    throw e;
  }
  return {
    fileName: `结业证书-${req.seriesId}-${req.personId}.pdf`,
    contentType: 'application/pdf',
    bytes,
    certificateNo: r.facts.certificateNo,
  };
}

export { CONTENT_TYPES };

async function unitsUnder(db: Db, unitId?: string): Promise<string[] | undefined> {
  if (!unitId) return undefined;
  try {
    return (await subtree(db, unitId)).orgs.map((o) => o.id);
  } catch (e) {
    if (e instanceof RegistryError) throw new NotFound(e.message);
    throw e;
  }
}

export interface CourseReportRequest {
  seriesId?: string;
  /** The unit and its sub-units. */
  unitId?: string;
  year?: number;
}

/** Person-times and class hours per series, unit and year. */
export async function courseReport(
  ctx: Pick<CourseContext, 'db'>,
  req: CourseReportRequest,
): Promise<AttendanceFigure[]> {
  if (req.seriesId) await seriesOf(ctx.db, req.seriesId);
  if (req.year !== undefined && (!Number.isInteger(req.year) || req.year < 2000 || req.year > 2100))
    throw new InputError(`year ${req.year} must be a year like 2026`);
  return attendanceFigures(ctx.db, {
    ...(req.seriesId ? { seriesId: req.seriesId } : {}),
    ...(req.year ? { year: req.year } : {}),
    ...(req.unitId ? { unitIds: await unitsUnder(ctx.db, req.unitId) } : {}),
  });
}

/** The same report as an XLSX or CSV file. */
export async function exportCourseReport(
  ctx: Pick<CourseContext, 'db'>,
  req: CourseReportRequest & { format?: SheetFormat },
): Promise<{ fileName: string; contentType: string; bytes: Buffer }> {
  const format = req.format ?? 'xlsx';
  const bytes = await writeTable(attendanceTable(await courseReport(ctx, req)), format);
  return { fileName: `courses.${format}`, contentType: CONTENT_TYPES[format], bytes };
}

/** CE standing of registered people, counted per unit (and its sub-units when given). */
export async function ceReport(
  ctx: Pick<CourseContext, 'db' | 'now'>,
  req: { unitId?: string },
): Promise<CeCounts[]> {
  const unitIds = await unitsUnder(ctx.db, req.unitId);
  return ceCompliance(ctx.db, ctx.now?.() ?? new Date(), unitIds ? { unitIds } : {});
}

export async function exportCeReport(
  ctx: Pick<CourseContext, 'db' | 'now'>,
  req: { unitId?: string; format?: SheetFormat },
): Promise<{ fileName: string; contentType: string; bytes: Buffer }> {
  const format = req.format ?? 'xlsx';
  const bytes = await writeTable(ceComplianceTable(await ceReport(ctx, req)), format);
  return { fileName: `ce-compliance.${format}`, contentType: CONTENT_TYPES[format], bytes };
}

const SESSION_HEADERS: Record<string, keyof SessionInput> = {
  sessionid: 'sessionId',
  场次: 'sessionId',
  编号: 'sessionId',
  title: 'title',
  标题: 'title',
  课题: 'title',
  mode: 'mode',
  方式: 'mode',
  startsat: 'startsAt',
  开始: 'startsAt',
  开始时间: 'startsAt',
  endsat: 'endsAt',
  结束: 'endsAt',
  结束时间: 'endsAt',
  place: 'place',
  地点: 'place',
  link: 'link',
  链接: 'link',
  hours: 'hours',
  课时: 'hours',
  teacher: 'teacher',
  授课: 'teacher',
  讲师: 'teacher',
};
const MODES: Record<string, 'online' | 'offline'> = {
  online: 'online',
  线上: 'online',
  offline: 'offline',
  线下: 'offline',
};

/**
 * Reads a session plan (CSV or XLSX): 场次, 标题, 方式 (线上/线下), 开始, 结束 (local
 * "2026-12-01 14:00" in `timeZone`, or ISO), 地点, 链接, 课时, 授课. Errors name the row.
 */
export async function readSessions(
  file: string | { name: string; bytes: Uint8Array },
  localToIso: (text: string) => string,
): Promise<SessionInput[]> {
  const name = typeof file === 'string' ? basename(file) : file.name;
  let rows: Cell[][];
  try {
    const bytes =
      typeof file === 'string'
        ? await readFile(file).catch((e: NodeJS.ErrnoException) => {
            throw new InputError(`cannot read ${file}: ${e.code ?? e.message}`);
          })
        : file.bytes;
    rows = (await readSheet(bytes, { name })).rows;
  } catch (e) {
    if (e instanceof RosterFileError) throw new InputError(e.message);
    throw e;
  }
  const header = rows[0]!.map((c) => SESSION_HEADERS[text(c).replace(/\s/g, '').toLowerCase()]);
  const out: SessionInput[] = [];
  rows.slice(1).forEach((r, i) => {
    if (r.every((c) => text(c) === '')) return;
    const get = (f: keyof SessionInput) => {
      const at = header.indexOf(f);
      const c = at < 0 ? null : r[at];
      return c instanceof Date ? c.toISOString() : text(c);
    };
    const mode = MODES[get('mode').toLowerCase()];
    if (!mode) throw new InputError(`${name} row ${i + 2}: 方式 / mode must be 线上 or 线下`);
    const hours = Number(get('hours'));
    out.push({
      sessionId: get('sessionId'),
      title: get('title'),
      mode,
      startsAt: localToIso(get('startsAt')),
      endsAt: localToIso(get('endsAt')),
      ...(get('place') ? { place: get('place') } : {}),
      ...(get('link') ? { link: get('link') } : {}),
      hours,
      teacher: get('teacher'),
    });
  });
  if (!out.length) throw new InputError(`${name} has no sessions`);
  return out;
}
