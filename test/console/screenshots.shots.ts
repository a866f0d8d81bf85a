/**
 * The console's main pages as PNG files in docs/screenshots/ (`npm run screenshots`), on a test
 * system with a demo district: an exam campaign with registrations, a course with a waitlist and
 * attendance, a roster dry run with bad rows, the audit trail, and the phone check-in page; a
 * CE ledger with a claim to review, a mentoring program, a cohort, a units file's dry run and the
 * admin's workflows.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowserStack } from './browserStack';
import { logInThroughPage, signIn } from './login';
import { createUser } from '../../store/auth/users';
import { announcementContext, censusContext } from '../../client/operations/context';
import { startExamCampaign } from '../../client/operations/exam/start';
import { registerForExam } from '../../client/operations/exam/registrations';
import { createSeries } from '../../client/operations/courses/series';
import { enrol } from '../../client/operations/courses/enrolment';
import { markAttendance } from '../../client/operations/courses/attendance';
import { openCheckIn } from '../../client/operations/courses/checkIn';
import { DEMO_SIZE } from '../../scripts/demo/district';

vi.setConfig({ testTimeout: 300_000 });
const OUT = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const PASSWORD = 'demo password 2026';
const s = useBrowserStack({ district: DEMO_SIZE, apiToken: 'screenshots-token' });

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  await createUser(s.sys.tdb.db, {
    username: 'chen',
    displayName: '陈主任',
    role: 'district',
    password: PASSWORD,
  });
  await createUser(s.sys.tdb.db, {
    username: 'root',
    displayName: '系统管理员',
    role: 'admin',
    password: PASSWORD,
  });
  await createUser(s.sys.tdb.db, {
    username: 'huamu',
    displayName: '花木街道协调员',
    role: 'unit',
    unitIds: ['pudong.s01'],
    password: PASSWORD,
  });

  // Some people certified already, so the rate chart has bars (every third person, by street).
  const everyone = await s.sys.tdb.db.person.findMany({ orderBy: { id: 'asc' } });
  for (const [i, p] of everyone.entries())
    if (i % 3 === 0 || (p.unitId.startsWith('pudong.s01') && i % 2 === 0))
      await s.sys.tdb.db.certificate.create({
        data: {
          personId: p.id,
          level: 'assistant_social_worker',
          obtainedOn: new Date('2024-06-30'),
        },
      });
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
  const year = new Date().getFullYear() + 1;
  const exam = censusContext(s.ctx);
  await startExamCampaign(
    exam,
    {
      id: `pudong-${year}`,
      name: `${year}年度社会工作者职业资格考试报考动员`,
      examYear: year,
      levels: ['assistant_social_worker'],
      registrationWindow: { opens: day(0), closes: day(30) },
      examDates: { comprehensive_junior: day(90), practice_junior: day(90) },
      cohort: { unitIds: ['pudong'] },
      reminders: { quietHours: 'off' },
      targets: { registrations: 20 },
    },
    'chen',
  );
  await new Promise((r) => setTimeout(r, 5000)); // the campaign launches its journeys
  await registerForExam(exam, {
    campaignId: `pudong-${year}`,
    personIds: ['p-000001', 'p-000002', 'p-000005', 'p-000009'],
    by: 'chen',
  }).catch(() => undefined);

  const c = announcementContext(s.ctx);
  const at = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
  await createSeries(c, {
    id: 'hm-2026',
    title: '花木街道社工实务能力提升班',
    coordinatorId: 'p-000001',
    capacity: 6,
    minHours: 4,
    createdBy: 'chen',
    sessions: [
      {
        sessionId: 's1',
        title: '个案工作方法',
        mode: 'offline',
        startsAt: at(-60),
        endsAt: at(60),
        place: '花木社区中心302室',
        hours: 2,
        teacher: '王老师',
      },
      {
        sessionId: 's2',
        title: '小组工作实务',
        mode: 'online',
        startsAt: at(7 * 1440),
        endsAt: at(7 * 1440 + 120),
        link: 'https://meeting.example.cn/hm-s2',
        hours: 2,
        teacher: '李老师',
      },
    ],
  });
  const people = Array.from({ length: 9 }, (_, i) => `p-${String(i + 10).padStart(6, '0')}`);
  await enrol(c, { seriesId: 'hm-2026', personIds: people, enrolledBy: 'chen' });
  await markAttendance(c, {
    seriesId: 'hm-2026',
    marks: people
      .slice(0, 4)
      .map((personId, i) => ({ sessionId: 's1', personId, status: i === 3 ? 'late' : 'present' })),
    recordedBy: 'chen',
  });

  // A CE ledger with a claim to review, a mentoring program with pairs, a cohort.
  const api = async (url: string, payload: object) => {
    const res = await s.app.inject({
      method: 'POST',
      url,
      payload,
      headers: { authorization: 'Bearer screenshots-token' },
    });
    if (res.statusCode >= 400) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  };
  await api('/credits/p-000010/registrations', { on: '2025-01-15' });
  await api('/credits/p-000010/claims', {
    source: 'external',
    hours: 12,
    evidence: '上海市社会工作者协会继续教育培训证书',
  });
  await api('/mentoring/programs', {
    id: 'pudong-sup-2026',
    title: '2026年浦东督导孵化计划',
    coordinatorId: 'p-000040',
    traineeIds: ['p-000001', 'p-000002', 'p-000003'],
    mentorIds: ['p-000011', 'p-000012'],
    end: day(180),
  });
  for (const [menteeId, mentorId] of [
    ['p-000001', 'p-000011'],
    ['p-000002', 'p-000011'],
    ['p-000003', 'p-000012'],
  ])
    await api('/mentoring/programs/pudong-sup-2026/pairs', { menteeId, mentorId });
  await api('/cohorts', {
    id: 'chuyan-2026',
    title: '雏雁计划2026年第一期',
    kind: 'new_hire',
    coordinatorId: 'p-000001',
    seriesIds: ['hm-2026'],
    personIds: people.slice(0, 6),
  });
});

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(800); // charts animate in
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
}

async function as(username: string, path: string): Promise<Page> {
  const { context, page } = await s.newPage();
  await signIn(context, username, PASSWORD);
  await page.goto(`/console${path}`);
  return page;
}

it('photographs the main pages', async () => {
  const { page: login } = await s.newPage();
  await logInThroughPage(login, 'chen', 'wrong');
  await login.getByText(/用户名或密码错误/).waitFor();
  await shot(login, 'login');

  const year = new Date().getFullYear() + 1;
  let page = await as('chen', '/');
  await page.getByTestId('rate-chart').locator('canvas').waitFor();
  await shot(page, 'dashboard');
  await page.goto(`/console/exam/pudong-${year}`);
  await page.getByTestId('funnel-chart').locator('canvas').waitFor();
  await shot(page, 'exam-campaign');
  await page.goto('/console/courses/hm-2026');
  await page.getByTestId('attendance-s1').waitFor();
  await shot(page, 'course-attendance');
  await page.goto('/console/registry');
  await page.getByTestId('people').waitFor();
  await shot(page, 'registry');
  await page.goto('/console/people/p-000010');
  await page.getByTestId('person').waitFor();
  await shot(page, 'person');
  await page.goto('/console/registry/import');
  await page.getByTestId('roster-file').setInputFiles({
    name: '名册.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      '人员编号,姓名,单位,岗位,手机,证书等级,取证日期,专长\n' +
        'p-100001,张晓梅,pudong.s01.u01,社区工作者,13800000001,助理社会工作师,2024-06-30,家庭教育\n' +
        'p-100002,李建国,pudong.s09.u01,督导,13800000002,社会工作师,2021-06-27,心理健康\n' +
        'p-100003,王丽,pudong.s02.u01,社区工作者,1380000,,,\n' +
        'p-100004,赵敏,pudong.s02.u02,社区工作者,13800000004,高级社会工作师,2030-01-01,\n',
    ),
  });
  await page.getByTestId('problems').waitFor();
  await shot(page, 'roster-import');
  await page.goto('/console/notices');
  await page.waitForTimeout(1500);
  await shot(page, 'notices');
  await page.goto('/console/credits');
  await page.fill('#ledger-person', 'p-000010');
  await page.getByRole('button', { name: /查看 \/ Show/ }).click();
  await page.getByTestId('ce-periods').waitFor();
  await page.getByTestId('claims').getByText('上海市社会工作者协会继续教育培训证书').waitFor();
  await shot(page, 'credits');
  await page.goto('/console/mentoring/pudong-sup-2026');
  await page.getByTestId('mentor-load').locator('canvas').waitFor();
  await shot(page, 'mentoring');
  await page.goto('/console/cohorts/chuyan-2026');
  await page.getByTestId('cohort-members').waitFor();
  await shot(page, 'cohort');
  await page.goto('/console/registry/org-import');
  await page.getByTestId('org-file').setInputFiles({
    name: '组织架构.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      '单位编号,单位名称,类型,上级单位\n' +
        'pudong.s01.u09,花木社工服务社,,pudong.s01\n' +
        ',东明居民区,居民区,无此街道\n' +
        'pudong.s01.u10,花木社工服务社,,pudong.s01\n',
    ),
  });
  await page.getByTestId('problems').waitFor();
  await shot(page, 'org-import');
  await page.context().close();

  const outside = await s.sys.tdb.db.person.findFirstOrThrow({
    where: { unitId: { startsWith: 'pudong.s02.' } },
  });
  page = await as('huamu', `/people/${outside.id}`);
  await page.getByText('未找到 / Not found', { exact: true }).waitFor();
  await shot(page, 'unit-coordinator-refused');
  await page.context().close();

  page = await as('root', '/admin');
  await page.getByTestId('audit').waitFor();
  await shot(page, 'admin-audit');
  await page.getByRole('tab', { name: /工作流 \/ Workflows/ }).click();
  await page.getByText('运行中 / Running').click();
  await page.getByText('mentoring/pudong-sup-2026', { exact: true }).click();
  await page.getByTestId('temporal-ui-link').waitFor();
  await shot(page, 'admin-workflows');
  await page.context().close();

  const { code } = await openCheckIn(announcementContext(s.ctx), {
    seriesId: 'hm-2026',
    sessionId: 's1',
  });
  const { page: phone } = await s.newPage('phone');
  await phone.goto('/console/checkin?series=hm-2026&session=s1');
  await phone.fill('#personId', 'p-000015');
  await phone.fill('#code', code);
  await shot(phone, 'checkin-phone');
});
