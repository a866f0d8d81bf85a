/**
 * The words every change as a whole takes (a course series, a cohort, a mentoring program
 * cancelled): who did it, and an optional reason kept in the database, never in a workflow.
 */
import { InputError } from '../../common/errors';

/** Longest reason kept with a cancellation. */
const MAX_REASON = 500;

/** Who did it: required, a non-empty name or id. */
export function actor(by: string | undefined): string {
  const who = by?.trim();
  if (!who) throw new InputError('缺少操作人 / by: who does this is required');
  return who;
}

/** An optional reason, trimmed; too long is refused. */
export function reasonOf(reason: string | undefined): string | null {
  const r = reason?.trim();
  if (r && r.length > MAX_REASON)
    throw new InputError(`原因过长 / reason: at most ${MAX_REASON} characters (${r.length} given)`);
  return r || null;
}
