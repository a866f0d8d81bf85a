/**
 * CE ledgers for registered people, end to end on the time-skipping server with the real worker,
 * database and mail sink:
 * - one person passes the exam (the certificate is recorded, no ledger yet: no notices), a
 *   coordinator records the registration (the ledger starts from it), a course completion is
 *   credited, the period closes compliant, the renewal is recorded and the next period runs;
 * - another comes in from a roster with 登记有效期至 only, and `credits start --all` starts the
 *   ledger over the period the roster gives;
 * - `person show` tells the first one's registrations, ledger and timeline.
 */
import { expect, it } from 'vitest';
import { temporal as proto } from '@temporalio/proto';
import { ledger } from '../../client/operations/credits/ledger';
import { registerCertificate } from '../../client/operations/credits/registrations';
import { startAllLedgers } from '../../client/operations/credits/startAll';
import { showPersonProfile } from '../../client/operations/registry/personProfile';
import { completeExamJourney } from '../../activities/exam/outcomes';
import { personProfile } from '../../store/people/profile';
import { creditPostedSignal, creditsWorkflowId } from '../../workflows/credits/signals';
import { ledgerOpensAt } from '../../workflows/rules/ledgerOpening';
import { commitRoster } from '../harness/roster';
import { useTestSystem } from '../harness/system';
import { createTimeSkippingEnv } from '../harness/temporal';

const sys = useTestSystem({
  district: { streets: 1, unitsPerStreet: 1, people: 5 },
  env: createTimeSkippingEnv,
});

const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

it('a roster with 登记有效期至 only: credits start --all follows the period it gives', async () => {
  const env = sys.env!;
  const { db } = sys.tdb;
  const ctx = sys.announcementCtx({ temporal: env.client });
  await commitRoster(db, env, [
    '姓名,身份证号,手机号码,所属街镇,所在单位,岗位,证书等级,取证时间,登记有效期至,累计培训学时',
    '陈晓明,310115198503120020,13812340001,花木街道,联洋居民区,社区工作者,社会工作师,2019年3月5日,2027年6月30日,12',
  ]);
  const person = await db.person.findFirstOrThrow({ where: { name: '陈晓明' } });
  expect(
    await db.certificateRegistration.findMany({
      where: { personId: person.id },
      select: { source: true, sourceRef: true, registeredOn: true, expiresOn: true },
    }),
  ).toEqual([
    {
      source: 'roster',
      sourceRef: '花木名册.csv',
      // The roster reads 有效期至 as the last day in force: the period ends the day after, and
      // began three years before that.
      registeredOn: new Date('2024-07-01T00:00:00Z'),
      expiresOn: new Date('2027-07-01T00:00:00Z'),
    },
  ]);
  const all = await startAllLedgers(ctx, { unitId: person.unitId });
  expect(all).toEqual({ registered: 1, started: 1, running: 0, noHours: [] });
  expect(await startAllLedgers(ctx, { unitId: person.unitId })).toEqual({
    registered: 1,
    started: 0,
    running: 1,
    noHours: [],
  });
  // Started on a start delay until the day before its first checkpoint: nothing has run yet.
  const handle = env.client.workflow.getHandle(creditsWorkflowId(person.id));
  const before = (await handle.fetchHistory()).events!;
  expect(before.map((e) => e.eventType)).toEqual([
    proto.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
  ]);
  const opensAt = ledgerOpensAt({
    personId: person.id,
    registration: { registeredOn: new Date('2024-07-01'), expiresOn: new Date('2027-07-01') },
    now: new Date(),
    quietHours: null,
    timeZone: 'Asia/Shanghai',
  });
  const delayS = Number(
    before[0]!.workflowExecutionStartedEventAttributes!.firstWorkflowTaskBackoff!.seconds,
  );
  expect(Math.abs(Date.now() + delayS * 1000 - opensAt.getTime())).toBeLessThan(120_000);
  expect(opensAt.getTime() - Date.now()).toBeGreaterThan(30 * 86_400_000);
  // Asking for the ledger opens it: it reads the registration and the records' credits.
  await expect.poll(async () => (await ledger(ctx, person.id)).registration).toBe('in_force');
  expect(await ledger(ctx, person.id)).toMatchObject({
    level: 'social_worker',
    periodStart: '2024-07-01T00:00:00.000Z',
    periodEnd: '2027-07-01T00:00:00.000Z',
    requiredTenths: 900,
    // The opening balance the roster recorded, read with the registration when the ledger began.
    earnedTenths: 120,
  });
  // A coordinator writing the same 有效期至 means the same last day: the roster's registration.
  const same = await registerCertificate(ctx, {
    personId: person.id,
    expires: '2027-06-30',
    recordedBy: 'coordinator-li',
  });
  expect(same.registration).toMatchObject({ created: false, source: 'roster' });
  // And the person's timeline shows that last day.
  const { timeline } = await personProfile(db, person.id);
  expect(timeline.map((e) => e.what)).toContain(
    '证书登记 / registration (roster) until 2027-06-30',
  );
}, 300_000);

// After the roster's test: this one moves the server's clock three years on.
it('exam pass → registration → course credit → compliant → renewed', async () => {
  const env = sys.env!;
  const { db } = sys.tdb;
  const ctx = sys.announcementCtx({ temporal: env.client, now: () => new Date(nowMs) });
  let nowMs = await env.currentTimeMs();
  const personId = 'p-000004';
  await db.certificate.deleteMany({ where: { personId } });
  // The exam pass, as the results import leaves it: the participant passed, the certificate on
  // record (obtained today). The journey's end starts no ledger: nothing is registered.
  await db.examCampaign.create({
    data: {
      id: 'ce-2026',
      name: 'x',
      examYear: 2026,
      definition: JSON.stringify({ timeZone: 'Asia/Shanghai', reminders: { quietHours: null } }),
      status: 'running',
      workflowId: 'exam-mobilization/ce-2026',
      createdBy: 't',
    },
  });
  await db.examParticipant.create({
    data: { campaignId: 'ce-2026', personId, level: 'assistant_social_worker', status: 'passed' },
  });
  await db.certificate.create({
    data: { personId, level: 'assistant_social_worker', obtainedOn: new Date(dayOf(nowMs)) },
  });
  const temporal = { client: env.client, taskQueue: sys.stack.taskQueue };
  expect(await completeExamJourney({ db, temporal }, { campaignId: 'ce-2026', personId })).toBe(
    'passed',
  );
  await expect(ledger(ctx, personId)).rejects.toThrow('has no ledger');

  // Ten days on, the coordinator records the registration: the ledger starts from it.
  await env.sleep('10 days');
  nowMs = await env.currentTimeMs();
  const on = dayOf(nowMs);
  const r = await registerCertificate(ctx, { personId, on, recordedBy: 'coordinator-li' });
  expect(r).toMatchObject({ workflowId: creditsWorkflowId(personId) });
  expect(r.registration).toMatchObject({ source: 'coordinator', created: true });
  await expect.poll(async () => (await ledger(ctx, personId)).registration).toBe('in_force');
  const first = await ledger(ctx, personId);
  expect(first).toMatchObject({
    level: 'assistant_social_worker',
    periodStart: `${on}T00:00:00.000Z`,
    requiredTenths: 720,
  });

  // A course completion is credited (recorded as the course workflow does, then posted).
  const sourceKey = `course/ce-course/${personId}`;
  await db.trainingRecord.create({
    data: { sourceKey, personId, hoursTenths: 720, source: 'course', recordedBy: 'course' },
  });
  await env.client.workflow
    .getHandle(creditsWorkflowId(personId))
    .signal(creditPostedSignal, { sourceKey, hoursTenths: 720 });
  await expect.poll(async () => (await ledger(ctx, personId)).standing).toBe('compliant');

  // The period's end: compliant, renewal recorded, the next period runs from it.
  const end = Date.parse(first.periodEnd);
  await env.sleep(end + 2 * DAY - (await env.currentTimeMs()));
  const outcome = await db.cePeriodOutcome.findFirstOrThrow({ where: { personId } });
  expect(outcome.outcome).toBe('compliant');
  const regs = await db.certificateRegistration.findMany({
    where: { personId },
    orderBy: { registeredOn: 'asc' },
  });
  expect(regs.map((g) => [g.source, g.registeredOn.toISOString()])).toEqual([
    ['coordinator', `${on}T00:00:00.000Z`],
    ['renewal', first.periodEnd],
  ]);
  await expect.poll(async () => (await ledger(ctx, personId)).periodStart).toBe(first.periodEnd);
  // Never a false alarm: no behind-pace, deadline or not-compliant notice to this person.
  const to = (await db.contactChannel.findFirstOrThrow({ where: { personId, kind: 'email' } }))
    .value;
  const mine = sys.sink.messages.filter((m) => m.to.includes(to)).map((m) => m.subject);
  expect(
    mine.filter((s) => s.includes('落后') || s.includes('前需完成') || s.includes('未达标')),
  ).toEqual([]);

  // yz person show: certificates with both registrations, the ledger, the timeline in order.
  const shown = await showPersonProfile(ctx, personId);
  expect(shown.certificates[0]!.registrations.map((g) => g.source)).toEqual([
    'coordinator',
    'renewal',
  ]);
  expect(shown.ce).toMatchObject({ registration: 'in_force', periodStart: first.periodEnd });
  const programs = shown.timeline.map((e) => e.program);
  for (const p of ['registry', 'exam', 'credits', 'notice']) expect(programs).toContain(p);
  expect(shown.timeline.map((e) => e.what)).toEqual(
    expect.arrayContaining([
      expect.stringContaining('学时入账 / credit 72 h (course)'),
      expect.stringContaining('登记周期结束 / CE period closed: compliant (72/72 h)'),
    ]),
  );
  const times = shown.timeline.map((e) => new Date(e.at).getTime());
  expect(times).toEqual([...times].sort((a, b) => a - b));
}, 300_000);
