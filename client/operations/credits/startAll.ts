/**
 * `credits start --all`: the ledger of every active person with a registration in force (or
 * recorded to begin), of a unit and its sub-units when given. Idempotent: ledgers that run are
 * left alone. People whose certificate level has no CE hours known are not started; the result
 * counts them by level with the reason. Each ledger waits on a start delay until a day before its
 * first checkpoint (or until it is asked, or a registration is recorded): see
 * workflows/rules/ledgerOpening.ts. Starts go out in batches, a window of them at a time, so
 * 10,000 people take one query and a steady stream of starts, never 10,000 promises at once.
 */
import { ledgerRegistrations } from '../../../store/credits/ledgerRegistration';
import { startCeLedger } from '../../../store/credits/ledger';
import { ceRulesOf } from '../../../store/credits/ceRules';
import { ceHoursProblem } from '../../../workflows/rules/continuingEducation';
import { chunk, inWindow } from '../../../workflows/rules/chunk';
import { unitsUnder } from '../courses/reports';
import { progressOf, type Progress } from '../progress';
import { delayedLedgerStart, type CreditsContext } from './ledger';

const BATCH = 500;
const WINDOW = 64;

export interface StartAllResult {
  /** People with a registration the ledger can follow. */
  registered: number;
  started: number;
  running: number;
  /**
   * People not started because their certificate level has no CE hours known (a district's level
   * added without --ce-hours), by level; with each level's bilingual problem.
   */
  noHours: { level: string; people: number; problem: string }[];
}

export async function startAllLedgers(
  ctx: CreditsContext,
  req: { unitId?: string; progress?: Progress },
): Promise<StartAllResult> {
  const say = progressOf(req.progress);
  const unitIds = await unitsUnder(ctx.db, req.unitId);
  const now = ctx.now?.() ?? new Date();
  const regs = await ledgerRegistrations(ctx.db, now, unitIds);
  const rules = await ceRulesOf(ctx.db);
  const noHours = new Map<string, StartAllResult['noHours'][number]>();
  const people = [...regs.keys()].sort().filter((personId) => {
    const level = regs.get(personId)!.level;
    const problem = ceHoursProblem(level, rules);
    if (!problem) return true;
    const left = noHours.get(level) ?? { level, people: 0, problem };
    left.people++;
    noHours.set(level, left);
    return false;
  });
  const result: StartAllResult = {
    registered: regs.size,
    started: 0,
    running: 0,
    noHours: [...noHours.values()],
  };
  const temporal = { client: ctx.temporal, taskQueue: ctx.taskQueue };
  for (const batch of chunk(people, BATCH)) {
    await inWindow(batch, WINDOW, async (personId) => {
      const start = delayedLedgerStart(ctx, regs.get(personId)!, personId, now, rules);
      const r = await startCeLedger(temporal, start);
      if (r.started) result.started++;
      else result.running++;
    });
    say(
      `台账 / ledgers ${result.started + result.running}/${people.length} (新开 started ${result.started})`,
    );
  }
  return result;
}
