/**
 * `yz registry …`: roster import (a dry run unless --commit), export of people, the talent census
 * report and the certification rate, printed as tables or written to an XLSX or CSV file.
 */
import { extname } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import type { RosterReport } from '../../store/registry/roster/import';
import type { SheetFormat } from '../../store/registry/roster/read';
import type { Counts } from '../../store/registry/reports';
import * as registry from '../operations/registry/registry';
import {
  CERT_LEVELS,
  CERT_LEVEL_ZH,
  ROLES,
  ROLE_ZH,
  SPECIALTY_ZH,
} from '../operations/registry/registry';
import { SPECIALTY, knownCodes } from '../../store/registry/vocabulary';
import { act, actorOption, csv, number, outOption, table, written } from './common';
import { withProgress } from './progress';
import { InputError } from '../../common/errors';

/** Problems printed at most; the rest are counted (all of them are in --json). */
const SHOWN_PROBLEMS = 50;

export function countsLine(c: RosterReport['counts']): string {
  return `新增 / create ${c.create}，更新 / update ${c.update}，未变 / unchanged ${c.unchanged}，有误 / invalid ${c.invalid}`;
}

/** `第3行 / row 3  C 手机: …` for each problem, the first 50 and a count of the rest. */
export function problemLines(
  problems: readonly { row: number; column?: string; message: string }[],
): string[] {
  if (!problems.length) return [];
  const lines = [`问题 / problems (${problems.length}):`];
  for (const p of problems.slice(0, SHOWN_PROBLEMS)) {
    lines.push(`  第${p.row}行 / row ${p.row}  ${p.column ? `${p.column}: ` : ''}${p.message}`);
  }
  const rest = problems.length - SHOWN_PROBLEMS;
  if (rest > 0) lines.push(`  …另有 ${rest} 条 / and ${rest} more (--json 列出全部 / lists all)`);
  return lines;
}

/** "未使用的列 / ignored: A 序号、N 备注": every column the import read past. */
export function ignoredLine(ignored: readonly string[]): string {
  return `未使用的列 / ignored: ${ignored.length ? ignored.join('、') : '无 / none'}`;
}

/** The units --create-units makes (or would make), for the coordinator to confirm. */
function unitLines(units: RosterReport['units'], committed: boolean): string[] {
  if (!units.length) return [];
  const head = committed
    ? `已建单位 / units created: ${units.length}`
    : `将新建单位（请核对）/ units to create (check them): ${units.length}`;
  return [
    head,
    ...units.map(
      (u) => `  ${u.id}  ${u.name}  ${u.kind}  ← ${u.parentId ?? '—'}  (行 / row ${u.row})`,
    ),
  ];
}

/** The people a roster adds, by name with the id each was (or would be) given. */
function createdLines(outcomes: RosterReport['outcomes'], committed: boolean): string[] {
  const created = outcomes.filter((o) => o.action === 'create');
  if (!created.length) return [];
  const head = committed ? '新增人员 / people added' : '将新增人员 / people to add';
  const shown = created
    .slice(0, SHOWN_PROBLEMS)
    .map((o) => `  第${o.row}行 / row ${o.row}  ${o.name}  ${o.personId}`);
  const rest = created.length - shown.length;
  const more =
    rest > 0 ? [`  …另有 ${rest} 人 / and ${rest} more (--json 列出全部 / lists all)`] : [];
  return [`${head} (${created.length}):`, ...shown, ...more];
}

function sheetFormat(value: string): SheetFormat {
  if (value !== 'csv' && value !== 'xlsx')
    throw new InvalidArgumentError('需为 csv 或 xlsx / must be csv or xlsx');
  return value;
}

/** `--map 姓名全称=name,联系电话=phone` → { 姓名全称: 'name', 联系电话: 'phone' }. */
function mapping(pairs: string[] | undefined): Record<string, string> | undefined {
  if (!pairs) return undefined;
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.lastIndexOf('=');
      const header = pair.slice(0, at).trim();
      const field = pair.slice(at + 1).trim();
      if (at < 0 || !header || !field)
        throw new InputError(`--map "${pair}" must be header=field, e.g. 联系电话=phone`);
      return [header, field];
    }),
  );
}

/** The format an --out file's extension asks for, unless given. */
export const formatFor = (out: string, given?: SheetFormat) =>
  (given ?? (extname(out).slice(1).toLowerCase() || 'xlsx')) as SheetFormat;

function importCommand(): Command {
  return new Command('import')
    .description('导入名册（默认试运行，不写入）/ import a roster (a dry run unless --commit)')
    .argument('<file>', '名册文件 / roster file (.xlsx or .csv)')
    .option('--commit', '写入有效行 / write the valid rows')
    .option('--strict', '与 --commit 同用：有任何问题则全不写入 / with --commit: all or nothing')
    .option('--format <format>', '文件格式 / csv or xlsx (default: from the contents)', sheetFormat)
    .option('--map <header=field>', '表头对应字段 / header → field, comma-separated', csv)
    .option(
      '--create-units',
      '由所属街镇与所在单位补建缺少的街镇和单位（试运行时列出）/ derive missing streets and units from 所属街镇 + 所在单位 (listed in a dry run)',
    )
    .option(
      '--district <name>',
      '与 --create-units 同用：所属的区 / with --create-units: the district',
    )
    .addOption(actorOption('导入人 / imported by'))
    .action(
      act(
        async (
          s,
          file: string,
          o: {
            commit?: boolean;
            strict?: boolean;
            format?: SheetFormat;
            map?: string[];
            createUnits?: boolean;
            district?: string;
            by: string;
          },
        ) => {
          const ctx = await s.store();
          const r = await withProgress(s.json, (progress) =>
            registry.importRoster(ctx, {
              file,
              ...(o.format ? { format: o.format } : {}),
              ...(o.map ? { mapping: mapping(o.map) } : {}),
              commit: o.commit === true,
              strict: o.strict === true,
              createUnits: o.createUnits === true,
              ...(o.district ? { district: o.district } : {}),
              recordedBy: o.by,
              ...(progress ? { progress } : {}),
            }),
          );
          const wrote = r.committed ? r.counts.create + r.counts.update : 0;
          let outcome: string;
          if (!o.commit) outcome = '未写入（试运行）/ nothing written (dry run)';
          else if (!r.committed)
            outcome =
              '未写入：--strict 且名册有问题 / nothing written: --strict and the roster has problems';
          else if (wrote === 0 && r.problems.length)
            outcome = '未写入：没有可写的有效行 / nothing written: no valid rows to write';
          else
            outcome = `已写入 / written: 新增 / created ${r.counts.create}，更新 / updated ${r.counts.update}`;
          return {
            data: r,
            text: [
              `${r.file} (${r.format}, ${r.rows} 行 / rows)`,
              countsLine(r.counts),
              ignoredLine(r.ignoredColumns),
              ...unitLines(r.units, r.committed),
              ...problemLines(r.problems),
              ...createdLines(r.outcomes, r.committed),
              outcome,
            ],
            exitCode: o.commit && (!r.committed || (wrote === 0 && r.problems.length)) ? 1 : 0,
          };
        },
      ),
    );
}

function exportCommand(): Command {
  return new Command('export')
    .description('导出人员名册 / export people as XLSX or CSV')
    .addOption(outOption('输出文件 / output file').makeOptionMandatory())
    .option('--format <format>', '文件格式 / csv or xlsx (default: from --out)', sheetFormat)
    .option('--unit <id>', '单位编号（含下级）/ unit id, sub-units included (default: all)')
    .option('--lang <lang>', '表头语言 / header language: zh or en', 'zh')
    .action(
      act(async (s, o: { out: string; format?: SheetFormat; unit?: string; lang: string }) => {
        if (o.lang !== 'zh' && o.lang !== 'en')
          throw new InputError(
            `--lang 只能是 zh 或 en，收到“${o.lang}” / --lang must be zh or en, got "${o.lang}"`,
          );
        const file = await registry.exportPeople(await s.store(), {
          format: formatFor(o.out, o.format),
          ...(o.unit ? { unitId: o.unit } : {}),
          language: o.lang,
        });
        return written(o.out, file);
      }),
    );
}

const zh = (map: Record<string, string>, code: string) => map[code] ?? code;

/** A unit by its name, with its id beside it when asked for (--ids). */
const unitName = (u: { id: string; name: string }, ids: boolean | undefined) =>
  ids ? `${u.name} ${u.id}` : u.name;
const idsOption = ['--ids', '单位名称旁列出编号 / show unit ids beside the names'] as const;

/** The census as a table: a row per figure, a column per child unit and the total. */
function censusLines(
  c: Awaited<ReturnType<typeof registry.censusReport>>,
  ids: boolean | undefined,
): string[] {
  const units: { id: string; value: Counts }[] = [
    ...c.children.map((u) => ({ id: unitName(u, ids), value: u.value })),
    { id: '合计 total', value: c.total },
  ];
  const specialties = Object.keys(c.total.specialties).sort();
  const focus = c.focusSpecialties.map((f) => zh(SPECIALTY_ZH, f)).join('或');
  const rows: [string, (v: Counts) => number][] = [
    ['人数 / people', (v) => v.people],
    ...ROLES.map((r): [string, (v: Counts) => number] => [
      `  ${ROLE_ZH[r]} ${r}`,
      (v) => v.byRole[r] ?? 0,
    ]),
    ['持证 / certified', (v) => v.certified],
    ...CERT_LEVELS.map((l): [string, (v: Counts) => number] => [
      `  ${CERT_LEVEL_ZH[l]} ${l}`,
      (v) => v.byLevel[l],
    ]),
    ...specialties.map((sp): [string, (v: Counts) => number] => [
      `专长 / specialty: ${zh(SPECIALTY_ZH, sp)} ${sp}`,
      (v) => v.specialties[sp] ?? 0,
    ]),
    [`${focus} / focus specialties`, (v) => v.focusPeople],
    [`培训≥${c.hoursThreshold}学时 / ≥${c.hoursThreshold} training hours`, (v) => v.trained],
  ];
  return [
    `${c.unit.name} ${c.unit.id} — 人才资源库统计 / talent census`,
    ...table(
      ['项目 figure', ...units.map((u) => u.id)],
      rows.map(([label, of]) => [label, ...units.map((u) => String(of(u.value)))]),
    ),
  ];
}

function reportCommand(): Command {
  return new Command('report')
    .description('人才资源库统计 / the talent census of a unit and its sub-units')
    .requiredOption('--unit <id>', '单位编号 / unit id')
    .option('--hours <n>', '培训学时门槛 / training hours that count', number('--hours'), 120)
    .option(
      '--focus <specialties>',
      `重点专长，逗号分隔 / focus specialties, comma-separated: ${knownCodes(SPECIALTY)}`,
      csv,
    )
    .option(...idsOption)
    .addOption(outOption('写入文件 / write to a file (.xlsx or .csv)'))
    .action(
      act(
        async (
          s,
          o: { unit: string; hours: number; focus?: string[]; out?: string; ids?: boolean },
        ) => {
          const request = {
            unitId: o.unit,
            hoursThreshold: o.hours,
            ...(o.focus ? { focusSpecialties: o.focus } : {}),
          };
          const ctx = await s.store();
          if (o.out)
            return written(
              o.out,
              await registry.exportCensus(ctx, { ...request, format: formatFor(o.out) }),
            );
          const c = await registry.censusReport(ctx, request);
          return { data: c, text: censusLines(c, o.ids) };
        },
      ),
    );
}

const pct = (r: number) => `${(r * 100).toFixed(1)}%`;

function rateCommand(): Command {
  return new Command('rate')
    .description('持证率及其变化与目标 / certification rate, its change and the target')
    .requiredOption('--unit <id>', '单位编号 / unit id')
    .option('--since <date>', '比较日期 / compare with this date, YYYY-MM-DD')
    .option('--target-rate <percent>', '目标持证率 / target rate in %', number('--target-rate'))
    .option(
      '--target-change <points>',
      '目标增幅（百分点）/ target change in points',
      number('--target-change'),
    )
    .option(...idsOption)
    .addOption(outOption('写入文件 / write to a file (.xlsx or .csv)'))
    .action(
      act(
        async (
          s,
          o: {
            unit: string;
            since?: string;
            targetRate?: number;
            targetChange?: number;
            out?: string;
            ids?: boolean;
          },
        ) => {
          const request = registry.rateRequest({ ...o, unitId: o.unit });
          const ctx = await s.store();
          if (o.out) {
            const file = await registry.exportCertificationRate(ctx, {
              ...request,
              format: formatFor(o.out),
            });
            return written(o.out, file);
          }
          const r = await registry.certificationRate(ctx, request);
          const total = { ...r.unit, name: `${unitName(r.unit, o.ids)} (合计 total)`, id: '' };
          const rows = [...r.children, total].map((u) => [
            u.id ? unitName(u, o.ids) : u.name,
            String(u.people),
            String(u.certified),
            pct(u.verdict.rate),
            u.verdict.change === undefined ? '-' : u.verdict.change.toFixed(1),
            u.verdict.met === undefined ? '-' : u.verdict.met ? '达成 met' : '未达成 not met',
          ]);
          const v = r.unit.verdict;
          return {
            data: r,
            text: [
              `${r.unit.name} ${r.unit.id} — 持证率 / certification rate`,
              ...table(
                [
                  '单位 unit',
                  '在册 people',
                  '持证 certified',
                  '持证率 rate',
                  `变化 change${r.since ? ` since ${r.since}` : ''}`,
                  '目标 target',
                ],
                rows,
              ),
              v.summary,
              v.summaryEn,
            ],
          };
        },
      ),
    );
}

export function registryCommand(): Command {
  const registry = new Command('registry').description(
    '人才资源库：名册导入导出与统计 / the talent registry: roster import, export and reports',
  );
  for (const c of [importCommand(), exportCommand(), reportCommand(), rateCommand()])
    registry.addCommand(c);
  return registry;
}
