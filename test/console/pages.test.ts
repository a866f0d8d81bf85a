/**
 * The console's program and admin pages in a real browser against the whole system, one started
 * system for all: a person's CE ledger by period and a claim approved; a mentoring program's pairs
 * and mentor load, and a pair closed; a cohort with its series, completions and a certificate
 * downloaded; a units file dry-run with problems by row, then written; a failed notice resent by
 * an admin; the admin's stuck and running workflows with their business timeline and the Temporal
 * Web UI link; and a person's page showing the one timeline.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowserStack } from './browserStack';
import { signIn } from './login';
import { createUser } from '../../store/auth/users';
import { announcementContext } from '../../client/operations/context';
import { createSeries } from '../../client/operations/courses/series';
import { markAttendance } from '../../client/operations/courses/attendance';
import { courseWorkflowId } from '../../workflows/courses/signals';
import { creditsWorkflowId } from '../../workflows/credits/signals';
import { announcementWorkflowId } from '../../workflows/announcements/signals';

vi.setConfig({ testTimeout: 120_000 });
const UI = { timeout: 20_000 };
const TOKEN = 'test-token-console-pages';
const s = useBrowserStack({
  district: { streets: 2, unitsPerStreet: 2, people: 40 },
  apiToken: TOKEN,
});
const PASSWORD = 'correct horse battery';
/** Workflows this file starts that would outlive it on the shared server. */
const started: string[] = [];

beforeAll(async () => {
  await createUser(s.sys.tdb.db, { username: 'chen', role: 'district', password: PASSWORD });
  await createUser(s.sys.tdb.db, { username: 'root', role: 'admin', password: PASSWORD });
});
afterAll(async () => {
  for (const id of started)
    await s.sys.stack.client.workflow
      .getHandle(id)
      .terminate('test over')
      .catch(() => undefined);
});

/** A request to the API as the installation's admin token (the test's own setup). */
async function call(method: 'GET' | 'POST', url: string, payload?: object) {
  const res = await s.app.inject({
    method,
    url,
    ...(payload ? { payload } : {}),
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  if (res.statusCode >= 400) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

async function open(path: string, username = 'chen'): Promise<Page> {
  const { context, page } = await s.newPage();
  await signIn(context, username, PASSWORD);
  await page.goto(`/console${path}`);
  return page;
}

it('shows a person’s CE hours against the requirement by period, and approves a claim', async () => {
  const db = s.sys.tdb.db;
  // A certified person (the district is made without certificates).
  const personId = 'p-000007';
  const cert = await db.certificate.create({
    data: { personId, level: 'social_worker', obtainedOn: new Date(Date.now() - 400 * 86_400_000) },
  });
  await call('POST', `/credits/${personId}/registrations`, {
    on: new Date().toISOString().slice(0, 10),
  });
  started.push(creditsWorkflowId(personId));
  const { claimId } = await call('POST', `/credits/${personId}/claims`, {
    source: 'external',
    hours: 8,
    evidence: '市级督导培训结业证明',
  });
  const page = await open('/credits');
  try {
    await page.fill('#ledger-person', personId);
    await page.getByRole('button', { name: /查看 \/ Show/ }).click();
    const periods = page.getByTestId('ce-periods');
    await periods.getByText(/进行中 \/ running/).waitFor();
    expect(await periods.textContent()).toContain(cert.level);
    const claims = page.getByTestId('claims');
    await claims.getByText('市级督导培训结业证明').waitFor();
    await page.getByTestId(`approve-${claimId}`).click();
    await page.getByText(`已通过申报 ${claimId}`).waitFor();
    await expect.poll(() => claims.getByText('市级督导培训结业证明').count(), UI).toBe(0);
    await page.getByTestId('ce-report').locator('tr.ant-table-row').first().waitFor();
  } finally {
    await page.context().close();
  }
  const claim = await db.creditClaim.findUniqueOrThrow({ where: { id: claimId } });
  expect(claim).toMatchObject({ status: 'approved', reviewedBy: 'chen' });
});

it('shows a mentoring program’s pairs and mentor load, and closes a pair', async () => {
  await call('POST', '/mentoring/programs', {
    id: 'web-mentoring',
    title: '控制台督导孵化',
    coordinatorId: 'p-000040',
    traineeIds: ['p-000001', 'p-000002'],
    mentorIds: ['p-000011', 'p-000012'],
    end: new Date(Date.now() + 180 * 86_400_000).toISOString(),
  });
  started.push('mentoring/web-mentoring');
  for (const [menteeId, mentorId] of [
    ['p-000001', 'p-000011'],
    ['p-000002', 'p-000012'],
  ]) {
    await call('POST', '/mentoring/programs/web-mentoring/pairs', { menteeId, mentorId });
    started.push(`mentoring/web-mentoring/${menteeId}`);
  }
  const page = await open('/mentoring');
  try {
    await page.getByTestId('mentoring-programs').getByText('控制台督导孵化').click();
    await page.waitForURL('**/console/mentoring/web-mentoring');
    await page.getByTestId('mentor-load').locator('canvas').waitFor();
    await page.getByTestId('pairs').getByText('web-mentoring/p-000002').click();
    await page.getByTestId('pair').getByText('p-000012').waitFor();
    await page.fill('#close-reason', '学员调岗');
    await page.fill('#close-by', 'p-000040');
    await page.getByTestId('close-pair').click();
    await page.getByText('已关闭结对 / pair closed').waitFor();
    await page.getByTestId('closed-reasons').waitFor();
  } finally {
    await page.context().close();
  }
  const pair = await s.sys.tdb.db.mentoringPair.findUniqueOrThrow({
    where: { id: 'web-mentoring/p-000002' },
  });
  expect(pair).toMatchObject({ status: 'closed', closedBy: 'p-000040' });
});

it('shows a cohort with its series and completions, and downloads a certificate', async () => {
  const c = announcementContext(s.ctx);
  const at = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
  await createSeries(c, {
    id: 'web-cy',
    title: '雏雁伦理课',
    coordinatorId: 'p-000036',
    minHours: 1,
    createdBy: 'test',
    sessions: [
      {
        sessionId: 's1',
        title: '第一讲',
        mode: 'offline',
        startsAt: at(-90),
        endsAt: at(-30),
        place: '302',
        hours: 1,
        teacher: '王老师',
      },
    ],
  });
  started.push(courseWorkflowId('web-cy'));
  await call('POST', '/cohorts', {
    id: 'web-cohort',
    title: '雏雁计划控制台期',
    kind: 'new_hire',
    coordinatorId: 'p-000036',
    seriesIds: ['web-cy'],
    personIds: ['p-000003', 'p-000004'],
  });
  await markAttendance(c, {
    seriesId: 'web-cy',
    marks: [{ sessionId: 's1', personId: 'p-000003', status: 'present' }],
    recordedBy: 'test',
  });
  await vi.waitFor(
    async () =>
      expect(await s.sys.tdb.db.courseCompletion.count({ where: { seriesId: 'web-cy' } })).toBe(1),
    { timeout: 30_000, interval: 250 },
  );
  const page = await open('/cohorts');
  try {
    await page.getByTestId('cohorts').getByText('雏雁计划控制台期').click();
    await page.getByTestId('cohort-series').getByText('雏雁伦理课（web-cy）').waitFor();
    const link = page.getByTestId('certificate-web-cy-p-000003');
    await link.waitFor();
    expect(await page.getByTestId('certificate-web-cy-p-000004').count()).toBe(0);
    const pdf = await page.context().request.get((await link.getAttribute('href'))!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  } finally {
    await page.context().close();
  }
});

it('imports a units file: a dry run with problems by row, nothing written, then the tree', async () => {
  const page = await open('/registry');
  const file = (csv: string) => ({
    name: '组织架构.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });
  try {
    await page.getByTestId('org-import').click();
    await page.waitForURL('**/console/registry/org-import');
    await page.getByTestId('org-tree').waitFor();
    await page
      .getByTestId('org-file')
      .setInputFiles(
        file(
          '单位编号,单位名称,类型,上级单位\npudong.s01.web,控制台社工服务社,,pudong.s01\n,坏单位,,无此单位\n',
        ),
      );
    await page.getByTestId('org-summary').waitFor();
    expect(await page.getByTestId('org-summary').textContent()).toContain('试运行');
    const problems = (await page.getByTestId('problems').textContent()) ?? '';
    expect(problems).toMatch(/3.*无此单位/);
    // The column as the file heads it (D 上级单位), not the field's code.
    expect(problems).toContain('D 上级单位');
    // All or nothing: no write is offered while the file has problems.
    expect(await page.getByTestId('org-commit').count()).toBe(0);
    expect(await s.sys.tdb.db.organisation.count({ where: { id: 'pudong.s01.web' } })).toBe(0);

    await page
      .getByTestId('org-file')
      .setInputFiles(
        file('单位编号,单位名称,类型,上级单位\npudong.s01.web,控制台社工服务社,,pudong.s01\n'),
      );
    await expect
      .poll(() => page.getByTestId('org-summary').textContent(), UI)
      .toContain('新增 create 1');
    await page.getByTestId('org-commit').click();
    await expect.poll(() => page.getByTestId('org-summary').textContent(), UI).toContain('已写入');
    await page
      .getByTestId('org-tree')
      .getByText(/控制台社工服务社/)
      .waitFor();
  } finally {
    await page.context().close();
  }
  const unit = await s.sys.tdb.db.organisation.findUniqueOrThrow({
    where: { id: 'pudong.s01.web' },
  });
  expect(unit).toMatchObject({ parentId: 'pudong.s01', name: '控制台社工服务社' });
});

it('lets an admin resend a failed notice, shown with its reason', async () => {
  s.sys.sink.failNext(550, 1, 'mailbox unavailable');
  await call('POST', '/announcements', {
    id: 'web-resend',
    title: '控制台重发测试',
    body: '请查收。',
    audience: { personIds: ['p-000005'] },
  });
  await s.sys.stack.client.workflow.getHandle(announcementWorkflowId('web-resend')).result();
  const db = s.sys.tdb.db;
  const failed = await db.notice.findFirstOrThrow({
    where: { personId: 'p-000005', status: 'failed' },
  });
  // A district coordinator sees the reason but no resend.
  const viewer = await open('/notices');
  try {
    await viewer.getByTestId('notices').getByText(/550/).first().waitFor();
    expect(await viewer.getByTestId(`resend-${failed.id}`).count()).toBe(0);
  } finally {
    await viewer.context().close();
  }
  const page = await open('/notices', 'root');
  try {
    await page.getByTestId(`resend-${failed.id}`).click();
    await page.getByText(`已重发通知 ${failed.id}：sent`).waitFor();
    await expect.poll(() => page.getByTestId(`resend-${failed.id}`).count(), UI).toBe(0);
  } finally {
    await page.context().close();
  }
  expect(await db.notice.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({
    status: 'sent',
  });
  const audit = await db.auditEvent.findMany({ where: { action: 'POST /notices/:id/resend' } });
  expect(audit.map((a) => a.actor)).toEqual(['root']);
});

it('shows an admin the stuck and running workflows, their business timeline and the Temporal Web UI link', async () => {
  // The SMTP server down: the announcement's send is retried, the workflow stuck on it.
  s.sys.sink.outage(true);
  const page = await open('/admin', 'root');
  try {
    await call('POST', '/announcements', {
      id: 'web-stuck',
      title: '控制台卡住测试',
      body: '请查收。',
      audience: { personIds: ['p-000006'] },
    });
    await expect
      .poll(
        async () =>
          ((await call('GET', '/workflows/stuck')) as { workflowId: string }[]).map(
            (w) => w.workflowId,
          ),
        { timeout: 30_000, interval: 500 },
      )
      .toContain('announcement/web-stuck');
    await page.getByRole('tab', { name: /工作流 \/ Workflows/ }).click();
    await page.getByText('卡住 / Stuck').click();
    const table = page.getByTestId('workflows');
    await table.getByText('announcement/web-stuck', { exact: true }).waitFor();
    expect(await table.textContent()).toContain('sendNotices');
    await page.getByText('运行中 / Running').click();
    await table.getByText('mentoring/web-mentoring', { exact: true }).click();
    const link = page.getByTestId('temporal-ui-link');
    await link.waitFor();
    expect(await link.getAttribute('href')).toContain(
      encodeURIComponent('mentoring/web-mentoring'),
    );
    await page.locator('.ant-drawer .ant-timeline-item').first().waitFor();
  } finally {
    s.sys.sink.outage(false);
    await page.context().close();
  }
});

it('shows a person’s page with the one timeline across programs', async () => {
  const page = await open('/people/p-000003');
  try {
    const timeline = page.getByTestId('timeline');
    await timeline.getByText(/课程结业 \/ course completed/).waitFor();
    expect(await timeline.textContent()).toContain('入库 / entered the registry');
  } finally {
    await page.context().close();
  }
});
