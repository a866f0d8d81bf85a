import { describe, expect, it } from 'vitest';
import { InputError } from '../../../common/errors';
import { backfillSource, checkNotEarly } from '../../../workflows/rules/factTiming';
import { formatZoned, formatZonedNamed, startOfLocalDay } from '../../../workflows/rules/zonedTime';

const SH = 'Asia/Shanghai';
const session = new Date('2026-12-08T01:00:00Z'); // 2026年12月8日 09:00 in Shanghai
const timing = {
  fact: { zh: '场次 s1 的考勤', en: 'attendance of session s1' },
  about: { zh: '该场次开始', en: 'the session starts' },
  at: session,
  timeZone: SH,
};

describe('checkNotEarly', () => {
  it('refuses attendance a week before its session, naming the session’s local time', () => {
    const weekEarly = new Date(session.getTime() - 7 * 86_400_000);
    expect(() => checkNotEarly({ ...timing, now: weekEarly })).toThrow(InputError);
    expect(() => checkNotEarly({ ...timing, now: weekEarly })).toThrow(
      '场次 s1 的考勤不能早于该场次开始（2026年12月8日 09:00（北京时间 Asia/Shanghai））',
    );
  });

  it('takes it from the start on, within an early window, or as a backfill', () => {
    expect(() => checkNotEarly({ ...timing, now: session })).not.toThrow();
    const tenEarly = new Date(session.getTime() - 10 * 60_000);
    expect(() => checkNotEarly({ ...timing, now: tenEarly })).toThrow(InputError);
    expect(() => checkNotEarly({ ...timing, now: tenEarly, earlyMs: 30 * 60_000 })).not.toThrow();
    expect(() => checkNotEarly({ ...timing, now: new Date(0), backfill: true })).not.toThrow();
  });

  it('names a backfill in the source it is recorded with', () => {
    expect(backfillSource('import', true)).toBe('import-backfill');
    expect(backfillSource('import', false)).toBe('import');
  });
});

describe('formatZoned', () => {
  it('reads an instant the Chinese way in the zone', () => {
    expect(formatZoned(new Date('2026-12-13T01:00:00Z'), SH)).toBe('2026年12月13日 09:00');
    expect(formatZonedNamed(new Date('2026-12-12T16:30:00Z'), SH)).toBe(
      '2026年12月13日 00:30（北京时间 Asia/Shanghai）',
    );
    expect(formatZoned(new Date('2026-07-01T10:00:00Z'), 'Europe/Berlin')).toBe(
      '2026年7月1日 12:00',
    );
  });

  it('finds local midnight of the day an instant falls on', () => {
    expect(startOfLocalDay(new Date('2027-06-20T06:00:00Z'), SH).toISOString()).toBe(
      '2027-06-19T16:00:00.000Z',
    );
  });
});
