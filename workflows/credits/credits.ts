/**
 * A certified person's continuing-education ledger (继续教育学时台账), workflow
 * credits/<personId>: one registration period per run. Credits arrive from course completions
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
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { activityOptions } from '../activityOptions';
import { ceCheckpointDue, ceCheckpoints, type CeCheckpoint } from '../rules/ceCalendar';
import { ceStanding, DEFAULT_CE_RULES, periodOf } from '../rules/continuingEducation';
import {
  creditPostedSignal,
  creditsWorkflowId,
  creditWithdrawnSignal,
  ledgerQuery,
  reviewClaimUpdate,
  type CreditsInput,
} from './signals';

const acts = proxyActivities<Activities>(activityOptions('2 minutes'));

/**
 * The ledger's own steps (the period's credits, its notices, the period's record) as local
 * activities: each runs inside the workflow task that needs it, so a checkpoint with a notice
 * costs one workflow task instead of a task, an activity task and another task. Same activity
 * code, so the same idempotency (notice keys, the period record's upsert). A step that keeps
 * failing past the local retry threshold is scheduled by the server like any timer-backed retry.
 */
const localActs = proxyLocalActivities<Activities>({
  ...activityOptions('2 minutes'),
  localRetryThreshold: '1 minute',
});

const TEMPLATE = { pace: 'ce-behind', deadline: 'ce-deadline', renewal: 'ce-renewal' } as const;

export async function credits(input: CreditsInput): Promise<void> {
  const rules = input.rules ?? DEFAULT_CE_RULES;
  const id = creditsWorkflowId(input.personId);
  const period = periodOf(new Date(input.registeredOn), new Date(), rules);
  const periodKey = period.start.toISOString().slice(0, 10);
  const ledger = new Map<string, number>();
  const noticesSent: string[] = [];
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
  let withdrawals = 0;
  const earned = () => [...ledger.values()].reduce((a, b) => a + b, 0);
  const standing = () => ceStanding(input.level, earned(), period, new Date(), rules);

  setHandler(creditPostedSignal, ({ sourceKey, hoursTenths }) => {
    if (!ledger.has(sourceKey)) ledger.set(sourceKey, hoursTenths);
  });
  setHandler(creditWithdrawnSignal, ({ sourceKey }) => {
    if (ledger.delete(sourceKey)) withdrawals++;
  });
  setHandler(reviewClaimUpdate, async (review) => {
    const r = await acts.reviewCreditClaim({ personId: input.personId, ...review });
    if (r.credit && !ledger.has(r.credit.sourceKey))
      ledger.set(r.credit.sourceKey, r.credit.hoursTenths);
    return { status: r.status, earnedTenths: earned() };
  });
  setHandler(ledgerQuery, () => ({
    personId: input.personId,
    level: input.level,
    periodStart: period.start.toISOString(),
    periodEnd: period.end.toISOString(),
    renewalOpens: period.renewalOpens.toISOString(),
    earnedTenths: earned(),
    ...standing(),
    credits: [...ledger].map(([sourceKey, hoursTenths]) => ({ sourceKey, hoursTenths })),
    noticesSent: [...noticesSent],
  }));

  for (const c of await steps.periodCredits({
    personId: input.personId,
    start: period.start.toISOString(),
    end: period.end.toISOString(),
  }))
    if (!ledger.has(c.sourceKey)) ledger.set(c.sourceKey, c.hoursTenths);

  const noticeTo = (label: string) => ({
    workflowId: id,
    params: {
      personId: input.personId,
      level: input.level,
      periodEnd: period.end.toISOString(),
      earnedTenths: String(earned()),
      requiredTenths: String(standing().requiredTenths),
    },
    keyPrefix: `${id}/${periodKey}/${label}`,
    personIds: [input.personId],
  });
  const notify = async (template: string, label: string) => {
    await steps.sendNotices({ ...noticeTo(label), template });
    noticesSent.push(label);
  };

  const checkpoints = ceCheckpoints(period, input.quietHours, input.timeZone, new Date(), rules);
  const act = async (cp: CeCheckpoint) => {
    if (cp.kind === 'renewal') await notify(TEMPLATE.renewal, cp.label);
    else if (cp.kind !== 'end' && ceCheckpointDue(cp, input.level, earned(), period, rules))
      await notify(cp.kind === 'pace' ? TEMPLATE.pace : TEMPLATE.deadline, cp.label);
  };
  if (lean) {
    // Wake only for the next checkpoint with something to send by today's hours; a withdrawn
    // credit plans again. (A credit that arrives only makes a planned wake needless: it stays,
    // and sends nothing when it comes; re-planning on every credit cost more than it saved.)
    for (let i = 0; i < checkpoints.length; ) {
      const next = checkpoints.findIndex(
        (cp, j) => j >= i && ceCheckpointDue(cp, input.level, earned(), period, rules),
      );
      const cp = checkpoints[next]!; // the end is always due
      const seen = withdrawals;
      if (await condition(() => withdrawals !== seen, Math.max(1, cp.at.getTime() - Date.now()))) {
        while (i < next && checkpoints[i]!.at.getTime() <= Date.now()) i++;
        continue;
      }
      i = next + 1;
      if (cp.kind === 'end') break;
      await act(cp);
    }
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
    earnedTenths: earned(),
    requiredTenths: standing().requiredTenths,
  };
  const templates = { compliant: 'ce-period-compliant', not_compliant: 'ce-period-not-compliant' };
  if (lean && patched('credits-close-in-one-step')) {
    // The outcome and its notice in one local activity: one activation fewer per period.
    await localActs.closeCePeriod({ record, notice: noticeTo('end'), templates });
    noticesSent.push('end');
  } else {
    const outcome = await steps.recordCePeriod(record);
    await notify(templates[outcome], 'end');
  }
  await condition(allHandlersFinished);
  return continueAsNew<typeof credits>(input);
}
