/**
 * Importing a roster: read the file, check every row, plan against the registry, and — only
 * when asked to commit — write all valid rows in one transaction (or nothing, in strict mode,
 * when any row has a problem). A dry run (the default) writes nothing and reports the same.
 */
import type { Db } from '../../db';
import { findHeaderRow, type HeaderMapping } from './headers';
import { isBlankRow, readSheet, type SheetFormat } from './read';
import { applyPlan } from './apply';
import { planRows, type Action } from './plan';
import {
  checkRow,
  dropDuplicates,
  unitDirectory,
  type RosterRow,
  type RowProblem,
} from './validate';

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
  salt: string;
  /** Today as a calendar date (UTC midnight). */
  today: Date;
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
  committed: boolean;
  counts: { create: number; update: number; unchanged: number; invalid: number };
  problems: RowProblem[];
  outcomes: RosterOutcome[];
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
  const units = unitDirectory(await db.organisation.findMany({ select: { id: true, name: true } }));
  const problems: RowProblem[] = [];
  let rowCount = 0;
  const checked: RosterRow[] = [];
  sheet.rows.forEach((cells, i) => {
    if (i <= index || isBlankRow(cells)) return;
    rowCount++;
    const row = checkRow(
      cells,
      i + 1,
      columns,
      { units, salt: options.salt, today: options.today },
      problems,
    );
    if (row) checked.push(row);
  });
  const unique = dropDuplicates(checked, columns, problems);

  const run = async (tx: Parameters<typeof planRows>[0]) => {
    const planned = await planRows(tx, unique, columns, problems);
    const write = options.commit === true && !(options.strict === true && problems.length > 0);
    if (write) await applyPlan(tx, planned);
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
    rows: rowCount,
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
