/**
 * Importing a roster: read the file, check every row, plan against the registry, and — only
 * when asked to commit — write all valid rows in one transaction (or nothing, in strict mode,
 * when any row has a problem). A dry run (the default) writes nothing and reports the same.
 */
import type { Db, Prisma } from '../../db';
import { insertMany } from '../../bulkInsert';
import type { IdCardHash } from '../idCardHasher';
import { findHeaderRow, ignoredColumns, type HeaderMapping } from './headers';
import { isBlankRow, readSheet, type Cell, type SheetFormat } from './read';
import { applyPlan } from './apply';
import { planRows, type Action } from './plan';
import { checkRow, dropDuplicates, type RosterRow, type RowProblem } from './validate';
import { unitDirectory } from './units';
import { peopleVocabularies } from '../vocabularyTerms';
import { cellText } from './fields';
import { deriveUnits, districtRoot, type DerivedUnit, type TreeUnit } from './deriveUnits';

/** What every sheet import (a roster, exam results) takes: the file, how to read it, whether to write. */
export interface SheetImportOptions {
  bytes: Uint8Array;
  /** For messages ("roster.xlsx is empty"). */
  name?: string;
  format?: SheetFormat;
  mapping?: HeaderMapping;
  commit?: boolean;
  strict?: boolean;
}

export interface RosterImportOptions extends SheetImportOptions {
  /** The stored hash of a normalized ID-card number (store/registry/idCardHasher.ts). */
  hashIdCard: IdCardHash;
  /** Today as a calendar date (UTC midnight). */
  today: Date;
  /** Who imports: recorded on what the import writes (opening balances). */
  recordedBy: string;
  /** A registration's length in years when only one of its dates is given (default 3). */
  registrationYears?: number;
  /**
   * Derive missing streets/towns and units from 所属街镇 + 所在单位 (listed in `units`; written
   * only with commit). `districtName` names the district they go under (made if the tree is empty).
   */
  createUnits?: { districtName?: string };
}

export interface RosterOutcome {
  row: number;
  personId: string;
  name: string;
  action: Action;
  changes: string[];
}

export interface RosterReport {
  format: SheetFormat;
  /** Data rows read (blank rows not counted). */
  rows: number;
  /** Columns no field took, as "A 序号": read past, never dropped without a word. */
  ignoredColumns: string[];
  /** Units the import creates (or, in a dry run, would create) with createUnits. */
  units: DerivedUnit[];
  committed: boolean;
  counts: { create: number; update: number; unchanged: number; invalid: number };
  problems: RowProblem[];
  outcomes: RosterOutcome[];
}

type Tx = Prisma.TransactionClient;

async function createUnits(tx: Tx, units: readonly DerivedUnit[]): Promise<void> {
  const now = new Date();
  await insertMany(
    tx,
    'Organisation',
    ['id', 'name', 'kind', 'parentId', 'path', 'createdAt', 'updatedAt'],
    units.map((u) => [u.id, u.name, u.kind, u.parentId, u.path, now, now]),
  );
}

export async function importRosterFile(
  db: Db,
  options: RosterImportOptions,
): Promise<RosterReport> {
  const sheet = await readSheet(options.bytes, {
    ...(options.format ? { format: options.format } : {}),
    ...(options.name ? { name: options.name } : {}),
  });
  const { index, columns } = findHeaderRow(sheet.rows, options.mapping);
  const dataRows: { cells: Cell[]; row: number }[] = [];
  sheet.rows.forEach((cells, i) => {
    if (i > index && !isBlankRow(cells)) dataRows.push({ cells, row: i + 1 });
  });
  const tree: TreeUnit[] = await db.organisation.findMany({
    select: { id: true, name: true, kind: true, parentId: true, path: true },
  });
  let derived: DerivedUnit[] = [];
  if (options.createUnits) {
    const at = (cells: Cell[], f: 'street' | 'unit') =>
      cellText(columns.has(f) ? (cells[columns.get(f)!.index] ?? null) : null);
    derived = deriveUnits(
      tree,
      dataRows.map(({ cells, row }) => ({
        row,
        street: at(cells, 'street'),
        unit: at(cells, 'unit'),
      })),
      districtRoot(tree, options.createUnits.districtName),
    );
  }
  const units = unitDirectory([...tree, ...derived]);
  const problems: RowProblem[] = [];
  const checked: RosterRow[] = [];
  const check = {
    units,
    hashIdCard: options.hashIdCard,
    today: options.today,
    vocabularies: await peopleVocabularies(db),
    ...(options.registrationYears ? { registrationYears: options.registrationYears } : {}),
  };
  for (const { cells, row } of dataRows) {
    const r = checkRow(cells, row, columns, check, problems);
    if (r) checked.push(r);
  }
  const unique = dropDuplicates(checked, columns, problems);

  const run = async (tx: Tx) => {
    const planned = await planRows(tx, unique, columns, problems);
    const write = options.commit === true && !(options.strict === true && problems.length > 0);
    if (write) {
      await createUnits(tx, derived);
      await applyPlan(tx, planned, {
        file: options.name ?? 'roster',
        recordedBy: options.recordedBy,
      });
    }
    return { planned, write };
  };
  const { planned, write } = options.commit
    ? await db.$transaction(run, { timeout: 600_000, maxWait: 30_000 })
    : await run(db);

  problems.sort((a, b) => a.row - b.row);
  const invalidRows = new Set(problems.map((p) => p.row));
  const count = (a: Action) => planned.filter((p) => p.action === a).length;
  return {
    format: sheet.format,
    rows: dataRows.length,
    ignoredColumns: ignoredColumns(sheet.rows[index]!, columns),
    units: derived,
    committed: write,
    counts: {
      create: count('create'),
      update: count('update'),
      unchanged: count('unchanged'),
      invalid: invalidRows.size,
    },
    problems,
    outcomes: planned.map((p) => ({
      row: p.row.row,
      personId: p.personId,
      name: p.row.name,
      action: p.action,
      changes: p.changes,
    })),
  };
}
