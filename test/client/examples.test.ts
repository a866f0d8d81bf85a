/**
 * Every file in examples/ run through the real command it is for, against a test system, as a
 * coordinator would copy it: a roster (dry run), a campaign definition, a registered list and a
 * results sheet, a session plan and a sign-in sheet. A file the commands stopped accepting fails
 * here.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { useCliSystem } from '../harness/cliSystem';

const sys = useCliSystem({ streets: 1, unitsPerStreet: 2, people: 6 });
const USED = [
  'organisation.csv',
  'roster.csv',
  'roster-shanghai.csv', // test/activities/registry/roster/shanghai.test.ts
  'exam-campaign.json',
  'exam-registered.csv',
  'exam-results.csv',
  'course-sessions.csv',
  'sign-in-sheet.csv',
];
const use = (name: string) => {
  expect(USED).toContain(name);
  return join('examples', name);
};

it('imports the example roster as a dry run: both rows valid, nothing written', async () => {
  const report = sys.json(await sys.yz('--json', 'registry', 'import', use('roster.csv'))) as {
    committed?: boolean;
    problems: unknown[];
    counts: Record<string, number>;
  };
  expect(report.problems).toEqual([]);
  expect(report.counts).toMatchObject({ create: 2, invalid: 0 });
  expect(await sys.tdb.db.person.count({ where: { id: { in: ['p-100001', 'p-100002'] } } })).toBe(
    0,
  );
});

it('dry-runs the Shanghai roster: units to create listed, the unused column named', async () => {
  const shown = await sys.yz('registry', 'import', use('roster-shanghai.csv'), '--create-units');
  expect(shown.stdout).toContain('未使用的列 / ignored: A 序号');
  expect(shown.stdout).toMatch(/将新建单位（请核对）\/ units to create \(check them\): 5/);
  expect(shown.stdout).toMatch(/联洋居民区 {2}community/);
  expect(shown.stdout).toContain('nothing written (dry run)');
});

it('starts the example campaign, registers the example list and imports the example results', async () => {
  const started = sys.json(
    await sys.yz('--json', 'exam', 'start', '--file', use('exam-campaign.json')),
  ) as { cohort: number; workflowId: string };
  expect(started).toMatchObject({ cohort: 6, workflowId: expect.stringContaining('pudong-2027') });
  // The example keeps the default quiet hours, so at night its invitations wait for the morning;
  // the lists go to the same campaign under another id with quiet hours off, invited at once.
  const now = join(sys.dir, 'campaign-now.json');
  const definition = JSON.parse(readFileSync(use('exam-campaign.json'), 'utf8'));
  writeFileSync(
    now,
    JSON.stringify({ ...definition, id: 'pudong-now', reminders: { quietHours: 'off' } }),
  );
  expect(sys.json(await sys.yz('--json', 'exam', 'start', '--file', now))).toMatchObject({
    cohort: 6,
  });
  const { db } = sys.tdb;
  await expect
    .poll(
      () => db.examParticipant.count({ where: { campaignId: 'pudong-now', status: 'invited' } }),
      {
        timeout: 60_000,
      },
    )
    .toBe(6);
  const registered = await sys.yz(
    'exam',
    'register',
    'pudong-now',
    '--file',
    use('exam-registered.csv'),
  );
  expect(registered.stdout).toContain('新登记 / registered 2');
  expect(registered.code).toBe(0);
  const results = sys.json(
    // The example exam day is still to come: results before it are an admin's backfill.
    await sys.yz(
      '--json',
      'exam',
      'results',
      'pudong-now',
      '--file',
      use('exam-results.csv'),
      '--backfill',
    ),
  ) as { committed: boolean; counts: Record<string, number> };
  expect(results).toMatchObject({ committed: true, counts: { create: 3, invalid: 0 } });
  expect(await db.examSubjectResult.count({ where: { personId: 'p-000001' } })).toBe(2);
});

it('creates a course from the example session plan and imports the example sign-in sheet', async () => {
  const created = sys.json(
    await sys.yz(
      '--json',
      'course',
      'create',
      '--id',
      'pd-2027',
      '--title',
      '社工考前精讲',
      '--coordinator',
      'p-000006',
      '--sessions',
      use('course-sessions.csv'),
      '--min-hours',
      '6',
    ),
  );
  expect(created).toEqual({ id: 'pd-2027', workflowId: 'course/pd-2027', sessions: 2 });
  expect((await sys.yz('course', 'enrol', 'pd-2027', '--person', 'p-000001,p-000002')).code).toBe(
    0,
  );
  const imported = sys.json(
    // The example sessions are still to come: attendance before them is an admin's backfill.
    await sys.yz(
      '--json',
      'course',
      'import',
      'pd-2027',
      '--file',
      use('sign-in-sheet.csv'),
      '--backfill',
    ),
  );
  expect(imported).toEqual({ recorded: 2, people: 2 });
});

it('imports the example organisation tree: ids made, kinds from names, 备注 named as ignored', async () => {
  const dry = sys.json(await sys.yz('--json', 'org', 'import', use('organisation.csv'))) as {
    committed: boolean;
    problems: unknown[];
    counts: Record<string, number>;
    ignoredColumns: string[];
    units: { name: string; kind: string; parentId: string | null; generatedId: boolean }[];
  };
  expect(dry).toMatchObject({ committed: false, problems: [], ignoredColumns: ['备注'] });
  expect(dry.counts.create).toBe(13);
  expect(await sys.tdb.db.organisation.count({ where: { id: { startsWith: 'hx' } } })).toBe(0);
  expect(dry.units.find((u) => u.name === '柳营村')).toMatchObject({
    kind: 'community',
    parentId: 'hx.ly',
    generatedId: true,
  });
  const run = await sys.yz('org', 'import', use('organisation.csv'), '--commit');
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain('已写入 / written');
  const list = await sys.yz('org', 'list', '--under', '海星区');
  expect(list.stdout.split('\n').slice(0, 2)).toEqual([
    '海星区 · 区 · 0 人',
    expect.stringMatching(/^ {2}\S+ · /),
  ]);
});

it('uses every file in examples/ and names them in --help', async () => {
  const files = readdirSync('examples').filter((f) => f !== 'README.md');
  expect(files.sort()).toEqual([...USED].sort());
  const help = await Promise.all([
    sys.yz('registry', 'import', '--help'),
    sys.yz('org', 'import', '--help'),
    sys.yz('exam', 'start', '--help'),
    sys.yz('exam', 'register', '--help'),
    sys.yz('exam', 'results', '--help'),
    sys.yz('course', 'create', '--help'),
    sys.yz('course', 'import', '--help'),
  ]);
  const [roster, organisation, campaign, list, results, plan, sheet] = help.map((r) => r.stdout);
  expect(roster).toContain('examples/roster.csv');
  expect(roster).toContain('examples/roster-shanghai.csv');
  expect(organisation).toContain('examples/organisation.csv');
  expect(campaign).toContain('examples/exam-campaign.json');
  expect(list).toContain('examples/exam-registered.csv');
  expect(results).toContain('examples/exam-results.csv');
  expect(plan).toContain('examples/course-sessions.csv');
  expect(sheet).toContain('examples/sign-in-sheet.csv');
});
