/**
 * A table (a header row and rows of values) written as an XLSX workbook or a CSV file (UTF-8
 * with a BOM, so Excel opens Chinese text correctly). Dates are written as calendar dates.
 */
import ExcelJS from 'exceljs';
import { stringifyCsv } from './roster/csv';
import type { SheetFormat } from './roster/read';

export type TableValue = string | number | Date | null;

export interface Table {
  /** Worksheet name (XLSX). */
  title: string;
  headers: string[];
  rows: TableValue[][];
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

function text(v: TableValue): string {
  if (v === null) return '';
  return v instanceof Date ? isoDate(v) : String(v);
}

export async function writeTable(table: Table, format: SheetFormat): Promise<Buffer> {
  return writeTables([table], format);
}

/** Several tables: one worksheet each in XLSX; CSV holds one table only. */
export async function writeTables(tables: Table[], format: SheetFormat): Promise<Buffer> {
  if (format === 'csv') {
    if (tables.length !== 1) throw new Error('a CSV file holds one table');
    const table = tables[0]!;
    const csv = stringifyCsv([table.headers, ...table.rows.map((r) => r.map(text))]);
    return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, 'utf8')]);
  }
  const workbook = new ExcelJS.Workbook();
  for (const table of tables) {
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
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
