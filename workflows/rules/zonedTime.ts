/**
 * Wall-clock time in a program's time zone (Asia/Shanghai by default).
 * Pure and deterministic: safe inside workflows (Intl is available in the workflow sandbox).
 */

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock reading of `instant` in `timeZone`. */
export function localParts(instant: Date, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** Minutes since local midnight. */
export function localMinuteOfDay(instant: Date, timeZone: string): number {
  const p = localParts(instant, timeZone);
  return p.hour * 60 + p.minute;
}

/** The zone's offset from UTC at `instant`, in minutes (Asia/Shanghai: +480). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

/** The instant at which the wall clock in `timeZone` reads the given local time. */
export function zonedInstant(local: LocalParts, timeZone: string): Date {
  const guess = Date.UTC(
    local.year,
    local.month - 1,
    local.day,
    local.hour,
    local.minute,
    local.second,
  );
  const first = guess - offsetMinutes(new Date(guess), timeZone) * 60000;
  // Second pass settles instants near an offset change (daylight-saving zones).
  return new Date(guess - offsetMinutes(new Date(first), timeZone) * 60000);
}

/** "2026-11-25 08:00" style text in the zone, for notices and reports. */
export function formatLocal(instant: Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
}

/** A zone as people read it: "北京时间 Asia/Shanghai" for China's zone, the IANA name otherwise. */
export function zoneName(timeZone: string): string {
  return timeZone === 'Asia/Shanghai' ? '北京时间 Asia/Shanghai' : timeZone;
}

/** "2026年12月13日 09:00": the Chinese reading of `instant` in the zone, for people to read. */
export function formatZoned(instant: Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}年${p.month}月${p.day}日 ${two(p.hour)}:${two(p.minute)}`;
}

/** "2026年12月13日 09:00（北京时间 Asia/Shanghai）": one time with its zone, for a message. */
export function formatZonedNamed(instant: Date, timeZone: string): string {
  return `${formatZoned(instant, timeZone)}（${zoneName(timeZone)}）`;
}

/** Local midnight, in `timeZone`, of the day `instant` falls on there. */
export function startOfLocalDay(instant: Date, timeZone: string): Date {
  const p = localParts(instant, timeZone);
  return zonedInstant({ ...p, hour: 0, minute: 0, second: 0 }, timeZone);
}
