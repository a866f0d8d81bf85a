/**
 * `yz credits …`: continuing-education ledgers (继续教育学时台账): start, self-reports, review,
 * the ledger, the compliance report.
 */
import { Command } from 'commander';
import * as ledger from '../operations/credits/ledger';
import * as claims from '../operations/credits/claims';
import * as reports from '../operations/credits/reports';
import { act, csv, number, outOption, table, written } from './common';
import { ctxOf, formatOf, hours } from './courseCommon';
import { InputError } from '../../common/errors';

export function creditsCommand(): Command {
  const cmd = new Command('credits').description(
    '继续教育学时台账 / continuing-education ledgers over registration periods',
  );
  cmd
    .command('start')
    .description('开启学时台账 / start the ledgers of certified people')
    .argument('<personIds>', '人员编号，逗号分隔 / person ids, comma-separated', csv)
    .action(
      act(async (s, ids: string[]) => {
        const ctx = await ctxOf(s);
        const out = [];
        for (const id of ids) out.push({ personId: id, ...(await ledger.startLedger(ctx, id)) });
        return {
          data: out,
          text: out.map(
            (r) => `${r.workflowId}: ${r.started ? '已开启 / started' : '已在运行 / running'}`,
          ),
        };
      }),
    );
  cmd
    .command('claim')
    .description('申报学时 / self-report external training or degree study (awaits review)')
    .argument('<personId>', '人员编号 / person id')
    .requiredOption('--source <source>', 'external | degree')
    .option('--hours <n>', '学时 / hours (external)', number('--hours'))
    .requiredOption('--evidence <text>', '证明材料 / evidence')
    .option('--by <name>', '申报人 / submitted by')
    .action(
      act(
        async (
          s,
          personId: string,
          o: { source: string; hours?: number; evidence: string; by?: string },
        ) => {
          const r = await claims.submitClaim(await ctxOf(s), {
            personId,
            source: o.source as 'external' | 'degree',
            ...(o.hours !== undefined ? { hours: o.hours } : {}),
            evidence: o.evidence,
            submittedBy: o.by ?? personId,
          });
          return {
            data: r,
            text: [
              `申报编号 / claim ${r.claimId}: ${hours(r.hoursTenths)} 学时 / hours, 待审核 / pending`,
            ],
          };
        },
      ),
    );
  cmd
    .command('review')
    .description('审核申报 / approve or reject a self-reported credit')
    .argument('<claimId>', '申报编号 / claim id', number('claimId'))
    .option('--approve', '通过 / approve')
    .option('--reject', '不通过 / reject')
    .requiredOption('--by <name>', '审核人 / reviewer')
    .option('--note <text>', '意见 / note')
    .action(
      act(
        async (
          s,
          claimId: number,
          o: { approve?: boolean; reject?: boolean; by: string; note?: string },
        ) => {
          if (Boolean(o.approve) === Boolean(o.reject))
            throw new InputError('give exactly one of --approve or --reject');
          const r = await claims.reviewClaim(await ctxOf(s), {
            claimId,
            decision: o.approve ? 'approve' : 'reject',
            reviewer: o.by,
            ...(o.note ? { note: o.note } : {}),
          });
          return {
            data: r,
            text: [
              `${r.status}; 本期已获 / earned this period: ${hours(r.earnedTenths)} 学时 / hours`,
            ],
          };
        },
      ),
    );
  cmd
    .command('show')
    .description('查看学时台账 / show a person’s ledger')
    .argument('<personId>', '人员编号 / person id')
    .action(
      act(async (s, personId: string) => {
        const v = await ledger.ledger(await ctxOf(s), personId);
        return {
          data: v,
          text: [
            `${v.personId}  ${v.level}  ${s.local(v.periodStart)} – ${s.local(v.periodEnd)}`,
            `已获 / earned ${hours(v.earnedTenths)} / 需 required ${hours(v.requiredTenths)}  (${v.standing})`,
            ...table(
              ['来源 source', '学时 hours'],
              v.credits.map((c) => [c.sourceKey, hours(c.hoursTenths)]),
            ),
          ],
        };
      }),
    );
  cmd
    .command('report')
    .description('继续教育达标情况 / CE compliance per unit')
    .option('--unit <id>', '单位编号（含下级）/ unit id, sub-units included')
    .option('--ids', '单位名称旁列出编号 / show unit ids beside the names')
    .addOption(outOption())
    .action(
      act(async (s, o: { unit?: string; out?: string; ids?: boolean }) => {
        const ctx = await ctxOf(s);
        const req = o.unit ? { unitId: o.unit } : {};
        if (o.out)
          return written(
            o.out,
            await reports.exportCeReport(ctx, { ...req, format: formatOf(o.out) }),
          );
        const rows = await reports.ceReport(ctx, req);
        return {
          data: rows,
          text: table(
            ['单位 unit', '已达标 compliant', '进度正常 on track', '落后 behind', '逾期 overdue'],
            rows.map((r) => [
              o.ids ? `${r.unitName} ${r.unitId}` : r.unitName,
              String(r.compliant),
              String(r.on_track),
              String(r.behind),
              String(r.overdue),
            ]),
          ),
        };
      }),
    );
  return cmd;
}
