import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MENTORING_PLAN,
  evaluationOverall,
  mentoringPlan,
  monthlyTimes,
  noticeTime,
  sessionTimes,
  suggestMentors,
  unitDistance,
} from '../../../workflows/rules/mentoring';
import { DEFAULT_QUIET_HOURS } from '../../../workflows/rules/quietHours';
import { formatLocal } from '../../../workflows/rules/zonedTime';

const SH = 'Asia/Shanghai';

describe('session calendar', () => {
  it('proposes sessions every cadence at the local session time', () => {
    const start = new Date('2026-03-01T02:00:00Z'); // 10:00 in Shanghai
    const times = sessionTimes(start, { ...DEFAULT_MENTORING_PLAN, sessions: 3 }, SH);
    expect(times.map((t) => formatLocal(t, SH))).toEqual([
      '2026-03-15 14:00',
      '2026-03-29 14:00',
      '2026-04-12 14:00',
    ]);
  });

  it('puts group supervision on the same day each month, clamped to short months', () => {
    const start = new Date('2026-01-31T01:00:00Z');
    const times = monthlyTimes(start, new Date('2026-05-01T00:00:00Z'), '09:30', SH);
    expect(times.map((t) => formatLocal(t, SH))).toEqual([
      '2026-02-28 09:30',
      '2026-03-31 09:30',
      '2026-04-30 09:30',
    ]);
  });

  it('moves session notices out of quiet hours, never past the session or before the start', () => {
    const at = (text: string) => new Date(text).getTime();
    const session = at('2026-03-15T00:30:00Z'); // 08:30 in Shanghai
    const start = at('2026-03-01T02:00:00Z');
    const when = (offset: string, s = start) =>
      formatLocal(new Date(noticeTime(session, s, offset, DEFAULT_QUIET_HOURS, SH)), SH);
    expect(when('1d')).toBe('2026-03-14 08:30');
    expect(when('1h')).toBe('2026-03-15 08:00'); // 07:30 is quiet: the morning
    expect(when('10h')).toBe('2026-03-15 08:00'); // 22:30 the night before: the morning
    expect(when('20m')).toBe('2026-03-15 08:10');
    // Paired at 10:00 on the 14th: the 7-day proposal goes at once.
    expect(when('7d', at('2026-03-14T02:00:00Z'))).toBe('2026-03-14 10:00');
    // Quiet all the way to the session: then when due.
    const early = at('2026-03-14T22:30:00Z'); // 06:30
    expect(formatLocal(new Date(noticeTime(early, start, '1h', DEFAULT_QUIET_HOURS, SH)), SH)).toBe(
      '2026-03-15 05:30',
    );
  });

  it('checks a plan, naming the field', () => {
    expect(mentoringPlan({ sessions: 6 }).sessions).toBe(6);
    expect(() => mentoringPlan({ sessions: 0 })).toThrow(/plan.sessions/);
    expect(() => mentoringPlan({ sessionTime: '25:00' })).toThrow(/plan.sessionTime/);
    expect(() => mentoringPlan({ reminderOffsets: ['soon'] })).toThrow(/"soon"/);
    expect(() => mentoringPlan({ checklist: ['a', 'a'] })).toThrow(/twice/);
  });
});

describe('evaluation', () => {
  const scores = { professional_practice: 80, supervision_skills: 70, ethics: 90, reflection: 61 };
  it('averages the four criteria', () => {
    expect(evaluationOverall(scores)).toBe(75);
  });
  it('refuses scores out of range, unknown or missing criteria', () => {
    expect(() => evaluationOverall({ ...scores, ethics: 101 })).toThrow(
      /ethics=101 is out of range/,
    );
    expect(() => evaluationOverall({ ...scores, ethics: -1 })).toThrow(/out of range/);
    expect(() => evaluationOverall({ ...scores, ethics: 7.5 })).toThrow(/out of range/);
    expect(() => evaluationOverall({ ...scores, charm: 5 })).toThrow(/unknown criterion charm/);
    const three: Record<string, number> = { ...scores };
    delete three.ethics;
    expect(() => evaluationOverall(three)).toThrow(/missing for ethics/);
  });
});

describe('mentor suggestions', () => {
  it('counts steps between units in the org tree', () => {
    expect(unitDistance('/pd/pd.s01/pd.s01.u01/', '/pd/pd.s01/pd.s01.u01/')).toBe(0);
    expect(unitDistance('/pd/pd.s01/pd.s01.u01/', '/pd/pd.s01/pd.s01.u02/')).toBe(2);
    expect(unitDistance('/pd/pd.s01/pd.s01.u01/', '/pd/pd.s02/')).toBe(3);
  });

  it('ranks by shared specialty, then nearness, then load; never the trainee', () => {
    const trainee = {
      personId: 't',
      unitPath: '/pd/s1/u1/',
      specialties: ['mental_health'],
      load: 0,
    };
    const mentors = [
      { personId: 't', unitPath: '/pd/s1/u1/', specialties: ['mental_health'], load: 0 },
      { personId: 'far', unitPath: '/pd/s2/u9/', specialties: ['mental_health'], load: 0 },
      { personId: 'near', unitPath: '/pd/s1/u2/', specialties: [], load: 0 },
      { personId: 'busy', unitPath: '/pd/s1/u1/', specialties: ['mental_health'], load: 4 },
      { personId: 'same', unitPath: '/pd/s1/u1/', specialties: ['mental_health'], load: 0 },
    ];
    const ranked = suggestMentors(trainee, mentors);
    expect(ranked.map((s) => s.mentorId)).toEqual(['same', 'far', 'near', 'busy']);
    expect(ranked[0]).toMatchObject({ sharedSpecialties: ['mental_health'], distance: 0, load: 0 });
  });
});
