/**
 * Writes to an exam participant (报考人员) shared by the operations and the activities, so each
 * change of status has one writer.
 */
import type { Db } from '../db';

/** Statuses of a journey still under way (a wave or a control can still change it). */
export const OPEN_STATUSES = ['invited', 'registered'];

/**
 * A participant becomes registered (报名): from `invited` only, with the moment it happened. Both
 * the coordinator's registration (the operation, before it signals the journey) and the journey's
 * own registration step come here; whichever is first writes it, the other finds it done.
 * True when this call registered the person.
 */
export async function markRegistered(
  db: Db,
  ids: { campaignId: string; personId: string },
): Promise<boolean> {
  const r = await db.examParticipant.updateMany({
    where: { campaignId: ids.campaignId, personId: ids.personId, status: 'invited' },
    data: { status: 'registered', registeredAt: new Date() },
  });
  return r.count > 0;
}

/**
 * The reason of a withdrawal (退出原因), in the coordinator's words: kept on the participant and
 * on a completion record the journey may already have written, never sent to the journey. Written
 * once: a reason already on record stays (a second withdrawal changes nothing).
 */
export async function keepWithdrawalReason(
  db: Db,
  ids: { campaignId: string; personId: string },
  reason: string,
): Promise<void> {
  await db.examParticipant.updateMany({
    where: { ...ids, withdrawnReason: null },
    data: { withdrawnReason: reason },
  });
  await db.examCompletion.updateMany({
    where: { ...ids, outcome: 'withdrawn', reason: null },
    data: { reason },
  });
}

/** Person ids per `IN (…)` list in bulk statements: well under SQLite's and PostgreSQL's limits. */
export const IN_CHUNK = 500;

/** Which of `personIds` are in the campaign already (whatever their status). */
export async function participantsAmong(
  db: Db,
  campaignId: string,
  personIds: string[],
): Promise<Set<string>> {
  const rows = await db.examParticipant.findMany({
    where: { campaignId, personId: { in: personIds } },
    select: { personId: true },
  });
  return new Set(rows.map((p) => p.personId));
}
