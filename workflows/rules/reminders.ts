/**
 * Reminder calendars (提醒日程): when reminders fall before a deadline or an event.
 * Offsets are given as durations before the deadline ("7d", "3d", "1d", "1h"); each reminder is
 * moved out of quiet hours to the next morning — but never past the deadline itself — and
 * reminders already past, or falling on the same instant as another, are dropped. Pure.
 */
import { nextSendableTime, type QuietHours } from './quietHours';

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses "90d", "1h", "30m", "2w" into milliseconds, with a clear error naming the text. */
export function parseOffset(text: string): number {
  const m = /^(\d{1,4})([mhdw])$/.exec(text.trim());
  if (!m)
    throw new Error(
      `提醒间隔“${text}”须形如 7d、1h、30m 或 2w / reminder offset "${text}" must look like 7d, 1h, 30m or 2w`,
    );
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}

export interface ReminderPlan {
  deadline: Date;
  /** Offsets before the deadline, e.g. ['7d', '3d', '1d']. */
  offsets: string[];
  quietHours: QuietHours | null;
  timeZone: string;
}

/** The instants reminders go out, after `now`, earliest first. */
export function reminderTimes(plan: ReminderPlan, now: Date): Date[] {
  const times = new Set<number>();
  for (const offset of plan.offsets) {
    const due = new Date(plan.deadline.getTime() - parseOffset(offset));
    const sendable = nextSendableTime(due, plan.quietHours, plan.timeZone);
    // Quiet hours may push a late-evening reminder past the deadline: then it goes when due.
    const at = sendable.getTime() < plan.deadline.getTime() ? sendable : due;
    if (at.getTime() > now.getTime()) times.add(at.getTime());
  }
  return [...times].sort((a, b) => a - b).map((t) => new Date(t));
}
