/**
 * Ledgers that `credits start --all` starts on a start delay, on the run's Temporal dev server
 * (whose answer to a query before the first task differs from the time-skipping server's): asked
 * for, a ledger opens and answers in force; with no worker to open it, the answer is a clear
 * "unavailable" in bounded time, never a hang.
 */
import { afterAll, expect, it } from 'vitest';
import { ledger } from '../../client/operations/credits/ledger';
import { startAllLedgers } from '../../client/operations/credits/startAll';
import { startCeLedger } from '../../store/credits/ledger';
import { recordMirroredRegistrations } from '../../store/credits/registrations';
import { creditsWorkflowId } from '../../workflows/credits/signals';
import { DEFAULT_CE_RULES } from '../../workflows/rules/continuingEducation';
import { useTestSystem } from '../harness/system';

const sys = useTestSystem({ district: { streets: 1, unitsPerStreet: 1, people: 2 } });
// Person ids of this file only: ledger ids are per person, and test files share one namespace.
const run = Date.now().toString(36);
const ids = [`lo-${run}-1`, `lo-${run}-2`];

afterAll(async () => {
  for (const id of ids)
    await sys.stack?.client.workflow
      .getHandle(creditsWorkflowId(id))
      .terminate('test over')
      .catch(() => undefined);
});

async function registeredPeople(): Promise<string> {
  const { db } = sys.tdb;
  const p = await db.person.findFirstOrThrow();
  for (const id of ids) {
    await db.person.create({ data: { id, name: '测试', unitId: p.unitId, role: p.role } });
    await db.certificate.create({
      data: {
        personId: id,
        level: 'social_worker',
        obtainedOn: new Date('2025-01-01'),
        registeredOn: new Date('2025-01-01'),
      },
    });
  }
  await recordMirroredRegistrations(db, ids, {
    source: 'legacy',
    sourceRef: 'test',
    recordedBy: 'test',
  });
  return p.unitId;
}

it('a ledger started on its delay opens when asked for, and answers in force', async () => {
  const unitId = await registeredPeople();
  const ctx = sys.announcementCtx();
  const r = await startAllLedgers(ctx, { unitId });
  expect(r.started).toBeGreaterThanOrEqual(2);
  const h = ctx.temporal.workflow.getHandle(creditsWorkflowId(ids[0]!));
  const started = (await h.fetchHistory()).events!;
  // Only the start: no workflow task until its delay ends or it is asked for.
  expect(started).toHaveLength(1);
  expect(
    Number(started[0]!.workflowExecutionStartedEventAttributes!.firstWorkflowTaskBackoff!.seconds),
  ).toBeGreaterThan(86_400);
  const view = await ledger(ctx, ids[0]!);
  expect(view).toMatchObject({
    registration: 'in_force',
    level: 'social_worker',
    periodStart: '2025-01-01T00:00:00.000Z',
    periodEnd: '2028-01-01T00:00:00.000Z',
  });
  // Open now: a plain query answers.
  expect(await h.query<object>('ledger')).toMatchObject({ registration: 'in_force' });
}, 120_000);

it('with no worker to open it, asking answers unavailable in bounded time', async () => {
  const ctx = sys.announcementCtx();
  const id = ids[1]!;
  await ctx.temporal.workflow.getHandle(creditsWorkflowId(id)).terminate('moved');
  await startCeLedger(
    { client: ctx.temporal, taskQueue: `no-worker-${run}` },
    {
      personId: id,
      level: 'social_worker',
      registeredOn: new Date('2025-01-01'),
      timeZone: 'Asia/Shanghai',
      quietHours: null,
      startDelayMs: 30 * 86_400_000,
      rules: DEFAULT_CE_RULES,
    },
  );
  const t0 = Date.now();
  await expect(ledger(ctx, id, { openWaitMs: 2000 })).rejects.toThrow(
    new RegExp(`${id} 的学时台账 2 秒内未应答.*did not answer in 2 s`),
  );
  expect(Date.now() - t0).toBeLessThan(15_000);
}, 60_000);
