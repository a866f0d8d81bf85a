/**
 * `yz org …`: the organisation tree (组织架构). Import an office's file (dry run unless --commit),
 * export it, list it as a tree (names first, ids with --ids), and add, rename, move or close a
 * unit. Units may be named by id or by a name that names one unit.
 */
import { Command, InvalidArgumentError } from 'commander';
import * as org from '../operations/org/org';
import type { SheetFormat } from '../../store/registry/roster/read';
import { act, actorOption, outOption, written } from './common';
import { problemLines, formatFor } from './registry';

function sheetFormat(value: string): SheetFormat {
  if (value !== 'csv' && value !== 'xlsx')
    throw new InvalidArgumentError('需为 csv 或 xlsx / must be csv or xlsx');
  return value;
}

const ACTION_ZH = {
  create: '新增 / create',
  update: '更新 / update',
  unchanged: '未变 / unchanged',
};

function importReport(r: org.ImportOrgResult, commit: boolean): string[] {
  const lines = [
    `${r.file}: ${r.rows} 行 / rows — 新增 / create ${r.counts.create}，更新 / update ${r.counts.update}，未变 / unchanged ${r.counts.unchanged}，有误 / problems ${r.problems.length}`,
    `未使用的列 / ignored columns: ${r.ignoredColumns.length ? r.ignoredColumns.join('、') : '（无 / none）'}`,
  ];
  for (const u of r.units.filter((x) => x.action !== 'unchanged').slice(0, 50))
    lines.push(
      `  第${u.row}行 / row ${u.row}  ${ACTION_ZH[u.action]}  ${u.name} (${u.id}${u.generatedId ? '，编号自动生成 / id generated' : ''}) · ${u.kind}${u.kindFromName ? '（据名称 / from the name）' : ''} · 上级 / parent ${u.parentId ?? '-'}`,
    );
  lines.push(
    ...problemLines(r.problems.map((p) => ({ row: p.row, column: p.column, message: p.message }))),
  );
  if (r.committed) lines.push('已写入 / written');
  else if (commit) lines.push('有问题，未写入任何单位 / problems found: nothing written');
  else lines.push('未写入（试运行，确认后加 --commit）/ nothing written (dry run: add --commit)');
  return lines;
}

export function orgCommand(): Command {
  const cmd = new Command('org').description(
    '组织架构：导入、导出、查看、增改移撤 / the organisation tree: import, export, list, add, rename, move, close',
  );

  cmd
    .command('import')
    .description('导入组织架构（默认试运行）/ import units from a file (a dry run unless --commit)')
    .argument('<file>', '单位编号(可选)、单位名称、类型、上级单位 / .xlsx or .csv')
    .option(
      '--commit',
      '写入（有任何问题则全不写入）/ write (nothing at all if any row has a problem)',
    )
    .option('--format <format>', '文件格式 / csv or xlsx (default: from the contents)', sheetFormat)
    .addOption(actorOption('导入人 / imported by'))
    .action(
      act(async (s, file: string, o: { commit?: boolean; format?: SheetFormat; by: string }) => {
        const r = await org.importOrganisation(await s.store(), {
          file,
          ...(o.format ? { format: o.format } : {}),
          commit: o.commit === true,
          by: o.by,
        });
        return {
          data: r,
          text: importReport(r, o.commit === true),
          ...(r.problems.length ? { exitCode: 1 } : {}),
        };
      }),
    );

  cmd
    .command('export')
    .description('导出组织架构（可再导入）/ export the tree as a file that imports back')
    .addOption(outOption())
    .option('--under <unit>', '只导出该单位及下级 / only this unit and its sub-units')
    .option('--closed', '含已撤销单位 / closed units too')
    .option('--format <format>', 'csv or xlsx (default: from --out, else xlsx)', sheetFormat)
    .action(
      act(
        async (s, o: { out?: string; under?: string; closed?: boolean; format?: SheetFormat }) => {
          const format = o.out ? formatFor(o.out, o.format) : (o.format ?? 'csv');
          const file = await org.exportOrganisation(await s.store(), {
            format,
            ...(o.under !== undefined ? { under: o.under } : {}),
            closed: o.closed === true,
          });
          if (o.out) return written(o.out, file);
          return {
            data: file.bytes.toString('utf8'),
            text: [file.bytes.toString('utf8').replace(/^\ufeff/, '')],
          };
        },
      ),
    );

  cmd
    .command('list')
    .description('组织树（名称在前，缩进表示隶属）/ the tree, names first, indented under parents')
    .option(
      '--under <unit>',
      '只看该单位及下级（编号或名称）/ only this unit and below (id or name)',
    )
    .option('--ids', '显示单位编号 / show unit ids')
    .option('--closed', '含已撤销单位 / closed units too')
    .action(
      act(async (s, o: { under?: string; ids?: boolean; closed?: boolean }) => {
        const nodes = await org.listOrganisation(await s.store(), {
          ...(o.under !== undefined ? { under: o.under } : {}),
          closed: o.closed === true,
        });
        return {
          data: nodes,
          text: nodes.length
            ? nodes.map(
                (n) =>
                  `${'  '.repeat(n.depth)}${n.name}${o.ids ? ` (${n.id})` : ''} · ${n.kindZh} · ${n.people} 人${n.closedOn ? ` · 已撤销 / closed ${n.closedOn}` : ''}`,
              )
            : ['（无单位：用 yz org import 导入 / no units: yz org import <file>）'],
        };
      }),
    );

  const unitText = (verb: string, u: org.UnitAnswer) => [
    `${verb}: ${u.name} (${u.id}) · ${u.kind} · 上级 / parent ${u.parentId ?? '-'}${u.closedOn ? ` · 撤销 / closed ${u.closedOn}` : ''}`,
  ];

  cmd
    .command('add')
    .description('新增单位 / add a unit')
    .argument('<name>', '单位名称 / the unit’s name')
    .option('--parent <unit>', '上级单位（编号或名称）/ parent (id or name)')
    .option('--kind <kind>', '类型（默认据名称判断）/ kind (default: from the name’s ending)')
    .option('--id <id>', '单位编号（默认自动生成）/ unit id (default: generated)')
    .addOption(actorOption())
    .action(
      act(
        async (s, name: string, o: { parent?: string; kind?: string; id?: string; by: string }) => {
          const u = await org.addOrgUnit(await s.store(), {
            name,
            ...(o.parent !== undefined ? { parentId: o.parent } : {}),
            ...(o.kind !== undefined ? { kind: o.kind } : {}),
            ...(o.id !== undefined ? { id: o.id } : {}),
            by: o.by,
          });
          return { data: u, text: unitText('已新增 / added', u) };
        },
      ),
    );

  cmd
    .command('rename')
    .description('单位改名或改类型 / rename a unit or change its kind')
    .argument('<unit>', '单位（编号或名称）/ unit id or name')
    .argument('[name]', '新名称 / new name')
    .option('--kind <kind>', '新类型 / new kind')
    .addOption(actorOption())
    .action(
      act(async (s, unit: string, name: string | undefined, o: { kind?: string; by: string }) => {
        const u = await org.renameOrgUnit(await s.store(), {
          unit,
          ...(name !== undefined ? { name } : {}),
          ...(o.kind !== undefined ? { kind: o.kind } : {}),
          by: o.by,
        });
        return { data: u, text: unitText('已更改 / changed', u) };
      }),
    );

  cmd
    .command('move')
    .description('调整隶属 / move a unit (with everything under it) under another parent')
    .argument('<unit>', '单位（编号或名称）/ unit id or name')
    .requiredOption('--parent <unit>', '新上级（编号或名称）/ new parent (id or name)')
    .addOption(actorOption())
    .action(
      act(async (s, unit: string, o: { parent: string; by: string }) => {
        const u = await org.moveOrgUnit(await s.store(), { unit, parent: o.parent, by: o.by });
        return { data: u, text: unitText('已移动 / moved', u) };
      }),
    );

  cmd
    .command('close')
    .description(
      '撤销单位（须无在职人员和未撤销下级）/ close a unit (no active people, no open sub-units)',
    )
    .argument('<unit>', '单位（编号或名称）/ unit id or name')
    .requiredOption('--on <date>', '撤销日期 / closing date, e.g. 2026-12-31')
    .addOption(actorOption())
    .action(
      act(async (s, unit: string, o: { on: string; by: string }) => {
        const u = await org.closeOrgUnit(await s.store(), { unit, on: o.on, by: o.by });
        return { data: u, text: unitText('已撤销 / closed', u) };
      }),
    );
  return cmd;
}
