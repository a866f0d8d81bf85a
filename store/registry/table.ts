/**
 * A table (a header row and rows of values) written as an XLSX workbook or a CSV file (UTF-8
 * with a BOM, so Excel opens Chinese text correctly). Dates are written as calendar dates.
 * CSV text cells that a spreadsheet would run as a formula get a leading apostrophe (CSV
 * injection); `readSheet` takes it off again, so exports still round-trip.
 */
// Loaded when a workbook is read or written: most commands never touch one.
import type ExcelJS from 'exceljs';
import { stringifyCsv } from './roster/csv';
import type { SheetFormat } from './roster/read';

/** The HTTP content type of each file format Yanzhen writes. */
export const CONTENT_TYPES: Record<SheetFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export type TableValue = string | number | Date | null;

export interface Table {
  /** Worksheet name (XLSX). */
  title: string;
  headers: string[];
  rows: TableValue[][];
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** Text a spreadsheet would take for a formula: =, +, -, @, tab or carriage return first. */
export const FORMULA_LEAD = /^[=+\-@\t\r]/;

function text(v: TableValue): string {
  if (v === null) return '';
  if (typeof v === 'string') return FORMULA_LEAD.test(v) ? `'${v}` : v;
  return v instanceof Date ? isoDate(v) : String(v);
}

function addSheet(workbook: ExcelJS.Workbook, table: Table): void {
  const sheet = workbook.addWorksheet(table.title.slice(0, 31));
  sheet.addRow(table.headers).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row);
  table.headers.forEach((h, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = Math.max(10, h.length * 2 + 2);
    const dates = table.rows.some((r) => r[i] instanceof Date);
    if (dates) column.numFmt = 'yyyy-mm-dd';
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

export async function writeTable(table: Table, format: SheetFormat): Promise<Buffer> {
  return writeTables([table], format);
}

/** Several tables: one worksheet each (XLSX), or one after another with a title line (CSV). */
export async function writeTables(tables: Table[], format: SheetFormat): Promise<Buffer> {
  if (format === 'csv') {
    const lines = tables.flatMap((table, i) => [
      ...(tables.length > 1 ? [...(i ? [[]] : []), [table.title]] : []),
      table.headers,
      ...table.rows.map((r) => r.map(text)),
    ]);
    const csv = stringifyCsv(lines);
    return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, 'utf8')]);
  }
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  for (const table of tables) addSheet(workbook, table);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
