/**
 * A certified person's continuing-education ledger (继续教育学时台账), workflow
 * credits/<personId>: one registration period per run (registeredPeriod.ts since registrations
 * are records; below, the runs from before). Credits arrive from course completions
 * (signal, counted once per source key) and from self-reports a coordinator approves (update,
 * recorded with the reviewer). Behind-pace warnings, deadline reminders and the opening of the
 * re-registration window go to the person; at the period's end the outcome is recorded and the
 * next period continues as new. Query the ledger at any time. Ids and hours only.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  sleep,
} from '@temporalio/workflow';
import { ceCheckpoints, type CeCheckpoint } from '../rules/ceCalendar';
import { ceStanding, DEFAULT_CE_RULES, periodOf } from '../rules/continuingEducation';
import { handleLedger, LedgerBook, walkCheckpoints } from './ledgerBook';
import { registeredPeriod } from './registeredPeriod';
import { creditsWorkflowId, type CreditsInput } from './signals';
import { acts, checkpointNotice, localActs, PERIOD_TEMPLATES, TEMPLATE } from './steps';

export async function credits(input: CreditsInput): Promise<void> {
  // Runs from the registration records on take their period from the certificate's registration
  // (登记) in force, wait for one when there is none, and renew it at a compliant end. Every
  // earlier run replays below as it was recorded.
  if (patched('credits-registration-records')) return registeredPeriod(input);
  const rules = input.rules ?? DEFAULT_CE_RULES;
  const id = creditsWorkflowId(input.personId);
  const period = periodOf(new Date(input.registeredOn), new Date(), rules);
  const periodKey = period.start.toISOString().slice(0, 10);
  const book = new LedgerBook();
  // Three generations of runs, newest first; each replays as it was recorded:
  //  - credits-lean-period: local steps, waking only for checkpoints with something to send;
  //  - credits-local-steps (9e6bb1a, renamed later): local steps, a timer per checkpoint;
  //  - no marker: activities and a timer per checkpoint.
  // Only a run that is not lean asks for the older marker, so new runs never record it. No branch
  // is deprecated: a run lasts a whole registration period (years), so runs of every generation
  // may still be waiting on their timers.
  const lean = patched('credits-lean-period');
  const localSteps = !lean && patched('credits-local-steps');
  const steps = lean || localSteps ? localActs : acts;
  const standing = () => ceStanding(input.level, book.earned(), period, new Date(), rules);
  handleLedger(book, input.personId, acts, () =>
    book.view(input.personId, input.level, period, rules),
  );

  for (const c of await steps.periodCredits({
    personId: input.personId,
    start: period.start.toISOString(),
    end: period.end.toISOString(),
  }))
    book.post(c.sourceKey, c.hoursTenths);

  const noticeTo = (label: string) => ({
    workflowId: id,
    params: {
      personId: input.personId,
      level: input.level,
      periodEnd: period.end.toISOString(),
      earnedTenths: String(book.earned()),
      requiredTenths: String(standing().requiredTenths),
    },
    keyPrefix: `${id}/${periodKey}/${label}`,
    personIds: [input.personId],
  });
  const notify = async (template: string, label: string) => {
    await steps.sendNotices({ ...noticeTo(label), template });
    book.noticesSent.push(label);
  };

  const checkpoints = ceCheckpoints(period, input.quietHours, input.timeZone, new Date(), rules);
  if (lean) {
    const act = (cp: CeCheckpoint) =>
      checkpointNotice(cp, input.level, book.earned(), period, rules, notify);
    await walkCheckpoints({ checkpoints, book, level: input.level, period, rules, act });
  } else {
    for (const cp of checkpoints) {
      await sleep(Math.max(1, cp.at.getTime() - Date.now()));
      const s = standing();
      if (cp.kind === 'end') break;
      if (cp.kind === 'renewal') await notify(TEMPLATE.renewal, cp.label);
      else if (cp.kind === 'pace' && s.standing === 'behind') await notify(TEMPLATE.pace, cp.label);
      else if (cp.kind === 'deadline' && s.standing !== 'compliant')
        await notify(TEMPLATE.deadline, cp.label);
    }
  }
  await condition(allHandlersFinished);
  const record = {
    personId: input.personId,
    level: input.level,
    periodStart: period.start.toISOString(),
    periodEnd: period.end.toISOString(),
    earnedTenths: book.earned(),
    requiredTenths: standing().requiredTenths,
  };
  if (lean && patched('credits-close-in-one-step')) {
    // The outcome and its notice in one local activity: one activation fewer per period.
    await localActs.closeCePeriod({ record, notice: noticeTo('end'), templates: PERIOD_TEMPLATES });
    book.noticesSent.push('end');
  } else {
    const outcome = await steps.recordCePeriod(record);
    await notify(PERIOD_TEMPLATES[outcome], 'end');
  }
  await condition(allHandlersFinished);
  return continueAsNew<typeof credits>(input);
}
