import { describe, expect, it } from 'vitest';
import {
  cleanText,
  excelSerialDate,
  normalizeMobile,
  readDateText,
  toHalfWidth,
} from '../../../workflows/rules/rosterText';

const day = (s: string) => new Date(`${s}T00:00:00Z`);

describe('roster text normalisers', () => {
  it('full-width digits and letters become ASCII; U+3000 a space', () => {
    expect(toHalfWidth('１３８００１３８０００')).toBe('13800138000');
    expect(toHalfWidth('ＡＢｃ＠ｅｘａｍｐｌｅ．ｃｎ')).toBe('ABc@example.cn');
    expect(cleanText('\u3000张\u3000三\u3000')).toBe('张 三');
    expect(cleanText('王\u200b五')).toBe('王五');
  });

  it('mobiles: +86, 0086, separators and full-width digits dropped; others refused', () => {
    expect(normalizeMobile('+86 138-0013-8000')).toBe('13800138000');
    expect(normalizeMobile('0086 13800138000')).toBe('13800138000');
    expect(normalizeMobile('（+86）１３８ ００１３ ８０００')).toBe('13800138000');
    expect(normalizeMobile('138.0013.8000')).toBe('13800138000');
    expect(normalizeMobile('021-58888888')).toBeUndefined();
    expect(normalizeMobile('1380013800')).toBeUndefined();
    expect(normalizeMobile('12800138000')).toBeUndefined();
  });

  it('dates: ISO, slashed, dotted, Chinese and compact; impossible days told apart', () => {
    for (const w of [
      '2019-03-05',
      '2019/3/5',
      '2019.3.5',
      '2019年3月5日',
      '２０１９年３月５日',
      '20190305',
      '2019 年 3 月 5 日',
    ]) {
      expect(readDateText(w), w).toEqual({ kind: 'date', date: day('2019-03-05') });
    }
    expect(readDateText('2019-02-30')).toEqual({ kind: 'impossible' });
    expect(readDateText('2019年13月1日')).toEqual({ kind: 'impossible' });
    expect(readDateText('去年三月')).toEqual({ kind: 'unreadable' });
  });

  it('Excel serial day numbers', () => {
    expect(excelSerialDate(43529)).toEqual(day('2019-03-05'));
    expect(excelSerialDate(0)).toBeUndefined();
    expect(excelSerialDate(1.5)).toBeUndefined();
  });
});
