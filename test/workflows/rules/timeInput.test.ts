import { describe, expect, it } from 'vitest';
import { InputError } from '../../../common/errors';
import { parseCalendarDate, parseInstant } from '../../../workflows/rules/timeInput';

const SH = 'Asia/Shanghai';

describe('parseInstant', () => {
  it.each([
    ['2026-03-20T17:00', '2026-03-20T09:00:00.000Z'],
    ['2026-03-20 17:00', '2026-03-20T09:00:00.000Z'],
    ['2026-03-20 17:00:30', '2026-03-20T09:00:30.000Z'],
    ['2026/3/20 17:00', '2026-03-20T09:00:00.000Z'],
    ['2026.03.20 17:00', '2026-03-20T09:00:00.000Z'],
    ['2026年3月20日 17:00', '2026-03-20T09:00:00.000Z'],
    ['２０２６－０３－２０　１７：００', '2026-03-20T09:00:00.000Z'],
    ['2026-03-20T17:00+08:00', '2026-03-20T09:00:00.000Z'],
    ['2026-03-20T09:00:00.000Z', '2026-03-20T09:00:00.000Z'],
    ['2026-03-20T17:00:00.250+0800', '2026-03-20T09:00:00.250Z'],
    ['2028-02-29 08:00', '2028-02-29T00:00:00.000Z'],
  ])('%s is %s', (text, iso) => {
    expect(parseInstant(text, SH, '--at').toISOString()).toBe(iso);
  });

  it('reads a time without a zone in the program’s zone', () => {
    expect(parseInstant('2026-07-01 12:00', 'Europe/Berlin', 'at').toISOString()).toBe(
      '2026-07-01T10:00:00.000Z',
    );
  });

  it('reads a date alone as the start, or with dateOnly "end" the last second, of that day', () => {
    expect(parseInstant('2027-02-28', SH, '--end').toISOString()).toBe('2027-02-27T16:00:00.000Z');
    expect(parseInstant('2027-02-28', SH, '--end', 'end').toISOString()).toBe(
      '2027-02-28T15:59:59.000Z',
    );
  });

  it.each([
    ['2026-13-45T09:00', 'there is no month 13'],
    ['2026-02-30', '2026-02 has 28 days'],
    ['2027-02-30', '2027 年 2 月只有 28 天'],
    ['2026-02-30 09:00', '2026-02 has 28 days'],
    ['2027-02-29 09:00', '2027-02 has 28 days'],
    ['2026-04-31 09:00', '2026-04 has 30 days'],
    ['2026-03-20 24:00', 'up to 23:59:59'],
    ['2026-03-20 17:60', 'up to 23:59:59'],
    ['2026-03-20T17:00+15:00', 'there is no offset +15:00'],
    ['tomorrow', 'expected e.g.'],
    ['', 'expected e.g.'],
  ])('refuses %s (%s), naming the field', (text, why) => {
    let error: unknown;
    try {
      parseInstant(text, SH, '--at');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain('--at');
    expect((error as Error).message).toContain(why);
    expect((error as Error).message).toContain('不是有效的日期时间');
  });
});

describe('parseCalendarDate', () => {
  it('reads the formats people write', () => {
    for (const text of ['2026-03-20', '2026/3/20', '2026年3月20日', '２０２６．３．２０'])
      expect(parseCalendarDate(text, '取证时间')).toEqual({ year: 2026, month: 3, day: 20 });
  });

  it('refuses a date that does not exist', () => {
    expect(() => parseCalendarDate('2026-02-30', '取证时间')).toThrow(
      /取证时间.*2026-02 has 28 days/,
    );
    expect(() => parseCalendarDate('2026-00-10', 'end')).toThrow(/there is no month 0/);
    expect(() => parseCalendarDate('20260320', 'end')).toThrow(/expected e.g. 2026-03-20/);
  });
});
