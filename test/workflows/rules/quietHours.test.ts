import { describe, expect, it } from 'vitest';
import {
  DEFAULT_QUIET_HOURS,
  formatQuietHours,
  isQuietTime,
  nextSendableTime,
  parseQuietHours,
} from '../../../workflows/rules/quietHours';
import { formatLocal, zonedInstant } from '../../../workflows/rules/zonedTime';

const SH = 'Asia/Shanghai';
const at = (local: string, tz = SH) => {
  const [d, t] = local.split(' ');
  const [year, month, day] = d!.split('-').map(Number);
  const [hour, minute] = t!.split(':').map(Number);
  return zonedInstant(
    { year: year!, month: month!, day: day!, hour: hour!, minute: minute!, second: 0 },
    tz,
  );
};

describe('quiet hours (default 21:00–08:00, Asia/Shanghai)', () => {
  it.each([
    ['2026-03-10 20:59', false],
    ['2026-03-10 21:00', true],
    ['2026-03-10 23:30', true],
    ['2026-03-11 00:00', true],
    ['2026-03-11 07:59', true],
    ['2026-03-11 08:00', false],
    ['2026-03-11 12:00', false],
  ])('%s quiet: %s', (local, quiet) => {
    expect(isQuietTime(at(local), DEFAULT_QUIET_HOURS, SH)).toBe(quiet);
  });

  it('a notice due at 22:30 waits for 08:00 the next morning', () => {
    expect(formatLocal(nextSendableTime(at('2026-03-10 22:30'), DEFAULT_QUIET_HOURS, SH), SH)).toBe(
      '2026-03-11 08:00',
    );
  });

  it('a notice due at 06:15 waits for 08:00 the same morning, across a month end', () => {
    expect(formatLocal(nextSendableTime(at('2026-03-01 06:15'), DEFAULT_QUIET_HOURS, SH), SH)).toBe(
      '2026-03-01 08:00',
    );
    expect(formatLocal(nextSendableTime(at('2026-02-28 23:00'), DEFAULT_QUIET_HOURS, SH), SH)).toBe(
      '2026-03-01 08:00',
    );
  });

  it('outside quiet hours a notice goes now', () => {
    const t = at('2026-03-10 10:00');
    expect(nextSendableTime(t, DEFAULT_QUIET_HOURS, SH)).toEqual(t);
    expect(nextSendableTime(at('2026-03-10 23:00'), null, SH)).toEqual(at('2026-03-10 23:00'));
  });

  it('follows the program zone: 22:30 in Urumqi is 08:00 Urumqi time next day', () => {
    const tz = 'Asia/Urumqi';
    expect(
      formatLocal(nextSendableTime(at('2026-03-10 22:30', tz), DEFAULT_QUIET_HOURS, tz), tz),
    ).toBe('2026-03-11 08:00');
  });

  it('handles a daylight-saving zone (New York, spring forward night)', () => {
    const tz = 'America/New_York';
    const next = nextSendableTime(at('2026-03-07 22:00', tz), DEFAULT_QUIET_HOURS, tz);
    expect(formatLocal(next, tz)).toBe('2026-03-08 08:00');
  });

  it('a daytime window such as 12:00-13:30 works too', () => {
    const noon = parseQuietHours('12:00-13:30');
    expect(isQuietTime(at('2026-03-10 12:45'), noon, SH)).toBe(true);
    expect(formatLocal(nextSendableTime(at('2026-03-10 12:45'), noon, SH), SH)).toBe(
      '2026-03-10 13:30',
    );
    expect(formatQuietHours(noon)).toBe('12:00-13:30');
  });

  it.each(['21:00', '25:00-08:00', '21:00-08:61', 'evening', '08:00-08:00'])(
    'refuses "%s"',
    (text) => {
      expect(() => parseQuietHours(text)).toThrow();
    },
  );
});
