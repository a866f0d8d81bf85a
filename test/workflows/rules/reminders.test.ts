import { describe, expect, it } from 'vitest';
import { parseOffset, reminderTimes } from '../../../workflows/rules/reminders';
import { DEFAULT_QUIET_HOURS } from '../../../workflows/rules/quietHours';
import { formatLocal, zonedInstant } from '../../../workflows/rules/zonedTime';

const SH = 'Asia/Shanghai';
const at = (y: number, mo: number, d: number, h: number, mi = 0) =>
  zonedInstant({ year: y, month: mo, day: d, hour: h, minute: mi, second: 0 }, SH);
const local = (ds: Date[]) => ds.map((d) => formatLocal(d, SH));

describe('reminder calendar', () => {
  it('reminds 7, 3 and 1 days before a deadline at 17:00', () => {
    const plan = {
      deadline: at(2026, 3, 20, 17),
      offsets: ['7d', '3d', '1d'],
      quietHours: DEFAULT_QUIET_HOURS,
      timeZone: SH,
    };
    expect(local(reminderTimes(plan, at(2026, 3, 1, 9)))).toEqual([
      '2026-03-13 17:00',
      '2026-03-17 17:00',
      '2026-03-19 17:00',
    ]);
  });

  it('moves a reminder out of quiet hours to the next morning', () => {
    const plan = {
      deadline: at(2026, 3, 20, 23, 59),
      offsets: ['1d', '1h'],
      quietHours: DEFAULT_QUIET_HOURS,
      timeZone: SH,
    };
    // 1d before = 19 Mar 23:59 → 20 Mar 08:00; 1h before = 22:59 → would be 21 Mar 08:00, after the
    // deadline, so it goes when due.
    expect(local(reminderTimes(plan, at(2026, 3, 1, 9)))).toEqual([
      '2026-03-20 08:00',
      '2026-03-20 22:59',
    ]);
  });

  it('drops reminders already past and merges those that land together', () => {
    const plan = {
      deadline: at(2026, 3, 20, 9),
      offsets: ['90d', '2h', '1h', '30m'],
      quietHours: DEFAULT_QUIET_HOURS,
      timeZone: SH,
    };
    // 2h before = 07:00 → 08:00; 1h before = 08:00; 30m before = 08:30.
    expect(local(reminderTimes(plan, at(2026, 3, 1, 9)))).toEqual([
      '2026-03-20 08:00',
      '2026-03-20 08:30',
    ]);
  });

  it.each([['7'], ['7 days'], ['-1d'], ['1y'], ['']])('refuses offset "%s"', (text) => {
    expect(() => parseOffset(text)).toThrow(/reminder offset/);
  });

  it('reads offsets', () => {
    expect(parseOffset('90d')).toBe(90 * 86_400_000);
    expect(parseOffset('1h')).toBe(3_600_000);
    expect(parseOffset('2w')).toBe(14 * 86_400_000);
  });
});
