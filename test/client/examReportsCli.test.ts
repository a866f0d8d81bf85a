/**
 * `yz exam report|rewards|reward` as a coordinator runs them, on facts written straight into the
 * database (see test/harness/examFacts.ts): the report as text, JSON and XLSX; rewards listed,
 * approved, rejected without and with a reason, and a second decision refused.
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { readSheet } from '../../store/registry/roster/read';
import { useCliSystem } from '../harness/cliSystem';
import { FACTS_DISTRICT, seedCampaignFacts } from '../harness/examFacts';

const sys = useCliSystem(FACTS_DISTRICT);

beforeAll(async () => {
  await seedCampaignFacts(sys.tdb, { district: false });
  await sys.tdb.db.rewardApplication.createMany({
    data: ['p-000001', 'p-000002'].map((personId) => ({
      campaignId: 'rpt-2025',
      personId,
      level: 'social_worker',
      status: 'pending',
    })),
  });
});

it('prints the report, as text, JSON and XLSX', async () => {
  const [text, json, street] = await Promise.all([
    sys.yz('exam', 'report', 'rpt-2025'),
    sys.yz('--json', 'exam', 'report', 'rpt-2025'),
    sys.yz('--json', 'exam', 'report', 'rpt-2025', '--unit', 'pudong.s02'),
  ]);
  expect(text.code).toBe(0);
  expect(text.stdout).toContain('2025年报考动员（rpt-2025，2025）— 浦东新区');
  expect(text.stdout).toMatch(/浦东新区（合计 total）\s+12\s+7\s+2\s+8\.5\s+4\s+2\s+50\.0%/);
  expect(text.stdout).toContain('报名 registrations: 7 / 目标 target 8 未达成 not met');
  const r = sys.json(json) as { total: { registered: number; passed: number } };
  expect(r.total).toMatchObject({ registered: 7, passed: 2 });
  const s = sys.json(street) as { children: { id: string; mobilized: number }[] };
  expect(s.children.map((c) => [c.id, c.mobilized])).toEqual([
    ['pudong.s02.u01', 3],
    ['pudong.s02.u02', 3],
  ]);

  const file = join(sys.dir, '成效.xlsx');
  const x = await sys.yz('exam', 'report', 'rpt-2025', '--xlsx', file);
  expect(x.code).toBe(0);
  const sheet = await readSheet(readFileSync(file), { name: file });
  expect(sheet.rows.map((row) => String(row[0]))).toEqual([
    '单位编号',
    'pudong.s01',
    'pudong.s02',
    'pudong',
  ]);
  const unknown = await sys.yz('exam', 'report', 'nope');
  expect(unknown).toMatchObject({
    code: 1,
    stderr: '错误 / error: 没有报考动员“nope” / no exam campaign "nope"\n',
  });
});

it('lists, approves and rejects rewards; a second decision is refused', async () => {
  const list = await sys.yz('exam', 'rewards', 'rpt-2025');
  expect(list.code).toBe(0);
  expect(list.stdout).toMatch(/p-000001.*pending/);
  expect(list.stdout).toMatch(/p-000002.*pending/);
  const approve = await sys.yz(
    'exam',
    'reward',
    'approve',
    'rpt-2025',
    'p-000001',
    '--by',
    '陈主任',
  );
  expect(approve.stdout).toMatch(/^已批准 \/ approved: #\d+ p-000001 /);
  const noReason = await sys.yz('exam', 'reward', 'reject', 'rpt-2025', 'p-000002');
  expect(noReason).toMatchObject({
    code: 1,
    stderr:
      '错误 / error: 驳回奖励申请须写明原因 / a reason is required to reject a reward application\n',
  });
  const reject = await sys.yz(
    '--json',
    'exam',
    'reward',
    'reject',
    'rpt-2025',
    'p-000002',
    '--reason',
    '材料不全',
    '--by',
    '陈主任',
  );
  expect(sys.json(reject)).toMatchObject({
    status: 'rejected',
    decision: { reason: '材料不全', decidedBy: 'admin' },
  });
  const twice = await sys.yz('exam', 'reward', 'approve', 'rpt-2025', 'p-000002');
  expect(twice.code).toBe(1);
  expect(twice.stderr).toMatch(
    /reward application #\d+ of p-000002 \(campaign "rpt-2025"\) was already decided: 已驳回 \/ rejected by admin/,
  );
  const pending = await sys.yz('--json', 'exam', 'rewards', 'rpt-2025');
  expect(sys.json(pending)).toEqual([]);
  const all = sys.json(await sys.yz('--json', 'exam', 'rewards', 'rpt-2025', '--all')) as {
    status: string;
  }[];
  expect(all.map((a) => a.status)).toEqual(['approved', 'rejected']);
});
