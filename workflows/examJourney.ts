/**
 * One person's journey in an exam mobilization campaign (报考动员): invitation → reminders until
 * registered or the registration window closes (none after registering) → registration recorded
 * → a reminder the day before each exam day → results → pass (certificate recorded, reward
 * application created) or fail (passed subjects carry over). Withdrawal ends it at any step.
 * The history carries ids only.
 */
import {
  condition,
  defineQuery,
  defineSignal,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { ExamLevel } from './rules/examRules';
import type { QuietHours } from './rules/quietHours';
import { reminderTimes } from './rules/reminders';
import { formatLocal } from './rules/zonedTime';

export interface ExamJourneyInput {
  campaignId: string;
  personId: string;
  level: ExamLevel;
  examYear: number;
  /** ISO instants. */
  windowCloses: string;
  examDates: string[];
  reminderOffsets: string[];
  timeZone: string;
  quietHours: QuietHours | null;
}

export type JourneyStatus =
  | 'invited'
  | 'registered'
  | 'passed'
  | 'failed'
  | 'withdrawn'
  | 'not_registered';

export const examRegisteredSignal = defineSignal<[{ by: string }]>('examRegistered');
export const examWithdrawSignal = defineSignal<[{ reason: string }]>('examWithdraw');
export const examResultsPostedSignal = defineSignal('examResultsPosted');
export const examJourneyQuery = defineQuery<{ status: JourneyStatus; remindersSent: number }>(
  'examJourney',
);

export function examJourneyWorkflowId(campaignId: string, personId: string): string {
  return `exam-mobilization/${campaignId}/${personId}`;
}

const { sendNotices, recordExamParticipant, decideExamOutcome } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** How long a journey waits for results after the last exam day before it closes itself. */
const RESULTS_WAIT_MS = 200 * 86_400_000;

export async function examJourney(input: ExamJourneyInput): Promise<JourneyStatus> {
  let status: JourneyStatus = 'invited';
  let remindersSent = 0;
  let registered = false;
  let withdrawn: string | undefined;
  let resultsPosted = false;
  setHandler(examRegisteredSignal, () => void (registered = true));
  setHandler(examWithdrawSignal, ({ reason }) => void (withdrawn ??= reason));
  setHandler(examResultsPostedSignal, () => void (resultsPosted = true));
  setHandler(examJourneyQuery, () => ({ status, remindersSent }));

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
      ...(s === 'withdrawn' ? { reason: withdrawn } : {}),
    });
    return s;
  };
  const until = (at: Date, done: () => boolean) =>
    condition(() => done() || withdrawn !== undefined, Math.max(0, at.getTime() - Date.now()));
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
  if (withdrawn !== undefined) return record('withdrawn');
  if (!registered) return record('not_registered');
  await record('registered');

  // One reminder per exam day (the first exam of each local calendar day), the day before.
  const examDays = [...input.examDates]
    .map((d) => new Date(d))
    .sort((a, b) => +a - +b)
    .filter(
      (d, i, all) =>
        i === 0 ||
        formatLocal(d, input.timeZone).slice(0, 10) !==
          formatLocal(all[i - 1]!, input.timeZone).slice(0, 10),
    );
  for (const [i, day] of examDays.entries()) {
    for (const at of plan(day, ['1d'])) {
      if (await until(at, () => resultsPosted)) break;
      await notify('day-before', `exam-day-${i + 1}`);
    }
  }
  if (withdrawn !== undefined) return record('withdrawn');
  const last = examDays[examDays.length - 1] ?? new Date();
  if (!(await until(new Date(last.getTime() + RESULTS_WAIT_MS), () => resultsPosted))) {
    return withdrawn !== undefined ? record('withdrawn') : status;
  }
  if (withdrawn !== undefined) return record('withdrawn');
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
