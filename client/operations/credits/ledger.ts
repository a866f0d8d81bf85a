/**
 * A certified person's continuing-education ledger (继续教育学时台账): start it, and read it as
 * it stands. Self-reported credits are in claims.ts.
 */
import type { Db } from '../../../store/db';
import { startCeLedger } from '../../../store/credits/ledger';
import {
  creditsWorkflowId,
  ledgerQuery,
  type LedgerView,
} from '../../../workflows/credits/signals';
import type { ExamLevel } from '../../../workflows/rules/examRules';
import { type AnnouncementContext } from '../announcements/announcements';
import { NotFound, Conflict } from '../../../common/errors';
import { highestLevel } from '../../../workflows/rules/examRules';

export type CreditsContext = AnnouncementContext;

/** The person's highest registered certificate, or a clear error. */
export async function registeredCertificate(db: Db, personId: string) {
  const p = await db.person.findUnique({
    where: { id: personId },
    include: { certificates: true },
  });
  if (!p) throw new NotFound(`unknown person id: ${personId}`);
  const c = highestLevel(p.certificates.filter((x) => x.registeredOn));
  if (!c) throw new Conflict(`person ${personId} holds no registered certificate`);
  return c;
}

/** Starts the person's ledger (harmless when it runs already). */
export async function startLedger(
  ctx: CreditsContext,
  personId: string,
): Promise<{ workflowId: string; started: boolean }> {
  const c = await registeredCertificate(ctx.db, personId);
  return startCeLedger(
    { client: ctx.temporal, taskQueue: ctx.taskQueue },
    {
      personId,
      level: c.level as ExamLevel,
      registeredOn: c.registeredOn!,
      timeZone: ctx.timeZone,
      quietHours: ctx.quietHours,
    },
  );
}

export async function ledger(ctx: CreditsContext, personId: string): Promise<LedgerView> {
  try {
    return await ctx.temporal.workflow.getHandle(creditsWorkflowId(personId)).query(ledgerQuery);
  } catch (e) {
    if ((e as Error).name === 'WorkflowNotFoundError')
      throw new NotFound(`person ${personId} has no ledger`);
    throw e;
  }
}
