import { describe, expect, it } from 'vitest';
import {
  columnLetter,
  findHeaderRow,
  mapColumns,
  normalizeHeader,
} from '../../../../store/registry/roster/headers';
import { RosterFileError } from '../../../../store/registry/roster/read';

const fields = (m: ReturnType<typeof mapColumns>) =>
  Object.fromEntries([...m.values()].map((c) => [c.field, c.index]));

describe('roster headers', () => {
  it('reads Chinese headers as offices write them, with notes and marks', () => {
    const m = mapColumns([
      '序号',
      '姓名*',
      '手机号码（必填）',
      '所在单位',
      '岗位',
      '身份证号码',
      '专长',
    ]);
    expect(fields(m)).toEqual({ name: 1, phone: 2, unit: 3, role: 4, id_card: 5, specialties: 6 });
  });

  it('reads English headers in any case and spacing', () => {
    const m = mapColumns([
      'Person ID',
      'Name',
      'unit',
      'ROLE',
      'certificate_level',
      'Certificate Date',
    ]);
    expect(fields(m)).toEqual({
      person_id: 0,
      name: 1,
      unit: 2,
      role: 3,
      certificate_level: 4,
      certificate_date: 5,
    });
    expect(normalizeHeader('Certificate Date')).toBe('certificatedate');
  });

  it('takes a mapping for other layouts, and refuses unknown fields in it', () => {
    const m = mapColumns(['员工', '部门', '类别'], { 员工: 'name', 部门: 'unit', 类别: 'role' });
    expect(fields(m)).toEqual({ name: 0, unit: 1, role: 2 });
    expect(() => mapColumns(['x'], { x: 'salary' })).toThrow(
      /^列映射为“x”指定了未知字段“salary”（可用字段：person_id, .*） \/ the mapping names an unknown field "salary" for "x"/,
    );
  });

  it('names missing required columns and what the header row holds', () => {
    expect(() => mapColumns(['姓名', '手机'])).toThrow(RosterFileError);
    expect(() => mapColumns(['姓名', '手机'])).toThrow(
      '缺少必填列：单位 (unit), 岗位 (role)；表头行现有：姓名, 手机 / ' +
        'missing required column(s): 单位 (unit), 岗位 (role); the header row holds: 姓名, 手机',
    );
  });

  it('refuses two columns for one field', () => {
    expect(() => mapColumns(['姓名', '单位', '岗位', '手机', '电话'])).toThrow(
      '有两列都是手机（phone）：“手机”（D 列）和“电话”（E 列） / two columns hold phone: "手机" (D) and "电话" (E)',
    );
  });

  it('finds the header row below a title row', () => {
    const { index } = findHeaderRow([['花木街道社工人才登记表'], [], ['姓名', '单位', '岗位']]);
    expect(index).toBe(2);
  });

  it('letters columns like a spreadsheet', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnLetter)).toEqual([
      'A',
      'Z',
      'AA',
      'AB',
      'ZZ',
      'AAA',
    ]);
  });
});
