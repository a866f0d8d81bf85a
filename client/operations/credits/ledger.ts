/**
 * A certified person's continuing-education ledger (继续教育学时台账): start it, and read it as
 * it stands. Self-reported credits are in claims.ts.
 */
import type { Db } from '../../../store/db';
import { startCeLedger, type LedgerStart } from '../../../store/credits/ledger';
import {
  ledgerRegistration,
  type LedgerRegistration,
} from '../../../store/credits/ledgerRegistration';
import {
  creditsWorkflowId,
  ledgerQuery,
  type LedgerView,
} from '../../../workflows/credits/signals';
import { ceRulesOf } from '../../../store/credits/ceRules';
import { ceHoursProblem, type CeRules } from '../../../workflows/rules/continuingEducation';
import { type AnnouncementContext } from '../announcements/announcements';
import { NotFound, Conflict } from '../../../common/errors';

export type CreditsContext = AnnouncementContext;

/**
 * The registration (登记) the person's ledger follows: in force now, or recorded to begin; or a
 * clear error.
 */
export async function registeredCertificate(
  db: Db,
  personId: string,
  now = new Date(),
): Promise<LedgerRegistration> {
  const p = await db.person.findUnique({ where: { id: personId }, select: { id: true } });
  if (!p) throw new NotFound(`未知人员编号 / unknown person id: ${personId}`);
  const r = await ledgerRegistration(db, personId, now);
  if (!r)
    throw new Conflict(
      `person ${personId} holds no registered certificate (无有效登记 / no registration in force): record it with \`credits register\``,
    );
  return r;
}

/** Starts the person's ledger (harmless when it runs already). */
export async function startLedger(
  ctx: CreditsContext,
  personId: string,
): Promise<{ workflowId: string; started: boolean }> {
  const r = await registeredCertificate(ctx.db, personId, ctx.now?.() ?? new Date());
  const rules = await ceRulesOf(ctx.db);
  const problem = ceHoursProblem(r.level, rules);
  if (problem) throw new Conflict(`${personId}: ${problem}`);
  return startCeLedger(
    { client: ctx.temporal, taskQueue: ctx.taskQueue },
    ledgerStart(ctx, r, personId, rules),
  );
}

/**
 * What a ledger starts with: the registration it follows and the district's CE rules (each
 * certificate level's hours, from the vocabulary).
 */
export function ledgerStart(
  ctx: Pick<CreditsContext, 'timeZone' | 'quietHours'>,
  r: LedgerRegistration,
  personId: string,
  rules: CeRules,
): LedgerStart {
  return {
    personId,
    level: r.level,
    registeredOn: new Date(r.registeredOn),
    timeZone: ctx.timeZone,
    quietHours: ctx.quietHours,
    rules,
  };
}

export async function ledger(ctx: CreditsContext, personId: string): Promise<LedgerView> {
  try {
    return await ctx.temporal.workflow.getHandle(creditsWorkflowId(personId)).query(ledgerQuery);
  } catch (e) {
    if ((e as Error).name === 'WorkflowNotFoundError')
      throw new NotFound(`${personId} 没有学时台账 / person ${personId} has no ledger`);
    throw e;
  }
}
