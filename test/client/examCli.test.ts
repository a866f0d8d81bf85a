import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { examJourneyWorkflowId } from '../../workflows/examJourney';
import { useCliSystem } from '../harness/cliSystem';

const sys = useCliSystem({ streets: 1, unitsPerStreet: 2, people: 6 });

const days = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
const definition = (over: object = {}) => ({
  id: 'cli-2026',
  name: '报考动员（命令行测试）',
  examYear: new Date().getUTCFullYear() + 1,
  levels: ['assistant_social_worker'],
  registrationWindow: { opens: days(0), closes: days(20) },
  examDates: { comprehensive_junior: days(60), practice_junior: days(61) },
  cohort: { unitIds: ['pudong'] },
  reminders: { quietHours: 'off' },
  ...over,
});

it('starts a campaign from a file, registers, withdraws and shows the funnel', async () => {
  const file = join(sys.dir, 'campaign.json');
  writeFileSync(file, JSON.stringify(definition()));
  const started = sys.json(await sys.yz('--json', 'exam', 'start', '--file', file)) as {
    cohort: number;
  };
  expect(started.cohort).toBe(6);
  // The journeys record their invitations.
  const { db } = sys.tdb;
  await expect
    .poll(
      () => db.examParticipant.count({ where: { campaignId: 'cli-2026', status: 'invited' } }),
      {
        timeout: 30_000,
      },
    )
    .toBe(6);
  const [register, withdraw] = await Promise.all([
    sys.yz('exam', 'register', 'cli-2026', '--person', 'p-000001,p-000002'),
    sys.yz('exam', 'withdraw', 'cli-2026', '--person', 'p-000003', '--reason', '工作调动'),
  ]);
  expect(register).toMatchObject({ code: 0, stdout: '已登记 / registered: 2\n' });
  expect(withdraw.code).toBe(0);
  await expect
    .poll(async () => sys.json(await sys.yz('--json', 'exam', 'funnel', 'cli-2026')), {
      timeout: 30_000,
    })
    .toEqual({ invited: 3, registered: 2, withdrawn: 1 });
  // Controls: pause, progress, resume, add (checked by row), cancel.
  expect((await sys.yz('exam', 'pause', 'cli-2026')).stdout).toBe('已暂停 / paused: cli-2026\n');
  await expect
    .poll(async () => {
      const v = sys.json(await sys.yz('--json', 'exam', 'progress', 'cli-2026')) as {
        status: string;
        progress: { status: string };
        kpis: { cohort: number; registered: number };
      };
      return [v.status, v.progress.status, v.kpis.cohort, v.kpis.registered];
    })
    .toEqual(['paused', 'paused', 6, 2]);
  expect((await sys.yz('exam', 'resume', 'cli-2026')).code).toBe(0);
  expect((await sys.yz('exam', 'cancel', 'cli-2026')).stdout).toBe(
    '已取消 / cancelled: cli-2026\n',
  );
  // Every open journey ends as cancelled; a signal to one now is a clear error.
  await expect
    .poll(async () => sys.json(await sys.yz('--json', 'exam', 'funnel', 'cli-2026')), {
      timeout: 30_000,
    })
    .toEqual({ cancelled: 5, withdrawn: 1 });
  const late = await sys.yz('exam', 'register', 'cli-2026', '--person', 'p-000004');
  expect(late.code).toBe(1);
  expect(late.stderr).toMatch(/p-000004's journey has ended \(cancelled\): cannot register/);
  expect(
    await sys.stack.client.workflow
      .getHandle(examJourneyWorkflowId('cli-2026', 'p-000001'))
      .result(),
  ).toBe('cancelled');
}, 300_000);

it('a bad definition file: one error naming the fields, exit 1, nothing started', async () => {
  const file = join(sys.dir, 'bad.json');
  writeFileSync(file, JSON.stringify(definition({ id: 'bad-2026', levels: [], cohort: {} })));
  const r = await sys.yz('exam', 'start', '--file', file);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^错误 \/ error: campaign definition has \d+ problem\(s\):/);
  expect(r.stderr).toContain('levels: names no level');
  expect(r.stderr).toContain('cohort.unitIds: names no unit');
  expect(await sys.tdb.db.examCampaign.count({ where: { id: 'bad-2026' } })).toBe(0);
  const missing = await sys.yz('exam', 'start', '--file', join(sys.dir, 'nope.json'));
  expect(missing.stderr).toMatch(/cannot read .*nope\.json: ENOENT/);
});
