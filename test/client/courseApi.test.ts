/** The course and credit routes of the HTTP API, against the run's Temporal server. */
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
import { TEST_PAYLOAD_KEYS } from '../harness/payloadKeys';
import { accountToken } from '../harness/accounts';

const TOKEN = 'test-token-course';
const auth = { authorization: `Bearer ${TOKEN}` };
const sys = useTestSystem({ district: { streets: 1, unitsPerStreet: 2, people: 10 } });
let ctx: YzContext;
let app: FastifyInstance;
let mailDir: string;

beforeAll(async () => {
  mailDir = mkdtempSync(join(tmpdir(), 'yz-course-api-'));
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
  await app?.close();
  await ctx?.close();
  if (mailDir) rmSync(mailDir, { recursive: true, force: true });
});

const post = (url: string, payload?: object) =>
  app.inject({ method: 'POST', url, payload, headers: auth });
const get = (url: string) => app.inject({ method: 'GET', url, headers: auth });

it('creates a series, enrols, takes attendance by code and sheet, and reports', async () => {
  const day = (d: number, h: number) =>
    new Date(Date.UTC(new Date().getUTCFullYear() + 1, 2, d, h)).toISOString();
  const body = {
    id: 'hs-town',
    title: '社工+志愿者专题培训',
    coordinatorId: 'p-000010',
    capacity: 2,
    minHours: 3,
    sessions: [
      {
        sessionId: 'a',
        title: '志愿服务',
        mode: 'offline',
        startsAt: day(1, 1),
        endsAt: day(1, 3),
        place: '沙坪镇',
        hours: 2,
        teacher: '何老师',
      },
      {
        sessionId: 'b',
        title: '个案工作',
        mode: 'online',
        startsAt: day(2, 1),
        endsAt: day(2, 3),
        link: 'https://meet.example/b',
        hours: 2,
        teacher: '何老师',
      },
    ],
  };
  const overlap = await post('/courses', {
    ...body,
    sessions: [body.sessions[0], { ...body.sessions[1], startsAt: day(1, 2), endsAt: day(1, 4) }],
  });
  expect(overlap.statusCode).toBe(400);
  expect(overlap.json().error).toContain('sessions a and b overlap');
  expect((await post('/courses', body)).statusCode).toBe(201);
  expect((await post('/courses', body)).statusCode).toBe(409);

  const e = (
    await post('/courses/hs-town/enrolments', { personIds: ['p-000001', 'p-000002', 'p-000003'] })
  ).json();
  expect(e).toEqual({ enrolled: ['p-000001', 'p-000002'], waitlisted: ['p-000003'], already: [] });
  expect((await post('/courses/hs-town/withdrawals', { personId: 'p-000002' })).json()).toEqual({
    promoted: ['p-000003'],
  });

  const { code } = (await post('/courses/hs-town/sessions/a/checkin-code', {})).json();
  const wrong = await post('/courses/hs-town/sessions/a/checkin', {
    personId: 'p-000001',
    code: 'nope',
  });
  expect(wrong.statusCode).toBe(403);
  // The sessions are next year: checking in now, or importing their sheet, is refused (400).
  const early = await post('/courses/hs-town/sessions/a/checkin', { personId: 'p-000001', code });
  expect(early.statusCode).toBe(400);
  expect(early.json().error).toContain(
    'mark 1: attendance of session a cannot be recorded before the session starts',
  );
  expect(early.json().error).toMatch(
    /^第 1 条：场次 a 的考勤不能早于该场次开始（\d{4}年3月1日 09:00（北京时间/,
  );
  const sheet = Buffer.from('人员编号,场次,出勤情况\np-000001,b,迟到\np-000003,b,请假\n').toString(
    'base64',
  );
  const importEarly = await post('/courses/hs-town/attendance/import', {
    fileName: '签到.csv',
    contentBase64: sheet,
  });
  expect(importEarly.statusCode).toBe(400);
  expect(importEarly.json().error).toMatch(
    /^签到\.csv 第 2 行：场次 b 的考勤.*\/ 签到\.csv row 2: attendance of session b/,
  );
  expect(await sys.tdb.db.courseAttendance.count()).toBe(0);
  // Only an admin backfills: another coordinator is refused (403), nothing written.
  const district = await accountToken(sys.tdb.db, 'district-he', 'district');
  const notAdmin = await app.inject({
    method: 'POST',
    url: '/courses/hs-town/attendance',
    payload: {
      marks: [{ sessionId: 'a', personId: 'p-000001', status: 'present' }],
      backfill: true,
    },
    headers: district.headers,
  });
  expect(notAdmin.statusCode).toBe(403);
  expect(notAdmin.json().error).toContain('补录仅限管理员 / only an admin may backfill');
  expect(await sys.tdb.db.courseAttendance.count()).toBe(0);
  // An admin backfills: recorded, marked as a backfill by the actor.
  expect(
    (
      await post('/courses/hs-town/attendance', {
        marks: [{ sessionId: 'a', personId: 'p-000001', status: 'present' }],
        recordedBy: 'admin-zhang',
        backfill: true,
      })
    ).json(),
  ).toEqual({ recorded: 1, people: 1 });
  expect(
    (
      await post('/courses/hs-town/attendance/import', {
        fileName: '签到.csv',
        contentBase64: sheet,
        backfill: true,
      })
    ).json(),
  ).toEqual({ recorded: 2, people: 2 });
  expect(
    await sys.tdb.db.courseAttendance.findMany({
      where: { personId: 'p-000001' },
      select: { sessionId: true, source: true, recordedBy: true },
      orderBy: { sessionId: 'asc' },
    }),
  ).toEqual([
    // Typed names are ignored: the signed-in account (API_TOKEN: the first admin) is recorded.
    { sessionId: 'a', source: 'coordinator-backfill', recordedBy: 'admin' },
    { sessionId: 'b', source: 'import-backfill', recordedBy: 'admin' },
  ]);
  const unknown = await post('/courses/hs-town/attendance', {
    marks: [{ sessionId: 'zz', personId: 'p-000001', status: 'present' }],
  });
  expect(unknown.statusCode).toBe(400);
  expect(unknown.json().error).toBe(
    '第 1 条：课程“hs-town”没有场次“zz” / mark 1: course "hs-town" has no session "zz"',
  );

  // The backfilled attendance meets the rule for p-000001, but the course is next year: nobody
  // completes before it ends.
  await vi.waitFor(async () => expect((await get('/courses/hs-town')).json().awaitingEnd).toBe(2), {
    timeout: 20_000,
    interval: 300,
  });
  expect((await get('/courses/hs-town')).json().completions).toBe(0);
  expect((await get('/courses/hs-town/certificates/p-000001')).statusCode).toBe(404);
  // The sessions were in fact held last year: moved to their dates, the course has ended.
  const lastYear = (iso: string) => iso.replace(/^\d{4}/, (y) => String(Number(y) - 2));
  for (const x of body.sessions) {
    const moved = await post(`/courses/hs-town/sessions/${x.sessionId}/reschedule`, {
      startsAt: lastYear(x.startsAt),
      endsAt: lastYear(x.endsAt),
    });
    expect(moved.statusCode).toBe(200);
  }
  await vi.waitFor(async () => expect((await get('/courses/hs-town')).json().completions).toBe(1), {
    timeout: 20_000,
    interval: 300,
  });
  // p-000001 completed (2 + 2 hours): the certificate is a PDF; p-000003 (excused) has none.
  const cert = await get('/courses/hs-town/certificates/p-000001');
  expect(cert.statusCode).toBe(200);
  expect(cert.headers['content-type']).toBe('application/pdf');
  expect(cert.headers['x-certificate-no']).toMatch(/^JY-/);
  expect(cert.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  const none = await get('/courses/hs-town/certificates/p-000003');
  expect(none.statusCode).toBe(404);
  expect(none.json().error).toBe(
    'p-000003 尚未结业课程“hs-town” / person p-000003 has not completed "hs-town"',
  );

  // A cohort over the series; its progress as JSON and XLSX.
  const cohort = await post('/cohorts', {
    id: 'hs-cohort',
    title: '头雁计划',
    kind: 'leader',
    coordinatorId: 'p-000010',
    seriesIds: ['hs-town'],
    personIds: ['p-000001', 'p-000004'],
  });
  expect(cohort.statusCode).toBe(201);
  expect(cohort.json().series[0]).toMatchObject({
    already: ['p-000001'],
    waitlisted: ['p-000004'],
  });
  const bad = await post('/cohorts', {
    id: 'x',
    title: 'x',
    kind: 'elders',
    coordinatorId: 'p-000010',
    seriesIds: ['hs-town'],
  });
  expect(bad.statusCode).toBe(400);
  const progress = (await get('/cohorts/hs-cohort/progress')).json();
  // Members by unit: p-000004 (pudong.s01.u01) waits for a place, p-000001 (u02) completed.
  expect(
    progress.members.map((m: { personId: string; status: string }) => [m.personId, m.status]),
  ).toEqual([
    ['p-000004', 'waitlisted'],
    ['p-000001', 'completed'],
  ]);
  const progressXlsx = await get('/cohorts/hs-cohort/progress?format=xlsx');
  expect(progressXlsx.headers['content-type']).toContain('spreadsheetml');
  expect((await readSheet(progressXlsx.rawPayload)).rows).toHaveLength(3);
  const openapi = (await get('/openapi.json')).json();
  expect(Object.keys(openapi.paths)).toEqual(
    expect.arrayContaining([
      '/cohorts',
      '/cohorts/{id}/progress',
      '/courses/{id}/certificates/{personId}',
    ]),
  );

  const report = (await get('/reports/courses?seriesId=hs-town')).json();
  expect(report.reduce((n: number, r: { personTimes: number }) => n + r.personTimes, 0)).toBe(2);
  const xlsx = await get('/reports/courses?format=xlsx');
  expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  expect((await readSheet(xlsx.rawPayload)).rows.length).toBeGreaterThan(1);
  expect((await get('/reports/ce')).json()).toEqual([]);
  const noCert = await post('/credits/p-000001/claims', { source: 'degree', evidence: '学位证' });
  expect(noCert.statusCode).toBe(409);
  expect(noCert.json().error).toContain('person p-000001 holds no registered certificate');
  expect((await post('/courses/hs-town/close')).json()).toEqual({ id: 'hs-town', closing: true });
});
