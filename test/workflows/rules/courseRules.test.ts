import { describe, expect, it } from 'vitest';
import {
  absenceStreak,
  completionOf,
  overlapping,
  sessionReminders,
  type SessionFacts,
} from '../../../workflows/rules/courseRules';
import { DEFAULT_QUIET_HOURS } from '../../../workflows/rules/quietHours';
import { ceCheckpointDue, ceCheckpoints } from '../../../workflows/rules/ceCalendar';
import { periodOf } from '../../../workflows/rules/continuingEducation';
import type { ExamLevel } from '../../../workflows/rules/examRules';

const SH = 'Asia/Shanghai';
const sessions: SessionFacts[] = [
  {
    sessionId: 's1',
    startsAt: new Date('2026-03-01T06:00:00Z'),
    hoursTenths: 20,
    status: 'scheduled',
  },
  {
    sessionId: 's2',
    startsAt: new Date('2026-03-08T06:00:00Z'),
    hoursTenths: 15,
    status: 'scheduled',
  },
  {
    sessionId: 's3',
    startsAt: new Date('2026-03-15T06:00:00Z'),
    hoursTenths: 20,
    status: 'cancelled',
  },
  {
    sessionId: 's4',
    startsAt: new Date('2026-03-22T06:00:00Z'),
    hoursTenths: 20,
    status: 'scheduled',
  },
];

describe('completionOf', () => {
  it('counts present and late hours of sessions not cancelled', () => {
    const c = completionOf({ minTenths: 35, requiredSessions: [] }, sessions, {
      s1: 'late',
      s2: 'present',
      s3: 'present',
      s4: 'excused',
    });
    expect(c).toEqual({ complete: true, attendedTenths: 35, missingRequired: [] });
  });
  it('needs every required session, cancelled ones excepted', () => {
    const c = completionOf({ minTenths: 10, requiredSessions: ['s3', 's4'] }, sessions, {
      s1: 'present',
      s4: 'absent',
    });
    expect(c).toEqual({ complete: false, attendedTenths: 20, missingRequired: ['s4'] });
  });
});

describe('absenceStreak', () => {
  it('counts the run of absences up to the latest mark; excused does not break it', () => {
    expect(absenceStreak(sessions, { s1: 'absent', s2: 'excused', s4: 'absent' })).toEqual({
      streak: 2,
      lastSessionId: 's4',
    });
    expect(absenceStreak(sessions, { s1: 'absent', s2: 'present', s4: 'absent' }).streak).toBe(1);
    expect(absenceStreak(sessions, { s1: 'absent', s2: 'present' })).toEqual({ streak: 0 });
  });
});

describe('sessionReminders', () => {
  const schedule = [
    { sessionId: 'a', startsAt: '2026-03-02T00:30:00Z', status: 'scheduled', version: 0 }, // 08:30
    { sessionId: 'b', startsAt: '2026-03-03T06:00:00Z', status: 'cancelled', version: 1 },
    { sessionId: 'c', startsAt: '2026-03-04T06:00:00Z', status: 'scheduled', version: 2 },
  ];
  it('never falls in quiet hours, skips cancelled sessions, keys by version', () => {
    const r = sessionReminders(
      schedule,
      ['1d', '1h'],
      DEFAULT_QUIET_HOURS,
      SH,
      new Date('2026-02-01T00:00:00Z'),
    );
    expect(r.map((x) => [x.key, x.at.toISOString()])).toEqual([
      ['a/reminder-1d', '2026-03-01T00:30:00.000Z'],
      ['a/reminder-1h', '2026-03-02T00:00:00.000Z'], // 07:30 is quiet: 08:00
      ['c/reminder-1d-v2', '2026-03-03T06:00:00.000Z'],
      ['c/reminder-1h-v2', '2026-03-04T05:00:00.000Z'],
    ]);
  });
  it('drops reminders already past', () => {
    const r = sessionReminders(schedule, ['1d', '1h'], null, SH, new Date('2026-03-03T12:00:00Z'));
    expect(r.map((x) => x.key)).toEqual(['c/reminder-1h-v2']);
  });
});

it('overlapping', () => {
  const s = (a: string, b: string) => ({ startsAt: new Date(a), endsAt: new Date(b) });
  expect(
    overlapping(
      s('2026-01-01T01:00Z', '2026-01-01T03:00Z'),
      s('2026-01-01T02:59Z', '2026-01-01T04:00Z'),
    ),
  ).toBe(true);
  expect(
    overlapping(
      s('2026-01-01T01:00Z', '2026-01-01T03:00Z'),
      s('2026-01-01T03:00Z', '2026-01-01T04:00Z'),
    ),
  ).toBe(false);
});

describe('ceCheckpoints', () => {
  it('pace at 1/3 and 2/3, deadlines 90/60/30/10 days, renewal, end; out of quiet hours', () => {
    const period = periodOf(new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
    const cps = ceCheckpoints(period, DEFAULT_QUIET_HOURS, SH, new Date('2026-01-01T00:00:00Z'));
    expect(cps.map((c) => c.label)).toEqual([
      'pace-1',
      'pace-2',
      'renewal',
      'deadline-90d',
      'deadline-60d',
      'deadline-30d',
      'deadline-10d',
      'end',
    ]);
    // Midnight UTC is 08:00 in Shanghai: sendable as is.
    expect(cps.find((c) => c.label === 'deadline-90d')!.at.toISOString()).toBe(
      '2028-10-03T00:00:00.000Z',
    );
    expect(cps.at(-1)!.at.toISOString()).toBe('2029-01-01T00:00:00.000Z');
  });
  it('skips what is past but always keeps the end', () => {
    const period = periodOf(new Date('2026-01-01T00:00:00Z'), new Date('2028-12-30T00:00:00Z'));
    const cps = ceCheckpoints(period, null, SH, new Date('2028-12-30T00:00:00Z'));
    expect(cps.map((c) => c.label)).toEqual(['end']);
  });
  it('is due only when it has something to send by the hours earned', () => {
    const period = periodOf(new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
    const cps = ceCheckpoints(period, null, SH, new Date('2026-01-01T00:00:00Z'));
    const due = (label: string, tenths: number, level: ExamLevel = 'social_worker') =>
      ceCheckpointDue(cps.find((c) => c.label === label)!, level, tenths, period);
    // Pro-rata at 1/3 of 90 h is 30 h: behind under it, not at it.
    expect(due('pace-1', 299)).toBe(true);
    expect(due('pace-1', 300)).toBe(false);
    // At 2/3 an assistant needs 48 h, a social worker 60 h.
    expect(due('pace-2', 500, 'assistant_social_worker')).toBe(false);
    expect(due('pace-2', 500)).toBe(true);
    // Deadlines until the hours are met; renewal and the end whatever the hours.
    expect(due('deadline-10d', 899)).toBe(true);
    expect(due('deadline-90d', 900)).toBe(false);
    expect(due('renewal', 900)).toBe(true);
    expect(due('end', 900)).toBe(true);
  });
});
