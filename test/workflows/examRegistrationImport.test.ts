/**
 * The exam authority's registered list imported into a running campaign on the time-skipping
 * server: a file with bad rows (unknown person, duplicate, outside the campaign, wrong year)
 * registers nobody and names each row; a good CSV and then an XLSX register their people
 * (participant rows, journeys and KPIs show it); importing the same file again signals nobody
 * twice; a withdrawn person in a later file is a row problem.
 */
import { expect, it } from 'vitest';
import { examFunnel } from '../../client/operations/exam/progress';
import { importExamRegistrations } from '../../client/operations/exam/registrations';
import { startExamCampaign } from '../../client/operations/exam/start';
import { withdrawFromExam } from '../../client/operations/exam/withdrawals';
import { writeTable } from '../../store/registry/table';
import {
  examJourneyQuery,
  examJourneyWorkflowId,
  examCampaignLaunchQuery,
  examCampaignWorkflowId,
} from '../../workflows/exam/signals';
import { useTestSystem } from '../harness/system';
import { createTimeSkippingEnv } from '../harness/temporal';
import { waitFor } from '../harness/waitFor';

const sys = useTestSystem({
  district: { streets: 1, unitsPerStreet: 2, people: 10 },
  env: createTimeSkippingEnv,
});

it('imports the registered list: bad rows register nobody; CSV, XLSX, re-import', async () => {
  const env = sys.env!;
  const { db } = sys.tdb;
  const ctx = sys.announcementCtx({ temporal: env.client });
  const now = await env.currentTimeMs();
  const days = (n: number) => new Date(now + n * 86_400_000).toISOString();
  const unit = async (unitId: string) =>
    (await db.person.findMany({ where: { unitId }, orderBy: { id: 'asc' } })).map((x) => x.id);
  const [u1, u2] = [await unit('pudong.s01.u01'), await unit('pudong.s01.u02')];
  await startExamCampaign(
    ctx,
    {
      id: 'reg',
      name: '报名名单导入测试',
      examYear: 2025,
      levels: ['assistant_social_worker'],
      registrationWindow: { opens: days(0), closes: days(14) },
      examDates: { comprehensive_junior: days(30), practice_junior: days(31) },
      cohort: { unitIds: ['pudong.s01.u01'] },
      reminders: { quietHours: 'off' },
    },
    '协调员',
  );
  const campaign = env.client.workflow.getHandle(examCampaignWorkflowId('reg'));
  await waitFor(async () => (await campaign.query(examCampaignLaunchQuery)).done);
  const journey = (id: string) => env.client.workflow.getHandle(examJourneyWorkflowId('reg', id));
  const csv = (rows: string[]) =>
    new TextEncoder().encode(['人员编号,姓名,考试年度,级别', ...rows].join('\n'));
  const run = (bytes: Uint8Array, name = 'registered.csv') =>
    importExamRegistrations(ctx, { campaignId: 'reg', bytes, name, by: '区考试中心' });

  const bad = await run(
    csv([
      `${u1[0]},甲,2025,助理社会工作师`,
      `p-999999,乙,2025,助理社会工作师`,
      `${u1[0]},甲,2025,助理社会工作师`,
      `${u2[0]},丙,2025,助理社会工作师`,
      `${u1[1]},丁,2024,助理社会工作师`,
    ]),
  );
  expect(bad).toMatchObject({ rows: 5, committed: false, counts: { registered: 0, invalid: 4 } });
  expect(bad.problems.map((p) => [p.row, p.message])).toEqual([
    [3, '未知人员编号 p-999999 / unknown person id p-999999'],
    [4, `与第 2 行重复（${u1[0]}）/ duplicates row 2 (${u1[0]} again)`],
    [5, `${u2[0]} 不在报考动员“reg”中 / ${u2[0]} is not in exam campaign "reg"`],
    [6, `考试年度“2024”与本次动员（2025）不符 / exam year "2024" is not this campaign's (2025)`],
  ]);
  expect(await examFunnel(ctx, 'reg')).toEqual({ invited: u1.length });
  expect((await journey(u1[0]!).query(examJourneyQuery)).status).toBe('invited');

  const good = csv([`${u1[0]},甲,2025,助理社会工作师`, `${u1[1]},丁,2025,`]);
  expect(await run(good)).toMatchObject({
    rows: 2,
    committed: true,
    counts: { registered: 2, alreadyRegistered: 0, invalid: 0 },
    problems: [],
  });
  const xlsx = await writeTable(
    {
      title: '报名名单',
      headers: ['人员编号', '姓名', '报考级别', '报名号'],
      rows: [
        [u1[1]!, '丁', '助理社会工作师', 'B-0002'],
        [u1[2]!, '戊', '初级', 'B-0003'],
      ],
    },
    'xlsx',
  );
  expect(await run(xlsx, 'registered.xlsx')).toMatchObject({
    committed: true,
    counts: { registered: 1, alreadyRegistered: 1 },
  });
  const registered = u1.slice(0, 3);
  for (const id of registered)
    await waitFor(async () => (await journey(id).query(examJourneyQuery)).status === 'registered');
  const rows = await db.examParticipant.findMany({
    where: { campaignId: 'reg', status: 'registered' },
    orderBy: { personId: 'asc' },
  });
  expect(rows.map((p) => p.personId)).toEqual(registered);
  expect(
    await db.examCampaignKpi.findUniqueOrThrow({ where: { campaignId: 'reg' } }),
  ).toMatchObject({ cohort: u1.length, registered: 3, invited: u1.length - 3 });

  // The same file again: counted as registered already, no second signal, nothing rewritten.
  expect(await run(good)).toMatchObject({
    committed: true,
    counts: { registered: 0, alreadyRegistered: 2 },
  });
  const signals = async (id: string) =>
    (await journey(id).fetchHistory()).events!.filter(
      (e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'examRegistered',
    ).length;
  expect([await signals(u1[0]!), await signals(u1[1]!)]).toEqual([1, 1]);
  expect(
    await db.examParticipant.findMany({
      where: { campaignId: 'reg', status: 'registered' },
      orderBy: { personId: 'asc' },
    }),
  ).toEqual(rows);

  // A journey that has ended is named by row, and the file registers nobody.
  await withdrawFromExam(ctx, { campaignId: 'reg', personId: u1[3]!, reason: '岗位调整' });
  const late = await run(csv([`${u1[4]},己,2025,`, `${u1[3]},庚,2025,`]));
  expect(late).toMatchObject({ committed: false, counts: { registered: 0 } });
  expect(late.problems.map((p) => [p.row, p.message])).toEqual([
    [
      3,
      `${u1[3]} 的报考流程已结束（已退出），无法报名 / ${u1[3]}'s journey has ended (withdrawn): cannot register`,
    ],
  ]);
  expect((await db.examParticipant.findFirstOrThrow({ where: { personId: u1[4] } })).status).toBe(
    'invited',
  );
}, 180_000);
