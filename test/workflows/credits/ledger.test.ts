/**
 * The CE ledger workflow (继续教育学时台账) alone, on the time-skipping server, with fake
 * activities that record their calls: credits posted are counted once, a deadline reminder goes
 * to a person behind, and the period closes compliant or not with the matching template.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { credits } from '../../../workflows/credits/credits';
import {
  creditPostedSignal,
  creditsWorkflowId,
  ledgerQuery,
  type CreditsInput,
} from '../../../workflows/credits/signals';
import type { CePeriodRecord, CeOutcome } from '../../../activities/credits/ledger';
import type { NoticeBatch } from '../../../activities/notices/deliver';
import { workflowBundle } from '../../harness/stack';
import { createTimeSkippingEnv, skipTo } from '../../harness/temporal';
import { testDataConverter } from '../../harness/payloadKeys';

const DAY = 86_400_000;

/** Plain async functions standing in for the ledger's activities; each call is kept. */
function fakeActivities() {
  const notices: NoticeBatch[] = [];
  const closes: { record: CePeriodRecord; template: string }[] = [];
  const outcomeOf = (r: CePeriodRecord): CeOutcome =>
    r.earnedTenths >= r.requiredTenths ? 'compliant' : 'not_compliant';
  return {
    notices,
    closes,
    activities: {
      periodCredits: async () => [],
      sendNotices: async (b: NoticeBatch) => {
        notices.push(b);
        return { sent: b.personIds.length, alreadySent: 0, failed: 0, unconfirmed: 0 };
      },
      recordCePeriod: async (r: CePeriodRecord) => outcomeOf(r),
      closeCePeriod: async (input: {
        record: CePeriodRecord;
        notice: Omit<NoticeBatch, 'template'>;
        templates: Record<CeOutcome, string>;
      }) => {
        const outcome = outcomeOf(input.record);
        closes.push({ record: input.record, template: input.templates[outcome] });
        return outcome;
      },
      reviewCreditClaim: async () => ({ status: 'rejected' as const }),
    },
  };
}

describe('credits ledger workflow (fake activities)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  }, 180_000);
  afterAll(async () => {
    await env?.teardown();
  });

  /** Runs one ledger whose period ends in 20 days until just after that end. */
  async function runPeriod(post: { sourceKey: string; hoursTenths: number }[]) {
    const fake = fakeActivities();
    const taskQueue = `credits-${randomUUID()}`;
    const worker = await Worker.create({
      dataConverter: testDataConverter,
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: fake.activities,
    });
    const now = await env.currentTimeMs();
    // Registered three years (one period) minus 20 days ago: the period ends in 20 days.
    const registeredOn = new Date(now + 20 * DAY);
    registeredOn.setUTCFullYear(registeredOn.getUTCFullYear() - 3);
    const personId = `p-${randomUUID().slice(0, 8)}`;
    const input: CreditsInput = {
      personId,
      level: 'social_worker',
      registeredOn: registeredOn.toISOString(),
      quietHours: null,
      timeZone: 'Asia/Shanghai',
    };
    return worker.runUntil(async () => {
      const handle = await env.client.workflow.start<typeof credits>('credits', {
        taskQueue,
        workflowId: creditsWorkflowId(personId),
        args: [input],
      });
      for (const p of post) await handle.signal(creditPostedSignal, p);
      const view = await handle.query(ledgerQuery);
      await skipTo(env, registeredOn.getTime() + 3 * 366 * DAY);
      await handle.terminate('the test has seen one period');
      return { ...fake, view, personId };
    });
  }

  it('counts a credit once and closes the period compliant, with no deadline reminder', async () => {
    const credit = { sourceKey: 'course/s1/x', hoursTenths: 900 };
    const r = await runPeriod([credit, credit]);
    expect(r.view.earnedTenths).toBe(900);
    expect(r.view.credits).toEqual([credit]);
    expect(r.closes).toHaveLength(1);
    expect(r.closes[0]!.record).toMatchObject({ personId: r.personId, earnedTenths: 900 });
    expect(r.closes[0]!.template).toBe('ce-period-compliant');
    expect(r.notices.map((n) => n.template)).not.toContain('ce-deadline');
  }, 180_000);

  it('reminds a person behind before the deadline and closes not compliant', async () => {
    const r = await runPeriod([{ sourceKey: 'claim/1', hoursTenths: 100 }]);
    expect(r.view.earnedTenths).toBe(100);
    const deadline = r.notices.filter((n) => n.template === 'ce-deadline');
    expect(deadline.length).toBeGreaterThan(0);
    expect(deadline[0]!.personIds).toEqual([r.personId]);
    expect(r.closes).toHaveLength(1);
    expect(r.closes[0]!.record).toMatchObject({ earnedTenths: 100, requiredTenths: 900 });
    expect(r.closes[0]!.template).toBe('ce-period-not-compliant');
  }, 180_000);
});
