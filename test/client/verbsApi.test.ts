/**
 * Editing and cancelling a course series and a cohort through the HTTP API (PATCH /courses/:id,
 * POST /courses/:id/cancel, PATCH /cohorts/:id, POST /cohorts/:id/cancel), against the run's
 * Temporal server; notices read from the outbox.
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
import { TEST_PAYLOAD_KEYS } from '../harness/payloadKeys';

const TOKEN = 'test-token-verbs';
const headers = { authorization: `Bearer ${TOKEN}` };
const sys = useTestSystem({ district: { streets: 1, unitsPerStreet: 2, people: 10 } });
vi.setConfig({ testTimeout: 120_000 });
let ctx: YzContext;
let app: FastifyInstance;
let mailDir: string;

beforeAll(async () => {
  mailDir = mkdtempSync(join(tmpdir(), 'yz-verbs-api-'));
  ctx = await openContext(
    loadConfig({
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      YZ_PAYLOAD_KEYS: TEST_PAYLOAD_KEYS,
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

const call = (method: 'POST' | 'PATCH', url: string, payload: object) =>
  app.inject({ method, url, payload, headers });
const year = new Date().getUTCFullYear() + 1;
const series = (id: string, capacity?: number) =>
  call('POST', '/courses', {
    id,
    title: `课程${id}`,
    coordinatorId: 'p-000010',
    minHours: 2,
    ...(capacity ? { capacity } : {}),
    sessions: [
      {
        sessionId: 's1',
        title: '第1讲',
        mode: 'online',
        startsAt: `${year}-04-01T01:00:00Z`,
        endsAt: `${year}-04-01T03:00:00Z`,
        link: 'https://meet.example/1',
        hours: 2,
        teacher: '王老师',
      },
    ],
  });
const sentTo = async (template: string, n: number) => {
  let people: string[] = [];
  await vi.waitFor(
    async () => {
      const rows = await sys.tdb.db.notice.findMany({
        where: { template, status: 'sent' },
        orderBy: { personId: 'asc' },
      });
      people = rows.map((r) => r.personId);
      expect(people).toHaveLength(n);
    },
    { timeout: 30_000, interval: 200 },
  );
  return people;
};

it('edits a series (more places move the waitlist up) and cancels it', async () => {
  expect((await series('api-s', 1)).statusCode).toBe(201);
  await call('POST', '/courses/api-s/enrolments', { personIds: ['p-000001', 'p-000002'] });
  expect(await sentTo('course-waitlisted', 1)).toEqual(['p-000002']);

  const bad = await call('PATCH', '/courses/api-s', { reminderOffsets: ['soon'] });
  expect(bad.statusCode).toBe(400);
  expect(bad.json().error).toContain('提醒时间 / reminder offset');
  const edit = await call('PATCH', '/courses/api-s', { capacity: null, reminderOffsets: ['1d'] });
  expect(edit.statusCode).toBe(200);
  expect(edit.json()).toMatchObject({
    capacity: null,
    reminderOffsets: ['1d'],
    promoted: ['p-000002'],
  });
  expect(await sentTo('course-promoted', 1)).toEqual(['p-000002']);

  const cancel = await call('POST', '/courses/api-s/cancel', { by: '张科长', reason: '师资变动' });
  expect(cancel.statusCode).toBe(200);
  // The typed name is ignored: the signed-in account (API_TOKEN: the first admin) is recorded.
  expect(cancel.json()).toMatchObject({ status: 'cancelled', cancelledBy: 'admin', notified: 2 });
  expect(await sentTo('course-cancelled', 2)).toEqual(['p-000001', 'p-000002']);
  const again = await call('PATCH', '/courses/api-s', { title: '新名' });
  expect(again.statusCode).toBe(409);
  const row = await sys.tdb.db.courseSeries.findUniqueOrThrow({ where: { id: 'api-s' } });
  expect(row).toMatchObject({
    status: 'cancelled',
    cancelledBy: 'admin',
    cancelReason: '师资变动',
  });
});

it('edits a cohort’s title and series and cancels it', async () => {
  await series('api-a');
  await series('api-b');
  const created = await call('POST', '/cohorts', {
    id: 'api-co',
    title: '头雁一期',
    kind: 'leader',
    coordinatorId: 'p-000010',
    seriesIds: ['api-a'],
    personIds: ['p-000003', 'p-000004'],
  });
  expect(created.statusCode).toBe(201);
  const empty = await call('PATCH', '/cohorts/api-co', {});
  expect(empty.statusCode).toBe(400);
  const edit = await call('PATCH', '/cohorts/api-co', {
    title: '头雁一期（修订）',
    seriesIds: ['api-b', 'api-a'],
  });
  expect(edit.json()).toMatchObject({
    title: '头雁一期（修订）',
    seriesIds: ['api-b', 'api-a'],
    removed: [],
    added: [{ seriesId: 'api-b', enrolled: ['p-000003', 'p-000004'] }],
  });
  const cancel = await call('POST', '/cohorts/api-co/cancel', { by: '李主任' });
  expect(cancel.json()).toMatchObject({
    status: 'cancelled',
    cancelledBy: 'admin',
    withdrawn: 4,
    notified: 2,
  });
  expect(await sentTo('announcement', 2)).toEqual(['p-000003', 'p-000004']);
  expect((await call('POST', '/cohorts/api-co/cancel', {})).statusCode).toBe(409);
});
