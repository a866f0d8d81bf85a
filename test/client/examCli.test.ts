import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { writeTable } from '../../store/registry/table';
import { examJourneyWorkflowId } from '../../workflows/exam/signals';
import { useCliSystem } from '../harness/cliSystem';
import { withContacts } from '../harness/personalData';

const sys = useCliSystem({ streets: 1, unitsPerStreet: 2, people: 6 });

const days = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
const definition = (over: object = {}) => ({
  id: 'cli-2026',
  name: '报考动员（命令行测试）',
  examYear: new Date().getUTCFullYear() + 1,
  levels: ['assistant_social_worker'],
  registrationWindow: { opens: days(0), closes: days(20) },
  examDates: { comprehensive_junior: days(60), practice_junior: days(61) },
  cohort: { unitIds: ['pudong'] },
  reminders: { quietHours: 'off' },
  ...over,
});

it('starts a campaign from a file, registers, withdraws and shows the funnel', async () => {
  const file = join(sys.dir, 'campaign.json');
  writeFileSync(file, JSON.stringify(definition()));
  const started = sys.json(await sys.yz('--json', 'exam', 'start', '--file', file)) as {
    cohort: number;
  };
  expect(started.cohort).toBe(6);
  // The journeys record their invitations.
  const { db } = sys.tdb;
  await expect
    .poll(
      () => db.examParticipant.count({ where: { campaignId: 'cli-2026', status: 'invited' } }),
      {
        timeout: 30_000,
      },
    )
    .toBe(6);
  const [register, withdraw] = await Promise.all([
    sys.yz('exam', 'register', 'cli-2026', '--person', 'p-000001,p-000002'),
    sys.yz(
      'exam',
      'withdraw',
      'cli-2026',
      '--person',
      'p-000003',
      '--reason',
      withContacts('工作调动'),
    ),
  ]);
  expect(register).toMatchObject({ code: 0, stdout: '已登记 / registered: 2\n' });
  expect(withdraw.code).toBe(0);
  await expect
    .poll(async () => sys.json(await sys.yz('--json', 'exam', 'funnel', 'cli-2026')), {
      timeout: 30_000,
    })
    .toEqual({ invited: 3, registered: 2, withdrawn: 1 });
  // The reason, in the coordinator's words, is on record (and, by the teardown scan, nowhere in
  // any workflow history).
  expect(
    await db.examParticipant.findUniqueOrThrow({
      where: { campaignId_personId: { campaignId: 'cli-2026', personId: 'p-000003' } },
    }),
  ).toMatchObject({ status: 'withdrawn', withdrawnReason: withContacts('工作调动') });
  // Controls: pause, progress, resume, add (checked by row), cancel.
  expect((await sys.yz('exam', 'pause', 'cli-2026')).stdout).toBe('已暂停 / paused: cli-2026\n');
  await expect
    .poll(async () => {
      const v = sys.json(await sys.yz('--json', 'exam', 'progress', 'cli-2026')) as {
        status: string;
        progress: { status: string };
        kpis: { cohort: number; registered: number };
      };
      return [v.status, v.progress.status, v.kpis.cohort, v.kpis.registered];
    })
    .toEqual(['paused', 'paused', 6, 2]);
  expect((await sys.yz('exam', 'resume', 'cli-2026')).code).toBe(0);
  expect((await sys.yz('exam', 'cancel', 'cli-2026')).stdout).toBe(
    '已取消 / cancelled: cli-2026\n',
  );
  // Every open journey ends as cancelled; a signal to one now is a clear error.
  await expect
    .poll(async () => sys.json(await sys.yz('--json', 'exam', 'funnel', 'cli-2026')), {
      timeout: 30_000,
    })
    .toEqual({ cancelled: 5, withdrawn: 1 });
  // As text: Chinese labels first, in the order of the process (withdrawn before cancelled).
  const funnel = (await sys.yz('exam', 'funnel', 'cli-2026')).stdout.split('\n');
  expect(funnel.findIndex((l) => l.startsWith('已退出 withdrawn'))).toBeLessThan(
    funnel.findIndex((l) => l.startsWith('已取消 cancelled')),
  );
  expect(funnel.find((l) => l.startsWith('已取消 cancelled'))).toMatch(/\b5$/);
  const late = await sys.yz('exam', 'register', 'cli-2026', '--person', 'p-000004');
  expect(late.code).toBe(1);
  expect(late.stderr).toMatch(/p-000004's journey has ended \(cancelled\): cannot register/);
  expect(
    await sys.stack.client.workflow
      .getHandle(examJourneyWorkflowId('cli-2026', 'p-000001'))
      .result(),
  ).toBe('cancelled');
}, 300_000);

it('a bad definition file: one error naming the fields, exit 1, nothing started', async () => {
  const file = join(sys.dir, 'bad.json');
  writeFileSync(file, JSON.stringify(definition({ id: 'bad-2026', levels: [], cohort: {} })));
  const r = await sys.yz('exam', 'start', '--file', file);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(
    /^错误 \/ error: 报考动员方案有 (\d+) 处问题 \/ campaign definition has \1 problem\(s\):/,
  );
  expect(r.stderr).toContain('levels: 未指定等级 names no level');
  expect(r.stderr).toContain('cohort.unitIds: 未指定单位 / names no unit');
  expect(await sys.tdb.db.examCampaign.count({ where: { id: 'bad-2026' } })).toBe(0);
  const missing = await sys.yz('exam', 'start', '--file', join(sys.dir, 'nope.json'));
  expect(missing.stderr).toMatch(
    /无法读取 .*nope\.json（ENOENT） \/ cannot read .*nope\.json: ENOENT/,
  );
});

it('registers from the exam authority’s list: bad rows named, exit 1, nobody registered; then an XLSX, twice', async () => {
  const { db } = sys.tdb;
  const file = join(sys.dir, 'cli-reg.json');
  writeFileSync(
    file,
    JSON.stringify(definition({ id: 'cli-reg', cohort: { unitIds: ['pudong.s01.u02'] } })),
  );
  const { cohort } = sys.json(await sys.yz('--json', 'exam', 'start', '--file', file)) as {
    cohort: number;
  };
  const invited = () =>
    db.examParticipant.findMany({ where: { campaignId: 'cli-reg' }, orderBy: { personId: 'asc' } });
  await expect.poll(async () => (await invited()).length, { timeout: 30_000 }).toBe(cohort);
  const [a, b] = (await invited()).map((p) => p.personId);
  const year = definition().examYear;
  const bad = join(sys.dir, '报名名单-有误.csv');
  writeFileSync(
    bad,
    ['人员编号,姓名,考试年度', `${a},甲,${year}`, `p-999999,乙,${year}`, `${a},甲,${year}`].join(
      '\n',
    ),
  );
  const refused = await sys.yz('exam', 'register', 'cli-reg', '--file', bad);
  expect(refused.code).toBe(1);
  expect(refused.stdout).toBe(
    [
      '共 3 行 / rows：新登记 / registered 0，此前已登记 / already registered 0，有误 / invalid 2',
      '问题 / problems (2):',
      '  第3行 / row 3  A 人员编号: 未知人员编号 p-999999 / unknown person id p-999999',
      `  第4行 / row 4  A 人员编号: 与第 2 行重复（${a}）/ duplicates row 2 (${a} again)`,
      '未登记任何人（有误行）/ nobody registered (rows with problems)',
      '',
    ].join('\n'),
  );
  expect(
    await db.examParticipant.count({ where: { campaignId: 'cli-reg', status: 'registered' } }),
  ).toBe(0);

  const good = join(sys.dir, '报名名单.xlsx');
  writeFileSync(
    good,
    await writeTable(
      {
        title: '报名名单',
        headers: ['人员编号', '考试年度', '级别'],
        rows: [
          [a!, year, '助理社会工作师'],
          [b!, year, null],
        ],
      },
      'xlsx',
    ),
  );
  const ok = await sys.yz('exam', 'register', 'cli-reg', '--file', good, '--by', '区考试中心');
  expect(ok).toMatchObject({
    code: 0,
    stdout:
      '共 2 行 / rows：新登记 / registered 2，此前已登记 / already registered 0，有误 / invalid 0\n已登记 / registrations recorded\n',
  });
  const again = sys.json(await sys.yz('--json', 'exam', 'register', 'cli-reg', '--file', good));
  expect(again).toMatchObject({ committed: true, counts: { registered: 0, alreadyRegistered: 2 } });
  expect(
    await db.examParticipant.count({ where: { campaignId: 'cli-reg', status: 'registered' } }),
  ).toBe(2);
  const both = await sys.yz('exam', 'register', 'cli-reg', '--file', good, '--person', a!);
  expect(both.code).toBe(1);
  expect(both.stderr).toContain('give --person <ids> or --file <registered list>, one of them');
  expect((await sys.yz('exam', 'cancel', 'cli-reg')).code).toBe(0);
}, 120_000);
