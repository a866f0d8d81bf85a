/**
 * Mentoring over HTTP and through the `yz` CLI, against the run's Temporal server, a worker and
 * this test's database: start a program, pair (bad input refused by id), log a session with
 * notes, evaluate out of range (refused), read progress and the XLSX report.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApi } from '../../client/api/server';
import { openContext, type YzContext } from '../../client/operations/context';
import { loadConfig } from '../../config/env';
import { recordHistory } from '../harness/histories';
import { useTestSystem } from '../harness/system';
import { TEST_PAYLOAD_KEYS } from '../harness/payloadKeys';
import { accountToken } from '../harness/accounts';

const TOKEN = 'test-token-mentoring';
const auth = { authorization: `Bearer ${TOKEN}` };
const sys = useTestSystem({ district: { streets: 2, unitsPerStreet: 2, people: 40 } });
let ctx: YzContext;
let app: FastifyInstance;
let dir: string;
let env: Record<string, string | undefined>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yz-mentoring-'));
  env = {
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    YZ_PAYLOAD_KEYS: TEST_PAYLOAD_KEYS,
    YZ_LOG_LEVEL: 'warn', // the API log: failures only
    TEMPORAL_UI_URL: 'http://ui.test:8233',
    TASK_QUEUE: sys.stack.taskQueue,
    DATABASE_URL: sys.tdb.url,
    API_TOKEN: TOKEN,
    YZ_MAIL_DIR: dir,
    YZ_QUIET_HOURS: 'off',
  };
  ctx = await openContext(loadConfig(env));
  app = await buildApi(ctx);
});

afterAll(async () => {
  // The program would run for six months on the shared server: end it and its pairs.
  for (const id of [
    'mentoring/api-2026',
    'mentoring/api-2026/p-000001',
    'mentoring/api-2026/p-000002',
    'mentoring/api-2026/p-000003',
    'mentoring/api-2027',
  ])
    await ctx?.temporal.workflow
      .getHandle(id)
      .terminate('test over')
      .catch(() => undefined);
  await app?.close();
  await ctx?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const post = (url: string, payload: object) =>
  app.inject({ method: 'POST', url, payload, headers: auth });
const get = (url: string) => app.inject({ method: 'GET', url, headers: auth });

function yz(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['client/bin/yz.js', ...args],
      { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const pair = encodeURIComponent('api-2026/p-000001');
const good = { professional_practice: 80, supervision_skills: 80, ethics: 80, reflection: 80 };

describe('mentoring over HTTP', () => {
  it('starts a program, pairs, logs, evaluates and reports', async () => {
    const noLectures = await post('/mentoring/programs', {
      id: 'api-2026',
      title: '督导孵化（API）',
      coordinatorId: 'p-000040',
      traineeIds: ['p-000001'],
      mentorIds: ['p-000011'],
      end: new Date(Date.now() + 180 * 86_400_000).toISOString(),
      lectureSeries: ['nowhere'],
    });
    expect(noLectures.statusCode).toBe(404);
    expect(noLectures.json().error).toBe(
      '没有课程系列“nowhere”可作讲座 / no course series "nowhere" for the lectures',
    );
    const started = await post('/mentoring/programs', {
      id: 'api-2026',
      title: '督导孵化（API）',
      coordinatorId: 'p-000040',
      traineeIds: ['p-000001', 'p-000002'],
      mentorIds: ['p-000011', 'p-000012'],
      end: new Date(Date.now() + 180 * 86_400_000).toISOString(),
    });
    expect(started.statusCode).toBe(201);
    expect(started.json()).toMatchObject({ workflowId: 'mentoring/api-2026', trainees: 2 });

    const self = await post('/mentoring/programs/api-2026/pairs', {
      menteeId: 'p-000001',
      mentorId: 'p-000001',
    });
    expect(self.statusCode).toBe(400);
    expect(self.json().error).toBe(
      'p-000001 不能与自己结对 / p-000001 cannot be paired with themselves',
    );
    const paired = await post('/mentoring/programs/api-2026/pairs', {
      menteeId: 'p-000001',
      mentorId: 'p-000011',
    });
    expect(paired.statusCode).toBe(201);

    const suggestions = await get('/mentoring/programs/api-2026/suggestions?menteeId=p-000002');
    expect(
      suggestions
        .json()
        .map((s: { mentorId: string }) => s.mentorId)
        .sort(),
    ).toEqual(['p-000011', 'p-000012']);

    // Session 1 is planned two weeks on: logging it held today is refused, naming its time.
    const entry = {
      status: 'held',
      durationMinutes: 50,
      topics: ['ethics'],
      notes: '仅存数据库',
      recordedBy: 'p-000011',
    };
    const early = await post(`/mentoring/pairs/${pair}/sessions`, entry);
    expect(early.statusCode).toBe(400);
    expect(early.json().error).toMatch(
      /^结对 api-2026\/p-000001 第 1 次带教记为已进行不能早于计划时间（\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}（北京时间 Asia\/Shanghai））/,
    );
    expect(early.json().error).toContain(
      'session 1 of pair api-2026/p-000001 logged as held cannot be recorded before its planned time',
    );
    expect(await sys.tdb.db.mentoringSession.count()).toBe(0);
    // Only an admin backfills: another coordinator is refused (403), nothing written.
    const district = await accountToken(sys.tdb.db, 'district-sun', 'district');
    const notAdmin = await app.inject({
      method: 'POST',
      url: `/mentoring/pairs/${pair}/sessions`,
      payload: { ...entry, backfill: true },
      headers: district.headers,
    });
    expect(notAdmin.statusCode).toBe(403);
    expect(notAdmin.json().error).toContain('补录仅限管理员 / only an admin may backfill');
    expect(await sys.tdb.db.mentoringSession.count()).toBe(0);
    // An admin backfills it: recorded, and the row says it was a backfill and by whom.
    const logged = await post(`/mentoring/pairs/${pair}/sessions`, { ...entry, backfill: true });
    expect(logged.statusCode).toBe(200);
    expect(logged.json()).toEqual({ seq: 1, status: 'held' });
    const row = await sys.tdb.db.mentoringSession.findUniqueOrThrow({
      where: { pairId_seq: { pairId: 'api-2026/p-000001', seq: 1 } },
    });
    expect(row.notes).toBe('仅存数据库');
    // The typed recordedBy is ignored: the signed-in account (API_TOKEN: the first admin).
    expect(row.recordedBy).toBe('admin（补录 backfill）');

    // Session 2 moves: its row says so, and the pair proposes the new time.
    const to = new Date(Date.now() + 20 * 86_400_000);
    const moved = await post(`/mentoring/pairs/${pair}/sessions`, {
      status: 'rescheduled',
      rescheduledTo: to.toISOString(),
      recordedBy: 'p-000011',
    });
    expect(moved.json()).toEqual({ seq: 2, status: 'rescheduled' });
    const past = await post(`/mentoring/pairs/${pair}/sessions`, {
      status: 'rescheduled',
      rescheduledTo: '2020-01-01T00:00:00Z',
      recordedBy: 'p-000011',
    });
    expect(past.json().error).toBe('改期时间须晚于现在 / rescheduledTo must be a future date-time');
    const again = await post(`/mentoring/pairs/${pair}/sessions`, {
      seq: 1,
      status: 'missed',
      recordedBy: 'p-000011',
    });
    expect(again.json().error).toMatch(
      /session 1 of pair api-2026\/p-000001 is already logged as held/,
    );

    const bad = await post(`/mentoring/pairs/${pair}/evaluations`, {
      stage: 'midterm',
      mentorId: 'p-000011',
      scores: { ...good, ethics: 101 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/ethics=101 is out of range/);
    expect(await sys.tdb.db.mentoringEvaluation.count()).toBe(0);
    const ok = await post(`/mentoring/pairs/${pair}/evaluations`, {
      stage: 'midterm',
      mentorId: 'p-000011',
      scores: good,
    });
    expect(ok.json()).toEqual({ overall: 80 });

    const progress = (await get('/mentoring/programs/api-2026')).json();
    expect(progress).toMatchObject({ status: 'running', trainees: 2, unpaired: 1, active: 1 });
    const state = (await get(`/mentoring/pairs/${pair}`)).json();
    expect(state).toMatchObject({ held: 1, evaluations: { midterm: 80 } });
    expect(state.sessions[1]).toEqual({ seq: 2, at: to.toISOString(), status: 'planned' });
    const row2 = await sys.tdb.db.mentoringSession.findUniqueOrThrow({
      where: { pairId_seq: { pairId: 'api-2026/p-000001', seq: 2 } },
    });
    expect(row2).toMatchObject({ status: 'rescheduled', scheduledAt: to });
    const report = (await get('/mentoring/programs/api-2026/report')).json();
    expect(report.sessions).toEqual({ planned: 12, held: 1, missed: 0 });
    const xlsx = await get('/mentoring/programs/api-2026/report?format=xlsx');
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await get('/mentoring/programs/nowhere')).statusCode).toBe(404);
  });

  it('adds people to the running program, pairs them, and closes a pair by hand', async () => {
    const added = await post('/mentoring/programs/api-2026/members', {
      traineeIds: ['p-000003'],
      mentorIds: ['p-000013'],
    });
    expect(added.statusCode).toBe(200);
    expect(added.json()).toEqual({ trainees: 3, mentors: 3, lectures: [] });
    const again = await post('/mentoring/programs/api-2026/members', { mentorIds: ['p-000003'] });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toBe(
      'p-000003 已是项目 api-2026 的学员 / p-000003 is already a trainee of program api-2026',
    );
    const outside = await post('/mentoring/programs/api-2026/pairs', {
      menteeId: 'p-000003',
      mentorId: 'p-000014',
    });
    expect(outside.json().error).toBe(
      'p-000014 不是项目 api-2026 的在任导师 / p-000014 is not an active mentor of program api-2026',
    );
    expect(
      (
        await post('/mentoring/programs/api-2026/pairs', {
          menteeId: 'p-000003',
          mentorId: 'p-000013',
        })
      ).statusCode,
    ).toBe(201);

    const pair3 = encodeURIComponent('api-2026/p-000003');
    const noReason = await post(`/mentoring/pairs/${pair3}/close`, { closedBy: 'p-000040' });
    expect(noReason.statusCode).toBe(400);
    const closed = await post(`/mentoring/pairs/${pair3}/close`, {
      reason: '学员离职',
      closedBy: 'p-000040',
    });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toEqual({ pairId: 'api-2026/p-000003', status: 'closed' });
    const late = await post(`/mentoring/pairs/${pair3}/sessions`, {
      status: 'held',
      durationMinutes: 30,
      recordedBy: 'p-000013',
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error).toBe(
      '结对 api-2026/p-000003 已关闭，不再接受记录 / pair api-2026/p-000003 is closed: it takes no more entries',
    );
    const evaluation = await post(`/mentoring/pairs/${pair3}/evaluations`, {
      stage: 'midterm',
      mentorId: 'p-000013',
      scores: good,
    });
    expect(evaluation.json().error).toBe(
      '结对 api-2026/p-000003 已关闭，不再接受记录 / pair api-2026/p-000003 is closed: it takes no more entries',
    );
    const report = (await get('/mentoring/programs/api-2026/report')).json();
    expect(report).toMatchObject({ pairs: { closed: 1 }, closedReasons: { coordinator: 1 } });
    expect(report.rows[1]).toMatchObject({ closedBy: 'p-000040', closedNote: '学员离职' });
  });
});

describe('yz mentoring', () => {
  // Each command is a fresh Node process (slow while other test files run).
  it(
    'pairs, logs, closes and writes the report from the command line',
    { timeout: 240_000 },
    async () => {
      const refused = await yz(
        'mentoring',
        'pair',
        'api-2026',
        '--mentee',
        'p-000030',
        '--mentor',
        'p-000012',
      );
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('p-000030 is not a trainee of program api-2026');
      const paired = await yz(
        'mentoring',
        'pair',
        'api-2026',
        '--mentee',
        'p-000002',
        '--mentor',
        'p-000012',
      );
      expect(paired.stdout).toContain('api-2026/p-000002');
      const log = ['mentoring', 'log', 'api-2026/p-000002', '--status', 'missed'];
      const early = await yz(...log, '--by', 'p-000012');
      expect(early.code).toBe(1);
      expect(early.stderr).toContain('第 1 次带教记为缺席不能早于计划时间');
      const logged = await yz(...log, '--backfill', '--by', 'p-000012');
      expect(logged.stdout).toContain('session 1: missed');
      const shown = await yz('mentoring', 'show', 'api-2026/p-000002');
      const [mentee, mentor] = await Promise.all(
        ['p-000002', 'p-000012'].map((id) =>
          sys.tdb.db.person.findUniqueOrThrow({ where: { id } }),
        ),
      );
      expect(shown.stdout).not.toMatch(/[{}"]/);
      expect(shown.stdout).toContain(`学员 / mentee: ${mentee!.name} p-000002\n`);
      expect(shown.stdout).toContain(`导师 / mentor: ${mentor!.name} p-000012\n`);
      expect(shown.stdout).toMatch(/\n1\s+\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d\s+未进行 missed\n/);
      const closed = await yz(
        'mentoring',
        'close',
        'api-2026/p-000002',
        '--reason',
        '导师与学员协商结束',
        '--by',
        'p-000040',
      );
      expect(closed.stdout).toContain('closed: api-2026/p-000002');
      const refusedLog = await yz(
        'mentoring',
        'log',
        'api-2026/p-000002',
        '--status',
        'held',
        '--minutes',
        '30',
        '--by',
        'p-000012',
      );
      expect(refusedLog.code).toBe(1);
      expect(refusedLog.stderr).toContain('pair api-2026/p-000002 is closed');
      const added = await yz('mentoring', 'add', 'api-2026', '--trainees', 'p-000004');
      expect(added.stdout).toContain('4 学员 trainees');
      const out = join(dir, 'report.xlsx');
      const written = await yz('mentoring', 'report', 'api-2026', '--out', out);
      expect(written.code).toBe(0);
      expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
      const report = await yz('--json', 'mentoring', 'report', 'api-2026');
      expect(JSON.parse(report.stdout)).toMatchObject({
        sessions: { planned: 36, held: 1, missed: 1 },
        pairs: { closed: 2 },
        closedReasons: { coordinator: 2 },
      });
    },
  );
});

describe('a mentoring program changed as a whole', () => {
  it(
    'edits the title and end, then cancels: pairs closed, everyone told, the reason kept',
    { timeout: 180_000 },
    async () => {
      const started = await post('/mentoring/programs', {
        id: 'api-2027',
        title: '督导孵化（2027）',
        coordinatorId: 'p-000040',
        traineeIds: ['p-000021', 'p-000022'],
        mentorIds: ['p-000031', 'p-000032'],
        end: new Date(Date.now() + 200 * 86_400_000).toISOString(),
      });
      expect(started.statusCode).toBe(201);
      const paired = await post('/mentoring/programs/api-2027/pairs', {
        menteeId: 'p-000021',
        mentorId: 'p-000031',
      });
      expect(paired.statusCode).toBe(201);

      const impossible = await yz('mentoring', 'edit', 'api-2027', '--end', '2027-02-30');
      expect(impossible.code).toBe(1);
      expect(impossible.stderr).toMatch(/end/);
      const nothing = await app.inject({
        method: 'PATCH',
        url: '/mentoring/programs/api-2027',
        payload: {},
        headers: auth,
      });
      expect(nothing.statusCode).toBe(400);
      const newEnd = new Date(Date.now() + 120 * 86_400_000);
      const edited = await app.inject({
        method: 'PATCH',
        url: '/mentoring/programs/api-2027',
        payload: { title: '督导孵化（2027 春）', end: newEnd.toISOString() },
        headers: auth,
      });
      expect(edited.statusCode).toBe(200);
      const row = await sys.tdb.db.mentoringProgram.findUniqueOrThrow({
        where: { id: 'api-2027' },
      });
      expect(row).toMatchObject({ title: '督导孵化（2027 春）', endsAt: newEnd });

      // --by is ignored: the CLI's account (no token: the first admin) is recorded.
      const cancelled = await yz(
        'mentoring',
        'cancel',
        'api-2027',
        '--reason',
        '经费调整 13800138000',
        '--by',
        '王协调',
      );
      expect(cancelled.stderr).toBe('');
      expect(cancelled.stdout).toContain('已取消 / cancelled: api-2027 by admin');
      expect(cancelled.stdout).toContain('关闭结对 / pairs closed: 1');
      const handle = ctx.temporal.workflow.getHandle('mentoring/api-2027');
      expect(await handle.result()).toMatchObject({ status: 'cancelled', closed: 1 });
      await recordHistory('mentoring-program-cancelled', handle);

      const program = await sys.tdb.db.mentoringProgram.findUniqueOrThrow({
        where: { id: 'api-2027' },
      });
      expect(program).toMatchObject({
        status: 'cancelled',
        cancelledBy: 'admin',
        cancelReason: '经费调整 13800138000',
      });
      expect(
        await sys.tdb.db.mentoringPair.findUniqueOrThrow({ where: { id: 'api-2027/p-000021' } }),
      ).toMatchObject({ status: 'closed', closedBy: 'p-000040' });
      const told = await sys.tdb.db.notice.findMany({
        where: { template: 'mentoring-cancelled', workflowId: 'mentoring/api-2027' },
        orderBy: { personId: 'asc' },
      });
      expect(told.map((n) => n.personId)).toEqual([
        'p-000021',
        'p-000022',
        'p-000031',
        'p-000032',
        'p-000040',
      ]);
      // The reason reaches people through the notice's text, never the workflow's history.
      const history = JSON.stringify(await handle.fetchHistory());
      expect(history).not.toContain('经费调整');

      const again = await post('/mentoring/programs/api-2027/cancel', { by: '王协调' });
      expect(again.statusCode).toBe(409);
      expect(again.json().error).toContain('已取消');
    },
  );
});
