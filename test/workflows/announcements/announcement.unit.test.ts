/**
 * The announcement workflow (通知) alone, on a time-skipping server with fake activities: it pages
 * its audience and sends each page once, and quiet hours hold a send until they end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { announcement } from '../../../workflows/announcements/announcement';
import {
  announcementWorkflowId,
  type AnnouncementInput,
} from '../../../workflows/announcements/signals';
import { DEFAULT_QUIET_HOURS } from '../../../workflows/rules/quietHours';
import { localParts, zonedInstant } from '../../../workflows/rules/zonedTime';
import type { NoticeBatch } from '../../../activities/notices/deliver';
import { createTimeSkippingEnv } from '../../harness/temporal';
import { recording, withFakeWorker } from '../../harness/fakeWorker';

const SH = 'Asia/Shanghai';
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

/** An audience of `pages` pages of `perPage` people each: p0-0, p0-1, … p1-0 … */
function fakeActivities(pages: number, perPage: number) {
  return recording({
    countAudience: async () => pages * perPage,
    resolveAudiencePage: async (input: { cursor?: string }) => {
      const page = Number(input.cursor ?? 0);
      return {
        personIds: Array.from({ length: perPage }, (_, i) => `p${page}-${i}`),
        nextCursor: page + 1 < pages ? String(page + 1) : undefined,
      };
    },
    sendNotices: async (batch: NoticeBatch) => ({
      sent: batch.personIds.length,
      failed: 0,
      unconfirmed: 0,
    }),
    recordAnnouncementStatus: async () => ({ recipientCount: 0, sentCount: 0, failedCount: 0 }),
  });
}

function run(activities: object, input: Omit<AnnouncementInput, 'timeZone'>) {
  return withFakeWorker(env, activities, (taskQueue) =>
    env.client.workflow.execute<typeof announcement>('announcement', {
      taskQueue,
      workflowId: announcementWorkflowId(input.announcementId),
      args: [{ timeZone: SH, ...input }],
    }),
  );
}

describe('announcement workflow', () => {
  it('pages its audience and sends each page once, in batches', async () => {
    const fake = fakeActivities(3, 5);
    const result = await run(fake.activities, {
      announcementId: 'paged',
      audience: { unitIds: ['u1'] },
      quietHours: null,
      pageSize: 5,
      batchSize: 2,
    });
    expect(result).toMatchObject({ status: 'completed', recipients: 15, sent: 15, failed: 0 });

    const pages = fake.calls.filter((c) => c.name === 'resolveAudiencePage');
    expect(pages.map((c) => (c.input as { cursor?: string }).cursor)).toEqual([
      undefined,
      '1',
      '2',
    ]);
    const batches = fake.calls
      .filter((c) => c.name === 'sendNotices')
      .map((c) => c.input as NoticeBatch);
    const sentTo = batches.flatMap((b) => b.personIds);
    expect(sentTo).toHaveLength(15);
    expect(new Set(sentTo).size).toBe(15); // nobody twice
    expect(Math.max(...batches.map((b) => b.personIds.length))).toBe(2);
    expect(batches.every((b) => b.template === 'announcement')).toBe(true);
    expect(batches[0]!.keyPrefix).toBe('announcement/paged');

    const statuses = fake.calls
      .filter((c) => c.name === 'recordAnnouncementStatus')
      .map((c) => (c.input as { status: string }).status);
    expect(statuses).toEqual(['sending', 'completed']);
  });

  it('holds a send due in quiet hours until they end (22:30 → 08:00)', async () => {
    const now = new Date(await env.currentTimeMs());
    const p = localParts(now, SH);
    let due = zonedInstant({ ...p, hour: 22, minute: 30, second: 0 }, SH);
    if (due.getTime() <= now.getTime()) due = new Date(due.getTime() + 24 * 3600_000);
    const morning = zonedInstant({ ...localParts(due, SH), hour: 8, minute: 0, second: 0 }, SH);
    const eight = new Date(morning.getTime() + 24 * 3600_000); // the next day's 08:00

    const fake = fakeActivities(1, 3);
    const result = await run(fake.activities, {
      announcementId: 'late-evening',
      audience: { unitIds: ['u1'] },
      sendAt: due.toISOString(),
      quietHours: DEFAULT_QUIET_HOURS,
    });
    expect(result).toMatchObject({ status: 'completed', sent: 3 });

    const counted = fake.calls.find((c) => c.name === 'countAudience')!;
    expect(counted.at.getTime()).toBeGreaterThanOrEqual(due.getTime());
    const sends = fake.calls.filter((c) => c.name === 'sendNotices');
    expect(sends).toHaveLength(1);
    expect(sends[0]!.at.getTime()).toBeGreaterThanOrEqual(eight.getTime());
    expect(sends[0]!.at.getTime()).toBeLessThan(eight.getTime() + 3600_000);
  });
});
