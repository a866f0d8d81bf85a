/**
 * Reads a roster file into rows of cells: XLSX (first worksheet with data) or CSV (UTF-8, or
 * GB18030 as Excel writes it on Chinese Windows). Anything else is refused with one clear error.
 */
import ExcelJS from 'exceljs';
import { CsvError, parseCsv } from './csv';
import { FORMULA_LEAD } from '../table';
import { InputError } from '../../../common/errors';
import { checkXlsxBounds, XLSX_LIMITS } from './xlsxBounds';

export type Cell = string | number | boolean | Date | null;
export type SheetFormat = 'csv' | 'xlsx';

export class RosterFileError extends InputError {
  override name = 'RosterFileError';
}

export interface Sheet {
  format: SheetFormat;
  /** Every row, the header row first; rows may be ragged. */
  rows: Cell[][];
}

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** The format the bytes are in, or a RosterFileError saying why they are no spreadsheet. */
export function sniffFormat(bytes: Uint8Array, name = 'the file'): SheetFormat {
  if (bytes.length === 0) throw new RosterFileError(`${name} is empty`);
  if (startsWith(bytes, ZIP)) return 'xlsx';
  if (startsWith(bytes, OLE)) {
    throw new RosterFileError(
      `${name} is an old Excel .xls workbook: save it as .xlsx or CSV (UTF-8) and import that`,
    );
  }
  if (bytes.subarray(0, 8192).includes(0)) {
    throw new RosterFileError(
      `${name} is not a spreadsheet: expected an .xlsx workbook or CSV text`,
    );
  }
  return 'csv';
}

function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

type XlsxValue = ExcelJS.CellValue;

/** A cell's value as the office sees it: rich text and hyperlinks as text, formulas' results. */
export function cellOf(value: XlsxValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  if (value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((t) => t.text).join('');
  if ('hyperlink' in value) return cellOf(value.text);
  if ('formula' in value || 'sharedFormula' in value) {
    return cellOf((value as { result?: XlsxValue }).result ?? null);
  }
  return null; // error values (#N/A) and anything unknown
}

/** A row with nothing but empty cells. */
export function isBlankRow(cells: readonly Cell[]): boolean {
  return cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));
}

async function readXlsx(bytes: Uint8Array, name: string): Promise<Cell[][]> {
  checkXlsxBounds(bytes, name);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  } catch {
    throw new RosterFileError(`${name} is not a spreadsheet: a ZIP archive but no .xlsx workbook`);
  }
  const sheet = workbook.worksheets.find((ws) => ws.actualRowCount > 0);
  if (!sheet) {
    if (!workbook.worksheets.length) {
      throw new RosterFileError(
        `${name} is not a spreadsheet: a ZIP archive but no .xlsx workbook`,
      );
    }
    throw new RosterFileError(`${name} is empty: its worksheets hold no rows`);
  }
  // A worksheet without a dimension can still place one cell at XFD1048576.
  if (sheet.rowCount * Math.max(1, sheet.columnCount) > XLSX_LIMITS.cells) {
    throw new RosterFileError(
      `${name}: the worksheet spans ${sheet.rowCount} rows × ${sheet.columnCount} columns (at most ${XLSX_LIMITS.cells.toLocaleString('en')} cells): refused`,
    );
  }
  const rows: Cell[][] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: Cell[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellOf(row.getCell(c).value));
    rows.push(cells);
  }
  return rows;
}

/** Undoes writeTable's CSV-injection guard: `'=x` read back is `=x`. */
function unneutralised(cell: string): string {
  return cell.startsWith("'") && FORMULA_LEAD.test(cell.slice(1)) ? cell.slice(1) : cell;
}

export async function readSheet(
  bytes: Uint8Array,
  options: { format?: SheetFormat; name?: string } = {},
): Promise<Sheet> {
  const name = options.name ?? 'the file';
  const sniffed = sniffFormat(bytes, name);
  if (options.format && options.format !== sniffed) {
    throw new RosterFileError(`${name} was given as ${options.format} but holds ${sniffed}`);
  }
  let rows: Cell[][];
  if (sniffed === 'xlsx') rows = await readXlsx(bytes, name);
  else {
    try {
      rows = parseCsv(decodeText(bytes)).map((r) => r.map(unneutralised));
    } catch (e) {
      if (e instanceof CsvError) throw new RosterFileError(`${name}: ${e.message}`);
      throw e;
    }
  }
  if (rows.every(isBlankRow)) throw new RosterFileError(`${name} is empty`);
  return { format: sniffed, rows };
}
