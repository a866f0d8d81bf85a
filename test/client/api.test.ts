import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { useTestSystem } from '../harness/system';
import { buildApi } from '../../client/api/server';
import { openContext, type YzContext } from '../../client/operations/context';
import { loadConfig } from '../../config/env';
import { censusReport, certificationRate } from '../../client/operations/registry/registry';
import { readSheet } from '../../store/registry/roster/read';
import { buildDistrict } from '../../scripts/demo/district';
import { buildRegistryFacts, loadRegistryFacts } from '../../scripts/demo/registry';
import { TEST_PAYLOAD_KEYS } from '../harness/payloadKeys';

const TOKEN = 'test-token-3f9a';
const auth = { authorization: `Bearer ${TOKEN}` };

const sys = useTestSystem({ district: { streets: 2, unitsPerStreet: 2, people: 40 } });
let ctx: YzContext;
let app: FastifyInstance;
let mailDir: string;

beforeAll(async () => {
  mailDir = mkdtempSync(join(tmpdir(), 'yz-api-mail-'));
  const config = loadConfig({
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    YZ_PAYLOAD_KEYS: TEST_PAYLOAD_KEYS,
    YZ_LOG_LEVEL: 'warn', // the API log: failures only
    TEMPORAL_UI_URL: 'http://ui.test:8233',
    TASK_QUEUE: sys.stack.taskQueue,
    DATABASE_URL: sys.tdb.url,
    API_TOKEN: TOKEN,
    YZ_MAIL_DIR: mailDir,
    YZ_QUIET_HOURS: 'off',
  });
  ctx = await openContext(config);
  app = await buildApi(ctx);
});

afterAll(async () => {
  await app?.close();
  await ctx?.close();
  if (mailDir) rmSync(mailDir, { recursive: true, force: true });
});

const post = (url: string, payload?: object, headers: object = auth) =>
  app.inject({ method: 'POST', url, payload, headers: { ...headers } });
const get = (url: string, headers: object = auth) =>
  app.inject({ method: 'GET', url, headers: { ...headers } });

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('authentication', () => {
  it('refuses requests without a signed-in user or a valid token, with a JSON error', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: TOKEN }]) {
      const res = await get('/announcements', headers);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({
        error:
          '未登录或令牌无效 / not signed in, or a wrong, revoked or disabled token: sign in at POST /auth/login, or send Authorization: Bearer <token>',
        statusCode: 401,
      });
    }
    expect((await post('/announcements', { id: 'x' }, {})).statusCode).toBe(401);
  });

  it('leaves /health, /openapi.json and /docs open', async () => {
    const health = await get('/health', {});
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok', checks: { database: 'ok', temporal: 'ok' } });
    expect((await get('/openapi.json', {})).statusCode).toBe(200);
    expect((await get('/docs/', {})).statusCode).toBe(200);
  });

  it('will not start without a token configured', async () => {
    const open = {
      ...ctx,
      config: { ...ctx.config, api: { ...ctx.config.api, token: undefined } },
    };
    await expect(buildApi(open)).rejects.toThrow(
      '未设置 API_TOKEN：HTTP API 需要持有者令牌 / API_TOKEN is not set: the HTTP API needs a bearer token',
    );
  });
});

describe('announcements over HTTP', () => {
  it('sends to a unit and reports progress until completed', async () => {
    const people = await sys.tdb.db.person.findMany({
      where: { unit: { path: { startsWith: '/pudong/pudong.s02/' } } },
      include: { contacts: true },
    });
    expect(people.length).toBeGreaterThan(5);

    const created = await post('/announcements', {
      id: 'api-1',
      title: '继续教育学时登记',
      body: '{name}，请于月底前登记继续教育学时。',
      audience: { unitIds: ['pudong.s02'] },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      id: 'api-1',
      workflowId: 'announcement/api-1',
      recipients: people.length,
      url: 'http://ui.test:8233/namespaces/default/workflows/announcement%2Fapi-1',
    });

    const final = await until(
      async () => (await get('/announcements/api-1')).json(),
      (v) => v.status === 'completed',
    );
    expect(final).toMatchObject({
      id: 'api-1',
      status: 'completed',
      recipients: people.length,
      sent: people.length,
      failed: 0,
    });

    const messages = await sys.sink.waitFor(people.length);
    expect(messages.flatMap((m) => m.to).sort()).toEqual(
      people.map((p) => p.contacts[0]!.value).sort(),
    );
    expect(messages[0]!.subject).toBe('【通知】继续教育学时登记');

    const list = await get('/announcements');
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual([
      // API_TOKEN acts as the first admin, recorded by its username.
      expect.objectContaining({ id: 'api-1', status: 'completed', createdBy: 'admin' }),
    ]);
  });

  it('answers bad input with 400 naming the field or id, and writes nothing', async () => {
    const base = { id: 'api-bad', title: 't', body: 'b', audience: { unitIds: ['pudong.s01'] } };
    const cases: [object, number, string][] = [
      [{ ...base, title: undefined }, 400, 'body.title 必填 / body.title is required'],
      [{ ...base, titel: 'x' }, 400, 'body.titel 不是可用的字段 / body.titel is not a known field'],
      [
        { ...base, audience: { unitIds: ['nowhere'] } },
        400,
        '未知单位编号 unknown unit id(s): nowhere',
      ],
      [
        { ...base, audience: { unitIds: [{ id: 'x' }] } },
        400,
        'body.audience.unitIds.0 的值不合要求 / body.audience.unitIds.0 must be string',
      ],
      [
        { ...base, sendAt: 'tomorrow' },
        400,
        'sendAt：“tomorrow”不是有效的日期时间（应为 2026-03-20 17:00 或 2026-03-20T17:00+08:00 这样的时间）/ sendAt: "tomorrow" is not a valid date and time (expected e.g. 2026-03-20 17:00 or 2026-03-20T17:00+08:00)',
      ],
      [
        { ...base, id: 'api-1' },
        409,
        '通知“api-1”已存在（已完成） / announcement "api-1" already exists (completed)',
      ],
    ];
    for (const [payload, statusCode, error] of cases) {
      const res = await post('/announcements', payload);
      expect({ statusCode: res.statusCode, body: res.json() }).toEqual({
        statusCode,
        body: { error, statusCode },
      });
    }
    expect(await sys.tdb.db.announcement.findUnique({ where: { id: 'api-bad' } })).toBeNull();
    const missing = await get('/announcements/nope');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toBe('没有通知“nope” / no announcement "nope"');
    const badStatus = await get('/workflows?status=bogus');
    expect(badStatus.statusCode).toBe(400);
    expect(badStatus.json().error).toMatch(
      /^未知流程状态“bogus” \/ unknown status "bogus" \(known: Running, /,
    );
    expect((await get('/announcements?limit=0')).json().error).toBe(
      'querystring.limit 的值不合要求 / querystring.limit must be >= 1',
    );
    expect((await get('/no/such/route')).statusCode).toBe(404);
  });

  it('cancels a scheduled announcement, and refuses to cancel it twice', async () => {
    const sendAt = new Date(Date.now() + 3600_000).toISOString();
    const created = await post('/announcements', {
      id: 'api-later',
      title: '明日讲座',
      body: '明天上午讲座。',
      audience: { personIds: ['p-000003'] },
      sendAt,
    });
    expect(created.statusCode).toBe(201);
    // Before: waiting for its send time.
    expect((await get('/announcements/api-later')).json().live.waitingUntil).toBe(sendAt);
    // A typed name is ignored: the signed-in user (API_TOKEN: the first admin) is recorded.
    const cancelled = await post('/announcements/api-later/cancel', { by: '张科长' });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({
      id: 'api-later',
      status: 'cancelled',
      sent: 0,
      cancelledBy: 'admin',
    });
    // After: who cancelled and when, and no longer "waiting until".
    const status = (await get('/announcements/api-later')).json();
    expect(status).toMatchObject({ status: 'cancelled', cancelledBy: 'admin' });
    expect(Date.parse(status.cancelledAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(status.live.status).toBe('cancelled');
    expect(status.live.waitingUntil).toBeUndefined();
    const again = await post('/announcements/api-later/cancel');
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toBe(
      '通知“api-later”已结束（已取消）/ announcement "api-later" is already cancelled',
    );
    const anyone = await post('/announcements/api-later/cancel', { by: '' });
    expect(anyone.statusCode).toBe(409);
  });
});

describe('workflows and history', () => {
  it('finds announcement workflows by type and key prefix', async () => {
    const res = await until(
      () => get('/workflows?type=announcement&key=announcement/api-'),
      (r) => r.json().length === 2,
    );
    expect(res.statusCode).toBe(200);
    const found = res.json<{ workflowId: string; status: string }[]>();
    expect(found.map((w) => [w.workflowId, w.status]).sort()).toEqual([
      ['announcement/api-1', 'Completed'],
      ['announcement/api-later', 'Canceled'],
    ]);
  });

  it('returns a workflow’s timeline with its Web UI link', async () => {
    const told = (await get('/workflows/announcement%2Fapi-1/history')).json();
    expect(told.view).toBe('story');
    expect(told.lines[0]).toMatchObject({
      kind: '开始 started',
      text: '通知公告 announcement: announcementId=api-1, unitIds=pudong.s02',
    });
    expect(told.lines.map((l: { kind: string }) => l.kind)).toContain('通知 announcement');
    expect(JSON.stringify(told.lines)).not.toMatch(/resolveAudiencePage|sendNotices/);
    const res = await get('/workflows/announcement%2Fapi-1/history?steps=1');
    expect(res.statusCode).toBe(200);
    const t = res.json();
    expect(t.view).toBe('steps');
    expect(t).toMatchObject({ workflowId: 'announcement/api-1', type: 'announcement' });
    expect(t.url).toBe(
      `http://ui.test:8233/namespaces/default/workflows/announcement%2Fapi-1/${t.runId}/history`,
    );
    expect(t.lines[0]).toMatchObject({
      kind: 'started',
      text: 'announcement: announcementId=api-1, unitIds=pudong.s02',
    });
    expect(t.lines.at(-1)).toMatchObject({ kind: 'completed' });
    expect(t.lines.at(-1).text).toMatch(/^status completed, recipients \d+, sent \d+, failed 0/);
    const unknown = await get('/workflows/announcement%2Fnope/history');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toBe(
      '没有工作流“announcement/nope” / no workflow "announcement/nope"',
    );
  });
});

describe('mail and the API description', () => {
  it('lists and reads the sink folder', async () => {
    const file = `${Date.now()}-000001-0123456789abcdef01234567.eml`;
    writeFileSync(
      join(mailDir, file),
      [
        'From: 雁阵 <noreply@yanzhen.test>',
        'To: p-000009@demo.yanzhen.local',
        'Subject: =?UTF-8?B?' + Buffer.from('【通知】测试').toString('base64') + '?=',
        'Message-ID: <m1@yanzhen.test>',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'hello',
        '',
      ].join('\r\n'),
    );
    const list = await get('/mail?to=P-000009@demo.yanzhen.local');
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual([
      expect.objectContaining({
        file,
        subject: '【通知】测试',
        to: ['p-000009@demo.yanzhen.local'],
      }),
    ]);
    expect((await get('/mail?to=someone@else.test')).json()).toEqual([]);
    const one = await get(`/mail/${file}`);
    expect(one.json()).toMatchObject({ file, text: 'hello\n', messageId: '<m1@yanzhen.test>' });
    const missing = await get('/mail/..%2Fsecret.eml');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toBe(
      `没有邮件“../secret.eml” / no mail "../secret.eml" in ${mailDir} (give the number or file name from \`yz mail list\`)`,
    );
    // The number in the list's first column names a message as well as its file name.
    const [newest] = (await get('/mail')).json<{ ref: number; file: string }[]>();
    expect((await get(`/mail/${newest!.ref}`)).json()).toMatchObject({ file: newest!.file });
  });

  it('describes every operation in /openapi.json', async () => {
    const doc = (await get('/openapi.json', {})).json();
    const paths = Object.keys(doc.paths);
    // Every operation group is described: announcements, censuses, registry, courses, credits,
    // mentoring, mail, workflows, health.
    for (const path of [
      '/announcements',
      '/announcements/{id}',
      '/announcements/{id}/cancel',
      '/censuses',
      '/censuses/{id}',
      '/censuses/{id}/units/{unitId}/submit',
      '/health',
      '/mail',
      '/mail/{file}',
      '/mentoring/programs',
      '/mentoring/pairs/{id}/sessions',
      '/registry/census',
      '/registry/import',
      '/registry/people/export',
      '/registry/rate',
      '/courses',
      '/courses/{id}/attendance',
      '/credits/{personId}',
      '/reports/courses',
      '/workflows',
      '/workflows/{id}/history',
    ])
      expect(paths).toContain(path);
    expect(paths.length).toBeGreaterThan(40);
    expect(Object.keys(doc.paths['/announcements'])).toEqual(['post', 'get']);
    expect(
      doc.paths['/announcements'].post.requestBody.content['application/json'].schema.required,
    ).toEqual(['id', 'title', 'body', 'audience']);
    expect(doc.components.securitySchemes).toEqual({
      bearer: { type: 'http', scheme: 'bearer' },
      session: { type: 'apiKey', in: 'cookie', name: 'yz_session' },
    });
    expect(doc.paths['/health'].get.security).toEqual([]);
    expect(
      doc.paths['/registry/import'].post.requestBody.content['application/json'].schema.required,
    ).toEqual(['fileName', 'contentBase64', 'recordedBy']);
  });
});

/** A roster as the JSON upload the API takes. */
const upload = (fileName: string, bytes: Uint8Array | string, extra: object = {}) => ({
  fileName,
  contentBase64: Buffer.from(bytes).toString('base64'),
  recordedBy: 'coordinator-api',
  ...extra,
});

const activePeople = (pathPrefix = '/pudong/') =>
  sys.tdb.db.person.count({ where: { active: true, unit: { path: { startsWith: pathPrefix } } } });

describe('the registry over HTTP', () => {
  beforeAll(async () => {
    const district = buildDistrict({ streets: 2, unitsPerStreet: 2, people: 40 });
    await loadRegistryFacts(sys.tdb.db, buildRegistryFacts(district));
  });

  const roster = [
    '姓名,手机,单位,岗位',
    '欧阳一帆,13900000001,pudong.s01.u01,社区工作者',
    '欧阳二帆,12345,pudong.s01.u01,社区工作者',
    '欧阳三帆,13900000003,nowhere,社区工作者',
    '欧阳四帆,13900000004,pudong.s02.u02,志愿者',
  ].join('\n');

  it('imports a roster as a dry run, reporting problems by row, writing nothing', async () => {
    const before = await activePeople();
    const res = await post('/registry/import', upload('roster.csv', roster));
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({
      file: 'roster.csv',
      format: 'csv',
      rows: 4,
      committed: false,
      counts: { create: 2, update: 0, unchanged: 0, invalid: 2 },
    });
    expect(report.problems.map((p: { row: number; column: string }) => [p.row, p.column])).toEqual([
      [3, 'B 手机'],
      [4, 'C 单位'],
    ]);
    expect(await activePeople()).toBe(before);
  });

  it('commits the valid rows, and a second import finds them unchanged', async () => {
    const valid = roster
      .split('\n')
      .filter((_, i) => i !== 2 && i !== 3)
      .join('\n');
    const first = (
      await post('/registry/import', upload('roster.csv', valid, { commit: true }))
    ).json();
    expect(first).toMatchObject({
      committed: true,
      counts: { create: 2, update: 0, unchanged: 0, invalid: 0 },
    });
    const made = await sys.tdb.db.person.findMany({ where: { name: { startsWith: '欧阳' } } });
    expect(made.map((p) => [p.name, p.unitId]).sort()).toEqual([
      ['欧阳一帆', 'pudong.s01.u01'],
      ['欧阳四帆', 'pudong.s02.u02'],
    ]);
    const again = (
      await post('/registry/import', upload('roster.csv', valid, { commit: true }))
    ).json();
    expect(again).toMatchObject({
      committed: true,
      counts: { create: 0, update: 0, unchanged: 2, invalid: 0 },
    });
  });

  it('exports a unit as XLSX that imports back unchanged', async () => {
    const res = await get('/registry/people/export?format=xlsx&unitId=pudong.s01&lang=zh');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="registry-pudong\.s01\.xlsx"/,
    );
    const sheet = await readSheet(res.rawPayload);
    expect(sheet.rows[0]!.slice(0, 2)).toEqual(['人员编号', '姓名']);
    const n = await activePeople('/pudong/pudong.s01/');
    expect(sheet.rows.length - 1).toBe(n);
    const back = await post('/registry/import', upload('registry.xlsx', res.rawPayload));
    expect(back.json()).toMatchObject({
      format: 'xlsx',
      problems: [],
      counts: { create: 0, update: 0, unchanged: n, invalid: 0 },
    });
  });

  it('gives the census figures the registry counts, as JSON or a file', async () => {
    const res = await get('/registry/census?unitId=pudong&hours=120');
    expect(res.statusCode).toBe(200);
    const got = res.json();
    const want = await censusReport(ctx, { unitId: 'pudong', hoursThreshold: 120 });
    expect({ ...got, asOf: undefined }).toEqual(
      JSON.parse(JSON.stringify({ ...want, asOf: undefined })),
    );
    expect(got.total.people).toBe(await activePeople());
    expect(got.total.certified).toBeGreaterThan(0);
    expect(got.total.byRole.community_worker).toBe(
      await sys.tdb.db.person.count({ where: { active: true, role: 'community_worker' } }),
    );
    const file = await get('/registry/census?unitId=pudong.s01&hours=60&format=csv');
    expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(file.headers['content-disposition']).toMatch(/filename="census-pudong\.s01\.csv"/);
    const rows = (await readSheet(file.rawPayload)).rows;
    expect(rows[0]!.at(-1)).toBe('培训≥60学时人数');
    expect(rows.at(-1)!.slice(0, 3)).toEqual([
      'pudong.s01',
      '花木街道（合计）',
      String(await activePeople('/pudong/pudong.s01/')),
    ]);
  });

  it('gives the certification rate with its change and the verdict on a target', async () => {
    const direct = (target: { rate?: number; change?: number }) =>
      certificationRate(ctx, { unitId: 'pudong', since: '2020-01-01', target });
    const met = await get('/registry/rate?unitId=pudong&since=2020-01-01&targetRate=1');
    expect(met.statusCode).toBe(200);
    expect(met.json()).toEqual(JSON.parse(JSON.stringify(await direct({ rate: 1 }))));
    expect(met.json().unit.verdict.met).toBe(true);
    expect(met.json().children).toHaveLength(2);
    const missed = (
      await get('/registry/rate?unitId=pudong&since=2020-01-01&targetRate=1&targetChange=100')
    ).json();
    expect(missed.unit.verdict).toMatchObject({ met: false });
    expect(missed.unit.verdict.summary).toMatch(/目标 \+100\.0 个百分点，未达成$/);
    const xlsx = await get('/registry/rate?unitId=pudong&format=xlsx');
    expect(xlsx.headers['content-disposition']).toMatch(
      /filename="certification-rate-pudong\.xlsx"/,
    );
    expect((await readSheet(xlsx.rawPayload)).rows).toHaveLength(4);
  });

  it('answers bad input with 400 naming the field', async () => {
    const cases: [Promise<{ statusCode: number; json(): unknown }>, string][] = [
      [get('/registry/census'), 'querystring.unitId 必填 / querystring.unitId is required'],
      [
        get('/registry/census?unitId=pudong&hours=-1'),
        'querystring.hours 的值不合要求 / querystring.hours must be >= 0',
      ],
      [get('/registry/census?unitId=nowhere'), '未知单位编号 unknown unit id: nowhere'],
      [
        get('/registry/rate?unitId=pudong&since=2020-13-01'),
        'querystring.since 的值不合要求 / querystring.since must match format "date"',
      ],
      [
        get('/registry/people/export?format=pdf'),
        'querystring.format 的值不合要求 / querystring.format must be equal to one of the allowed values',
      ],
      [
        post('/registry/import', { ...upload('r.csv', roster), contentBase64: '%%%' }),
        'body.contentBase64 不是 base64 编码 / body.contentBase64 is not base64',
      ],
      [
        post('/registry/import', upload('r.pdf', '%PDF-1.7\n\u0000')),
        '文件“r.pdf”不是表格：应为 .xlsx 工作簿或 CSV 文本 / r.pdf is not a spreadsheet: expected an .xlsx workbook or CSV text',
      ],
      [
        post('/registry/import', upload('r.csv', roster, { comit: true })),
        'body.comit 不是可用的字段 / body.comit is not a known field',
      ],
    ];
    for (const [res, error] of cases) {
      const r = await res;
      expect({ statusCode: r.statusCode, body: r.json() }).toEqual({
        statusCode: 400,
        body: { error, statusCode: 400 },
      });
    }
  });
});

describe('a census over HTTP', () => {
  const units = ['pudong.s01.u01', 'pudong.s01.u02'];
  afterAll(async () => {
    await ctx?.temporal.workflow
      .getHandle('census/api-census')
      .terminate('test over')
      .catch(() => undefined);
  });

  it('starts, lists its units as pending, and a unit’s submission marks it reported', async () => {
    const contacts: Record<string, string> = {};
    for (const u of units)
      contacts[u] = (await sys.tdb.db.person.findFirstOrThrow({ where: { unitId: u } })).id;
    const started = await post('/censuses', {
      id: 'api-census',
      title: '2026年人才资源库普查',
      unitIds: units,
      deadline: new Date(Date.now() + 7 * 86400_000).toISOString(),
      coordinatorId: 'p-000001',
      contacts,
    });
    expect(started.statusCode).toBe(201);
    expect(started.json()).toEqual({ id: 'api-census', workflowId: 'census/api-census', units: 2 });
    const pending = (await get('/censuses/api-census')).json();
    expect(pending).toMatchObject({ id: 'api-census', units: 2, reported: 0 });
    expect(pending.byUnit).toEqual({ [units[0]!]: 'pending', [units[1]!]: 'pending' });

    const file = await get(`/registry/people/export?format=csv&unitId=${units[0]}`);
    const submitted = await post(
      `/censuses/api-census/units/${units[0]}/submit`,
      upload('u01.csv', file.rawPayload, { recordedBy: contacts[units[0]!] }),
    );
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'submitted', import: { committed: true } });
    const progress = await until(
      async () => (await get('/censuses/api-census')).json(),
      (v) => v.byUnit[units[0]!] === 'reported',
    );
    expect(progress.byUnit).toEqual({ [units[0]!]: 'reported', [units[1]!]: 'pending' });
    expect(progress).toMatchObject({ reported: 1, pending: 1 });

    const bad = await post('/censuses', { id: 'api-census-2', title: 't', unitIds: units });
    expect(bad.json()).toEqual({
      error: 'body.deadline 必填 / body.deadline is required',
      statusCode: 400,
    });
    const outside = await post(
      '/censuses/api-census/units/pudong.s02.u01/submit',
      upload('x.csv', file.rawPayload),
    );
    expect(outside.json()).toEqual({
      error:
        '单位 pudong.s02.u01 不在普查“api-census”范围内 / unit pudong.s02.u01 is not part of census "api-census"',
      statusCode: 404,
    });
  });
});
