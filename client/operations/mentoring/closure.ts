/**
 * The coordinator closes a pair by hand (关闭结对). The reason, in their words, stays in the
 * database; the pair's workflow closes it (reason "coordinator") and tells both sides and the
 * program.
 */
import { closePairUpdate } from '../../../workflows/mentoring/signals';
import { knownPeople } from '../../../store/mentoring/programs';
import { InputError } from '../../../common/errors';
import { pairUpdate, type MentoringContext } from './updates';

export async function closePair(
  ctx: MentoringContext,
  req: { pairId: string; reason: string; closedBy: string },
): Promise<{ pairId: string; status: string }> {
  const reason = req.reason?.trim() ?? '';
  if (!reason)
    throw new InputError(
      `关闭结对 ${req.pairId} 须写明原因 / closing pair ${req.pairId} needs a reason`,
    );
  if (reason.length > 500)
    throw new InputError('原因最多 500 字 / reason must be at most 500 characters');
  await knownPeople(ctx.db, [req.closedBy], 'closedBy');
  const done = await pairUpdate(ctx, req.pairId, closePairUpdate, { closedBy: req.closedBy });
  await ctx.db.mentoringPair.update({
    where: { id: req.pairId },
    data: { closedBy: req.closedBy, closedNote: reason },
  });
  return { pairId: req.pairId, status: done.status };
}
