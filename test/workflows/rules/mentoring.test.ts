import { describe, expect, it } from 'vitest';
import { InputError } from '../../../common/errors';
import {
  DAY_MS,
  DEFAULT_MENTORING_PLAN,
  checkChecklistItem,
  checkEvaluation,
  checkGoal,
  checkMentorLeaving,
  checkNewMembers,
  checkPairing,
  groupSupervisionCalendar,
  repeatedIds,
  checkSessionLog,
  evaluationOverall,
  finalOutcome,
  pairAgenda,
  plannedSessions,
  sessionToLog,
  type PairCalendar,
  type PairStanding,
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
    // Bad input for the coordinator to fix (HTTP 400), whichever field is at fault.
    expect(() => mentoringPlan({ reminderOffsets: ['soon'] })).toThrow(InputError);
    expect(() => mentoringPlan({ graceDays: -1 })).toThrow(InputError);
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

describe('a pair’s life', () => {
  const start = new Date('2026-03-01T02:00:00Z').getTime(); // 10:00 in Shanghai
  const plan = { ...DEFAULT_MENTORING_PLAN, sessions: 4, reminderOffsets: ['1d'] };
  const cal: PairCalendar = { kind: 'supervisor', start, plan, timeZone: SH, quietHours: null };
  const standing = (over: Partial<PairStanding> = {}): PairStanding => ({
    sessions: plannedSessions(start, plan, SH),
    evaluations: {},
    checklist: {},
    lastActivity: start,
    warnings: 0,
    ...over,
  });

  it('plans the sessions, only those before a review deadline', () => {
    const all = plannedSessions(start, plan, SH);
    expect(all.map((s) => [s.seq, formatLocal(new Date(s.at), SH), s.status])).toEqual([
      [1, '2026-03-15 14:00', 'planned'],
      [2, '2026-03-29 14:00', 'planned'],
      [3, '2026-04-12 14:00', 'planned'],
      [4, '2026-04-26 14:00', 'planned'],
    ]);
    const deadline = new Date('2026-04-01T00:00:00Z').getTime();
    expect(plannedSessions(start, plan, SH, deadline).map((s) => s.seq)).toEqual([1, 2]);
    const logged = all.map((s) => (s.seq === 1 ? { ...s, status: 'held' as const } : s));
    expect(sessionToLog(logged)?.seq).toBe(2);
    expect(sessionToLog(logged, 4)?.seq).toBe(4);
    expect(sessionToLog(logged, 9)).toBeUndefined();
  });

  it('lists proposals, reminders, evaluation requests and the inactivity warning in time order', () => {
    const events = pairAgenda(cal, standing(), new Set());
    expect(events.map((e) => e.key)).toEqual([
      'session-1/proposal',
      'session-1/reminder-1d',
      'session-2/proposal',
      'session-2/reminder-1d',
      'midterm-request',
      'session-3/proposal',
      'session-3/reminder-1d',
      'session-4/proposal',
      'session-4/reminder-1d',
      'final-request',
      'inactivity-1',
    ]);
    const s2 = plannedSessions(start, plan, SH)[1]!;
    expect(events.find((e) => e.key === 'midterm-request')?.at).toBe(s2.at + DAY_MS);
    expect(events.at(-1)?.at).toBe(start + plan.inactivityDays * DAY_MS);
    const reminder = events[1]!;
    expect(reminder).toMatchObject({ kind: 'reminder', proposal: 'session-1/proposal', seq: 1 });
  });

  it('leaves out what is done, logged or evaluated; a rescheduled session gets fresh keys', () => {
    const sessions = plannedSessions(start, plan, SH);
    sessions[0]!.status = 'held';
    sessions[1]!.version = 1;
    const events = pairAgenda(
      cal,
      standing({ sessions, evaluations: { midterm: 80 } }),
      new Set(['session-3/proposal']),
    );
    const keys = events.map((e) => e.key);
    expect(keys).not.toContain('session-1/proposal');
    expect(keys).not.toContain('midterm-request');
    expect(keys).not.toContain('session-3/proposal');
    expect(keys).toContain('session-2-v1/proposal');
    expect(keys).toContain('final-request');
  });

  it('once warned for inactivity, plans the closure after the grace period', () => {
    const warnedAt = start + 90 * DAY_MS;
    const events = pairAgenda(cal, standing({ warnedAt, warnings: 1 }), new Set());
    expect(events.filter((e) => e.key.startsWith('inactivity'))).toEqual([]);
    expect(events.at(-1)).toEqual({
      key: 'closure-1',
      at: warnedAt + plan.graceDays * DAY_MS,
      kind: 'inactivity-closure',
    });
  });

  it('reminds senior-exam checklist items until the review deadline, then decides by them', () => {
    const deadline = start + 20 * DAY_MS;
    const senior: PairCalendar = { ...cal, kind: 'senior_exam', deadline };
    const checklist = { cv: true, report: false, cases: false };
    const events = pairAgenda(
      senior,
      standing({ sessions: plannedSessions(start, plan, SH, deadline), checklist }),
      new Set(),
    );
    expect(events.filter((e) => e.kind === 'evaluation-request')).toEqual([]);
    expect(events.filter((e) => e.kind === 'checklist')).toEqual([
      {
        key: 'checklist-1',
        at: start + 7 * DAY_MS,
        kind: 'checklist',
        outstanding: ['report', 'cases'],
      },
      {
        key: 'checklist-2',
        at: start + 14 * DAY_MS,
        kind: 'checklist',
        outstanding: ['report', 'cases'],
      },
    ]);
    // The deadline comes before the inactivity warning (90 days).
    expect(events.map((e) => e.kind).slice(-2)).toEqual(['review-deadline', 'inactivity-warning']);
    expect(events.at(-2)).toMatchObject({ at: deadline, outstanding: ['report', 'cases'] });
    const ready = pairAgenda(
      senior,
      standing({ sessions: [], checklist: { cv: true } }),
      new Set(),
    );
    expect(ready.map((e) => e.key)).toEqual(['review-deadline', 'inactivity-1']);
    expect(ready[0]).toMatchObject({ outstanding: [] });
  });

  it('checks session logs against the sessions', () => {
    const sessions = plannedSessions(start, plan, SH);
    sessions[0]!.status = 'held';
    const now = start;
    const check = (log: Parameters<typeof checkSessionLog>[2]) =>
      checkSessionLog('p/1', sessions, log, now);
    expect(() => check({ seq: 9, status: 'held', durationMinutes: 60 })).toThrow(
      'pair p/1 has no session 9 (1–4)',
    );
    expect(() => check({ seq: 1, status: 'held', durationMinutes: 60 })).toThrow(
      '结对 p/1 的第 1 次带教已记录为已进行 / session 1 of pair p/1 is already logged as held',
    );
    expect(() => check({ status: 'cancelled' })).toThrow('must be held, missed or rescheduled');
    expect(() => check({ status: 'held', durationMinutes: 0 })).toThrow('whole number 1–600');
    expect(() => check({ status: 'rescheduled', rescheduledTo: '2026-02-01T00:00:00Z' })).toThrow(
      'rescheduledTo must be a future date-time',
    );
    expect(() => check({ status: 'held', durationMinutes: 90 })).not.toThrow();
    expect(() =>
      check({ status: 'rescheduled', rescheduledTo: '2026-03-20T06:00:00Z' }),
    ).not.toThrow();
    sessions.forEach((s) => (s.status = 'missed'));
    expect(() => check({ status: 'missed' })).toThrow('pair p/1 has no session left to log');
  });

  it('checks goals, evaluations and checklist items', () => {
    expect(() => checkGoal({ goalId: 'g 1', progress: 10 })).toThrow('goal id "g 1"');
    expect(() => checkGoal({ goalId: 'g1', progress: 101 })).toThrow('must be 0–100');
    expect(() => checkGoal({ goalId: 'g1', progress: 100 })).not.toThrow();
    const scores = {
      professional_practice: 80,
      supervision_skills: 80,
      ethics: 80,
      reflection: 80,
    };
    expect(() =>
      checkEvaluation('p/1', 'm1', {}, { stage: 'final', mentorId: 'm1', scores }),
    ).toThrow('pair p/1 needs its midterm evaluation before the final');
    expect(() =>
      checkEvaluation('p/1', 'm1', {}, { stage: 'midterm', mentorId: 'm2', scores }),
    ).toThrow('m2 is not the mentor of pair p/1 (m1 is)');
    expect(() =>
      checkEvaluation('p/1', 'm1', { midterm: 70 }, { stage: 'midterm', mentorId: 'm1', scores }),
    ).toThrow('the midterm evaluation of pair p/1 is already in');
    expect(() =>
      checkEvaluation('p/1', 'm1', { midterm: 70 }, { stage: 'final', mentorId: 'm1', scores }),
    ).not.toThrow();
    expect(() => checkChecklistItem('p/1', { cv: true }, 'cv')).toThrow('already submitted');
    expect(() => checkChecklistItem('p/1', {}, 'cv')).toThrow(
      "not on pair p/1's checklist (empty)",
    );
    expect(() => checkChecklistItem('p/1', { cv: false }, 'cv')).not.toThrow();
  });

  it('completes at or above the pass score, else closes as not qualified', () => {
    expect(finalOutcome(60, 60)).toEqual({ status: 'completed' });
    expect(finalOutcome(59, 60)).toEqual({ status: 'closed', reason: 'not_qualified' });
  });
});

describe('a program’s members', () => {
  const m = {
    programId: 'pd',
    trainees: new Set(['t1', 't2']),
    mentors: new Set(['m1', 'm2']),
  };

  it('pairs a trainee not paired yet with an active mentor, never with themselves', () => {
    expect(() => checkPairing(m, { menteeId: 't1', mentorId: 'm1' }, false)).not.toThrow();
    expect(() => checkPairing(m, { menteeId: 'm1', mentorId: 'm2' }, false)).toThrow(
      'm1 is not a trainee of program pd',
    );
    expect(() => checkPairing(m, { menteeId: 't1', mentorId: 't1' }, false)).toThrow(
      't1 cannot be paired with themselves',
    );
    expect(() => checkPairing(m, { menteeId: 't1', mentorId: 'm9' }, false)).toThrow(
      'm9 is not an active mentor of program pd',
    );
    expect(() => checkPairing(m, { menteeId: 't1', mentorId: 'm1' }, true)).toThrow(
      't1 is already paired in program pd',
    );
  });

  it('lets a mentor leave once each of their open pairs has another mentor', () => {
    const open = [
      { menteeId: 't1', mentorId: 'm1' },
      { menteeId: 't2', mentorId: 'm2' },
    ];
    const leave = (reassign: Record<string, string>) =>
      checkMentorLeaving(m, { mentorId: 'm1', reassign }, open);
    expect(() => leave({})).toThrow('mentee(s) t1 of m1 need a new mentor');
    expect(() => leave({ t1: 'm1' })).toThrow('m1 is the mentor who leaves');
    expect(() => leave({ t1: 'm9' })).toThrow('m9 is not an active mentor of program pd');
    expect(() => leave({ t1: 'm2' })).not.toThrow();
    expect(() => checkMentorLeaving(m, { mentorId: 'm9', reassign: {} }, open)).toThrow(
      'm9 is not an active mentor',
    );
  });

  it('takes new members: someone, each once, nobody already in', () => {
    expect(repeatedIds(['a', 'b', 'a', 'a'])).toEqual(['a']);
    expect(() => checkNewMembers(m, { traineeIds: [], mentorIds: [] })).toThrow(
      'names nobody to add',
    );
    expect(() => checkNewMembers(m, { traineeIds: ['x', 'x'], mentorIds: ['x'] })).toThrow(
      'person id(s) x given twice',
    );
    expect(() => checkNewMembers(m, { traineeIds: ['t1'], mentorIds: [] })).toThrow(
      't1 is already a trainee of program pd',
    );
    expect(() => checkNewMembers(m, { traineeIds: [], mentorIds: ['m2'] })).toThrow(
      'm2 is already a mentor of program pd',
    );
    expect(() => checkNewMembers(m, { traineeIds: ['t3'], mentorIds: ['m3'] })).not.toThrow();
  });

  it('reminds monthly group supervision the day before, out of quiet hours', () => {
    const start = new Date('2026-01-15T01:00:00Z');
    const end = new Date('2026-04-01T00:00:00Z');
    const cal = groupSupervisionCalendar(start, end, '07:00', DEFAULT_QUIET_HOURS, SH);
    expect(cal.map((g) => formatLocal(g.at, SH))).toEqual(['2026-02-15 07:00', '2026-03-15 07:00']);
    // 07:00 is in quiet hours (21:00–08:00): the day before at 08:00, not at 07:00.
    expect(cal.map((g) => formatLocal(new Date(g.remindAt), SH))).toEqual([
      '2026-02-14 08:00',
      '2026-03-14 08:00',
    ]);
    expect(groupSupervisionCalendar(start, end, null, null, SH)).toEqual([]);
    const plain = groupSupervisionCalendar(start, end, '09:30', null, SH);
    expect(plain.map((g) => g.at.getTime() - g.remindAt)).toEqual([DAY_MS, DAY_MS]);
  });
});
