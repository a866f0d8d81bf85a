/**
 * An exam mobilization campaign on its real timeline (time-skipping server), March → results:
 * invitations, reminders until registered or the window closes, exam-day reminders, results with
 * a pass (certificate + reward application), a fail with carry-over, and a withdrawal.
 */
import { expect, it } from 'vitest';
import { examFunnel } from '../../client/operations/exam/progress';
import { registerForExam } from '../../client/operations/exam/registrations';
import { importCampaignResults } from '../../client/operations/exam/results';
import { startExamCampaign } from '../../client/operations/exam/start';
import { withdrawFromExam } from '../../client/operations/exam/withdrawals';
import {
  examJourneyQuery,
  examJourneyWorkflowId,
  examCampaignLaunchQuery,
} from '../../workflows/exam/signals';
import { creditsWorkflowId } from '../../workflows/credits/signals';
import { localParts, zonedInstant } from '../../workflows/rules/zonedTime';
import { useTestSystem } from '../harness/system';
import { createTimeSkippingEnv, settledResult } from '../harness/temporal';
import { recordHistory } from '../harness/histories';
import { waitFor } from '../harness/waitFor';
import { withContacts } from '../harness/personalData';

const SH = 'Asia/Shanghai';
const WITHDRAWAL = withContacts('工作调动');

/** The operation's clock at the time-skipping server's time (results come after the exam day). */
async function serverNow(env: { currentTimeMs(): Promise<number> }): Promise<() => Date> {
  const t = await env.currentTimeMs();
  return () => new Date(t);
}

const sys = useTestSystem({
  district: { streets: 1, unitsPerStreet: 1, people: 6 },
  env: createTimeSkippingEnv,
});

it('runs a campaign from invitation to certificate', async () => {
  const env = sys.env!;
  const { db } = sys.tdb;
  const ctx = sys.announcementCtx({ temporal: env.client });
  const now = new Date(await env.currentTimeMs());
  const p = localParts(now, SH);
  const at = (days: number, hour: number) =>
    zonedInstant({ ...p, day: p.day + days, hour, minute: 0, second: 0 }, SH).toISOString();
  // p-000006 already holds the social-worker certificate: not in the cohort.
  await db.certificate.create({
    data: { personId: 'p-000006', level: 'social_worker', obtainedOn: new Date('2020-06-01') },
  });
  const started = await startExamCampaign(
    { ...ctx, now: () => now },
    {
      id: 'pd-2025',
      name: '2025年社工职业水平考试报考动员',
      examYear: now.getUTCFullYear(),
      levels: ['social_worker'],
      registrationWindow: { opens: at(0, 9), closes: at(14, 17) },
      examDates: {
        regulations_policy: at(60, 9),
        comprehensive_intermediate: at(61, 9),
        practice_intermediate: at(61, 14),
      },
      cohort: { unitIds: ['pudong'] },
      reminders: { beforeWindowCloses: ['7d', '1d'], quietHours: 'off' },
      targets: { registrations: 4 },
    },
    '浦东新区社会工作部',
    // Small pages, so the launch streams its invitations over three pages (2, 2, 1 people).
    { pageSize: 2, batchSize: 1, parallelBatches: 2 },
  );
  expect(started.cohort).toBe(5);
  const campaign = env.client.workflow.getHandle(started.workflowId);
  await waitFor(async () => (await campaign.query(examCampaignLaunchQuery)).done);
  expect(await campaign.query(examCampaignLaunchQuery)).toEqual({ launched: 5, done: true });

  await sys.sink.waitFor(5); // invitations
  const journey = (id: string) =>
    env.client.workflow.getHandle(examJourneyWorkflowId('pd-2025', id));
  // A journey's outcome, read without unlocking the clock (the others hold far timers).
  const ended = (id: string) => settledResult(env, examJourneyWorkflowId('pd-2025', id));
  const participant = (personId: string) =>
    db.examParticipant.findUniqueOrThrow({
      where: { campaignId_personId: { campaignId: 'pd-2025', personId } },
    });
  // p-000001 registers at once; p-000002 after the first reminder; p-000003 withdraws;
  // p-000004 registers and will fail one subject; p-000005 never registers.
  await registerForExam(ctx, {
    campaignId: 'pd-2025',
    personIds: ['p-000001', 'p-000004'],
    by: '协调员',
  });
  await env.sleep('8 days');
  expect((await participant('p-000002')).remindersSent).toBe(1);
  expect((await journey('p-000002').query(examJourneyQuery)).status).toBe('invited');
  await registerForExam(ctx, { campaignId: 'pd-2025', personIds: ['p-000002'], by: '协调员' });
  await withdrawFromExam(ctx, { campaignId: 'pd-2025', personId: 'p-000003', reason: WITHDRAWAL });
  await env.sleep('7 days'); // the window has closed
  expect(await ended('p-000005')).toBe('not_registered');
  expect(await ended('p-000003')).toBe('withdrawn');
  await expect(
    registerForExam(ctx, { campaignId: 'pd-2025', personIds: ['p-000005'], by: 'x' }),
  ).rejects.toThrow(/journey has ended \(not_registered\)/);

  await env.sleep('50 days'); // past the exam days
  const year = now.getUTCFullYear();
  const results = [
    '人员编号,考试年度,科目,成绩',
    ...['p-000001', 'p-000002'].flatMap((id) => [
      `${id},${year},社会工作法规与政策,70`,
      `${id},${year},社会工作综合能力（中级）,66`,
      `${id},${year},社会工作实务（中级）,61`,
    ]),
    `p-000004,${year},社会工作法规与政策,72`,
    `p-000004,${year},社会工作综合能力（中级）,59`,
    `p-000004,${year},社会工作实务（中级）,64`,
  ];
  const imported = await importCampaignResults(
    { ...ctx, now: await serverNow(env) },
    {
      campaignId: 'pd-2025',
      bytes: new TextEncoder().encode(results.join('\n')),
      name: 'results.csv',
    },
  );
  expect(imported).toMatchObject({ committed: true, notified: 3, problems: [] });
  expect(await ended('p-000001')).toBe('passed');
  expect(await ended('p-000002')).toBe('passed');
  expect(await ended('p-000004')).toBe('failed');
  // The campaign sends the results notices, tells the journeys, and ends: all have outcomes.
  expect(await campaign.result()).toEqual({ launched: 5, status: 'completed' });
  await recordHistory('exam-journey-v2-passed', journey('p-000002'));
  await recordHistory('exam-journey-v2-not-registered', journey('p-000005'));
  // Withdrawn by a signal without words: the reason is in the database only.
  await recordHistory('exam-journey-v2-withdrawn-reason-in-db', journey('p-000003'));
  // v2 chosen by the patch `exam-campaign-v2` (exam-campaign-v2.pb is a run from before it,
  // chosen by the legacy input marker `version: 2`; it must keep replaying too).
  // exam-campaign-v2-patched.pb is from before the patch `exam-journey-starts-heartbeat`
  // (journey starts in one-minute pages without heartbeats).
  // exam-campaign-v2-journey-starts-heartbeat.pb is from before the patch `exam-launch-stream`
  // (invitations page by page); this run records the stream over three pages.
  await recordHistory('exam-campaign-v2-launch-stream', campaign);
  // Its search attributes, launching to completed (patch search-attributes-status).
  await recordHistory('search-attributes-exam-campaign-completed', campaign);
  expect(await db.examCompletion.findMany({ orderBy: { personId: 'asc' } })).toMatchObject([
    { personId: 'p-000001', outcome: 'passed' },
    { personId: 'p-000002', outcome: 'passed' },
    { personId: 'p-000003', outcome: 'withdrawn', reason: WITHDRAWAL },
    { personId: 'p-000004', outcome: 'failed' },
    { personId: 'p-000005', outcome: 'not_registered' },
  ]);
  expect(
    await db.examCampaignKpi.findUniqueOrThrow({ where: { campaignId: 'pd-2025' } }),
  ).toMatchObject({
    cohort: 5,
    passed: 2,
    failed: 1,
    withdrawn: 1,
    notRegistered: 1,
    certificates: 2,
    rewardApplications: 2,
  });
  // A pass records the certificate; the continuing-education ledger waits for its registration
  // (登记), so no ledger runs yet and no false "behind pace" notice can go out.
  await expect(
    env.client.workflow.getHandle(creditsWorkflowId('p-000001')).describe(),
  ).rejects.toThrow(/not found/i);

  expect(await examFunnel(ctx, 'pd-2025')).toEqual({
    passed: 2,
    failed: 1,
    withdrawn: 1,
    not_registered: 1,
  });
  expect(await db.certificate.count({ where: { level: 'social_worker' } })).toBe(3);
  expect(
    (await db.rewardApplication.findMany({ orderBy: { personId: 'asc' } })).map((r) => [
      r.personId,
      r.status,
    ]),
  ).toEqual([
    ['p-000001', 'pending'],
    ['p-000002', 'pending'],
  ]);
  const mail = (id: string) =>
    sys.sink.messages
      .filter((m) => m.to[0] === `${id}@demo.yanzhen.local`)
      .map((m) => m.subject)
      // The ledger started on a pass writes on its own (behind-pace warnings): not this campaign's.
      .filter((subject) => !subject.startsWith('【继续教育】'));
  expect(mail('p-000001')).toEqual([
    '【报考动员】欢迎报考社会工作师职业水平考试',
    '【考前提醒】明天考试，请做好准备',
    '【考前提醒】明天考试，请做好准备',
    '【恭喜】您已通过社会工作师职业水平考试',
  ]);
  expect(mail('p-000002')[1]).toMatch(/^【提醒】考试报名将于.+截止$/);
  expect(mail('p-000005')).toHaveLength(3); // invitation + two reminders, nothing after the window
  expect(mail('p-000003')).toHaveLength(2); // invitation + the 7-day reminder, then withdrawn
  expect(mail('p-000006')).toHaveLength(0); // already certified: not in the cohort
});

it('names every problem of a bad campaign definition, writing nothing', async () => {
  const ctx = sys.announcementCtx({ temporal: sys.env!.client });
  await expect(startExamCampaign(ctx, { id: 'bad', levels: ['wizard'] }, 'x')).rejects.toThrow(
    /levels\[0\]: 未知的证书等级 unknown certificate level "wizard"/,
  );
  expect(await sys.tdb.db.examCampaign.count({ where: { id: 'bad' } })).toBe(0);
});
