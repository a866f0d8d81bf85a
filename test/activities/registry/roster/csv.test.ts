import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv, stringifyCsv } from '../../../../store/registry/roster/csv';

describe('CSV (RFC 4180)', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks; CRLF or LF', () => {
    const text = '\uFEFF姓名,备注\r\n"王, 伟","他说""好""\n第二行"\n李娜,\n';
    expect(parseCsv(text)).toEqual([
      ['姓名', '备注'],
      ['王, 伟', '他说"好"\n第二行'],
      ['李娜', ''],
    ]);
  });

  it('keeps a last record without a line end, and empty fields', () => {
    expect(parseCsv('a,,c\r\nd')).toEqual([['a', '', 'c'], ['d']]);
  });

  it('refuses a quote that is never closed, naming its line', () => {
    expect(() => parseCsv('a\n"b,c\nd')).toThrow(CsvError);
    expect(() => parseCsv('a\n"b,c\nd')).toThrow(
      '第 2 行开始的引号字段没有结束引号 / a quoted field opened on line 2 is never closed',
    );
  });

  it('writes what it reads', () => {
    const records = [['a', 'b,c', 'say "hi"', ' padded', 'two\nlines', '']];
    expect(parseCsv(stringifyCsv(records))).toEqual(records);
    expect(stringifyCsv([['x', 'y']])).toBe('x,y\r\n');
  });
});
