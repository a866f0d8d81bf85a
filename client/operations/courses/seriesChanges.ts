/**
 * A course series (课程系列) changed as a whole: edited (title, places, reminder offsets) or
 * cancelled. Every input is checked before anything is written; the workflow is told after.
 * More places move the waitlist up in line order, and each person moved up is told; a
 * cancellation records who and why (the reason stays in the database, never in the workflow)
 * and the workflow tells everyone in line, then ends.
 */
import { seriesOf } from '../../../store/courses/enrolment';
import { courseCancelSignal, courseScheduleSignal } from '../../../workflows/courses/signals';
import { parseOffset } from '../../../workflows/rules/reminders';
import { Conflict, InputError } from '../../../common/errors';
import { courseHandle, type CourseContext } from './courseContext';
import { promoteFromWaitlist, tellEnrolments } from './enrolment';
import { writeTransaction } from '../../../store/db';
import { actor, reasonOf } from '../changeInput';

/** Reminder offsets such as "1d", "2h", "30m"; the first that does not parse is refused. */
export function checkOffsets(offsets: string[]): string[] {
  for (const o of offsets) {
    try {
      parseOffset(o);
    } catch (e) {
      throw new InputError(`提醒时间 / reminder offset: ${(e as Error).message}`);
    }
  }
  return offsets;
}

async function runningSeries(ctx: CourseContext, seriesId: string) {
  const s = await seriesOf(ctx.db, seriesId);
  if (s.status !== 'running')
    throw new Conflict(
      `课程系列“${s.id}”已${s.status === 'cancelled' ? '取消' : '结束'} / course series "${s.id}" is ${s.status}`,
    );
  return s;
}

export interface EditSeriesRequest {
  seriesId: string;
  title?: string;
  /** Places; null = unlimited. */
  capacity?: number | null;
  reminderOffsets?: string[];
}

export interface EditedSeries {
  id: string;
  title: string;
  capacity: number | null;
  reminderOffsets: string[];
  /** Moved up from the waitlist by the new capacity, in line order. */
  promoted: string[];
}

/** Edits a running series as a whole; more places move the waitlist up, each person told. */
export async function editSeries(
  ctx: CourseContext,
  req: EditSeriesRequest,
): Promise<EditedSeries> {
  const s = await runningSeries(ctx, req.seriesId);
  if (req.title === undefined && req.capacity === undefined && req.reminderOffsets === undefined)
    throw new InputError(
      '没有要修改的内容 / nothing to change: give a title, a capacity or reminder offsets',
    );
  const title = req.title === undefined ? s.title : req.title.trim();
  if (!title) throw new InputError('课程名称为空 / title is empty');
  const capacity = req.capacity === undefined ? s.capacity : req.capacity;
  if (capacity !== null && (!Number.isInteger(capacity) || capacity < 1))
    throw new InputError(`名额 / capacity ${capacity} must be a whole number ≥ 1`);
  const offsets = req.reminderOffsets && checkOffsets(req.reminderOffsets);
  const promoted = await writeTransaction(ctx.db, async (tx) => {
    const taken = await tx.courseEnrolment.count({ where: { seriesId: s.id, status: 'enrolled' } });
    if (capacity !== null && capacity < taken)
      throw new Conflict(
        `名额 ${capacity} 少于已报名的 ${taken} 人，请先办理退出 / capacity ${capacity} is below the ${taken} people enrolled: withdraw some first`,
      );
    await tx.courseSeries.update({
      where: { id: s.id },
      data: {
        title,
        capacity,
        ...(offsets ? { reminderOffsets: JSON.stringify(offsets) } : {}),
      },
    });
    return promoteFromWaitlist(tx, s.id, capacity === null ? Infinity : capacity - taken);
  });
  if (offsets) await courseHandle(ctx, s.id).signal(courseScheduleSignal, {});
  await tellEnrolments(ctx, s.id, { promoted });
  return {
    id: s.id,
    title,
    capacity,
    reminderOffsets: offsets ?? (JSON.parse(s.reminderOffsets) as string[]),
    promoted,
  };
}

export interface CancelledSeries {
  id: string;
  status: 'cancelled';
  cancelledBy: string;
  cancelledAt: string;
  /** The enrolled and the waitlisted, who are told. */
  notified: number;
}

/**
 * Cancels a running series as a whole: recorded (who, when, why), then its workflow tells the
 * enrolled and the waitlisted and ends with no later reminder. If the workflow cannot be told,
 * the record is put back and the error stands.
 */
export async function cancelSeries(
  ctx: CourseContext,
  req: { seriesId: string; by: string; reason?: string },
): Promise<CancelledSeries> {
  const by = actor(req.by);
  const reason = reasonOf(req.reason);
  const s = await runningSeries(ctx, req.seriesId);
  const at = ctx.now?.() ?? new Date();
  const notified = await ctx.db.courseEnrolment.count({
    where: { seriesId: s.id, status: { in: ['enrolled', 'waitlisted'] } },
  });
  await ctx.db.courseSeries.update({
    where: { id: s.id },
    data: { status: 'cancelled', cancelledBy: by, cancelledAt: at, cancelReason: reason },
  });
  try {
    await courseHandle(ctx, s.id).signal(courseCancelSignal);
  } catch (e) {
    await ctx.db.courseSeries.update({
      where: { id: s.id },
      data: { status: s.status, cancelledBy: null, cancelledAt: null, cancelReason: null },
    });
    throw e;
  }
  return {
    id: s.id,
    status: 'cancelled',
    cancelledBy: by,
    cancelledAt: at.toISOString(),
    notified,
  };
}
