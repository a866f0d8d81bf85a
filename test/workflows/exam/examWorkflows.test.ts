/**
 * The exam workflows alone, fast: each runs on the time-skipping test server against fake
 * activities (fakeActivities.ts) that record their calls, so the test reads which steps and
 * notices the workflow asked for, in order, without a database or a mail server.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createTimeSkippingEnv, skipTo } from '../../harness/temporal';
import { workflowBundle } from '../../harness/stack';
import { waitFor } from '../../harness/waitFor';
import type { examJourney } from '../../../workflows/exam/examJourney';
import type { examMobilization } from '../../../workflows/exam/examMobilization';
import {
  examCampaignPauseSignal,
  examCampaignProgressQuery,
  examCampaignResumeSignal,
  examCampaignCancelSignal,
  examCampaignWorkflowId,
  examJourneyWorkflowId,
  examRegisteredSignal,
  examResultsPostedSignal,
  type ExamJourneyInput,
} from '../../../workflows/exam/signals';
import { fakeExamActivities } from './fakeActivities';
import { testDataConverter } from '../../harness/payloadKeys';

const DAY = 86_400_000;
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
}, 180_000);

afterAll(async () => {
  await env?.teardown();
});

/** Runs `body` with a worker whose activities are `activities`, on a queue of its own. */
async function withWorker<T>(
  taskQueue: string,
  activities: object,
  body: () => Promise<T>,
): Promise<T> {
  const worker = await Worker.create({
    dataConverter: testDataConverter,
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities,
  });
  return worker.runUntil(body());
}

/** The journey input of a campaign whose window closes in 10 days, with an exam in 20. */
async function journeyInput(campaignId: string, personId: string): Promise<ExamJourneyInput> {
  const now = await env.currentTimeMs();
  return {
    campaignId,
    personId,
    level: 'assistant_social_worker',
    examYear: 2026,
    windowCloses: new Date(now + 10 * DAY).toISOString(),
    examDates: [new Date(now + 20 * DAY).toISOString()],
    reminderOffsets: ['3d'],
    timeZone: 'Asia/Shanghai',
    quietHours: null,
  };
}

it('a v1 journey invited → registered → passed sends invitation, exam-day reminder, pass', async () => {
  const fake = fakeExamActivities(['p-1'], true);
  const input = await journeyInput('c-journey', 'p-1');
  const status = await withWorker('exam-journey-unit', fake.activities, async () => {
    const h = await env.client.workflow.start<typeof examJourney>('examJourney', {
      taskQueue: 'exam-journey-unit',
      workflowId: examJourneyWorkflowId('c-journey', 'p-1'),
      args: [input],
    });
    await waitFor(async () => fake.named('sendNotices').length === 1);
    await h.signal(examRegisteredSignal, { by: 'coordinator' });
    await waitFor(async () => fake.named('recordExamParticipant').length === 2);
    // Past the exam day: its day-before reminder has gone; then the results come.
    await skipTo(env, new Date(input.examDates[0]!).getTime() + DAY, 2 * DAY);
    await waitFor(async () => fake.named('sendNotices').length === 2);
    await h.signal(examResultsPostedSignal);
    return h.result();
  });
  expect(status).toBe('passed');
  expect(fake.calls.map((c) => c.name)).toEqual([
    'recordExamParticipant',
    'sendNotices',
    'recordExamParticipant',
    'sendNotices',
    'decideExamOutcome',
    'sendNotices',
  ]);
  expect(fake.named('recordExamParticipant').map((c) => c.input.status)).toEqual([
    'invited',
    'registered',
  ]);
  // Registered before the reminder fell due: no registration reminder, only these notices.
  expect(fake.named('sendNotices').map((c) => c.input.template)).toEqual([
    'exam-invitation',
    'exam-day-before',
    'exam-passed',
  ]);
  expect(fake.named('decideExamOutcome')[0]!.input).toMatchObject({
    campaignId: 'c-journey',
    personId: 'p-1',
    level: 'assistant_social_worker',
  });
});

it('a campaign paused sends no wave until resumed, and a cancel then ends it', async () => {
  const people = ['p-1', 'p-2', 'p-3'];
  const fake = fakeExamActivities(people);
  const { level, examYear, windowCloses, examDates, reminderOffsets, timeZone, quietHours } =
    await journeyInput('c-pause', 'p-1');
  const journey = {
    level,
    examYear,
    windowCloses,
    examDates,
    reminderOffsets,
    timeZone,
    quietHours,
  };
  const reminderAt = new Date(windowCloses).getTime() - 3 * DAY;
  const result = await withWorker('exam-campaign-unit', fake.activities, async () => {
    const h = await env.client.workflow.start<typeof examMobilization>('examMobilization', {
      taskQueue: 'exam-campaign-unit',
      workflowId: examCampaignWorkflowId('c-pause'),
      args: [{ campaignId: 'c-pause', cohort: { unitIds: ['u-1'] }, journey }],
    });
    // Launched: everyone invited, journeys started, the KPIs refreshed.
    await waitFor(async () => fake.named('refreshExamCampaign').length === 1);
    await h.signal(examCampaignPauseSignal);
    await waitFor(async () => (await h.query(examCampaignProgressQuery)).status === 'paused');
    // The registration reminder falls due while paused: nothing is queued or sent.
    await skipTo(env, reminderAt + DAY, 2 * DAY);
    expect(fake.named('queueExamWave')).toEqual([]);
    const waveSends = () => fake.named('sendExamWave').filter((c) => c.input.wave !== 'invitation');
    expect(waveSends()).toEqual([]);
    await h.signal(examCampaignResumeSignal);
    await waitFor(async () => fake.named('finishExamWave').length === 1);
    expect(fake.named('queueExamWave').map((c) => c.input.wave)).toEqual(['reminder-1']);
    expect(waveSends().map((c) => c.input.personIds)).toEqual([people]);
    await h.signal(examCampaignCancelSignal);
    return h.result();
  });
  expect(result).toEqual({ launched: 3, status: 'cancelled' });
  expect(fake.named('sendExamWave')[0]!.input).toMatchObject({
    wave: 'invitation',
    personIds: people,
  });
  expect(fake.named('closeExamParticipants').at(-1)!.input).toMatchObject({
    to: 'cancelled',
    from: ['invited', 'registered'],
  });
  expect(fake.named('tellExamJourneys').at(-1)!.input).toMatchObject({ what: 'cancelled' });
  expect(fake.named('recordExamCampaignStatus').at(-1)!.input).toEqual({
    campaignId: 'c-pause',
    status: 'cancelled',
  });
});
