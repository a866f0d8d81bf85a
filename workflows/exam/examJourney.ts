/**
 * One person's journey in an exam mobilization campaign (报考动员): invitation → reminders until
 * registered or the registration window closes (none after registering) → registration recorded
 * → a reminder the day before each exam day → results → pass (certificate recorded, reward
 * application created) or fail (passed subjects carry over). Withdrawal ends it at any step.
 * The history carries ids only.
 *
 * Two modes, chosen by the campaign that starts the journey (`waves` in the input): the journey
 * does what its campaign's version expects, whenever it starts (a v1 campaign still launching
 * after v2 exists must get v1 journeys, so this is no patch: the campaign's version is).
 *  - v1 (no `waves`): the journey sends its own notices, one activity per notice.
 *  - v2 (`waves: true`, started by a v2 campaign): the campaign sends every broadcast notice in
 *    waves (invitation, registration reminders, exam-day reminders, results), so the journey only
 *    holds the person's state: registration → prep courses and a sprint-class seat → results →
 *    completion record (and the CE ledger on a pass); or withdrawn, not registered, cancelled.
 *    It costs a handful of Temporal actions, and no timer fires in it until its window closes.
 */
import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { activityOptions } from '../activityOptions';
import { businessSteps } from '../searchAttributes';
import { reminderTimes } from '../rules/reminders';
import { examDays } from '../rules/examWaves';
import {
  examCampaignCancelledSignal,
  examJourneyQuery,
  examJourneyWorkflowId,
  examRegisteredSignal,
  examResultsPostedSignal,
  examWithdrawSignal,
  type ExamJourneyInput,
  type JourneyStatus,
} from './signals';

const {
  sendNotices,
  recordExamParticipant,
  decideExamOutcome,
  registerExamJourney,
  completeExamJourney,
} = proxyActivities<Activities>(activityOptions('2 minutes'));

/** How long a journey waits for results after the last exam day before it closes itself. */
const RESULTS_WAIT_MS = 200 * 86_400_000;

/** A person's journey; its search attributes mark invited, registered and how it ended. */
export async function examJourney(input: ExamJourneyInput): Promise<JourneyStatus> {
  const step = businessSteps(input.campaignId);
  step('invited');
  const ended = await journey(input, step);
  step(ended);
  return ended;
}

async function journey(
  input: ExamJourneyInput,
  step: (status: JourneyStatus) => void,
): Promise<JourneyStatus> {
  let status: JourneyStatus = 'invited';
  let remindersSent = 0;
  let registered = false;
  let withdrawn = false;
  /** Only in runs signalled before reasons moved to the database: the reason as signalled. */
  let reasonInHistory: string | undefined;
  let resultsPosted = false;
  let cancelled = false;
  let sprintClass: string | null | undefined;
  setHandler(examRegisteredSignal, () => void (registered = true));
  setHandler(examWithdrawSignal, ({ reason }) => {
    if (withdrawn) return;
    withdrawn = true;
    reasonInHistory = reason;
  });
  const legacyReason = () => (reasonInHistory !== undefined ? { reason: reasonInHistory } : {});
  setHandler(examResultsPostedSignal, () => void (resultsPosted = true));
  setHandler(examCampaignCancelledSignal, () => void (cancelled = true));
  setHandler(examJourneyQuery, () => ({
    status,
    remindersSent,
    ...(sprintClass !== undefined ? { sprintClass } : {}),
  }));

  if (input.waves) {
    const ids = { campaignId: input.campaignId, personId: input.personId };
    const ended = () => withdrawn || cancelled;
    const complete = async (outcome?: 'withdrawn' | 'cancelled'): Promise<JourneyStatus> =>
      (status = await completeExamJourney({
        ...ids,
        ...(outcome ? { outcome } : {}),
        ...(outcome === 'withdrawn' ? legacyReason() : {}),
        sprintClass: sprintClass ?? null,
      }));
    const waitFor = (at: number, done: () => boolean) =>
      condition(() => done() || ended(), Math.max(0, at - Date.now()));
    await waitFor(new Date(input.windowCloses).getTime(), () => registered);
    if (cancelled) return complete('cancelled');
    if (withdrawn) return complete('withdrawn');
    // Not registered when the window closed: the campaign closes registration for all at once.
    if (!registered) return (status = 'not_registered');
    status = 'registered';
    step(status);
    sprintClass = (await registerExamJourney(ids)).sprintClass;
    const last = examDays(input.examDates, input.timeZone).at(-1)?.getTime() ?? Date.now();
    await waitFor(last + RESULTS_WAIT_MS, () => resultsPosted);
    if (cancelled) return complete('cancelled');
    if (withdrawn) return complete('withdrawn');
    if (!resultsPosted) return status;
    return complete();
  }

  const id = examJourneyWorkflowId(input.campaignId, input.personId);
  const notify = (template: string, key = template) =>
    sendNotices({
      workflowId: id,
      template: `exam-${template}`,
      params: { campaignId: input.campaignId, personId: input.personId },
      keyPrefix: `${id}/${key}`,
      personIds: [input.personId],
    });
  const record = async (s: JourneyStatus): Promise<JourneyStatus> => {
    status = s;
    await recordExamParticipant({
      campaignId: input.campaignId,
      personId: input.personId,
      status: s,
      remindersSent,
      ...(s === 'withdrawn' ? legacyReason() : {}),
    });
    return s;
  };
  const until = (at: Date, done: () => boolean) =>
    condition(() => done() || withdrawn, Math.max(0, at.getTime() - Date.now()));
  const plan = (deadline: Date, offsets: string[]) =>
    reminderTimes(
      { deadline, offsets, quietHours: input.quietHours, timeZone: input.timeZone },
      new Date(),
    );

  await record('invited');
  await notify('invitation');
  const closes = new Date(input.windowCloses);
  for (const at of plan(closes, input.reminderOffsets)) {
    if (await until(at, () => registered)) break;
    remindersSent++;
    await notify('reminder', `reminder-${remindersSent}`);
  }
  await until(closes, () => registered);
  if (withdrawn) return record('withdrawn');
  if (!registered) return record('not_registered');
  await record('registered');
  step('registered');

  // One reminder per exam day (the first exam of each local calendar day), the day before.
  const days = examDays(input.examDates, input.timeZone);
  for (const [i, day] of days.entries()) {
    for (const at of plan(day, ['1d'])) {
      if (await until(at, () => resultsPosted)) break;
      await notify('day-before', `exam-day-${i + 1}`);
    }
  }
  if (withdrawn) return record('withdrawn');
  const last = days[days.length - 1] ?? new Date();
  if (!(await until(new Date(last.getTime() + RESULTS_WAIT_MS), () => resultsPosted))) {
    return withdrawn ? record('withdrawn') : status;
  }
  if (withdrawn) return record('withdrawn');
  const outcome = await decideExamOutcome({
    campaignId: input.campaignId,
    personId: input.personId,
    level: input.level,
    examYear: input.examYear,
  });
  status = outcome.passed ? 'passed' : 'failed';
  await notify(outcome.passed ? 'passed' : 'failed');
  return status;
}
