/**
 * The talent census workflows (人才资源库普查) alone, on a time-skipping server with fake
 * activities: a unit that never reports gets the request and every reminder, is marked late at the
 * deadline and escalated to the coordinator; a unit that reports in time is not reminded again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { census } from '../../../workflows/census/census';
import {
  censusSubmittedSignal,
  censusUnitWorkflowId,
  censusWorkflowId,
  type CensusInput,
} from '../../../workflows/census/signals';
import type { NoticeBatch } from '../../../activities/notices/deliver';
import type { CensusUnitRecord } from '../../../activities/census/campaign';
import { createTimeSkippingEnv } from '../../harness/temporal';
import { recording, withFakeWorker } from '../../harness/fakeWorker';

const DAY = 24 * 3600_000;
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

function fakeActivities() {
  return recording({
    sendNotices: async (batch: NoticeBatch) => ({
      sent: batch.personIds.length,
      failed: 0,
      unconfirmed: 0,
    }),
    recordCensusUnit: async (_: CensusUnitRecord) => undefined,
    finishCensus: async () => ({ units: 1, reported: 0, late: 1, rows: 0 }),
  });
}

/** A census of one unit (u1, its contact contact-1) with reminders 3 days and 1 day before. */
function oneUnit(censusId: string, deadline: Date): CensusInput {
  return {
    censusId,
    units: [{ unitId: 'u1', contactId: 'contact-1' }],
    coordinatorId: 'coord-1',
    deadline: deadline.toISOString(),
    reminderOffsets: ['3d', '1d'],
    timeZone: 'Asia/Shanghai',
    quietHours: null,
  };
}

describe('census workflows', () => {
  it('a unit that never reports is reminded, marked late and escalated', async () => {
    const fake = fakeActivities();
    const deadline = new Date((await env.currentTimeMs()) + 10 * DAY);
    const result = await withFakeWorker(env, fake.activities, (taskQueue) =>
      env.client.workflow.execute<typeof census>('census', {
        taskQueue,
        workflowId: censusWorkflowId('silent'),
        args: [oneUnit('silent', deadline)],
      }),
    );
    expect(result).toMatchObject({ status: 'completed', units: 1, late: 1, reported: 0 });
    expect(result.byUnit).toEqual({ u1: 'late' });

    const notices = fake.calls
      .filter((c) => c.name === 'sendNotices')
      .map((c) => ({ ...(c.input as NoticeBatch), at: c.at }));
    expect(notices.map((n) => [n.template, n.personIds])).toEqual([
      ['census-request', ['contact-1']],
      ['census-reminder', ['contact-1']],
      ['census-reminder', ['contact-1']],
      ['census-escalation', ['coord-1']],
      ['census-report', ['coord-1']],
    ]);
    // The reminders go 3 days and 1 day before the deadline; the escalation at the deadline.
    expect(notices[1]!.at.getTime()).toBeGreaterThanOrEqual(deadline.getTime() - 3 * DAY);
    expect(notices[2]!.at.getTime()).toBeGreaterThanOrEqual(deadline.getTime() - DAY);
    expect(notices[3]!.at.getTime()).toBeGreaterThanOrEqual(deadline.getTime());

    const records = fake.calls.filter((c) => c.name === 'recordCensusUnit');
    expect(records.map((c) => (c.input as CensusUnitRecord).status)).toEqual(['late']);
    expect(fake.calls.filter((c) => c.name === 'finishCensus')).toHaveLength(1);
  });

  it('a unit that reports in time is recorded as reported and not escalated', async () => {
    const fake = fakeActivities();
    const deadline = new Date((await env.currentTimeMs()) + 10 * DAY);
    const result = await withFakeWorker(env, fake.activities, async (taskQueue) => {
      const handle = await env.client.workflow.start<typeof census>('census', {
        taskQueue,
        workflowId: censusWorkflowId('prompt'),
        args: [oneUnit('prompt', deadline)],
      });
      // The unit's workflow is a child: signal it once it has sent the request.
      for (let i = 0; !fake.calls.some((c) => c.name === 'sendNotices') && i < 200; i++)
        await new Promise((r) => setTimeout(r, 50));
      await env.client.workflow
        .getHandle(censusUnitWorkflowId('prompt', 'u1'))
        .signal(censusSubmittedSignal, { rows: 7, submittedBy: 'contact-1' });
      return handle.result();
    });
    expect(result).toMatchObject({ status: 'completed', reported: 1, late: 0 });
    const templates = fake.calls
      .filter((c) => c.name === 'sendNotices')
      .map((c) => (c.input as NoticeBatch).template);
    expect(templates).toEqual(['census-request', 'census-report']);
    const record = fake.calls.find((c) => c.name === 'recordCensusUnit')!.input as CensusUnitRecord;
    expect(record).toMatchObject({ status: 'reported', rows: 7, submittedBy: 'contact-1' });
  });
});
