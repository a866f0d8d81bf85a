/**
 * Quiet hours (免打扰时段): no notice goes out between, by default, 21:00 and 08:00 in the
 * program's time zone; a notice due then waits for the morning. Pure functions.
 */
import { localParts, zonedInstant } from './zonedTime';

export interface QuietHours {
  /** Minutes after local midnight when quiet starts, e.g. 21:00 → 1260. */
  startMinute: number;
  /** Minutes after local midnight when quiet ends, e.g. 08:00 → 480. */
  endMinute: number;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { startMinute: 21 * 60, endMinute: 8 * 60 };

function parseClock(text: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) throw new Error(`“${text}”须形如 21:00 / "${text}" is not a time like 21:00`);
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59)
    throw new Error(`“${text}”不是有效的时刻 / "${text}" is not a time of day`);
  return h * 60 + min;
}

/** Parses "21:00-08:00". */
export function parseQuietHours(text: string): QuietHours {
  const parts = text.split('-');
  if (parts.length !== 2)
    throw new Error(
      '须形如 21:00-08:00，或为 off（不设免打扰）/ must look like 21:00-08:00, or be "off"',
    );
  const q = { startMinute: parseClock(parts[0]!), endMinute: parseClock(parts[1]!) };
  if (q.startMinute === q.endMinute)
    throw new Error('开始与结束时间相同 / starts and ends at the same time');
  return q;
}

export function formatQuietHours(q: QuietHours): string {
  const clock = (m: number) =>
    `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return `${clock(q.startMinute)}-${clock(q.endMinute)}`;
}

function inQuiet(minuteOfDay: number, q: QuietHours): boolean {
  return q.startMinute > q.endMinute
    ? minuteOfDay >= q.startMinute || minuteOfDay < q.endMinute // spans midnight
    : minuteOfDay >= q.startMinute && minuteOfDay < q.endMinute;
}

export function isQuietTime(instant: Date, q: QuietHours | null, timeZone: string): boolean {
  if (!q) return false;
  const p = localParts(instant, timeZone);
  return inQuiet(p.hour * 60 + p.minute, q);
}

/**
 * The earliest instant at or after `instant` when a notice may go out:
 * `instant` itself outside quiet hours, else the end of the quiet period (e.g. 08:00 next morning).
 */
export function nextSendableTime(instant: Date, q: QuietHours | null, timeZone: string): Date {
  if (!isQuietTime(instant, q, timeZone) || !q) return instant;
  const p = localParts(instant, timeZone);
  const minute = p.hour * 60 + p.minute;
  // If quiet started this evening, the morning is tomorrow's local date.
  const nextDay = q.startMinute > q.endMinute && minute >= q.startMinute;
  const day = new Date(Date.UTC(p.year, p.month - 1, p.day + (nextDay ? 1 : 0)));
  return zonedInstant(
    {
      year: day.getUTCFullYear(),
      month: day.getUTCMonth() + 1,
      day: day.getUTCDate(),
      hour: Math.floor(q.endMinute / 60),
      minute: q.endMinute % 60,
      second: 0,
    },
    timeZone,
  );
}
