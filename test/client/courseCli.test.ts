/**
 * `yz course …` and `yz credits …` as child processes, against this test's database, the run's
 * Temporal server and a worker in this process.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it, vi } from 'vitest';
import { readSheet } from '../../store/registry/roster/read';
import { useCliSystem, type Run } from '../harness/cliSystem';
import { accountToken } from '../harness/accounts';

const sys = useCliSystem({ streets: 1, unitsPerStreet: 2, people: 8 });
const yz = (...args: string[]) => sys.yz(...args);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = (r: Run) => sys.json(r) as any;
vi.setConfig({ testTimeout: 480_000 });

/** Who the first test enrolled in pd-2026 (the first of them completes it). */
let enrolled: { enrolled: string[]; waitlisted: string[] };

it('runs a course from the command line and keeps a ledger', async () => {
  const year = new Date().getUTCFullYear() + 1;
  const plan = join(sys.dir, '课表.csv');
  writeFileSync(
    plan,
    [
      '场次,标题,方式,开始,结束,地点,链接,课时,授课',
      `s1,社会工作综合能力,线上,${year}-03-01 09:00,${year}-03-01 12:00,,https://meet.example/1,3,王老师`,
      `s2,社会工作实务,线下,${year}-03-08 09:00,${year}-03-08 12:00,浦东社工学院302,,3,李老师`,
    ].join('\n'),
  );
  const bad = await yz(
    'course',
    'create',
    '--id',
    'x',
    '--title',
    'x',
    '--coordinator',
    'p-000008',
    '--sessions',
    plan,
    '--min-hours',
    '-1',
  );
  expect(bad.code).toBe(1);
  expect(bad.stderr).toContain('minHours: hours -1 must be between 0 and 1000');

  expect(
    json(
      await yz(
        '--json',
        'course',
        'create',
        '--id',
        'pd-2026',
        '--title',
        '线上精讲',
        '--coordinator',
        'p-000008',
        '--sessions',
        plan,
        '--min-hours',
        '6',
        '--capacity',
        '3',
      ),
    ),
  ).toEqual({ id: 'pd-2026', workflowId: 'course/pd-2026', sessions: 2 });
  enrolled = json(await yz('--json', 'course', 'enrol', 'pd-2026', '--unit', 'pudong.s01.u01'));
  expect(enrolled.enrolled).toHaveLength(3);
  const first = enrolled.enrolled[0] as string;

  const sheet = join(sys.dir, '签到表.csv');
  writeFileSync(sheet, `人员编号,出勤情况\n${first},出勤\n`);
  // The sessions are next year: attendance now is refused, naming the session and its time.
  const importS1 = ['course', 'import', 'pd-2026', '--file', sheet, '--session', 's1'];
  const early = await yz(...importS1);
  expect(early.code).toBe(1);
  expect(early.stderr).toContain(
    `签到表.csv 第 2 行：场次 s1 的考勤不能早于该场次开始（${year}年3月1日 09:00（北京时间 Asia/Shanghai））`,
  );
  expect(await sys.tdb.db.courseAttendance.count()).toBe(0);
  // A coordinator other than an admin may not backfill: refused, nothing written.
  const { token } = await accountToken(sys.tdb.db, 'district-wang', 'district');
  const notAdmin = await sys.yzWith({ YZ_TOKEN: token }, ...importS1, '--backfill');
  expect(notAdmin.code).toBe(1);
  expect(notAdmin.stderr).toContain('补录仅限管理员 / only an admin may backfill');
  expect(await sys.tdb.db.courseAttendance.count()).toBe(0);
  // An admin backfills on purpose: recorded as a backfill by the actor, and audited as one.
  expect(json(await yz('--json', ...importS1, '--backfill', '--by', 'admin-li'))).toEqual({
    recorded: 1,
    people: 1,
  });
  expect(
    await sys.tdb.db.courseAttendance.findFirst({ select: { source: true, recordedBy: true } }),
  ).toEqual({ source: 'import-backfill', recordedBy: 'admin' });
  expect(
    await sys.tdb.db.auditEvent.findMany({
      where: { action: { startsWith: 'yz course import' } },
      select: { actor: true, action: true },
    }),
  ).toEqual([{ actor: 'admin', action: 'yz course import [补录 backfill]' }]);
  expect(
    json(
      await yz(
        '--json',
        'course',
        'mark',
        'pd-2026',
        's2',
        '--person',
        first,
        '--status',
        'late',
        '--backfill',
      ),
    ),
  ).toEqual({ recorded: 1, people: 1 });
  const notEnrolled = await yz(
    'course',
    'mark',
    'pd-2026',
    's2',
    '--person',
    'p-000099',
    '--status',
    'present',
  );
  expect(notEnrolled.stderr).toContain(
    '第 1 条：p-000099 未报名课程“pd-2026” / mark 1: person p-000099 is not enrolled in "pd-2026"',
  );

  // The backfilled attendance meets the rule, but the course is next year: nobody completes
  // before it ends, and the status says who waits for it.
  await vi.waitFor(
    async () => expect(json(await yz('--json', 'course', 'status', 'pd-2026')).awaitingEnd).toBe(1),
    { timeout: 60_000, interval: 500 },
  );
  expect(await sys.tdb.db.courseCompletion.count()).toBe(0);
  expect((await yz('course', 'status', 'pd-2026')).stdout).toContain(
    '结业 / completions: 0  待结课后结业 / completing when the course ends: 1',
  );
  // The sessions were in fact held last year: moved to their dates, the course has ended and the
  // workflow completes the person: wait on the database, then read it through the CLI.
  for (const [session, day] of [
    ['s1', '03-01'],
    ['s2', '03-08'],
  ] as const) {
    const moved = await yz(
      'course',
      'reschedule',
      'pd-2026',
      session,
      '--start',
      `${year - 2}-${day} 09:00`,
      '--end',
      `${year - 2}-${day} 12:00`,
    );
    expect(moved.code).toBe(0);
  }
  await vi.waitFor(async () => expect(await sys.tdb.db.courseCompletion.count()).toBe(1), {
    timeout: 60_000,
    interval: 200,
  });
  expect(json(await yz('--json', 'course', 'status', 'pd-2026')).completions).toBe(1);
  // As text: statuses in words with the code beside them, no JSON.
  const status = await yz('course', 'status', 'pd-2026');
  expect(status.code).toBe(0);
  expect(status.stdout).not.toMatch(/[{}"]/);
  expect(status.stdout).toMatch(
    /^pd-2026 {2}.+ {2}\((已排期 scheduled|报名中 open|进行中 running|已结课 closed)\)\n/,
  );
  expect(status.stdout).toMatch(
    /\n报名 \/ enrolment: 已报名 enrolled \d+.* {2}结业 \/ completions: 1\n/,
  );
  const out = join(sys.dir, '人次.xlsx');
  json(await yz('--json', 'course', 'report', '--out', out));
  const rows = (await readSheet(readFileSync(out))).rows;
  expect(rows[1]?.slice(0, 2)).toEqual([year - 2, 'pd-2026']);
  expect(rows[1]?.slice(5)).toEqual([1, 2, 6]);

  // Credits: a certificate's registration starts its ledger; a claim, its review.
  const today = new Date(new Date().toISOString().slice(0, 10));
  await sys.tdb.db.certificate.create({
    data: { personId: first, level: 'social_worker', obtainedOn: today },
  });
  const unregistered = await yz('credits', 'start', first);
  expect([unregistered.code, unregistered.stderr]).toEqual([
    1,
    expect.stringMatching(/no registered certificate/),
  ]);
  const day = today.toISOString().slice(0, 10);
  expect(
    json(await yz('--json', 'credits', 'register', first, '--on', day, '--by', '张科长')),
  ).toMatchObject({
    registration: { source: 'coordinator', created: true },
    workflowId: `credits/${first}`,
  });
  expect(json(await yz('--json', 'credits', 'start', first))[0]).toMatchObject({ started: false });
  const claim = json(
    await yz(
      '--json',
      'credits',
      'claim',
      first,
      '--source',
      'external',
      '--hours',
      '8',
      '--evidence',
      '结业证书',
    ),
  );
  expect(
    json(
      await yz('--json', 'credits', 'review', String(claim.claimId), '--approve', '--by', '张科长'),
    ),
  ).toEqual({
    status: 'approved',
    earnedTenths: 140,
  });
  // A second, different decision is refused in Chinese, the English beside it.
  const twice = await yz('credits', 'review', String(claim.claimId), '--reject', '--by', '张科长');
  expect(twice.code).toBe(1);
  expect(twice.stderr).toMatch(
    new RegExp(
      `学时申请 ${claim.claimId} 已由 \\S+ 通过 / credit claim ${claim.claimId} was already approved`,
    ),
  );
  const ledger = json(await yz('--json', 'credits', 'show', first));
  expect(ledger.credits).toEqual([
    { sourceKey: `course/pd-2026/${first}`, hoursTenths: 60 },
    { sourceKey: `claim/${claim.claimId}`, hoursTenths: 80 },
  ]);
  const ce = json(await yz('--json', 'credits', 'report'));
  expect(ce).toEqual([expect.objectContaining({ unitId: 'pudong.s01.u01', on_track: 1 })]);
  // As text the unit reads by its name (its id only with --ids).
  const unitName = ce[0].unitName as string;
  const text = (await yz('credits', 'report')).stdout;
  expect(text).toContain(unitName);
  expect(text).not.toContain('pudong.s01.u01');
  expect((await yz('credits', 'report', '--ids')).stdout).toContain(`${unitName} pudong.s01.u01`);
});

it('writes the completion certificate and runs a cohort from the command line', async () => {
  const first = enrolled.enrolled[0]!;
  // The completion certificate as a PDF, with the person's name in Chinese.
  const pdf = join(sys.dir, '结业证书.pdf');
  const cert = json(await yz('--json', 'course', 'certificate', 'pd-2026', first, '--out', pdf));
  expect(cert).toMatchObject({ file: pdf, contentType: 'application/pdf' });
  expect(cert.certificateNo).toMatch(/^JY-/);
  const name = (await sys.tdb.db.person.findUniqueOrThrow({ where: { id: first } })).name;
  const { stdout: pdfText } = await promisify(execFile)('pdftotext', [pdf, '-']);
  expect(pdfText.replace(/\s+/g, '')).toContain(`${name}同志`);
  const notDone = await yz('course', 'certificate', 'pd-2026', enrolled.enrolled[1]!, '--out', pdf);
  expect(notDone.code).toBe(1);
  expect(notDone.stderr).toContain(`person ${enrolled.enrolled[1]} has not completed "pd-2026"`);

  // A cohort over two units' people following the series, and its progress in XLSX.
  const cohort = json(
    await yz(
      '--json',
      'cohort',
      'create',
      '--id',
      'cy-1',
      '--title',
      '雏雁计划第一期',
      '--kind',
      'new_hire',
      '--coordinator',
      'p-000008',
      '--series',
      'pd-2026',
      '--unit',
      'pudong.s01.u01,pudong.s01.u02',
    ),
  );
  expect(cohort.members).toBe(8);
  // Those enrolled or waiting before are there already; the other four are enrolled or wait.
  expect(cohort.series[0].already).toEqual([...enrolled.enrolled, ...enrolled.waitlisted]);
  expect(cohort.series[0].waitlisted).toHaveLength(4);
  const progress = join(sys.dir, '进度.xlsx');
  json(await yz('--json', 'cohort', 'progress', 'cy-1', '--out', progress));
  const sheets = (await readSheet(readFileSync(progress))).rows;
  expect(sheets.find((r) => r[0] === first)?.slice(-1)).toEqual(['已结业']);
});
