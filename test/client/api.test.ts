import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { useTestSystem } from '../harness/system';
import { buildApi } from '../../client/api';
import { openContext, type YzContext } from '../../client/context';
import { loadConfig } from '../../worker/config';

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
  it('refuses requests without the bearer token, with a JSON error', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: TOKEN }]) {
      const res = await get('/announcements', headers);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({
        error: 'missing or wrong bearer token (Authorization: Bearer <API_TOKEN>)',
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
    await expect(buildApi(open)).rejects.toThrow(/API_TOKEN is not set/);
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
      expect.objectContaining({ id: 'api-1', status: 'completed', createdBy: 'api' }),
    ]);
  });

  it('answers bad input with 400 naming the field or id, and writes nothing', async () => {
    const base = { id: 'api-bad', title: 't', body: 'b', audience: { unitIds: ['pudong.s01'] } };
    const cases: [object, number, string][] = [
      [{ ...base, title: undefined }, 400, 'body.title is required'],
      [{ ...base, titel: 'x' }, 400, 'body.titel is not a known field'],
      [{ ...base, audience: { unitIds: ['nowhere'] } }, 400, 'unknown unit id(s): nowhere'],
      [
        { ...base, audience: { unitIds: [{ id: 'x' }] } },
        400,
        'body.audience.unitIds.0 must be string',
      ],
      [{ ...base, sendAt: 'tomorrow' }, 400, 'body.sendAt must match format "date-time"'],
      [{ ...base, id: 'api-1' }, 409, 'announcement "api-1" already exists (completed)'],
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
    expect(missing.json().error).toBe('no announcement "nope"');
    const badStatus = await get('/workflows?status=bogus');
    expect(badStatus.statusCode).toBe(400);
    expect(badStatus.json().error).toMatch(/^unknown status "bogus" \(known: Running, /);
    expect((await get('/announcements?limit=0')).json().error).toBe(
      'querystring.limit must be >= 1',
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
    const cancelled = await post('/announcements/api-later/cancel');
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ id: 'api-later', status: 'cancelled', sent: 0 });
    const again = await post('/announcements/api-later/cancel');
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toBe('announcement "api-later" is already cancelled');
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
    const res = await get('/workflows/announcement%2Fapi-1/history');
    expect(res.statusCode).toBe(200);
    const t = res.json();
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
    expect(unknown.json().error).toBe('no workflow "announcement/nope"');
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
    expect(missing.json().error).toBe(`no mail file "../secret.eml" in ${mailDir}`);
  });

  it('describes every operation in /openapi.json', async () => {
    const doc = (await get('/openapi.json', {})).json();
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/announcements',
      '/announcements/{id}',
      '/announcements/{id}/cancel',
      '/health',
      '/mail',
      '/mail/{file}',
      '/workflows',
      '/workflows/{id}/history',
    ]);
    expect(Object.keys(doc.paths['/announcements'])).toEqual(['post', 'get']);
    expect(
      doc.paths['/announcements'].post.requestBody.content['application/json'].schema.required,
    ).toEqual(['id', 'title', 'body', 'audience']);
    expect(doc.components.securitySchemes).toEqual({ bearer: { type: 'http', scheme: 'bearer' } });
    expect(doc.paths['/health'].get.security).toEqual([]);
  });
});
