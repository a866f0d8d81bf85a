/**
 * `yz person transfer|leave|return|merge`: a person's working life, each dated and recorded with
 * who did it. The reason for leaving stays in the database.
 */
import type { Command } from 'commander';
import type { ChangeResult } from '../../store/registry/people/lifecycle';
import { act, actorOption } from './common';

// Loaded when a change runs: `yz person list` in the same group stays free of Temporal.
const ops = () => import('../operations/registry/lifecycle');

const KIND_ZH = { transfer: '调动 / transferred', leave: '离职 / left', return: '返岗 / returned' };

const changed = (r: ChangeResult) => ({
  data: r,
  text: [
    `${KIND_ZH[r.kind]}: ${r.personId} ${r.fromUnitId ?? '-'} → ${r.toUnitId ?? '-'}，生效 / from ${r.effectiveOn}`,
  ],
});

export function addLifecycleCommands(person: Command): void {
  person
    .command('transfer')
    .description('调动到另一单位 / transfer to another unit from a date')
    .argument('<person>', '人员编号 / person id')
    .requiredOption('--to <unit>', '调入单位编号 / the unit moved to')
    .requiredOption('--on <date>', '生效日期 / from this date, e.g. 2026-12-01')
    .addOption(actorOption())
    .action(
      act(async (s, personId: string, o: { to: string; on: string; by: string }) =>
        changed(
          await (
            await ops()
          ).transfer(await s.context(), {
            personId,
            toUnitId: o.to,
            on: o.on,
            by: o.by,
          }),
        ),
      ),
    );

  person
    .command('leave')
    .description('登记离职 / record leaving (the reason is kept in the database only)')
    .argument('<person>', '人员编号 / person id')
    .requiredOption('--on <date>', '离职日期 / leaving date')
    .requiredOption('--reason <text>', '离职原因 / reason')
    .addOption(actorOption())
    .action(
      act(async (s, personId: string, o: { on: string; reason: string; by: string }) =>
        changed(await (await ops()).leave(await s.context(), { personId, ...o })),
      ),
    );

  person
    .command('return')
    .description('登记返岗 / record a return (to the last unit unless --unit)')
    .argument('<person>', '人员编号 / person id')
    .requiredOption('--on <date>', '返岗日期 / return date')
    .option('--unit <unit>', '返岗单位 / the unit returned to')
    .addOption(actorOption())
    .action(
      act(async (s, personId: string, o: { on: string; unit?: string; by: string }) =>
        changed(
          await (
            await ops()
          ).returnToWork(await s.context(), {
            personId,
            on: o.on,
            ...(o.unit ? { unitId: o.unit } : {}),
            by: o.by,
          }),
        ),
      ),
    );

  person
    .command('merge')
    .description('合并同一人的两条记录（历史全部并入保留的一条）/ merge two records of one person')
    .argument('<keep>', '保留的人员编号 / the record kept')
    .argument('<merge>', '并入后删除的人员编号 / the record merged into it and removed')
    .option('--on <date>', '合并日期 / date of the merge (default today)')
    .addOption(actorOption())
    .action(
      act(async (s, keepId: string, mergeId: string, o: { on?: string; by: string }) => {
        const r = await (
          await ops()
        ).merge(await s.context(), {
          keepId,
          mergeId,
          on: o.on ?? new Date().toISOString().slice(0, 10),
          by: o.by,
        });
        const moved = Object.entries(r.moved).map(([k, n]) => `${k} ${n}`);
        return {
          data: r,
          text: [
            `已合并 / merged: ${r.mergedId} → ${r.keptId}`,
            `移入 / moved: ${moved.join('、') || '（无 / nothing）'}`,
          ],
        };
      }),
    );
}
