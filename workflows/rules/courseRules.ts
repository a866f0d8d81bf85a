/**
 * Course series rules (课程系列): which sessions count, when a person has completed a series,
 * consecutive absences, and when each session's reminders go out. Pure; used by the course
 * workflow and its activities, unit-tested on their own.
 */
import type { QuietHours } from './quietHours';
import { reminderTimes } from './reminders';

export type AttendanceStatus = 'present' | 'late' | 'excused' | 'absent';
export const ATTENDANCE_STATUSES: readonly AttendanceStatus[] = [
  'present',
  'late',
  'excused',
  'absent',
];
/** Statuses that count as attended (class hours earned). */
export const ATTENDED: readonly AttendanceStatus[] = ['present', 'late'];

export const DEFAULT_SESSION_REMINDERS = ['1d', '1h'];

export interface CompletionCriteria {
  /** Attended class hours in tenths, at least. */
  minTenths: number;
  /** Session ids that must each be attended. */
  requiredSessions: string[];
}

export interface SessionFacts {
  sessionId: string;
  startsAt: Date;
  hoursTenths: number;
  /** scheduled | cancelled */
  status: string;
}

/**
 * Whether the attendance (sessionId → status) completes the series, and the hours it earns.
 * Cancelled sessions earn nothing and are never required.
 */
export function completionOf(
  criteria: CompletionCriteria,
  sessions: readonly SessionFacts[],
  attendance: Readonly<Record<string, AttendanceStatus>>,
): { complete: boolean; attendedTenths: number; missingRequired: string[] } {
  const live = sessions.filter((s) => s.status !== 'cancelled');
  const attended = (id: string) => ATTENDED.includes(attendance[id]!);
  const attendedTenths = live
    .filter((s) => attended(s.sessionId))
    .reduce((n, s) => n + s.hoursTenths, 0);
  const liveIds = new Set(live.map((s) => s.sessionId));
  const missingRequired = criteria.requiredSessions.filter(
    (id) => liveIds.has(id) && !attended(id),
  );
  return {
    complete: attendedTenths >= criteria.minTenths && missingRequired.length === 0,
    attendedTenths,
    missingRequired,
  };
}

/**
 * The run of absences (status `absent`) ending at the latest session with a recorded status,
 * in session order; excused and cancelled sessions neither count nor break the run. Returns the
 * length and the session that ended the run.
 */
export function absenceStreak(
  sessions: readonly SessionFacts[],
  attendance: Readonly<Record<string, AttendanceStatus>>,
): { streak: number; lastSessionId?: string } {
  const ordered = sessions
    .filter((s) => s.status !== 'cancelled' && attendance[s.sessionId] !== undefined)
    .filter((s) => attendance[s.sessionId] !== 'excused')
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  let streak = 0;
  for (let i = ordered.length - 1; i >= 0 && attendance[ordered[i]!.sessionId] === 'absent'; i--)
    streak++;
  return { streak, lastSessionId: streak ? ordered[ordered.length - 1]!.sessionId : undefined };
}

export interface SessionSchedule {
  sessionId: string;
  /** ISO instant. */
  startsAt: string;
  /** ISO instant; schedules read before it was kept have none (the start stands in). */
  endsAt?: string;
  status: string;
  version: number;
}

/**
 * When the course ends (结课): the end of its last session not cancelled; undefined when every
 * session is cancelled. Completions wait for it: later sessions may still change the attendance.
 */
export function courseEnd(sessions: readonly SessionSchedule[]): Date | undefined {
  const ends = sessions
    .filter((s) => s.status !== 'cancelled')
    .map((s) => Date.parse(s.endsAt ?? s.startsAt));
  return ends.length ? new Date(Math.max(...ends)) : undefined;
}

export interface SessionReminder {
  sessionId: string;
  offset: string;
  /** Unique per session, offset and schedule version: a rescheduled session is reminded anew. */
  key: string;
  at: Date;
}

/** Every reminder still to go out for the scheduled sessions, earliest first. */
export function sessionReminders(
  sessions: readonly SessionSchedule[],
  offsets: readonly string[],
  quietHours: QuietHours | null,
  timeZone: string,
  now: Date,
): SessionReminder[] {
  const out: SessionReminder[] = [];
  for (const s of sessions) {
    if (s.status !== 'scheduled') continue;
    const deadline = new Date(s.startsAt);
    const seen = new Set<number>();
    for (const offset of offsets) {
      const [at] = reminderTimes({ deadline, offsets: [offset], quietHours, timeZone }, now);
      if (!at || seen.has(at.getTime())) continue;
      seen.add(at.getTime());
      const version = s.version ? `-v${s.version}` : '';
      out.push({
        sessionId: s.sessionId,
        offset,
        key: `${s.sessionId}/reminder-${offset}${version}`,
        at,
      });
    }
  }
  return out.sort((a, b) => a.at.getTime() - b.at.getTime() || a.key.localeCompare(b.key));
}

/** Two sessions overlap when one starts before the other ends. */
export function overlapping<T extends { startsAt: Date; endsAt: Date }>(a: T, b: T): boolean {
  return a.startsAt < b.endsAt && b.startsAt < a.endsAt;
}
