/**
 * A mentoring program (督导孵化计划) changed as a whole: edited (its title, its end) or cancelled.
 * A cancellation records who, when and why (the words stay in the database), closes every open
 * pair (each pair tells its mentee and mentor), then tells the program, which tells everyone and
 * ends without a closing report. A new end moves the program's group supervision with it.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import {
  cancelProgramSignal,
  closePairUpdate,
  programEndSignal,
} from '../../../workflows/mentoring/signals';
import { parseInstant } from '../../../workflows/rules/timeInput';
import { programOf } from '../../../store/mentoring/programs';
import { Conflict, InputError } from '../../../common/errors';
import { actor, reasonOf } from '../changeInput';
import { pairUpdate, type MentoringContext } from './updates';

/** How a pair closed by a program's cancellation is noted in the database. */
export const PROGRAM_CANCELLED_NOTE = '项目整体取消 / the program was cancelled';

async function runningProgram(ctx: MentoringContext, id: string) {
  const p = await programOf(ctx.db, id);
  if (p.status !== 'running')
    throw new Conflict(
      `督导项目“${id}”已${p.status === 'cancelled' ? '取消' : '结束'} / mentoring program "${id}" is ${p.status}`,
    );
  return p;
}

/** A signal to the program; a program whose workflow has gone is a Conflict. */
async function tellProgram(ctx: MentoringContext, workflowId: string, send: () => Promise<void>) {
  try {
    await send();
  } catch (e) {
    if (e instanceof WorkflowNotFoundError)
      throw new Conflict(`督导项目已结束 / the program's workflow ${workflowId} has ended`);
    throw e;
  }
}

export interface EditProgramRequest {
  programId: string;
  title?: string;
  /** The new end: an instant, or a date/time read in the program's zone. */
  end?: string;
}

/** Edits a running program's title and end. */
export async function editProgram(ctx: MentoringContext, req: EditProgramRequest) {
  const p = await runningProgram(ctx, req.programId);
  if (req.title === undefined && req.end === undefined)
    throw new InputError('没有要修改的内容 / nothing to change: give a title or an end');
  const title = req.title === undefined ? p.title : req.title.trim();
  if (!title) throw new InputError('名称为空 / title is empty');
  const end = req.end === undefined ? p.endsAt : parseInstant(req.end, p.timeZone, 'end', 'end');
  const now = ctx.now?.() ?? new Date();
  if (end.getTime() <= Math.max(now.getTime(), p.startsAt.getTime()))
    throw new InputError(
      '结束时间须晚于现在和开始时间 / end: must be after now and after the start',
    );
  await ctx.db.mentoringProgram.update({ where: { id: p.id }, data: { title, endsAt: end } });
  if (end.getTime() !== p.endsAt.getTime())
    await tellProgram(ctx, p.workflowId, () =>
      ctx.temporal.workflow
        .getHandle(p.workflowId)
        .signal(programEndSignal, { end: end.toISOString() }),
    );
  return { id: p.id, title, end: end.toISOString() };
}

/** Cancels a running program: recorded, its open pairs closed, everyone told. */
export async function cancelProgram(
  ctx: MentoringContext,
  req: { programId: string; by: string; reason?: string },
) {
  const by = actor(req.by);
  const reason = reasonOf(req.reason);
  const p = await runningProgram(ctx, req.programId);
  const open = await ctx.db.mentoringPair.findMany({
    where: { programId: p.id, status: { in: ['active', 'at_risk'] } },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  // Each pair closes through its own workflow (it tells both sides); the coordinator stands for
  // the program as the one who closed it. Pairs first: a
  // retried cancellation finds the ones already closed gone from the list.
  for (const pair of open) {
    await pairUpdate(ctx, pair.id, closePairUpdate, { closedBy: p.coordinatorId });
    await ctx.db.mentoringPair.update({
      where: { id: pair.id },
      data: { closedBy: p.coordinatorId, closedNote: PROGRAM_CANCELLED_NOTE },
    });
  }
  const at = ctx.now?.() ?? new Date();
  await ctx.db.mentoringProgram.update({
    where: { id: p.id },
    data: { status: 'cancelled', cancelledBy: by, cancelReason: reason, finishedAt: at },
  });
  await tellProgram(ctx, p.workflowId, () =>
    ctx.temporal.workflow.getHandle(p.workflowId).signal(cancelProgramSignal),
  );
  return { id: p.id, cancelledBy: by, cancelledAt: at.toISOString(), pairsClosed: open.length };
}
