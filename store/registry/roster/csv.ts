import { InputError } from '../../../common/errors';
/**
 * CSV as RFC 4180 has it: comma-separated fields, double quotes around fields that hold commas,
 * quotes or line breaks, a doubled quote for a quote; CRLF or LF between records.
 */

/** A quoted field never closed; `line` is where it opened (the reader names the file with it). */
export class CsvError extends InputError {
  override name = 'CsvError';
  constructor(readonly line: number) {
    super(
      `第 ${line} 行开始的引号字段没有结束引号 / a quoted field opened on line ${line} is never closed`,
    );
  }
}

/** Parses CSV text (a leading BOM is dropped) into records of fields. */
export function parseCsv(text: string): string[][] {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let quoteLine = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
      quoteLine = line;
    } else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      line++;
    } else field += ch;
  }
  if (quoted) throw new CsvError(quoteLine);
  if (field !== '' || record.length) {
    record.push(field);
    records.push(record);
  }
  return records;
}

function quote(field: string): string {
  return /[",\r\n]|^\s|\s$/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/** Writes records as CSV with CRLF line ends. */
export function stringifyCsv(records: readonly (readonly string[])[]): string {
  return records.map((r) => r.map(quote).join(',') + '\r\n').join('');
}
