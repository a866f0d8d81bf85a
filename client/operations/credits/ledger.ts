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
  openLedgerUpdate,
  type LedgerView,
} from '../../../workflows/credits/signals';
import { ledgerOpensAt } from '../../../workflows/rules/ledgerOpening';
import { ceRulesOf } from '../../../store/credits/ceRules';
import { ceHoursProblem, type CeRules } from '../../../workflows/rules/continuingEducation';
import { type AnnouncementContext } from '../announcements/announcements';
import { NotFound, Conflict, Unavailable } from '../../../common/errors';

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

/**
 * The same start, waiting on a start delay until the ledger first has something to do
 * (workflows/rules/ledgerOpening.ts): what `credits start --all` starts, so that starting a
 * district's ledgers costs the server a start each and the worker nothing until then.
 */
export function delayedLedgerStart(
  ctx: Pick<CreditsContext, 'timeZone' | 'quietHours'>,
  r: LedgerRegistration,
  personId: string,
  now: Date,
  rules: CeRules,
): LedgerStart {
  const opensAt = ledgerOpensAt({
    personId,
    registration: { registeredOn: new Date(r.registeredOn), expiresOn: new Date(r.expiresOn) },
    now,
    quietHours: ctx.quietHours,
    timeZone: ctx.timeZone,
    rules,
  });
  return {
    ...ledgerStart(ctx, r, personId, rules),
    startDelayMs: opensAt.getTime() - now.getTime(),
  };
}

/** How long asking for a ledger that has not run waits for it to open (its worker may be away). */
const OPEN_WAIT_MS = 30_000;

export async function ledger(
  ctx: CreditsContext,
  personId: string,
  opts: { openWaitMs?: number } = {},
): Promise<LedgerView> {
  const handle = ctx.temporal.workflow.getHandle(creditsWorkflowId(personId));
  try {
    return await handle.query(ledgerQuery);
  } catch (e) {
    if ((e as Error).name === 'WorkflowNotFoundError')
      throw new NotFound(`${personId} 没有学时台账 / person ${personId} has no ledger`);
    // A ledger on its start delay has not run yet: asking opens it (an update reaches it).
    if (!awaitingFirstRun(e)) throw e;
    const waitMs = opts.openWaitMs ?? OPEN_WAIT_MS;
    const signal = AbortSignal.timeout(waitMs);
    return ctx.temporal
      .withAbortSignal(signal, () => handle.executeUpdate(openLedgerUpdate))
      .catch((err: unknown) => {
        if (!signal.aborted) throw err;
        throw new Unavailable(
          `${personId} 的学时台账 ${waitMs / 1000} 秒内未应答（工作进程是否在运行？）/ the ledger of ${personId} did not answer in ${waitMs / 1000} s (is the worker running?)`,
        );
      });
  }
}

/**
 * The answer to a query of a workflow whose first task waits on its start delay: the server
 * refuses it (FAILED_PRECONDITION); the time-skipping test server hands it to a worker that has
 * never seen the run.
 */
function awaitingFirstRun(e: unknown): boolean {
  const { name, message, cause } = e as Error & { cause?: { code?: number; details?: string } };
  if (cause?.code === 9 && /not scheduled yet/i.test(cause.details ?? '')) return true;
  return name === 'QueryNotRegisteredError' && /no init workflow job/.test(message);
}
