/**
 * `yz exam report|rewards|reward`: a campaign's results for the coordinator — the funnel per unit
 * with pass and certification rates (XLSX with --xlsx), and the certification-reward applications
 * to approve or reject. Added to `yz exam` by client/cli/exam.ts.
 */
import type { Command } from 'commander';
import { examCampaignReport, exportExamReport } from '../operations/exam/reports';
import { decideReward, listRewards, type RewardRow } from '../operations/exam/rewards';
import { act, table, written } from './common';

const pct = (r: number) => `${(r * 100).toFixed(1)}%`;
const points = (p: number) => `${p >= 0 ? '+' : ''}${p.toFixed(1)}`;

function rewardLines(rows: RewardRow[]): string[] {
  if (!rows.length) return ['没有申请 / no applications'];
  return table(
    [
      '编号 #',
      '人员 person',
      '姓名 name',
      '单位 unit',
      '级别 level',
      '状态 status',
      '审核 decided',
    ],
    rows.map((r) => [
      String(r.id),
      r.personId,
      r.name,
      r.unitName,
      r.level,
      r.status,
      r.decision
        ? `${r.decision.decidedBy} ${r.decision.decidedAt.slice(0, 16)}${r.decision.reason ? `：${r.decision.reason}` : ''}`
        : '-',
    ]),
  );
}

export function addExamReportCommands(cmd: Command): void {
  cmd
    .command('report')
    .description(
      '动员成效：各单位漏斗、通过率、持证率 / funnel per unit, pass and certification rates',
    )
    .argument('<campaign>', '动员编号 / campaign id')
    .option('--unit <id>', '单位编号（含下级）/ a unit and its sub-units')
    .option('--xlsx <file>', '导出 Excel / write an XLSX file')
    .action(
      act(async (s, campaignId: string, o: { unit?: string; xlsx?: string }) => {
        const ctx = await s.store();
        const req = { campaignId, ...(o.unit ? { unitId: o.unit } : {}) };
        if (o.xlsx) return written(o.xlsx, await exportExamReport(ctx, { ...req, format: 'xlsx' }));
        const r = await examCampaignReport(ctx, req);
        const rows = [...r.children, { ...r.total, name: `${r.total.name}（合计 total）` }];
        const t = r.targets;
        const target = (what: string, c?: { target: number; actual: number; met: boolean }) =>
          c
            ? [
                `${what}: ${Number(c.actual.toFixed(1))} / 目标 target ${c.target} ${c.met ? '已达成 met' : '未达成 not met'}`,
              ]
            : [];
        return {
          data: r,
          text: [
            `${r.campaign.name}（${r.campaign.id}，${r.campaign.examYear}）— ${r.unit.name}`,
            ...table(
              [
                '单位 unit',
                '动员 mobilized',
                '报名 registered',
                '辅导 prep',
                '课时 hours',
                '参考 sat',
                '通过 passed',
                '通过率 pass',
                '持证率 before→now',
                '变化 pts',
              ],
              rows.map((u) => [
                u.name,
                String(u.mobilized),
                String(u.registered),
                String(u.attendedPrep),
                String(u.prepHours),
                String(u.sat),
                String(u.passed),
                pct(u.passRate),
                `${pct(u.rateBefore)}→${pct(u.rateNow)}`,
                points(u.change),
              ]),
            ),
            r.total.summary,
            r.total.summaryEn,
            ...target('报名 registrations', t.registrations),
            ...target('通过 passes', t.passes),
            ...target('持证率变化 rate change (points)', t.certificationRateChange),
          ],
        };
      }),
    );

  cmd
    .command('rewards')
    .description('持证奖励申请 / certification-reward applications (pending unless --all)')
    .argument('<campaign>', '动员编号 / campaign id')
    .option('--all', '包括已审核 / include decided ones')
    .action(
      act(async (s, campaignId: string, o: { all?: boolean }) => {
        const rows = await listRewards(await s.store(), {
          campaignId,
          status: o.all ? 'all' : 'pending',
        });
        return { data: rows, text: rewardLines(rows) };
      }),
    );

  const reward = cmd
    .command('reward')
    .description('审核持证奖励 / decide a certification-reward application');
  for (const decision of ['approve', 'reject'] as const)
    reward
      .command(decision)
      .description(
        decision === 'approve' ? '批准 / approve' : '驳回（需说明原因）/ reject, with a reason',
      )
      .argument('<campaign>', '动员编号 / campaign id')
      .argument('<person>', '人员编号 / person id')
      .option('--reason <text>', '原因 / reason')
      .option('--by <name>', '审核人 / decided by', '协调员')
      .action(
        act(async (s, campaignId: string, personId: string, o: { reason?: string; by: string }) => {
          const r = await decideReward(await s.store(), {
            campaignId,
            personId,
            decision,
            by: o.by,
            ...(o.reason ? { reason: o.reason } : {}),
          });
          return {
            data: r,
            text: [
              `${decision === 'approve' ? '已批准 / approved' : '已驳回 / rejected'}: #${r.id} ${r.personId} ${r.name}`,
            ],
          };
        }),
      );
}
