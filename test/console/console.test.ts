/**
 * The coordinator's console in a real browser against the whole system: logging in (a wrong
 * password refused), a district coordinator starting an exam campaign and pausing it, marking
 * attendance for a session, uploading a roster whose bad rows are shown by row before the valid
 * ones are written; the dashboard's programs and rate chart; a unit coordinator refused another
 * unit's person by URL and by API; a viewer offered no writes and refused one; and the admin's
 * audit trail holding each of those actions under the logged-in user's name; and a participant
 * checking in on a phone-sized page with the session code (no login). One file, one system: the
 * stack's start is most of the time.
 */
import { beforeAll, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowserStack } from './browserStack';
import { logInThroughPage, signIn } from './login';
import { createUser } from '../../store/auth/users';
import { announcementContext } from '../../client/operations/context';
import { createSeries } from '../../client/operations/courses/series';
import { enrol } from '../../client/operations/courses/enrolment';
import { openCheckIn } from '../../client/operations/courses/checkIn';
import { courseWorkflowId } from '../../workflows/courses/signals';
import { examCampaignWorkflowId, examJourneyWorkflowId } from '../../workflows/exam/signals';

vi.setConfig({ testTimeout: 120_000 });
/** What the page shows after a server round trip, on a loaded machine. */
const UI = { timeout: 20_000 };
const TOKEN = 'test-token-console';
const s = useBrowserStack({
  district: { streets: 2, unitsPerStreet: 2, people: 12 },
  apiToken: TOKEN,
});

const PASSWORD = 'correct horse battery';
const USERS = [
  { username: 'chen', displayName: '陈主任', role: 'district' as const },
  { username: 'huamu', displayName: '花木协调员', role: 'unit' as const, unitIds: ['pudong.s01'] },
  { username: 'guest', displayName: '访客', role: 'viewer' as const },
  { username: 'root', displayName: '管理员', role: 'admin' as const },
];

beforeAll(async () => {
  for (const u of USERS) await createUser(s.sys.tdb.db, { ...u, password: PASSWORD });
});

async function open(path: string, username = 'chen'): Promise<Page> {
  const { context, page } = await s.newPage();
  await signIn(context, username, PASSWORD);
  await page.goto(`/console${path}`);
  return page;
}

it('logs in through the login page, refusing a wrong password in words', async () => {
  const { context, page } = await s.newPage();
  try {
    await logInThroughPage(page, 'chen', 'wrong password');
    await page.getByText(/用户名或密码错误|wrong username or password/i).waitFor();
    await logInThroughPage(page, 'chen', PASSWORD);
    await expect.poll(() => page.getByTestId('whoami').textContent(), UI).toBe('陈主任');
    // A district coordinator has no admin menu.
    expect(await page.getByRole('menuitem', { name: /管理 \/ Admin/ }).count()).toBe(0);
  } finally {
    await context.close();
  }
});

it('starts an exam campaign from the console and pauses it', async () => {
  const page = await open('/exam');
  try {
    await page.getByTestId('start-campaign').click();
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
    const year = new Date().getFullYear() + 1;
    const definition = {
      id: 'web-2027',
      name: '控制台发起的报考动员',
      examYear: year,
      levels: ['assistant_social_worker'],
      registrationWindow: { opens: day(0), closes: day(20) },
      examDates: { comprehensive_junior: day(60), practice_junior: day(61) },
      cohort: { unitIds: ['pudong.s01'] },
      reminders: { quietHours: 'off' },
    };
    // A definition the operation refuses is named in the dialog, and nothing starts.
    await page
      .getByTestId('definition')
      .fill(JSON.stringify({ ...definition, cohort: { unitIds: ['nowhere'] } }));
    await page.getByRole('button', { name: /发起 \/ Start/ }).click();
    await page
      .getByText(/nowhere/)
      .first()
      .waitFor();
    expect(await s.sys.tdb.db.examCampaign.count()).toBe(0);

    await page.getByTestId('definition').fill(JSON.stringify(definition));
    await page.getByRole('button', { name: /发起 \/ Start/ }).click();
    await page.waitForURL('**/console/exam/web-2027');
    await expect
      .poll(() => page.getByTestId('campaign-status').textContent(), UI)
      .toContain('running');
    await page.getByTestId('pause').click();
    await expect
      .poll(() => page.getByTestId('campaign-status').textContent(), UI)
      .toContain('paused');
  } finally {
    await page.context().close();
  }
  const row = await s.sys.tdb.db.examCampaign.findUniqueOrThrow({ where: { id: 'web-2027' } });
  expect(row).toMatchObject({ status: 'paused', createdBy: 'chen' });
  const people = await s.sys.tdb.db.examParticipant.findMany({ where: { campaignId: 'web-2027' } });
  await s.sys.stack.client.workflow
    .getHandle(examCampaignWorkflowId('web-2027'))
    .terminate('test over');
  for (const p of people)
    await s.sys.stack.client.workflow
      .getHandle(examJourneyWorkflowId('web-2027', p.personId))
      .terminate('test over')
      .catch(() => undefined);
});

it('marks attendance for a session', async () => {
  const c = announcementContext(s.ctx);
  const at = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
  await createSeries(c, {
    id: 'web-course',
    title: '控制台考勤课程',
    coordinatorId: 'p-000001',
    minHours: 1,
    createdBy: 'test',
    sessions: [
      {
        sessionId: 's1',
        title: '第一讲',
        mode: 'offline',
        startsAt: at(-30),
        endsAt: at(30),
        place: '302',
        hours: 1,
        teacher: '王老师',
      },
    ],
  });
  await enrol(c, {
    seriesId: 'web-course',
    personIds: ['p-000002', 'p-000003'],
    enrolledBy: 'test',
  });
  const page = await open('/courses/web-course');
  try {
    await page.getByTestId('attendance-s1').waitFor();
    const wanted: [string, string][] = [
      ['p-000002', '出勤 / present'],
      ['p-000003', '缺勤 / absent'],
    ];
    for (const [person, mark] of wanted) {
      await page.getByTestId(`mark-${person}`).click();
      await page.getByTitle(mark).last().click();
    }
    await page.getByTestId('save-attendance').click();
    await page.getByText(/已保存 2 条考勤/).waitFor();
  } finally {
    await page.context().close();
  }
  const marks = await s.sys.tdb.db.courseAttendance.findMany({
    where: { seriesId: 'web-course' },
    orderBy: { personId: 'asc' },
  });
  expect(marks.map((m) => [m.personId, m.status, m.source, m.recordedBy])).toEqual([
    ['p-000002', 'present', 'coordinator', 'chen'],
    ['p-000003', 'absent', 'coordinator', 'chen'],
  ]);
  await s.sys.stack.client.workflow
    .getHandle(courseWorkflowId('web-course'))
    .terminate('test over');
});

it('uploads a roster: bad rows shown by row, nothing written until the valid rows are committed', async () => {
  const csv =
    '人员编号,姓名,单位,岗位,手机,证书等级,取证日期,专长\n' +
    'p-200001,周明,pudong.s01.u01,社区工作者,13800000011,助理社会工作师,2024-06-30,家庭教育\n' +
    'p-200002,吴芳,nowhere.unit,社区工作者,13800000012,,,\n' +
    'p-200003,郑强,pudong.s02.u01,督导,12345,,,\n';
  const page = await open('/registry/import');
  try {
    await page.getByTestId('roster-file').setInputFiles({
      name: '名册.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.getByTestId('roster-summary').waitFor();
    expect(await page.getByTestId('roster-summary').textContent()).toContain('试运行');
    const problems = page.getByTestId('problems');
    await problems.waitFor();
    const text = (await problems.textContent()) ?? '';
    expect(text).toMatch(/3.*单位|3.*unit/);
    expect(text).toMatch(/4.*手机|4.*phone/);
    expect(await s.sys.tdb.db.person.count({ where: { id: { startsWith: 'p-2000' } } })).toBe(0);
    await page.getByTestId('roster-commit').click();
    await expect
      .poll(() => page.getByTestId('roster-summary').textContent(), UI)
      .toContain('已写入');
  } finally {
    await page.context().close();
  }
  const written = await s.sys.tdb.db.person.findMany({ where: { id: { startsWith: 'p-2000' } } });
  expect(written.map((p) => p.id)).toEqual(['p-200001']);
});

it('shows the programs under way and the certification rate by unit on the dashboard', async () => {
  const page = await open('/');
  try {
    await page.getByTestId('rate-chart').locator('canvas').waitFor();
    await page.getByTestId('programs').getByText('控制台考勤课程').waitFor();
  } finally {
    await page.context().close();
  }
});

it('refuses a unit coordinator another unit’s person, by URL and by API, as if missing', async () => {
  const db = s.sys.tdb.db;
  const own = await db.person.findFirstOrThrow({
    where: { unitId: { startsWith: 'pudong.s01.' } },
  });
  const other = await db.person.findFirstOrThrow({
    where: { unitId: { startsWith: 'pudong.s02.' } },
  });
  const page = await open(`/people/${own.id}`, 'huamu');
  try {
    await page.getByTestId('person').getByText(own.name).first().waitFor();
    await page.goto(`/console/people/${other.id}`);
    await page.getByText('未找到 / Not found', { exact: true }).waitFor();
    expect(await page.getByText(other.name).count()).toBe(0);
    const api = await page.context().request.get(`/people/${other.id}/profile`);
    expect(api.status()).toBe(404);
    const missing = await page.context().request.get('/people/p-999999/profile');
    expect((await api.json()).error.replace(other.id, 'X')).toBe(
      (await missing.json()).error.replace('p-999999', 'X'),
    );
  } finally {
    await page.context().close();
  }
});

it('offers a viewer no writes, and the server refuses one', async () => {
  const page = await open('/exam/web-2027', 'guest');
  try {
    await page.getByTestId('campaign-status').waitFor();
    expect(await page.getByTestId('pause').count()).toBe(0);
    await page.goto('/console/registry');
    await page.getByTestId('people').waitFor();
    expect(await page.getByTestId('roster-import').count()).toBe(0);
    const me = await (await page.context().request.get('/auth/me')).json();
    const res = await page.context().request.post('/exam-campaigns/web-2027/resume', {
      data: {},
      headers: { 'x-csrf-token': me.csrfToken },
    });
    expect(res.status()).toBe(403);
  } finally {
    await page.context().close();
  }
  const row = await s.sys.tdb.db.examCampaign.findUniqueOrThrow({ where: { id: 'web-2027' } });
  expect(row.status).toBe('paused');
});

it('shows the admin the audit trail holding each of those actions under the user’s name', async () => {
  const page = await open('/admin', 'root');
  try {
    const audit = page.getByTestId('audit');
    await page.fill('#audit-actor', 'chen');
    await page.getByRole('button', { name: /查询 \/ Search/ }).click();
    await audit.getByText('POST /exam-campaigns/:id/pause').waitFor();
    const text = (await audit.textContent()) ?? '';
    expect(text).toContain('POST /exam-campaigns');
    expect(text).toContain('POST /courses/:id/attendance');
    expect(text).toContain('POST /registry/import');
    expect(text).toContain('chen');
  } finally {
    await page.context().close();
  }
  const rows = await s.sys.tdb.db.auditEvent.findMany({ where: { actor: 'chen' } });
  expect(rows.map((r) => r.action)).toEqual(
    expect.arrayContaining([
      'POST /exam-campaigns',
      'POST /exam-campaigns/:id/pause',
      'POST /courses/:id/attendance',
      'POST /registry/import',
    ]),
  );
});

it('serves the console at any /console/ path and checks a participant in on a phone', async () => {
  const c = announcementContext(s.ctx);
  const at = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
  await createSeries(c, {
    id: 'ck-1',
    title: '签到测试课程',
    coordinatorId: 'p-000001',
    minHours: 1,
    createdBy: 'test',
    sessions: [
      {
        sessionId: 's1',
        title: '第一讲',
        mode: 'offline',
        startsAt: at(-5),
        endsAt: at(55),
        place: '302',
        hours: 1,
        teacher: '王老师',
      },
    ],
  });
  await enrol(c, { seriesId: 'ck-1', personIds: ['p-000002'], enrolledBy: 'test' });
  const { code } = await openCheckIn(c, { seriesId: 'ck-1', sessionId: 's1' });

  const deep = await fetch(`${s.origin}/console/exam/whatever`);
  expect(deep.status).toBe(200);
  expect(await deep.text()).toContain('<div id="root">');

  const { context, page } = await s.newPage('phone');
  try {
    await page.goto('/console/checkin?series=ck-1&session=s1');
    await expect.poll(() => page.inputValue('#seriesId'), UI).toBe('ck-1');
    await page.fill('#personId', 'p-000002');
    await page.fill('#code', code === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: /签到/ }).click();
    await page.getByText('wrong check-in code').waitFor();
    await page.fill('#code', code);
    await page.getByRole('button', { name: /签到/ }).click();
    await page.getByTestId('checked-in').waitFor();
    // The page fits the phone: nothing wider than the screen.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
  } finally {
    await context.close();
  }
  const mark = await s.sys.tdb.db.courseAttendance.findUnique({
    where: {
      seriesId_sessionId_personId: { seriesId: 'ck-1', sessionId: 's1', personId: 'p-000002' },
    },
  });
  expect(mark).toMatchObject({ status: 'present', source: 'checkin' });
  await s.sys.stack.client.workflow.getHandle(courseWorkflowId('ck-1')).terminate('test over');
});
