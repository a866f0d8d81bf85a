/**
 * A course series (课程系列) as a whole: create it with its sessions (every input checked before
 * anything is written, then its workflow started), show it, close it.
 */
import type { Db } from '../../../store/db';
import { seriesOf } from '../../../store/courses/enrolment';
import { readSessions, type SessionInput } from '../../../store/courses/sheets';
import type { course } from '../../../workflows/courses/course';
import {
  courseCloseSignal,
  courseStateQuery,
  courseWorkflowId,
} from '../../../workflows/courses/signals';
import { DEFAULT_SESSION_REMINDERS } from '../../../workflows/rules/courseRules';
import { BUSINESS_ID as ID } from '../../../workflows/rules/ids';
import { InputError, NotFound } from '../../../common/errors';
import { courseHandle, type CourseContext } from './courseContext';
import { checkSession, noOverlap, tenths } from './sessionInput';
import { rejectExisting, startRecorded } from '../startRecorded';
import { checkOffsets } from './seriesChanges';

export { readSessions, type SessionInput };

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

async function person(db: Db, id: string, what = 'person') {
  const p = await db.person.findUnique({ where: { id } });
  if (!p) throw new NotFound(`未知人员编号 / unknown ${what} id: ${id}`);
  return p;
}

export async function createSeries(
  ctx: CourseContext,
  req: CreateSeriesRequest,
): Promise<{ id: string; workflowId: string; sessions: number }> {
  if (!ID.test(req.id ?? ''))
    throw new InputError(
      `编号“${req.id}”须为 1–100 个字母、数字、点、横线或下划线 / id "${req.id}" must be 1-100 letters, digits, dot, dash or underscore`,
    );
  if (!req.title?.trim()) throw new InputError('名称为空 / title is empty');
  await person(ctx.db, req.coordinatorId, 'coordinator person');
  if (req.capacity !== undefined && (!Number.isInteger(req.capacity) || req.capacity < 1))
    throw new InputError(
      `名额 ${req.capacity} 须为不小于 1 的整数 / capacity ${req.capacity} must be a whole number ≥ 1`,
    );
  const offsets = checkOffsets(req.reminderOffsets ?? DEFAULT_SESSION_REMINDERS);
  const absenceWarnAfter = req.absenceWarnAfter ?? 3;
  if (!Number.isInteger(absenceWarnAfter) || absenceWarnAfter < 0)
    throw new InputError(
      `缺勤提醒次数 ${absenceWarnAfter} 须为不小于 0 的整数 / absenceWarnAfter ${absenceWarnAfter} must be a whole number ≥ 0`,
    );
  const sessions = req.sessions.map((x) => checkSession(x, ctx.timeZone));
  const ids = new Set<string>();
  for (const s of sessions) {
    if (ids.has(s.sessionId))
      throw new InputError(
        `场次编号 ${s.sessionId} 重复 / session id ${s.sessionId} appears twice`,
      );
    ids.add(s.sessionId);
  }
  noOverlap(sessions);
  const required = req.requiredSessions ?? [];
  for (const r of required)
    if (!ids.has(r))
      throw new InputError(
        `必修场次 ${r} 不是本课程的场次 / required session ${r} is not a session of the series`,
      );
  const minTenths = tenths(req.minHours, 'minHours');
  if (minTenths === 0 && !required.length)
    throw new InputError(
      '结业学时须大于 0（或指定必修场次）/ minHours must be above 0 (or name required sessions)',
    );
  const totalTenths = sessions.reduce((n, s) => n + s.hoursTenths, 0);
  if (minTenths > totalTenths)
    throw new InputError(
      `结业学时 ${req.minHours} 超过全部场次合计的 ${totalTenths / 10} 学时 / minHours ${req.minHours} is more than the ${totalTenths / 10} class hours of all sessions`,
    );
  rejectExisting(
    await ctx.db.courseSeries.findUnique({ where: { id: req.id } }),
    `课程系列“${req.id}”已存在 / course series "${req.id}" already exists`,
  );

  const workflowId = courseWorkflowId(req.id);
  await startRecorded({
    workflowId,
    create: () =>
      ctx.db.courseSeries.create({
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
      }),
    // By type name: operations do not load workflow code, only its type.
    start: () =>
      ctx.temporal.workflow.start<typeof course>('course', {
        taskQueue: ctx.taskQueue,
        workflowId,
        args: [{ seriesId: req.id, quietHours: ctx.quietHours }],
      }),
    remove: () => ctx.db.courseSeries.delete({ where: { id: req.id } }),
  });
  return { id: req.id, workflowId, sessions: sessions.length };
}

export async function closeSeries(ctx: CourseContext, seriesId: string): Promise<void> {
  await seriesOf(ctx.db, seriesId);
  await courseHandle(ctx, seriesId).signal(courseCloseSignal);
}

export async function courseStatus(ctx: CourseContext, seriesId: string) {
  const s = await seriesOf(ctx.db, seriesId);
  const [sessions, enrolments, completions] = await Promise.all([
    ctx.db.courseSession.findMany({ where: { seriesId }, orderBy: { startsAt: 'asc' } }),
    ctx.db.courseEnrolment.groupBy({ by: ['status'], where: { seriesId }, _count: true }),
    ctx.db.courseCompletion.count({ where: { seriesId, revokedAt: null } }),
  ]);
  const live = await courseHandle(ctx, seriesId)
    .query(courseStateQuery)
    .catch(() => undefined);
  return {
    id: s.id,
    title: s.title,
    status: s.status,
    ...(s.cancelledAt
      ? {
          cancelled: { by: s.cancelledBy, at: s.cancelledAt.toISOString(), reason: s.cancelReason },
        }
      : {}),
    capacity: s.capacity,
    enrolment: Object.fromEntries(enrolments.map((e) => [e.status, e._count])),
    completions,
    // Attendance meets the rule but the course has not ended: they complete when it does.
    awaitingEnd: live?.awaitingEnd ?? 0,
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
