/**
 * Reads a roster file into rows of cells: XLSX (first worksheet with data) or CSV (UTF-8, or
 * GB18030 as Excel writes it on Chinese Windows). Anything else is refused with one clear error.
 */
// Loaded when a workbook is read or written: most commands never touch one.
import type ExcelJS from 'exceljs';
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

/** How a message names the file, in each language: `文件“r.xlsx”` / `r.xlsx`, or 文件 / the file. */
export function fileNames(name?: string): { zh: string; en: string } {
  return name ? { zh: `文件“${name}”`, en: name } : { zh: '文件', en: 'the file' };
}

/** An archive the spreadsheet library cannot open as a workbook. */
export function notAWorkbook(name?: string): RosterFileError {
  const f = fileNames(name);
  return new RosterFileError(
    `${f.zh}不是表格：是 ZIP 压缩包，但不是 .xlsx 工作簿 / ${f.en} is not a spreadsheet: a ZIP archive but no .xlsx workbook`,
  );
}

function empty(name?: string): RosterFileError {
  const f = fileNames(name);
  return new RosterFileError(`${f.zh}是空的 / ${f.en} is empty`);
}

/** The format the bytes are in, or a RosterFileError saying why they are no spreadsheet. */
export function sniffFormat(bytes: Uint8Array, name?: string): SheetFormat {
  const f = fileNames(name);
  if (bytes.length === 0) throw empty(name);
  if (startsWith(bytes, ZIP)) return 'xlsx';
  if (startsWith(bytes, OLE)) {
    throw new RosterFileError(
      `${f.zh}是旧版 Excel .xls 工作簿：请另存为 .xlsx 或 CSV（UTF-8）后再导入 / ` +
        `${f.en} is an old Excel .xls workbook: save it as .xlsx or CSV (UTF-8) and import that`,
    );
  }
  if (bytes.subarray(0, 8192).includes(0)) {
    throw new RosterFileError(
      `${f.zh}不是表格：应为 .xlsx 工作簿或 CSV 文本 / ` +
        `${f.en} is not a spreadsheet: expected an .xlsx workbook or CSV text`,
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

async function readXlsx(bytes: Uint8Array, name: string | undefined): Promise<Cell[][]> {
  checkXlsxBounds(bytes, name);
  const f = fileNames(name);
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  } catch {
    throw notAWorkbook(name);
  }
  const sheet = workbook.worksheets.find((ws) => ws.actualRowCount > 0);
  if (!sheet) {
    if (!workbook.worksheets.length) throw notAWorkbook(name);
    throw new RosterFileError(
      `${f.zh}是空的：各工作表都没有行 / ${f.en} is empty: its worksheets hold no rows`,
    );
  }
  // A worksheet without a dimension can still place one cell at XFD1048576.
  if (sheet.rowCount * Math.max(1, sheet.columnCount) > XLSX_LIMITS.cells) {
    const most = XLSX_LIMITS.cells.toLocaleString('en');
    throw new RosterFileError(
      `${f.zh}：工作表占 ${sheet.rowCount} 行 × ${sheet.columnCount} 列（至多 ${most} 个单元格），不予读取 / ` +
        `${f.en}: the worksheet spans ${sheet.rowCount} rows × ${sheet.columnCount} columns (at most ${most} cells): refused`,
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
  const name = options.name;
  const f = fileNames(name);
  const sniffed = sniffFormat(bytes, name);
  if (options.format && options.format !== sniffed) {
    throw new RosterFileError(
      `${f.zh}按 ${options.format} 提交，内容却是 ${sniffed} / ${f.en} was given as ${options.format} but holds ${sniffed}`,
    );
  }
  let rows: Cell[][];
  if (sniffed === 'xlsx') rows = await readXlsx(bytes, name);
  else {
    try {
      rows = parseCsv(decodeText(bytes)).map((r) => r.map(unneutralised));
    } catch (e) {
      if (e instanceof CsvError) {
        throw new RosterFileError(
          `${f.zh}：第 ${e.line} 行开始的引号字段没有结束引号 / ${f.en}: a quoted field opened on line ${e.line} is never closed`,
        );
      }
      throw e;
    }
  }
  if (rows.every(isBlankRow)) throw empty(name);
  return { format: sniffed, rows };
}
