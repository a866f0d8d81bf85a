/**
 * Exam campaign controls and rules on the time-skipping server: pause holds waves and launches,
 * resume sends what fell due, people added mid-campaign, sprint-class capacity overflow,
 * withdrawal, cancel (journeys end as cancelled, later signals are clear errors); carry-over of
 * passed subjects across two exam years; results for unknown people rejected by row.
 */
import { expect, it } from 'vitest';
import {
  addToExamCampaign,
  cancelExamCampaign,
  pauseExamCampaign,
  resumeExamCampaign,
} from '../../client/operations/exam/controls';
import { examCampaignProgress } from '../../client/operations/exam/progress';
import { registerForExam } from '../../client/operations/exam/registrations';
import { importCampaignResults } from '../../client/operations/exam/results';
import { startExamCampaign } from '../../client/operations/exam/start';
import { withdrawFromExam } from '../../client/operations/exam/withdrawals';
import { createSeries } from '../../client/operations/courses/series';
import {
  examJourneyWorkflowId,
  examCampaignLaunchQuery,
  examCampaignWorkflowId,
} from '../../workflows/exam/signals';
import { localParts, zonedInstant } from '../../workflows/rules/zonedTime';
import { useTestSystem } from '../harness/system';
import { createTimeSkippingEnv, settledResult } from '../harness/temporal';
import { waitFor } from '../harness/waitFor';
import { withContacts } from '../harness/personalData';

const SH = 'Asia/Shanghai';
const WITHDRAWAL = withContacts('岗位调整');

/** The operation's clock at the time-skipping server's time (results come after the exam day). */
async function serverNow(env: { currentTimeMs(): Promise<number> }): Promise<() => Date> {
  const t = await env.currentTimeMs();
  return () => new Date(t);
}

const sys = useTestSystem({
  district: { streets: 1, unitsPerStreet: 2, people: 12 },
  env: createTimeSkippingEnv,
});

async function setUp() {
  const env = sys.env!;
  const { db } = sys.tdb;
  const ctx = sys.announcementCtx({ temporal: env.client });
  const now = new Date(await env.currentTimeMs());
  const p = localParts(now, SH);
  const at = (days: number, hour: number) =>
    zonedInstant({ ...p, day: p.day + days, hour, minute: 0, second: 0 }, SH).toISOString();
  const unit = async (unitId: string) =>
    (await db.person.findMany({ where: { unitId }, orderBy: { id: 'asc' } })).map((x) => x.id);
  const mail = (id: string, prefix = '') =>
    sys.sink.messages
      .filter((m) => m.to[0] === `${id}@demo.yanzhen.local` && m.subject.startsWith(prefix))
      .map((m) => m.subject);
  const launched = async (campaignId: string) => {
    const h = env.client.workflow.getHandle(examCampaignWorkflowId(campaignId));
    await waitFor(async () => (await h.query(examCampaignLaunchQuery)).done);
  };
  return { env, db, ctx, at, unit, mail, launched };
}

it('pauses, resumes, adds people, seats sprint classes with overflow, withdraws and cancels', async () => {
  const { env, db, ctx, at, unit, mail, launched } = await setUp();
  const [u1, u2] = [await unit('pudong.s01.u01'), await unit('pudong.s01.u02')];
  const series = (id: string, capacity?: number) =>
    createSeries(ctx, {
      id,
      title: id,
      coordinatorId: u2.at(-1)!,
      ...(capacity ? { capacity } : {}),
      minHours: 2,
      sessions: [
        {
          sessionId: 's1',
          title: '冲刺第1讲',
          mode: 'offline',
          startsAt: at(40, 14),
          endsAt: at(40, 16),
          place: '浦东社工学院302',
          hours: 2,
          teacher: '王老师',
        },
      ],
      createdBy: '浦东新区社会工作部',
    });
  await series('ctl-online');
  await series('ctl-sprint-u1', 2);
  await series('ctl-sprint-open', 1);
  const definition = {
    id: 'ctl',
    name: '动员控制测试',
    examYear: 2025,
    levels: ['assistant_social_worker'],
    registrationWindow: { opens: at(0, 9), closes: at(14, 17) },
    examDates: { comprehensive_junior: at(30, 9), practice_junior: at(30, 14) },
    cohort: { unitIds: ['pudong.s01.u01'] },
    classes: [
      { id: 'ctl-online', title: '线上精讲', kind: 'online_course', classHours: 20 },
      {
        id: 'u1',
        seriesId: 'ctl-sprint-u1',
        title: '冲刺班（一居）',
        kind: 'sprint_class',
        capacity: 2,
        unitId: 'pudong.s01.u01',
        classHours: 8,
      },
      {
        id: 'open',
        seriesId: 'ctl-sprint-open',
        title: '冲刺班',
        kind: 'sprint_class',
        capacity: 1,
        classHours: 8,
      },
    ],
    reminders: { beforeWindowCloses: ['7d', '1d'], quietHours: 'off' },
  };
  await expect(
    startExamCampaign(
      ctx,
      { ...definition, id: 'ctl-x', classes: [{ ...definition.classes[0], id: 'nope' }] },
      'x',
    ),
  ).rejects.toThrow('classes[0].seriesId: no course series "nope"');
  expect((await startExamCampaign(ctx, definition, '协调员')).cohort).toBe(u1.length);
  await launched('ctl');
  await sys.sink.waitFor(u1.length);

  // Four register one after another: two seats in their unit's class, one in the open class,
  // then the unit's waitlist. Everyone is enrolled in the online course.
  for (const id of u1.slice(0, 4)) {
    await registerForExam(ctx, { campaignId: 'ctl', personIds: [id], by: '协调员' });
    await waitFor(async () => (await db.courseEnrolment.count({ where: { personId: id } })) === 2);
  }
  const seats = await db.courseEnrolment.findMany({
    where: { seriesId: { startsWith: 'ctl-sprint' } },
    orderBy: { personId: 'asc' },
  });
  expect(seats.map((e) => [e.personId, e.seriesId, e.status])).toEqual([
    [u1[0], 'ctl-sprint-u1', 'enrolled'],
    [u1[1], 'ctl-sprint-u1', 'enrolled'],
    [u1[2], 'ctl-sprint-open', 'enrolled'],
    [u1[3], 'ctl-sprint-u1', 'waitlisted'],
  ]);
  expect(
    await db.courseEnrolment.count({ where: { seriesId: 'ctl-online', status: 'enrolled' } }),
  ).toBe(4);

  // Paused: the 7-day reminder falls due and nothing goes out; people added wait too.
  await pauseExamCampaign(ctx, 'ctl');
  await expect(pauseExamCampaign(ctx, 'ctl')).rejects.toThrow('"ctl" is paused: cannot pause');
  expect(await addToExamCampaign(ctx, { campaignId: 'ctl', personIds: [u2[0]!, u1[0]!] })).toEqual({
    added: [u2[0]],
    already: [u1[0]],
  });
  await env.sleep('8 days');
  expect((await examCampaignProgress(ctx, 'ctl')).progress).toMatchObject({
    status: 'paused',
    nextWave: { wave: 'reminder-1' },
    peopleWaiting: 1,
  });
  expect(mail(u1[4]!)).toHaveLength(1);
  expect(mail(u2[0]!)).toHaveLength(0);

  // Resumed: the added person is invited, the reminder that fell due goes to the unregistered.
  await resumeExamCampaign(ctx, 'ctl');
  await waitFor(async () => mail(u1[4]!).length === 2 && mail(u2[0]!).length >= 1);
  expect(mail(u1[4]!)[1]).toMatch(/^【提醒】考试报名将于.+截止$/);
  expect(mail(u1[0]!)).toHaveLength(1); // registered: no reminder
  expect(mail(u2[0]!)[0]).toBe('【报考动员】欢迎报考助理社会工作师职业水平考试');
  await waitFor(
    async () => (await examCampaignProgress(ctx, 'ctl')).progress?.launched === u1.length + 1,
  );

  await withdrawFromExam(ctx, { campaignId: 'ctl', personId: u1[4]!, reason: WITHDRAWAL });
  const ended = (id: string) => settledResult(env, examJourneyWorkflowId('ctl', id));
  expect(await ended(u1[4]!)).toBe('withdrawn');
  await expect(
    withdrawFromExam(ctx, { campaignId: 'ctl', personId: u1[4]!, reason: 'again' }),
  ).rejects.toThrow(/journey has ended \(withdrawn\): cannot withdraw/);

  // Cancelled: open journeys end as cancelled, nothing more is sent, signals are clear errors.
  const before = sys.sink.messages.length;
  await cancelExamCampaign(ctx, 'ctl');
  expect(await env.client.workflow.getHandle(examCampaignWorkflowId('ctl')).result()).toMatchObject(
    {
      status: 'cancelled',
    },
  );
  expect(await ended(u1[0]!)).toBe('cancelled');
  expect(await ended(u2[0]!)).toBe('cancelled');
  await expect(
    registerForExam(ctx, { campaignId: 'ctl', personIds: [u1[5] ?? u2[0]!], by: 'x' }),
  ).rejects.toThrow(/journey has ended \(cancelled\): cannot register/);
  await expect(resumeExamCampaign(ctx, 'ctl')).rejects.toThrow('"ctl" is cancelled: cannot resume');
  await env.sleep('30 days'); // past the day-before reminders
  expect(sys.sink.messages.slice(before).filter((m) => m.subject.includes('考'))).toEqual([]);
  const completions = await db.examCompletion.findMany({ where: { campaignId: 'ctl' } });
  expect(completions.filter((c) => c.outcome === 'cancelled')).toHaveLength(u1.length);
  expect(completions.find((c) => c.personId === u1[4])).toMatchObject({
    outcome: 'withdrawn',
    reason: WITHDRAWAL,
  });
  expect(
    await db.examCampaignKpi.findUniqueOrThrow({ where: { campaignId: 'ctl' } }),
  ).toMatchObject({
    cohort: u1.length + 1,
    withdrawn: 1,
    registered: 0,
    invited: 0,
  });
  expect((await db.examCampaign.findUniqueOrThrow({ where: { id: 'ctl' } })).status).toBe(
    'cancelled',
  );
}, 240_000);

it('carries passed subjects over to the next exam year; rejects results for unknown people by row', async () => {
  const { env, db, ctx, at, unit, launched } = await setUp();
  const x = (await unit('pudong.s01.u02'))[1]!;
  const campaign = (id: string, examYear: number) => ({
    id,
    name: `${examYear}年社工职业水平考试报考动员`,
    examYear,
    levels: ['social_worker'],
    registrationWindow: { opens: at(0, 9), closes: at(2, 17) },
    examDates: {
      regulations_policy: at(5, 9),
      comprehensive_intermediate: at(6, 9),
      practice_intermediate: at(6, 14),
    },
    cohort: { unitIds: ['pudong.s01.u02'] },
    reminders: { quietHours: 'off' },
  });
  await startExamCampaign(ctx, campaign('sw-2025', 2025), '协调员');
  await startExamCampaign(ctx, campaign('sw-2026', 2026), '协调员');
  await launched('sw-2025');
  await launched('sw-2026');
  for (const c of ['sw-2025', 'sw-2026'])
    await registerForExam(ctx, { campaignId: c, personIds: [x], by: '协调员' });
  await env.sleep('7 days');

  const csv = (rows: string[]) =>
    new TextEncoder().encode(['人员编号,考试年度,科目,成绩', ...rows].join('\n'));
  const y2025 = [
    `${x},2025,社会工作法规与政策,70`,
    `${x},2025,社会工作综合能力（中级）,65`,
    `${x},2025,社会工作实务（中级）,50`,
  ];
  const bad = await importCampaignResults(
    { ...ctx, now: await serverNow(env) },
    {
      campaignId: 'sw-2025',
      bytes: csv([...y2025, 'p-999999,2025,社会工作实务（中级）,80']),
      name: 'r.csv',
    },
  );
  expect(bad).toMatchObject({ committed: false, notified: 0 });
  expect(bad.problems).toEqual([
    expect.objectContaining({
      row: 5,
      message: '未知人员编号 p-999999 / unknown person id p-999999',
    }),
  ]);
  expect(await db.examSubjectResult.count()).toBe(0);

  const first = await importCampaignResults(
    { ...ctx, now: await serverNow(env) },
    {
      campaignId: 'sw-2025',
      bytes: csv(y2025),
      name: 'r.csv',
    },
  );
  expect(first).toMatchObject({ committed: true, notified: 1 });
  expect(first.verdicts[0]!.verdict).toMatchObject({
    passed: false,
    carried: ['comprehensive_intermediate', 'regulations_policy'],
  });
  // Read without unlocking the clock: sw-2026's journey must not reach its results deadline.
  const j = (c: string) => settledResult(env, examJourneyWorkflowId(c, x));
  expect(await j('sw-2025')).toBe('failed');

  // Next year only practice is sat again; the two subjects passed in 2025 carry over.
  const second = await importCampaignResults(
    { ...ctx, now: await serverNow(env) },
    {
      campaignId: 'sw-2026',
      bytes: csv([`${x},2026,社会工作实务（中级）,72`]),
      name: 'r2026.csv',
    },
  );
  expect(second).toMatchObject({ committed: true, notified: 1 });
  expect(await j('sw-2026')).toBe('passed');
  expect(await db.certificate.findMany({ where: { personId: x } })).toMatchObject([
    { level: 'social_worker' },
  ]);
  expect(await db.rewardApplication.findMany({ where: { personId: x } })).toMatchObject([
    { campaignId: 'sw-2026', status: 'pending' },
  ]);
  expect(
    await db.examCampaignKpi.findUniqueOrThrow({ where: { campaignId: 'sw-2025' } }),
  ).toMatchObject({
    failed: 1,
    passed: 0,
  });
}, 240_000);
