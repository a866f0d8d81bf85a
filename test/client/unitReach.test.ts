/**
 * A unit coordinator's reach over the routes opened to them, against the real server and database:
 * programs, exam progress and funnel, the course roll, notices, an announcement's status, a
 * mentoring pair and a person's overview each answer only their units' people, with counts over
 * those alone; another unit's person or pair by URL answers like a missing one; district-wide
 * controls stay 403. And a participant's check-in is one audit row, on either check-in route.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApi } from '../../client/api/server';
import { openContext, type YzContext } from '../../client/operations/context';
import { loadConfig } from '../../config/env';
import { useTestSystem } from '../harness/system';
import { FACTS_DISTRICT, seedCampaignFacts } from '../harness/examFacts';
import { seedReachFacts, SCOPE_PATH } from '../harness/reachFacts';
import { createUser } from '../../store/auth/users';
import { createToken } from '../../store/auth/tokens';
import { TEST_PAYLOAD_KEYS } from '../harness/payloadKeys';

const TOKEN = 'test-token-reach-7e2';
const admin = { authorization: `Bearer ${TOKEN}` };
// A worker too: a check-in signals its course series' workflow.
const sys = useTestSystem({ district: FACTS_DISTRICT });
const tdb = {
  get db() {
    return sys.tdb.db;
  },
};
let ctx: YzContext;
let app: FastifyInstance;
let unit: Record<string, string>;
/** People of pudong.s01 and below (the coordinator's reach). */
let mine: Set<string>;

beforeAll(async () => {
  await seedCampaignFacts(sys.tdb, { district: false });
  await seedReachFacts(tdb.db);
  ctx = await openContext(
    loadConfig({
      YZ_PAYLOAD_KEYS: TEST_PAYLOAD_KEYS,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      DATABASE_URL: sys.tdb.url,
      TASK_QUEUE: sys.stack.taskQueue,
      YZ_QUIET_HOURS: 'off',
      API_TOKEN: TOKEN,
      YZ_LOG_LEVEL: 'silent',
    }),
  );
  app = await buildApi(ctx);
  const huamu = await createUser(tdb.db, {
    username: 'huamu',
    role: 'unit',
    unitIds: ['pudong.s01'],
  });
  unit = { authorization: `Bearer ${(await createToken(tdb.db, huamu.userId, 'cli')).token}` };
  const people = await tdb.db.person.findMany({
    where: { unit: { path: { startsWith: SCOPE_PATH } } },
    select: { id: true },
  });
  mine = new Set(people.map((p) => p.id));
});

afterAll(async () => {
  await app?.close();
  await ctx?.close();
});

const get = (url: string, headers = unit) => app.inject({ method: 'GET', url, headers });
const post = (url: string, payload: object, headers = unit) =>
  app.inject({ method: 'POST', url, headers, payload });
const audit = () => tdb.db.auditEvent.findMany({ orderBy: { id: 'asc' } });

/** Counts by status of the rows whose person is in reach: what the narrowed views must answer. */
function countMine(rows: { personId: string; status: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) if (mine.has(r.personId)) out[r.status] = (out[r.status] ?? 0) + 1;
  return out;
}

describe('the routes opened to a unit coordinator, narrowed to their units', () => {
  it('has people on both sides of the reach (the fixture is meaningful)', async () => {
    const participants = await tdb.db.examParticipant.findMany();
    expect(participants.some((p) => mine.has(p.personId))).toBe(true);
    expect(participants.some((p) => !mine.has(p.personId))).toBe(true);
  });

  it('lists programs with counts over their people, leaving out programs with none', async () => {
    const res = await get('/programs?all=true');
    expect(res.statusCode).toBe(200);
    const list = res.json<{ id: string; counts: Record<string, number> }[]>();
    const exam = list.find((p) => p.id === 'rpt-2025')!;
    expect(exam.counts).toEqual(countMine(await tdb.db.examParticipant.findMany()));
    const district = (await get('/programs?all=true', admin)).json<{ id: string }[]>();
    const total = await tdb.db.examParticipant.count();
    const all = district.find((p) => p.id === 'rpt-2025') as unknown as {
      counts: Record<string, number>;
    };
    expect(Object.values(all.counts).reduce((a, b) => a + b, 0)).toBe(total);
    // A mentoring program whose only pair is in another street is not theirs to see.
    expect(district.map((p) => p.id)).toContain('mp-s02');
    expect(list.map((p) => p.id)).not.toContain('mp-s02');
    expect(list.map((p) => p.id)).toContain('mp-s01');
  });

  it('answers an exam campaign’s funnel and progress over their people, without district figures', async () => {
    const expected = countMine(await tdb.db.examParticipant.findMany());
    const funnel = await get('/exam-campaigns/rpt-2025/funnel');
    expect(funnel.statusCode).toBe(200);
    expect(funnel.json()).toEqual(expected);
    const progress = await get('/exam-campaigns/rpt-2025/progress');
    expect(progress.statusCode).toBe(200);
    expect(progress.json()).toMatchObject({ funnel: expected, progress: null, kpis: {} });
    const wave = progress.json<{ waves: { recipients: number | null }[] }>().waves[0]!;
    expect(wave.recipients).toBeNull();
    expect((await get('/exam-campaigns/rpt-2025/progress', admin)).json().waves[0].recipients).toBe(
      7,
    );
  });

  it('answers a course roll with their people and marks only', async () => {
    const res = await get('/courses/prep-2025/roll');
    expect(res.statusCode).toBe(200);
    const roll = res.json<{ people: { personId: string }[]; marks: { personId: string }[] }>();
    const enrolled = await tdb.db.courseEnrolment.findMany({ where: { seriesId: 'prep-2025' } });
    expect(roll.people.map((p) => p.personId).sort()).toEqual(
      enrolled
        .map((e) => e.personId)
        .filter((id) => mine.has(id))
        .sort(),
    );
    expect(roll.marks.length).toBeGreaterThan(0);
    expect(roll.marks.every((m) => mine.has(m.personId))).toBe(true);
    const full = (await get('/courses/prep-2025/roll', admin)).json<typeof roll>();
    expect(full.people.length).toBe(enrolled.length);
    expect(full.people.length).toBeGreaterThan(roll.people.length);
  });

  it('answers notices to their people; another unit’s person by filter is not found', async () => {
    const res = await get('/notices');
    expect(res.statusCode).toBe(200);
    const { total, notices } = res.json<{ total: number; notices: { personId: string }[] }>();
    const rows = await tdb.db.notice.findMany();
    expect(total).toBe(rows.filter((n) => mine.has(n.personId)).length);
    expect(total).toBeLessThan(rows.length);
    expect(notices.every((n) => mine.has(n.personId))).toBe(true);
    const theirs = rows.find((n) => !mine.has(n.personId))!.personId;
    expect((await get(`/notices?personId=${theirs}`)).statusCode).toBe(404);
  });

  it('answers an announcement’s status over their recipients; one reaching none is not found', async () => {
    const res = await get('/announcements/to-both');
    expect(res.statusCode).toBe(200);
    const sentToMine = (
      await tdb.db.notice.findMany({ where: { key: { startsWith: 'announcement/to-both/' } } })
    ).filter((n) => mine.has(n.personId));
    expect(res.json()).toMatchObject({ id: 'to-both', sent: sentToMine.length, failed: 0 });
    expect(res.json().recipients).toBe(mine.size);
    expect(res.json().live).toBeUndefined();
    const other = await get('/announcements/to-s02');
    const none = await get('/announcements/no-such');
    expect(other.statusCode).toBe(404);
    expect(none.statusCode).toBe(404);
    expect(other.json().error).toBe(none.json().error.replaceAll('no-such', 'to-s02'));
    expect((await get('/announcements/to-s02', admin)).statusCode).toBe(200);
  });

  it('answers their mentoring pair; another street’s pair is not found', async () => {
    const ok = await get(`/mentoring/pairs/${encodeURIComponent('mp-s01/pair')}`);
    expect(ok.statusCode).toBe(200);
    expect(mine.has(ok.json().menteeId)).toBe(true);
    const other = await get(`/mentoring/pairs/${encodeURIComponent('mp-s02/pair')}`);
    expect(other.statusCode).toBe(404);
    expect(other.json().error).toMatch(/no mentoring pair "mp-s02\/pair"/);
  });

  it('answers their person’s overview; another unit’s person by URL is not found', async () => {
    const [me] = [...mine];
    const theirs = await tdb.db.person.findFirstOrThrow({
      where: { NOT: { id: { in: [...mine] } } },
    });
    expect((await get(`/people/${me}/overview`)).statusCode).toBe(200);
    expect((await get(`/people/${theirs.id}/overview`)).statusCode).toBe(404);
  });

  it('keeps district-wide controls closed (403), changing nothing', async () => {
    const before = await tdb.db.examCampaign.findUniqueOrThrow({ where: { id: 'rpt-2025' } });
    const closed: [string, string, object?][] = [
      ['POST', '/exam-campaigns/rpt-2025/pause', {}],
      ['POST', '/exam-campaigns/rpt-2025/cancel', {}],
      ['GET', '/workflows'],
      ['GET', '/mail'],
      ['GET', '/users'],
      ['POST', '/org/units', { name: '越权街道', parentId: 'pudong' }],
      ['GET', '/exam-campaigns/rpt-2025/rewards'],
    ];
    for (const [method, url, payload] of closed) {
      const res = await app.inject({
        method: method as 'GET' | 'POST',
        url,
        headers: unit,
        ...(payload ? { payload } : {}),
      });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
    expect(await tdb.db.organisation.count({ where: { name: '越权街道' } })).toBe(0);
    const after = await tdb.db.examCampaign.findUniqueOrThrow({ where: { id: 'rpt-2025' } });
    expect(after.status).toBe(before.status);
  });
});

describe('a participant’s check-in', () => {
  it('is one audit row: checkin:<person> on the public page, the account on the coordinators’ route', async () => {
    const [first, second] = [...mine].filter((id) =>
      ['p-000001', 'p-000004', 'p-000005', 'p-000008'].includes(id),
    );
    // A series whose session starts in ten minutes: check-in is open half an hour before.
    const at = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
    const made = await post(
      '/courses',
      {
        id: 'ci-now',
        title: '签到测试 / check-in',
        coordinatorId: first,
        minHours: 1,
        sessions: [
          {
            sessionId: 'now',
            title: '开班',
            mode: 'offline',
            startsAt: at(10),
            endsAt: at(130),
            place: '302',
            hours: 2,
            teacher: '何老师',
          },
        ],
      },
      admin,
    );
    expect(made.statusCode, made.body).toBe(201);
    const enrolled = await post('/courses/ci-now/enrolments', { personIds: [first, second] });
    expect(enrolled.json().enrolled).toEqual([first, second]);
    const open = await post('/courses/ci-now/sessions/now/checkin-code', {}, admin);
    expect(open.statusCode).toBe(200);
    const { code } = open.json<{ code: string }>();

    const wrong = await app.inject({
      method: 'POST',
      url: '/checkin',
      payload: { seriesId: 'ci-now', sessionId: 'now', personId: first, code: 'nope00' },
    });
    expect(wrong.statusCode).toBe(403);
    const before = (await audit()).length;
    const done = await app.inject({
      method: 'POST',
      url: '/checkin',
      payload: { seriesId: 'ci-now', sessionId: 'now', personId: first, code },
    });
    expect(done.statusCode, done.body).toBe(200);
    const rows = (await audit()).slice(before);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      userId: null,
      actor: `checkin:${first}`,
      action: 'course.checkin',
      ip: '127.0.0.1',
    });
    expect(JSON.parse(rows[0]!.targets)).toEqual(['ci-now', 'now', first]);
    expect(done.json()).toEqual({ status: 'present' });
    expect(rows[0]!.after).not.toContain(code);

    const byCoordinator = await post('/courses/ci-now/sessions/now/checkin', {
      personId: second,
      code,
    });
    expect(byCoordinator.statusCode).toBe(200);
    const more = (await audit()).slice(before + 1);
    expect(more).toHaveLength(1);
    expect(more[0]).toMatchObject({ actor: 'huamu', action: 'course.checkin' });
    expect(JSON.stringify(more[0])).not.toContain(code);
  });
});
