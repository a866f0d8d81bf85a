/**
 * The exam campaign routes of the HTTP API against the run's Temporal server and a worker: start
 * from a JSON body (schema and definition errors by field), register (by id, or an uploaded
 * registered list whose bad rows are named), withdraw, upload results (bad rows refused by row),
 * funnel, report as JSON and XLSX, rewards listed and decided once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, inject, it, vi } from 'vitest';
import { useTestSystem } from '../harness/system';
import { buildApi } from '../../client/api/server';
import { openContext, type YzContext } from '../../client/operations/context';
import { loadConfig } from '../../config/env';
import { readSheet } from '../../store/registry/roster/read';
import { examJourneyWorkflowId } from '../../workflows/exam/signals';
import { withContacts } from '../harness/personalData';
import { TEST_PAYLOAD_KEYS } from '../harness/payloadKeys';
import { accountToken } from '../harness/accounts';

const TOKEN = 'test-token-exam';
const auth = { authorization: `Bearer ${TOKEN}` };
const sys = useTestSystem({ district: { streets: 1, unitsPerStreet: 2, people: 6 } });
let ctx: YzContext;
let app: FastifyInstance;
let mailDir: string;
vi.setConfig({ testTimeout: 120_000 });

beforeAll(async () => {
  mailDir = mkdtempSync(join(tmpdir(), 'yz-exam-api-'));
  ctx = await openContext(
    loadConfig({
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      YZ_PAYLOAD_KEYS: TEST_PAYLOAD_KEYS,
      YZ_LOG_LEVEL: 'warn', // the API log: failures only
      TASK_QUEUE: sys.stack.taskQueue,
      DATABASE_URL: sys.tdb.url,
      API_TOKEN: TOKEN,
      YZ_MAIL_DIR: mailDir,
      YZ_QUIET_HOURS: 'off',
    }),
  );
  app = await buildApi(ctx);
});

afterAll(async () => {
  for (const campaign of ['api-2027', 'api-reg'])
    for (let i = 1; i <= 6; i++)
      await sys.stack.client.workflow
        .getHandle(examJourneyWorkflowId(campaign, `p-00000${i}`))
        .terminate('test over')
        .catch(() => undefined); // already finished or never started
  await app?.close();
  await ctx?.close();
  if (mailDir) rmSync(mailDir, { recursive: true, force: true });
});

const post = (url: string, payload?: object) =>
  app.inject({ method: 'POST', url, payload, headers: auth });
const get = (url: string) => app.inject({ method: 'GET', url, headers: auth });

const days = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
const examYear = new Date().getUTCFullYear() + 1;
const definition = (over: object = {}) => ({
  id: 'api-2027',
  name: '报考动员（接口测试）',
  examYear,
  levels: ['assistant_social_worker'],
  registrationWindow: { opens: days(0), closes: days(20) },
  examDates: { comprehensive_junior: days(60), practice_junior: days(61) },
  cohort: { unitIds: ['pudong'] },
  reminders: { quietHours: 'off' },
  targets: { registrations: 2 },
  createdBy: '浦东新区社会工作部',
  ...over,
});

it('refuses bad bodies by field, writing nothing', async () => {
  const noCohort: Record<string, unknown> = definition();
  delete noCohort.cohort;
  const missing = await post('/exam-campaigns', noCohort);
  expect(missing.statusCode).toBe(400);
  expect(missing.json()).toEqual({
    statusCode: 400,
    error: 'body.cohort 必填 / body.cohort is required',
  });
  const backwards = await post(
    '/exam-campaigns',
    definition({ registrationWindow: { opens: days(5), closes: days(1) } }),
  );
  expect(backwards.statusCode).toBe(400);
  expect(backwards.json().error).toContain(
    'registrationWindow.closes: 须晚于报名开始时间 registrationWindow.opens / must be after registrationWindow.opens',
  );
  expect(await sys.tdb.db.examCampaign.count()).toBe(0);
});

it('runs a campaign through the API: start, register, withdraw, results, report, rewards', async () => {
  const started = await post('/exam-campaigns', definition());
  expect(started.statusCode).toBe(201);
  expect(started.json()).toMatchObject({ id: 'api-2027', cohort: 6 });
  expect((await post('/exam-campaigns', definition())).statusCode).toBe(409);
  await expect
    .poll(async () => (await get('/exam-campaigns/api-2027/funnel')).json(), { timeout: 60_000 })
    .toEqual({ invited: 6 });

  const reg = await post('/exam-campaigns/api-2027/registrations', {
    personIds: ['p-000001', 'p-000002'],
    by: '协调员',
  });
  expect(reg.json()).toEqual({ registered: 2 });
  const stranger = await post('/exam-campaigns/api-2027/registrations', {
    personIds: ['p-999999'],
  });
  expect(stranger.statusCode).toBe(404);
  expect(stranger.json().error).toBe(
    'p-999999 不在报考动员“api-2027”中 / p-999999 is not in exam campaign "api-2027"',
  );
  const wd = await post('/exam-campaigns/api-2027/withdrawals', {
    personId: 'p-000003',
    reason: withContacts('工作调动'),
  });
  expect(wd.json()).toEqual({ withdrawn: 'p-000003' });
  await expect
    .poll(async () => (await get('/exam-campaigns/api-2027/funnel')).json(), { timeout: 60_000 })
    .toEqual({ invited: 3, registered: 2, withdrawn: 1 });

  const csv = (rows: string[]) => ({
    fileName: 'results.csv',
    contentBase64: Buffer.from(['人员编号,考试年度,科目,成绩', ...rows].join('\n')).toString(
      'base64',
    ),
  });
  // The exam days are two months away: results now are refused, naming the exam day.
  const early = await post(
    '/exam-campaigns/api-2027/results',
    csv([`p-000001,${examYear},社会工作综合能力（初级）,75`]),
  );
  expect(early.statusCode).toBe(400);
  expect(early.json().error).toMatch(
    /^考试成绩不能早于考试日（\d{4}年\d{1,2}月\d{1,2}日 00:00（北京时间 Asia\/Shanghai））.*exam results cannot be recorded before the exam day/,
  );
  expect(await sys.tdb.db.examSubjectResult.count()).toBe(0);
  // A backfill is an admin's alone: another coordinator is refused (403), nothing written.
  const district = await accountToken(sys.tdb.db, 'district-zhao', 'district');
  const notAdmin = await app.inject({
    method: 'POST',
    url: '/exam-campaigns/api-2027/results',
    payload: { backfill: true, ...csv([`p-000001,${examYear},社会工作综合能力（初级）,75`]) },
    headers: district.headers,
  });
  expect(notAdmin.json()).toEqual({
    statusCode: 403,
    error: '补录仅限管理员 / only an admin may backfill (--backfill, backfill: true)',
  });
  expect(await sys.tdb.db.examSubjectResult.count()).toBe(0);
  // From here an admin backfills (the test cannot wait two months).
  const bad = await post('/exam-campaigns/api-2027/results', {
    backfill: true,
    ...csv([
      `p-000001,${examYear},社会工作综合能力（初级）,75`,
      `p-404040,${examYear},社会工作实务（初级）,70`,
    ]),
  });
  expect(bad.statusCode).toBe(422);
  expect(bad.json()).toMatchObject({
    committed: false,
    problems: [{ row: 3, message: '未知人员编号 p-404040 / unknown person id p-404040' }],
  });
  expect(await sys.tdb.db.examSubjectResult.count()).toBe(0);
  const notBase64 = await post('/exam-campaigns/api-2027/results', {
    fileName: 'r.csv',
    contentBase64: '%%%',
  });
  expect(notBase64.json()).toEqual({
    statusCode: 400,
    error: 'body.contentBase64 不是 base64 编码 / body.contentBase64 is not base64',
  });
  const good = await post('/exam-campaigns/api-2027/results', {
    backfill: true,
    ...csv([
      `p-000001,${examYear},社会工作综合能力（初级）,75`,
      `p-000001,${examYear},社会工作实务（初级）,68`,
      `p-000002,${examYear},社会工作综合能力（初级）,75`,
      `p-000002,${examYear},社会工作实务（初级）,52`,
    ]),
  });
  expect(good.statusCode).toBe(200);
  expect(good.json()).toMatchObject({ committed: true, notified: 2 });
  // The audit trail says it was a backfill, and by whom.
  expect(
    await sys.tdb.db.auditEvent.findMany({
      where: { action: { startsWith: 'POST /exam-campaigns/:id/results' } },
      select: { actor: true, action: true },
    }),
  ).toEqual([{ actor: 'admin', action: 'POST /exam-campaigns/:id/results [补录 backfill]' }]);
  await expect
    .poll(async () => (await get('/exam-campaigns/api-2027/funnel')).json(), { timeout: 60_000 })
    .toEqual({ invited: 3, passed: 1, failed: 1, withdrawn: 1 });

  const report = (await get('/exam-campaigns/api-2027/report')).json();
  expect(report.unit.id).toBe('pudong');
  expect(report.total).toMatchObject({
    mobilized: 6,
    registered: 2,
    sat: 2,
    passed: 1,
    passRate: 0.5,
    people: 6,
    certified: 1,
  });
  expect(report.targets.registrations).toEqual({ target: 2, actual: 2, met: true });
  const xlsx = await get('/exam-campaigns/api-2027/report?format=xlsx&unitId=pudong.s01');
  expect(xlsx.headers['content-type']).toBe(
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
  const sheet = await readSheet(xlsx.rawPayload, { name: 'r.xlsx' });
  expect(sheet.rows.at(-1)!.slice(0, 3).map(String)).toEqual([
    'pudong.s01',
    '花木街道（合计）',
    '6',
  ]);
  expect((await get('/exam-campaigns/api-2027/report?unitId=nowhere')).statusCode).toBe(404);

  const rewards = (await get('/exam-campaigns/api-2027/rewards')).json();
  expect(rewards.map((r: { personId: string }) => r.personId)).toEqual(['p-000001']);
  const decide = (body: object) => post('/exam-campaigns/api-2027/rewards/p-000001/decision', body);
  expect((await decide({ decision: 'reject', by: '陈' })).json()).toEqual({
    statusCode: 400,
    error: '驳回奖励申请须写明原因 / a reason is required to reject a reward application',
  });
  // The typed name is ignored: the signed-in account (API_TOKEN: the first admin) decides.
  const ok = await decide({ decision: 'approve', by: '陈主任' });
  expect(ok.json()).toMatchObject({ status: 'approved', decision: { decidedBy: 'admin' } });
  const twice = await decide({ decision: 'approve', by: '李' });
  expect(twice.statusCode).toBe(409);
  expect(twice.json().error).toMatch(
    /^p-000001 的奖励申请 #\d+（报考动员“api-2027”）已审核 \/ reward application #\d+ of p-000001 .*admin/,
  );
  expect((await get('/exam-campaigns/api-2027/rewards?status=approved')).json()).toHaveLength(1);
});

it('imports a registered list: 422 with the problems by row and nobody registered, then 200', async () => {
  const started = await post(
    '/exam-campaigns',
    definition({ id: 'api-reg', cohort: { unitIds: ['pudong.s01.u02'] } }),
  );
  expect(started.statusCode).toBe(201);
  const cohort = started.json<{ cohort: number }>().cohort;
  await expect
    .poll(async () => (await get('/exam-campaigns/api-reg/funnel')).json(), { timeout: 60_000 })
    .toEqual({ invited: cohort });
  const [a, b] = (
    await sys.tdb.db.examParticipant.findMany({
      where: { campaignId: 'api-reg' },
      orderBy: { personId: 'asc' },
    })
  ).map((p) => p.personId);
  const outsider = (
    await sys.tdb.db.person.findFirstOrThrow({ where: { unitId: 'pudong.s01.u01' } })
  ).id;
  const upload = (rows: string[]) =>
    post('/exam-campaigns/api-reg/registrations/import', {
      fileName: 'registered.csv',
      contentBase64: Buffer.from(['人员编号,考试年度', ...rows].join('\n')).toString('base64'),
      by: '区考试中心',
    });
  const bad = await upload([`${a},${examYear}`, `${outsider},${examYear}`, `${b},${examYear - 1}`]);
  expect(bad.statusCode).toBe(422);
  expect(bad.json()).toMatchObject({
    committed: false,
    counts: { registered: 0, invalid: 2 },
    problems: [
      {
        row: 3,
        field: 'person_id',
        message: `${outsider} 不在报考动员“api-reg”中 / ${outsider} is not in exam campaign "api-reg"`,
      },
      { row: 4, field: 'exam_year', column: 'B 考试年度' },
    ],
  });
  const registered = () =>
    sys.tdb.db.examParticipant.count({ where: { campaignId: 'api-reg', status: 'registered' } });
  expect(await registered()).toBe(0);
  const good = await upload([`${a},${examYear}`, `${b},${examYear}`]);
  expect(good.statusCode).toBe(200);
  expect(good.json()).toMatchObject({ committed: true, counts: { registered: 2 } });
  expect(await registered()).toBe(2);
  expect((await upload([`${a},${examYear}`])).json()).toMatchObject({
    committed: true,
    counts: { registered: 0, alreadyRegistered: 1 },
  });
  const notAFile = await post('/exam-campaigns/api-reg/registrations/import', {
    fileName: 'r.csv',
    contentBase64: Buffer.from('姓名\n甲').toString('base64'),
  });
  expect(notAFile.json()).toEqual({
    statusCode: 400,
    error:
      '报名名单须有人员编号 (person_id) 或身份证号 (id_card) 列 / the registered list needs a 人员编号 (person_id) or 身份证号 (id_card) column',
  });
  const empty = await post('/exam-campaigns/api-reg/registrations/import', {
    fileName: 'empty.csv',
    contentBase64: Buffer.from('人员编号,考试年度\n').toString('base64'),
  });
  expect(empty.json()).toEqual({
    statusCode: 400,
    error: 'empty.csv 表头下没有任何行 / empty.csv names nobody: no rows below its header',
  });
  const nowhere = await post('/exam-campaigns/nope/registrations/import', {
    fileName: 'r.csv',
    contentBase64: Buffer.from('人员编号\np-000001').toString('base64'),
  });
  expect(nowhere.statusCode).toBe(404);
});

it('lists the exam routes in /openapi.json', async () => {
  const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
  expect(Object.keys(doc.paths).filter((p: string) => p.startsWith('/exam-campaigns'))).toEqual([
    '/exam-campaigns',
    '/exam-campaigns/{id}/registrations',
    '/exam-campaigns/{id}/registrations/import',
    '/exam-campaigns/{id}/withdrawals',
    '/exam-campaigns/{id}/results',
    '/exam-campaigns/{id}/funnel',
    '/exam-campaigns/{id}/report',
    '/exam-campaigns/{id}/rewards',
    '/exam-campaigns/{id}/rewards/{personId}/decision',
    '/exam-campaigns/{id}/progress',
    '/exam-campaigns/{id}/pause',
    '/exam-campaigns/{id}/resume',
    '/exam-campaigns/{id}/cancel',
    '/exam-campaigns/{id}/additions',
  ]);
  expect(
    doc.paths['/exam-campaigns'].post.requestBody.content['application/json'].schema,
  ).toMatchObject({ required: expect.arrayContaining(['cohort', 'examDates']) });
});
