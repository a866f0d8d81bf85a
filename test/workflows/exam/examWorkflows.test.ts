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

/** The campaign's journey settings (its people's journey input without campaign and person). */
async function campaignJourney(campaignId: string) {
  const { level, examYear, windowCloses, examDates, reminderOffsets, timeZone, quietHours } =
    await journeyInput(campaignId, 'p-1');
  return { level, examYear, windowCloses, examDates, reminderOffsets, timeZone, quietHours };
}

it('a campaign paused sends no wave until resumed, and a cancel then ends it', async () => {
  const people = ['p-1', 'p-2', 'p-3'];
  const fake = fakeExamActivities(people);
  const journey = await campaignJourney('c-pause');
  const reminderAt = new Date(journey.windowCloses).getTime() - 3 * DAY;
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

it('streams the launch: the next page is invited while this page’s last batch is still out', async () => {
  const people = ['p-1', 'p-2', 'p-3', 'p-4', 'p-5'];
  const fake = fakeExamActivities(people);
  const journey = await campaignJourney('c-stream');
  const started = new Map<string, number>();
  const ended = new Map<string, number>();
  const activities = {
    ...fake.activities,
    // Pages by cursor (the index of the page's first person).
    async resolveAudiencePage(input: { cursor?: string; pageSize: number }) {
      await fake.activities.resolveAudiencePage(input as never);
      const from = Number(input.cursor ?? 0);
      const to = Math.min(people.length, from + input.pageSize);
      return {
        personIds: people.slice(from, to),
        nextCursor: to < people.length ? String(to) : undefined,
      };
    },
    // p-1's batch is slow: p-3 (the next page) must not wait for it.
    async sendExamWave(input: Parameters<typeof fake.activities.sendExamWave>[0]) {
      const id = input.personIds[0]!;
      if (input.wave === 'invitation') started.set(id, Date.now());
      await new Promise((r) => setTimeout(r, id === 'p-1' ? 1500 : 50));
      if (input.wave === 'invitation') ended.set(id, Date.now());
      return fake.activities.sendExamWave(input);
    },
  };
  await withWorker('exam-campaign-stream', activities, async () => {
    const h = await env.client.workflow.start<typeof examMobilization>('examMobilization', {
      taskQueue: 'exam-campaign-stream',
      workflowId: examCampaignWorkflowId('c-stream'),
      args: [
        {
          campaignId: 'c-stream',
          cohort: { unitIds: ['u-1'] },
          journey,
          pageSize: 2,
          batchSize: 1,
          parallelBatches: 2,
        },
      ],
    });
    await waitFor(async () => fake.named('refreshExamCampaign').length === 1);
    await h.signal(examCampaignCancelSignal);
    await h.result();
  });
  // Everyone invited once, each page recorded before its batches.
  expect(fake.named('recordExamInvitees').map((c) => c.input.personIds)).toEqual([
    ['p-1', 'p-2'],
    ['p-3', 'p-4'],
    ['p-5'],
  ]);
  expect([...started.keys()].sort()).toEqual(people);
  // p-3 and p-4 (page 2) went out while p-1 (page 1) was still being sent.
  expect(started.get('p-3')!).toBeLessThan(ended.get('p-1')!);
  expect(started.get('p-4')!).toBeLessThan(ended.get('p-1')!);
});
