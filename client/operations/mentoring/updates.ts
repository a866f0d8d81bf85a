/**
 * How mentoring operations reach the running workflows: the context they need, and updates whose
 * rejection (a validator's words) or whose finished workflow becomes a Conflict for the caller.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { openPairOf } from '../../../store/mentoring/programs';
import type { AnnouncementContext } from '../announcements/announcements';
import { Conflict } from '../../../common/errors';

/** The parts mentoring operations use: the same as announcements (`announcementContext`). */
export type MentoringContext = AnnouncementContext;

/** Runs an update; a validator's rejection or a finished workflow becomes a Conflict. */
async function update<R, A>(
  ctx: MentoringContext,
  workflowId: string,
  definition: UpdateDefinition<R, [A]>,
  arg: A,
  finished: string,
): Promise<R> {
  try {
    return await ctx.temporal.workflow.getHandle(workflowId).executeUpdate(definition, {
      args: [arg],
    });
  } catch (e) {
    if (e instanceof WorkflowUpdateFailedError) throw new Conflict(e.cause?.message ?? e.message);
    if ((e as Error).name === 'WorkflowNotFoundError') throw new Conflict(finished);
    throw e;
  }
}

/** Runs one of a program's updates (the program row read first, so an unknown id is NotFound). */
export async function programUpdate<R, A>(
  ctx: MentoringContext,
  program: { id: string; workflowId: string },
  definition: UpdateDefinition<R, [A]>,
  arg: A,
): Promise<R> {
  return update(
    ctx,
    program.workflowId,
    definition,
    arg,
    `督导项目 ${program.id} 已结束 / program ${program.id} has ended`,
  );
}

/** Runs one of a pair's updates, once the database says the pair is open. */
export async function pairUpdate<R, A>(
  ctx: MentoringContext,
  pairId: string,
  definition: UpdateDefinition<R, [A]>,
  arg: A,
): Promise<R> {
  const pair = await openPairOf(ctx.db, pairId);
  return update(
    ctx,
    pair.workflowId,
    definition,
    arg,
    `结对 ${pairId} 已结束 / pair ${pairId} has finished`,
  );
}
