/**
 * The coordinator's whole-object verbs from the command line (`yz course edit|cancel`,
 * `yz cohort edit|cancel`, `yz announce cancel --by`), as child processes against this test's
 * database, the run's Temporal server and a worker in this process; notices read from the outbox.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';
import { useCliSystem, type Run } from '../harness/cliSystem';

const sys = useCliSystem({ streets: 1, unitsPerStreet: 2, people: 8 });
const yz = (...args: string[]) => sys.yz(...args);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = (r: Run) => sys.json(r) as any;
vi.setConfig({ testTimeout: 180_000 });

/** Sent notices of a template, as [person, params] sorted by person. */
async function sent(template: string, n: number, where: object = {}) {
  let rows: { personId: string; params: string }[] = [];
  await vi.waitFor(
    async () => {
      rows = await sys.tdb.db.notice.findMany({
        where: { template, status: 'sent', ...where },
        orderBy: { personId: 'asc' },
      });
      expect(rows).toHaveLength(n);
    },
    { timeout: 30_000, interval: 200 },
  );
  return rows.map((r) => [r.personId, JSON.parse(r.params) as Record<string, string>]);
}

function plan(): string {
  const year = new Date().getUTCFullYear() + 1;
  const file = join(sys.dir, '课表.csv');
  writeFileSync(
    file,
    [
      '场次,标题,方式,开始,结束,地点,链接,课时,授课',
      `s1,社会工作实务,线下,${year}-03-08 09:00,${year}-03-08 12:00,浦东社工学院302,,3,李老师`,
    ].join('\n'),
  );
  return file;
}

const create = (id: string, file: string, ...more: string[]) =>
  yz(
    '--json',
    'course',
    'create',
    '--id',
    id,
    '--title',
    `课程${id}`,
    '--coordinator',
    'p-000008',
    '--sessions',
    file,
    '--min-hours',
    '3',
    ...more,
  );

it('edits and cancels a course series, each person told of every change', async () => {
  const file = plan();
  json(await create('v-2027', file, '--capacity', '1'));
  expect(
    json(await yz('--json', 'course', 'enrol', 'v-2027', '--person', 'p-000001,p-000002,p-000003')),
  ).toEqual({ enrolled: ['p-000001'], waitlisted: ['p-000002', 'p-000003'], already: [] });
  expect(await sent('course-enrolled', 1)).toEqual([['p-000001', { seriesId: 'v-2027' }]]);
  expect(await sent('course-waitlisted', 2)).toEqual([
    ['p-000002', { seriesId: 'v-2027', position: '1' }],
    ['p-000003', { seriesId: 'v-2027', position: '2' }],
  ]);

  const bad = await yz('course', 'edit', 'v-2027', '--capacity', '0');
  expect(bad.code).toBe(1);
  expect(bad.stderr).toContain('名额 / capacity 0 must be a whole number ≥ 1');
  const edited = await yz('course', 'edit', 'v-2027', '--title', '实务进阶', '--capacity', '2');
  expect(edited.stdout).toContain('已修改 / edited: v-2027 实务进阶  名额 / places: 2');
  expect(edited.stdout).toContain('递补 / promoted: p-000002');
  expect(await sent('course-promoted', 1)).toEqual([['p-000002', { seriesId: 'v-2027' }]]);

  const cancelled = await yz(
    'course',
    'cancel',
    'v-2027',
    '--by',
    '张科长',
    '--reason',
    '场地检修',
  );
  expect(cancelled.code).toBe(0);
  expect(cancelled.stdout).toContain('已取消 / cancelled: v-2027 by admin');
  expect(cancelled.stdout).toContain('通知 / told: 3');
  expect((await sent('course-cancelled', 3)).map(([p]) => p)).toEqual([
    'p-000001',
    'p-000002',
    'p-000003',
  ]);
  const status = json(await yz('--json', 'course', 'status', 'v-2027'));
  expect(status).toMatchObject({
    status: 'cancelled',
    cancelled: { by: 'admin', reason: '场地检修' },
  });
  const again = await yz('course', 'cancel', 'v-2027', '--by', '张科长');
  expect(again.stderr).toContain('课程系列“v-2027”已取消 / course series "v-2027" is cancelled');
  const late = await yz('course', 'enrol', 'v-2027', '--person', 'p-000004');
  expect(late.code).toBe(1);
});

it('edits a cohort’s series list and cancels the cohort, every member told', async () => {
  const file = plan();
  json(await create('c-a', file));
  json(await create('c-b', file));
  json(
    await yz(
      '--json',
      'cohort',
      'create',
      '--id',
      'co-1',
      '--title',
      '雏雁一期',
      '--kind',
      'new_hire',
      '--coordinator',
      'p-000008',
      '--series',
      'c-a',
      '--person',
      'p-000005,p-000006',
    ),
  );
  const unknown = await yz('cohort', 'edit', 'co-1', '--series', 'c-a,c-zz');
  expect(unknown.stderr).toContain('no course series "c-zz"');
  const edited = json(
    await yz('--json', 'cohort', 'edit', 'co-1', '--title', '雏雁一期（调整）', '--series', 'c-b'),
  );
  expect(edited).toMatchObject({
    title: '雏雁一期（调整）',
    seriesIds: ['c-b'],
    removed: ['c-a'],
    withdrawn: 2,
    added: [{ seriesId: 'c-b', enrolled: ['p-000005', 'p-000006'] }],
  });
  expect(await sent('course-withdrawn', 2, { key: { startsWith: 'course/c-a/' } })).toHaveLength(2);

  const r = await yz('cohort', 'cancel', 'co-1', '--by', '李主任', '--reason', '人员调整');
  expect(r.stdout).toContain('已取消 / cancelled: co-1 by admin');
  expect(r.stdout).toContain('退出报名 / enrolments withdrawn: 2; 通知 / told: 2');
  expect((await sent('announcement', 2)).map(([p]) => p)).toEqual(['p-000005', 'p-000006']);
  const notice = await sys.tdb.db.announcement.findUniqueOrThrow({
    where: { id: 'cohort-co-1-cancelled' },
  });
  expect(notice.body).toContain('原因：人员调整');
  // --by is ignored: the CLI's account (no token: the first admin) is recorded.
  expect(notice.createdBy).toBe('admin');
  const cohort = await sys.tdb.db.cohort.findUniqueOrThrow({ where: { id: 'co-1' } });
  expect(cohort).toMatchObject({
    status: 'cancelled',
    cancelledBy: 'admin',
    cancelReason: '人员调整',
  });
  const add = await yz('cohort', 'add', 'co-1', '--person', 'p-000007');
  expect(add.stderr).toContain('cohort "co-1" is cancelled');
});

it('announce cancel records who cancelled; status then says so, not "waiting until"', async () => {
  const at = new Date(Date.now() + 3 * 3600_000).toISOString();
  json(
    await yz(
      '--json',
      'announce',
      'send',
      '--id',
      'later',
      '--title',
      '讲座',
      '--body',
      '明日讲座',
      '--person',
      'p-000003',
      '--at',
      at,
    ),
  );
  expect((await yz('announce', 'status', 'later')).stdout).toContain('等待至 / waiting until');
  const c = await yz('announce', 'cancel', 'later', '--by', '王科员');
  expect(c.stdout).toContain('已取消 / cancelled: admin');
  const s = await yz('announce', 'status', 'later');
  expect(s.stdout).toContain('状态 / status: cancelled');
  expect(s.stdout).toContain('已取消 / cancelled: admin');
  expect(s.stdout).not.toContain('等待至');
  expect(json(await yz('--json', 'announce', 'status', 'later'))).toMatchObject({
    status: 'cancelled',
    cancelledBy: 'admin',
  });
});
