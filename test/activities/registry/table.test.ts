import { describe, expect, it } from 'vitest';
import { writeTable } from '../../../store/registry/table';
import { readSheet } from '../../../store/registry/roster/read';

describe('writeTable CSV injection guard', () => {
  const table = {
    title: 't',
    headers: ['姓名', '手机', '备注', '分数'],
    rows: [
      ['=HYPERLINK("http://evil","点我")', '+8613800000000', '@SUM(A1)', -5],
      ['张三', '13800000000', "'quoted", 60],
      ['-cmd', '\tx', null, 0],
    ],
  };

  it('prefixes formula-like text with an apostrophe in the CSV, never numbers', async () => {
    const csv = (await writeTable(table, 'csv')).toString('utf8');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"",""点我"")"`);
    expect(csv).toContain("'+8613800000000");
    expect(csv).toContain("'@SUM(A1)");
    expect(csv).toContain(',-5');
    expect(csv).toContain("'-cmd");
    expect(csv).not.toMatch(/(^|,)=/m);
  });

  it('reads the guarded CSV back to the original cells (round trip)', async () => {
    const sheet = await readSheet(await writeTable(table, 'csv'));
    expect(sheet.rows.slice(1)).toEqual([
      ['=HYPERLINK("http://evil","点我")', '+8613800000000', '@SUM(A1)', '-5'],
      ['张三', '13800000000', "'quoted", '60'],
      ['-cmd', '\tx', '', '0'],
    ]);
  });

  it('leaves XLSX text as text (no formulas are written)', async () => {
    const sheet = await readSheet(await writeTable(table, 'xlsx'));
    expect(sheet.rows[1]![0]).toBe('=HYPERLINK("http://evil","点我")');
  });
});
