/**
 * Mentoring rules (督导孵化 / 一对一带教): the session calendar of a pair, monthly group
 * supervision, evaluation validation and ranked mentor suggestions. Pure and deterministic.
 */
import { nextSendableTime, type QuietHours } from './quietHours';
import { parseOffset } from './reminders';
import { localParts, zonedInstant } from './zonedTime';

const DAY_MS = 86_400_000;

export interface MentoringPlan {
  /** One-on-one sessions in the plan, e.g. 12 (every 2 weeks for 6 months). */
  sessions: number;
  /** Days between sessions, e.g. 14. */
  cadenceDays: number;
  /** Local time of day sessions are proposed for, "14:00". */
  sessionTime: string;
  /** Before each session: the proposal, then reminders to both sides. */
  proposalOffset: string;
  reminderOffsets: string[];
  /** No session held for this long → warning; closure after the grace period. */
  inactivityDays: number;
  graceDays: number;
  /** A final evaluation's overall score at or above this qualifies the mentee. */
  passScore: number;
  /** Senior-exam coaching: review materials to submit, reminded every `checklistEveryDays`. */
  checklist: string[];
  checklistEveryDays: number;
}

export const DEFAULT_MENTORING_PLAN: MentoringPlan = {
  sessions: 12,
  cadenceDays: 14,
  sessionTime: '14:00',
  proposalOffset: '7d',
  reminderOffsets: ['1d', '1h'],
  inactivityDays: 90,
  graceDays: 7,
  passScore: 60,
  checklist: [],
  checklistEveryDays: 7,
};

/** Checks a plan, naming the field at fault; returns the plan with defaults filled in. */
export function mentoringPlan(given: Partial<MentoringPlan> = {}): MentoringPlan {
  const plan = { ...DEFAULT_MENTORING_PLAN, ...given };
  const whole = (name: keyof MentoringPlan, min: number, max: number) => {
    const v = plan[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
      throw new Error(`plan.${name} must be a whole number from ${min} to ${max}`);
  };
  whole('sessions', 1, 200);
  whole('cadenceDays', 1, 365);
  whole('inactivityDays', 1, 3650);
  whole('graceDays', 0, 365);
  whole('passScore', 0, 100);
  whole('checklistEveryDays', 1, 365);
  if (!/^([01]?\d|2[0-3]):[0-5]\d$/.test(plan.sessionTime))
    throw new Error(`plan.sessionTime "${plan.sessionTime}" must be a time like 14:00`);
  for (const o of [plan.proposalOffset, ...plan.reminderOffsets]) parseOffset(o);
  if (new Set(plan.checklist).size !== plan.checklist.length)
    throw new Error('plan.checklist names an item twice');
  return plan;
}

/** The local day of `instant` plus `days`, at `time` ("14:00") in the zone. */
export function localDayAt(instant: Date, days: number, time: string, timeZone: string): Date {
  const p = localParts(instant, timeZone);
  const [h, m] = time.split(':').map(Number);
  const day = new Date(Date.UTC(p.year, p.month - 1, p.day + days));
  return zonedInstant(
    {
      year: day.getUTCFullYear(),
      month: day.getUTCMonth() + 1,
      day: day.getUTCDate(),
      hour: h!,
      minute: m!,
      second: 0,
    },
    timeZone,
  );
}

/** Proposed session instants: the first a cadence after `start`, then every cadence. */
export function sessionTimes(start: Date, plan: MentoringPlan, timeZone: string): Date[] {
  return Array.from({ length: plan.sessions }, (_, i) =>
    localDayAt(start, (i + 1) * plan.cadenceDays, plan.sessionTime, timeZone),
  );
}

/**
 * When a notice `offset` before a session goes out: not before the pair started, moved out of
 * quiet hours to the morning — unless that would be after the session itself.
 */
export function noticeTime(
  sessionAt: number,
  start: number,
  offset: string,
  quietHours: QuietHours | null,
  timeZone: string,
): number {
  const at = Math.max(start, sessionAt - parseOffset(offset));
  const sendable = nextSendableTime(new Date(at), quietHours, timeZone).getTime();
  return sendable < sessionAt ? sendable : at;
}

/** Monthly group supervision (小组督导): the same day of each month after start, before end. */
export function monthlyTimes(start: Date, end: Date, time: string, timeZone: string): Date[] {
  const p = localParts(start, timeZone);
  const [h, m] = time.split(':').map(Number);
  const out: Date[] = [];
  for (let k = 1; ; k++) {
    const month = new Date(Date.UTC(p.year, p.month - 1 + k, 1));
    const lastDay = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 0));
    const at = zonedInstant(
      {
        year: month.getUTCFullYear(),
        month: month.getUTCMonth() + 1,
        day: Math.min(p.day, lastDay.getUTCDate()),
        hour: h!,
        minute: m!,
        second: 0,
      },
      timeZone,
    );
    if (at.getTime() > end.getTime()) return out;
    out.push(at);
  }
}

export const EVALUATION_CRITERIA = [
  'professional_practice',
  'supervision_skills',
  'ethics',
  'reflection',
] as const;

export interface EvaluationInput {
  stage: 'midterm' | 'final';
  mentorId: string;
  scores: Record<string, number>;
}

/** The overall score (rounded mean), or an error naming the criterion at fault. */
export function evaluationOverall(scores: Record<string, unknown>): number {
  const keys = Object.keys(scores);
  const unknown = keys.filter((k) => !(EVALUATION_CRITERIA as readonly string[]).includes(k));
  if (unknown.length)
    throw new Error(
      `unknown criterion ${unknown.join(', ')} (known: ${EVALUATION_CRITERIA.join(', ')})`,
    );
  const missing = EVALUATION_CRITERIA.filter((k) => !keys.includes(k));
  if (missing.length) throw new Error(`scores missing for ${missing.join(', ')}`);
  for (const k of EVALUATION_CRITERIA) {
    const v = scores[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 100)
      throw new Error(`score ${k}=${String(v)} is out of range: a whole number from 0 to 100`);
  }
  const sum = EVALUATION_CRITERIA.reduce((n, k) => n + (scores[k] as number), 0);
  return Math.round(sum / EVALUATION_CRITERIA.length);
}

/** Steps between two units in the org tree, from materialised paths "/pudong/pudong.s01/…/". */
export function unitDistance(pathA: string, pathB: string): number {
  const a = pathA.split('/').filter(Boolean);
  const b = pathB.split('/').filter(Boolean);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return a.length - common + (b.length - common);
}

export interface Candidate {
  personId: string;
  unitPath: string;
  specialties: string[];
  /** Active pairs the mentor has now. */
  load: number;
}

export interface Suggestion {
  mentorId: string;
  score: number;
  sharedSpecialties: string[];
  distance: number;
  load: number;
}

/**
 * Mentors for a trainee, best first: each shared specialty +10, each step of unit distance −1,
 * each pair the mentor already has −3. Ties go to the lower load, then the id. The trainee is
 * never suggested to themselves.
 */
export function suggestMentors(trainee: Candidate, mentors: Candidate[], limit = 5): Suggestion[] {
  return mentors
    .filter((m) => m.personId !== trainee.personId)
    .map((m) => {
      const shared = m.specialties.filter((s) => trainee.specialties.includes(s)).sort();
      const distance = unitDistance(trainee.unitPath, m.unitPath);
      return {
        mentorId: m.personId,
        score: shared.length * 10 - distance - m.load * 3,
        sharedSpecialties: shared,
        distance,
        load: m.load,
      };
    })
    .sort((x, y) => y.score - x.score || x.load - y.load || (x.mentorId < y.mentorId ? -1 : 1))
    .slice(0, limit);
}

export { DAY_MS };
