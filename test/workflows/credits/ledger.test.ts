/**
 * The CE ledger workflow (继续教育学时台账) alone, on the time-skipping server, with fake
 * activities that record their calls: credits posted are counted once, a deadline reminder goes
 * to a person behind, and the period closes compliant (the renewal recorded, the next period
 * begun) or not (the next run waits for a registration) with the matching template. Without a
 * registration the ledger waits and sends nothing.
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
  registrationRecordedSignal,
  type CreditsInput,
} from '../../../workflows/credits/signals';
import type { CePeriodRecord, CeOutcome } from '../../../activities/credits/ledger';
import type { NoticeBatch } from '../../../activities/notices/deliver';
import { workflowBundle } from '../../harness/stack';
import { createTimeSkippingEnv, skipTo } from '../../harness/temporal';
import { testDataConverter } from '../../harness/payloadKeys';
import { recordHistory } from '../../harness/histories';

/** Polls until `ok` (a signal's effect is seen by the next query once the worker took it). */
async function waitUntil(ok: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100 && !(await ok()); i++) await new Promise((r) => setTimeout(r, 100));
}

const DAY = 86_400_000;

interface Registration {
  level: string;
  registeredOn: string;
  expiresOn: string;
}

/**
 * Plain async functions standing in for the ledger's activities; each call is kept. The
 * registrations on record are a list the test (and a renewal at a compliant close) adds to.
 */
function fakeActivities(registrations: Registration[] = []) {
  const notices: NoticeBatch[] = [];
  const closes: {
    record: CePeriodRecord;
    template: string;
    renewal?: { registeredOn: string; expiresOn: string };
  }[] = [];
  const registrationOn = (on: string) =>
    registrations.find((r) => r.registeredOn <= on && on < r.expiresOn) ??
    registrations.find((r) => r.registeredOn > on) ??
    null;
  const outcomeOf = (r: CePeriodRecord): CeOutcome =>
    r.earnedTenths >= r.requiredTenths ? 'compliant' : 'not_compliant';
  return {
    notices,
    closes,
    registrations,
    activities: {
      ledgerRegistration: async ({ on }: { personId: string; on: string }) => registrationOn(on),
      ledgerOpening: async ({ on }: { personId: string; on: string }) => {
        const registration = registrationOn(on);
        return registration && registration.registeredOn <= on
          ? { registration, credits: [] }
          : { registration };
      },
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
        renewal?: { registeredOn: string; expiresOn: string };
      }) => {
        const outcome = outcomeOf(input.record);
        closes.push({
          record: input.record,
          template: input.templates[outcome],
          ...(input.renewal ? { renewal: input.renewal } : {}),
        });
        if (outcome === 'compliant' && input.renewal)
          registrations.push({ level: input.record.level, ...input.renewal });
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

  /** A worker with fake activities on its own task queue, and a new person. */
  async function fakeWorker(registrations: Registration[] = []) {
    const fake = fakeActivities(registrations);
    const taskQueue = `credits-${randomUUID()}`;
    const worker = await Worker.create({
      dataConverter: testDataConverter,
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: fake.activities,
    });
    const personId = `p-${randomUUID().slice(0, 8)}`;
    const input: CreditsInput = {
      personId,
      level: 'social_worker',
      registeredOn: new Date(await env.currentTimeMs()).toISOString(),
      quietHours: null,
      timeZone: 'Asia/Shanghai',
    };
    const start = () =>
      env.client.workflow.start<typeof credits>('credits', {
        taskQueue,
        workflowId: creditsWorkflowId(personId),
        args: [input],
      });
    return { fake, worker, personId, start };
  }

  /** Runs one ledger whose registration's period ends in 20 days until just after that end. */
  async function runPeriod(post: { sourceKey: string; hoursTenths: number }[]) {
    const now = await env.currentTimeMs();
    // Registered three years (one period) minus 20 days ago: the period ends in 20 days.
    const registeredOn = new Date(now + 20 * DAY);
    registeredOn.setUTCFullYear(registeredOn.getUTCFullYear() - 3);
    const expiresOn = new Date(now + 20 * DAY);
    const { fake, worker, personId, start } = await fakeWorker([
      {
        level: 'social_worker',
        registeredOn: registeredOn.toISOString(),
        expiresOn: expiresOn.toISOString(),
      },
    ]);
    return worker.runUntil(async () => {
      const handle = await start();
      const { runId } = await handle.describe();
      // Posted once the period is known (before, the records are read instead).
      await waitUntil(async () => (await handle.query(ledgerQuery)).registration === 'in_force');
      for (const p of post) await handle.signal(creditPostedSignal, p);
      const view = await handle.query(ledgerQuery);
      await skipTo(env, expiresOn.getTime() + 2 * DAY);
      const next = await handle.query(ledgerQuery);
      await handle.terminate('the test has seen one period');
      const first = env.client.workflow.getHandle(handle.workflowId, runId);
      return { ...fake, view, next, personId, first, expiresOn };
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
    // The renewal is recorded at the close, and the next period runs from it.
    const renewedOn = r.expiresOn.toISOString();
    expect(r.closes[0]!.renewal?.registeredOn).toBe(renewedOn);
    expect(r.next).toMatchObject({ registration: 'in_force', periodStart: renewedOn });
    expect(r.next.earnedTenths).toBe(0);
    await recordHistory('credits-registration-renewed', r.first);
    // Search attributes (patch search-attributes-status): in_period to period_closed.
    await recordHistory('search-attributes-credits-period-closed', r.first);
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
    // No renewal: the next run waits for a registration, sending nothing.
    expect(r.registrations).toHaveLength(1);
    expect(r.next).toMatchObject({ registration: 'awaiting', standing: 'awaiting_registration' });
    await recordHistory('credits-ledger-opening', r.first);
  }, 180_000);

  it('waits, sending nothing, until a registration is recorded; then counts from it', async () => {
    const { fake, worker, start } = await fakeWorker();
    await worker.runUntil(async () => {
      const handle = await start();
      await handle.signal(creditPostedSignal, { sourceKey: 'course/s0/x', hoursTenths: 40 });
      // A year and a half with no registration: no pace warning, no deadline, no outcome.
      await skipTo(env, (await env.currentTimeMs()) + 550 * DAY);
      expect(await handle.query(ledgerQuery)).toMatchObject({
        registration: 'awaiting',
        earnedTenths: 0,
      });
      expect(fake.notices).toEqual([]);
      expect(fake.closes).toEqual([]);
      // The coordinator records the registration (from today, three years).
      const on = new Date(await env.currentTimeMs());
      const registeredOn = new Date(
        Date.UTC(on.getUTCFullYear(), on.getUTCMonth(), on.getUTCDate()),
      );
      const expiresOn = new Date(registeredOn);
      expiresOn.setUTCFullYear(expiresOn.getUTCFullYear() + 3);
      fake.registrations.push({
        level: 'assistant_social_worker',
        registeredOn: registeredOn.toISOString(),
        expiresOn: expiresOn.toISOString(),
      });
      await handle.signal(registrationRecordedSignal);
      await waitUntil(async () => (await handle.query(ledgerQuery)).registration === 'in_force');
      expect(await handle.query(ledgerQuery)).toMatchObject({
        level: 'assistant_social_worker',
        periodStart: registeredOn.toISOString(),
        periodEnd: expiresOn.toISOString(),
        requiredTenths: 720,
        standing: 'on_track',
      });
      await recordHistory('credits-registration-awaited', handle);
      await recordHistory('search-attributes-credits-awaiting-registration', handle);
      await handle.terminate('the test has seen the wait');
    });
  }, 180_000);
});
