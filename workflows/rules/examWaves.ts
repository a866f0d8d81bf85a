/**
 * Campaign-level notice waves of an exam mobilization (报考动员批量通知) and the sprint-class
 * seating rule. Pure.
 *
 * A wave is one notice to every participant whose status still calls for it when the wave is
 * sent (e.g. registration reminders only to people still `invited`), keyed per person
 * (`exam-mobilization/<campaign>/<wave>/<personId>`) so a retry or a replay never sends twice.
 * The plan is computed once, at the campaign's start, and carried across continue-as-new: a wave
 * that fell due while the campaign was paused (or its worker down) goes out on resume.
 */
import { reminderTimes } from './reminders';
import type { QuietHours } from './quietHours';
import { formatLocal } from './zonedTime';

export type WaveKind = 'reminder' | 'window-close' | 'exam-day';

export interface PlannedWave {
  /** Unique within the campaign: reminder-1, window-close, exam-day-1, … */
  wave: string;
  kind: WaveKind;
  /** Notice template (none for window-close, which only closes registration). */
  template?: string;
  /** Participant statuses the wave is addressed to. */
  statuses: string[];
  /** ISO instant the wave falls due. */
  at: string;
}

export interface WavePlanInput {
  windowCloses: string;
  examDates: string[];
  reminderOffsets: string[];
  timeZone: string;
  quietHours: QuietHours | null;
}

/** The exam days: the first exam of each local calendar day, earliest first. */
export function examDays(examDates: string[], timeZone: string): Date[] {
  return [...examDates]
    .map((d) => new Date(d))
    .sort((a, b) => +a - +b)
    .filter(
      (d, i, all) =>
        i === 0 ||
        formatLocal(d, timeZone).slice(0, 10) !== formatLocal(all[i - 1]!, timeZone).slice(0, 10),
    );
}

/**
 * Every timed wave after `now`, earliest first: registration reminders before the window closes
 * (to `invited`), the window's close (remaining `invited` become `not_registered`), and a reminder
 * the day before each exam day (to `registered`). Quiet hours move reminders to the next morning.
 */
export function planWaves(input: WavePlanInput, now: Date): PlannedWave[] {
  const base = { quietHours: input.quietHours, timeZone: input.timeZone };
  const closes = new Date(input.windowCloses);
  const waves: PlannedWave[] = reminderTimes(
    { ...base, deadline: closes, offsets: input.reminderOffsets },
    now,
  ).map((at, i) => ({
    wave: `reminder-${i + 1}`,
    kind: 'reminder',
    template: 'exam-reminder',
    statuses: ['invited'],
    at: at.toISOString(),
  }));
  if (closes.getTime() > now.getTime())
    waves.push({
      wave: 'window-close',
      kind: 'window-close',
      statuses: ['invited'],
      at: input.windowCloses,
    });
  examDays(input.examDates, input.timeZone).forEach((day, i) => {
    for (const at of reminderTimes({ ...base, deadline: day, offsets: ['1d'] }, now))
      waves.push({
        wave: `exam-day-${i + 1}`,
        kind: 'exam-day',
        template: 'exam-day-before',
        statuses: ['registered'],
        at: at.toISOString(),
      });
  });
  return waves.sort((a, b) => a.at.localeCompare(b.at));
}

/** The notice key prefix of a campaign wave; the person's id completes the key. */
export function waveKeyPrefix(campaignId: string, wave: string): string {
  return `exam-mobilization/${campaignId}/${wave}`;
}

export interface SprintClass {
  /** The course series (client/operations/courses/series.ts) that runs the class. */
  seriesId: string;
  /** Seats (the smaller of the campaign's and the series' capacity). */
  capacity: number;
  /** Unit the class is for; absent = open to the whole cohort. */
  unitId?: string;
}

export interface SeatDecision {
  seriesId: string;
  /** True when every candidate class is full: the person waits in line for `seriesId`. */
  waitlisted: boolean;
}

/**
 * Which sprint class a newly registered person joins (冲刺班分班规则):
 *  1. candidates are the classes for one of the person's units (the unit or any unit above it,
 *     `unitPath` being the ids from the district down), nearest unit first, then the classes open
 *     to everyone, each group in the campaign definition's order;
 *  2. the first candidate with a free seat (`taken` < capacity) is chosen;
 *  3. when all are full, the person joins the waitlist of the first candidate (their own unit's
 *     class), and moves up when a seat frees there;
 *  4. no candidate at all (no class for their units, none open): no sprint class (null).
 */
export function assignSprintClass(
  classes: SprintClass[],
  unitPath: string[],
  taken: Record<string, number>,
): SeatDecision | null {
  const depth = (c: SprintClass) => (c.unitId === undefined ? -1 : unitPath.indexOf(c.unitId));
  const candidates = classes
    .map((c, order) => ({ c, order, depth: depth(c) }))
    .filter((x) => x.c.unitId === undefined || x.depth >= 0)
    .sort((a, b) => b.depth - a.depth || a.order - b.order)
    .map((x) => x.c);
  if (!candidates.length) return null;
  const free = candidates.find((c) => (taken[c.seriesId] ?? 0) < c.capacity);
  return free
    ? { seriesId: free.seriesId, waitlisted: false }
    : { seriesId: candidates[0]!.seriesId, waitlisted: true };
}
