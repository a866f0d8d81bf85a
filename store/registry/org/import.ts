/**
 * Importing an organisation file (组织架构导入): 单位编号 (optional), 单位名称, 类型, 上级单位 (by id
 * or name), as offices write them. A dry run (the default) checks every row against the tree and
 * reports what would change; a commit writes every unit in one transaction, or nothing when any
 * row has a problem. Columns the import does not use are named in the report.
 */
import type { Db } from '../../db';
import { writeTransaction } from '../../db';
import { cellText } from '../roster/fields';
import { columnLetter, findHeaderRowOf, type HeaderVocabulary } from '../roster/headers';
import { isBlankRow, readSheet, type SheetFormat } from '../roster/read';
import { loadVocabulary } from '../vocabularyTerms';
import { codeIn, knownCodes } from '../../../workflows/rules/vocabulary';
import {
  ORG_COLUMN_ZH,
  planOrgFile,
  type OrgColumn,
  type OrgFileRow,
  type OrgProblem,
  type PlannedUnit,
} from '../../../workflows/rules/orgTree';
import { loadTree, pathsOf } from './tree';

const ORG_HEADERS: HeaderVocabulary<OrgColumn> = {
  fields: ['id', 'name', 'kind', 'parent'],
  zh: ORG_COLUMN_ZH,
  aliases: {
    id: ['编号', '单位代码', '机构编码', '组织编码', 'unitid', 'code'],
    name: ['名称', '单位', '机构名称', '组织名称', 'unitname', 'name'],
    kind: ['单位类型', '机构类型', '类别', 'kind', 'type'],
    parent: ['上级', '上级单位编号', '上级单位名称', '所属单位', '隶属', 'parent', 'parentid'],
  },
  required: ['name'],
};

export interface OrgImportReport {
  format: SheetFormat;
  rows: number;
  committed: boolean;
  counts: { create: number; update: number; unchanged: number };
  /** Headers of columns the import did not read. */
  ignoredColumns: string[];
  problems: OrgImportProblem[];
  units: PlannedUnit[];
}

/**
 * A row's problem as the coordinator finds it in the file: `column` is the column's letter and
 * the header they wrote ("B 上级"), or the Chinese header when the file has no such column;
 * `field` is the column's code (`parent`).
 */
export interface OrgImportProblem extends Omit<OrgProblem, 'column'> {
  field: OrgColumn;
  column: string;
}

export interface OrgImportOptions {
  bytes: Uint8Array;
  name?: string;
  format?: SheetFormat;
  commit?: boolean;
  /** Who imports (the actor's username), recorded on each unit written. */
  by: string;
}

export async function importOrgFile(db: Db, options: OrgImportOptions): Promise<OrgImportReport> {
  const sheet = await readSheet(options.bytes, {
    ...(options.format ? { format: options.format } : {}),
    ...(options.name ? { name: options.name } : {}),
  });
  const { index, columns } = findHeaderRowOf(ORG_HEADERS, sheet.rows);
  const used = new Set([...columns.values()].map((c) => c.index));
  const ignoredColumns = sheet.rows[index]!.map((c, i) => ({ h: cellText(c ?? null), i }))
    .filter(({ h, i }) => h && !used.has(i))
    .map(({ h }) => h);
  const rows: OrgFileRow[] = [];
  sheet.rows.slice(index + 1).forEach((cells, i) => {
    if (isBlankRow(cells)) return;
    const get = (f: OrgColumn) => {
      const c = columns.get(f);
      const t = c ? cellText(cells[c.index] ?? null).trim() : '';
      return t || undefined;
    };
    const id = get('id');
    const kind = get('kind');
    const parent = get('parent');
    rows.push({
      row: index + i + 2,
      name: get('name') ?? '',
      ...(id ? { id } : {}),
      ...(kind ? { kind } : {}),
      ...(parent ? { parent } : {}),
    });
  });
  const kinds = await loadVocabulary(db, 'org_kind');
  const tree = await loadTree(db);
  const plan = planOrgFile(tree, rows, (w) => codeIn(kinds, w), knownCodes(kinds));
  const counts = { create: 0, update: 0, unchanged: 0 };
  for (const u of plan.units) counts[u.action]++;
  const commit = options.commit === true && plan.problems.length === 0;
  if (commit) await writeUnits(db, plan.units, options.by);
  return {
    format: sheet.format,
    rows: rows.length,
    committed: commit,
    counts,
    ignoredColumns,
    problems: plan.problems.map(({ column: field, ...p }) => {
      const c = columns.get(field);
      const column = c ? `${columnLetter(c.index)} ${c.header}` : ORG_COLUMN_ZH[field];
      return { ...p, field, column };
    }),
    units: plan.units,
  };
}

/** Writes planned units in one transaction: new ones, then changes, then every path. */
async function writeUnits(db: Db, units: readonly PlannedUnit[], by: string): Promise<void> {
  const changed = units.filter((u) => u.action !== 'unchanged');
  if (!changed.length) return;
  await writeTransaction(db, async (tx) => {
    const tree = await loadTree(tx);
    const after = new Map(tree.map((u) => [u.id, { id: u.id, parentId: u.parentId }]));
    for (const u of changed) after.set(u.id, { id: u.id, parentId: u.parentId });
    const paths = pathsOf([...after.values()]);
    // Parents are created first: rows are written without parents, then linked.
    for (const u of changed.filter((c) => c.action === 'create'))
      await tx.organisation.create({
        data: { id: u.id, name: u.name, kind: u.kind, path: paths.get(u.id)!, changedBy: by },
      });
    for (const u of changed)
      await tx.organisation.update({
        where: { id: u.id },
        data: { name: u.name, kind: u.kind, parentId: u.parentId, changedBy: by },
      });
    for (const u of await tx.organisation.findMany({ select: { id: true, path: true } })) {
      const path = paths.get(u.id);
      if (path && path !== u.path)
        await tx.organisation.update({ where: { id: u.id }, data: { path } });
    }
  });
}
