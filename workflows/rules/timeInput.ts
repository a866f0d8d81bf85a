/**
 * The one strict reader of dates and times that people type or upload (CLI flags, API fields,
 * definitions, sheets). Impossible values are refused with the field named, never rolled over
 * (JavaScript's Date turns 2026-02-30 into March 2nd); a time without a zone is read in the
 * program's zone. Accepted: ISO 8601 (`2026-03-20T17:00`, `…+08:00`, `…Z`), a space instead of
 * the T, slashes or dots (`2026/3/20 17:00`), Chinese dates (`2026年3月20日 17:00`), and
 * full-width digits.
 */
import { InputError } from '../../common/errors';
import { zonedInstant } from './zonedTime';

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const DATE = String.raw`(\d{4})(?:-|/|\.|年)(\d{1,2})(?:-|/|\.|月)(\d{1,2})日?`;
const TIME = String.raw`(\d{1,2})[:：](\d{2})(?:[:：](\d{2})(?:\.(\d{1,3}))?)?`;
const ZONE = String.raw`(Z|[+-]\d{2}:?\d{2})`;
const DATE_ONLY = new RegExp(`^${DATE}$`);
const DATE_TIME = new RegExp(`^${DATE}(?:T|\\s+)${TIME}\\s*${ZONE}?$`, 'i');

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Full-width digits and letters, ideographic spaces: as typed on a Chinese keyboard. */
function normalised(text: unknown): string {
  if (typeof text !== 'string') return '';
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

function invalid(field: string, text: string, why: { zh: string; en: string }): InputError {
  return new InputError(
    `${field}：“${text}”不是有效的日期时间（${why.zh}）/ ${field}: "${text}" is not a valid date and time (${why.en})`,
  );
}

/** `text` (normalised) matched by `pattern`, or the error saying what was `expected`. */
function matched(
  pattern: RegExp,
  field: string,
  text: string,
  expected: { zh: string; en: string },
): RegExpExecArray {
  const m = pattern.exec(normalised(text));
  if (!m) throw invalid(field, text, expected);
  return m;
}

function checkDate(field: string, text: string, d: CalendarDate): CalendarDate {
  if (d.month < 1 || d.month > 12)
    throw invalid(field, text, { zh: `没有 ${d.month} 月`, en: `there is no month ${d.month}` });
  const last = daysIn(d.year, d.month);
  if (d.day < 1 || d.day > last)
    throw invalid(field, text, {
      zh: `${d.year} 年 ${d.month} 月只有 ${last} 天`,
      en: `${d.year}-${String(d.month).padStart(2, '0')} has ${last} days`,
    });
  return d;
}

/** A calendar date (`2026-03-20`, `2026/3/20`, `2026年3月20日`), checked to exist. */
export function parseCalendarDate(text: string, field: string): CalendarDate {
  const m = matched(DATE_ONLY, field, text, {
    zh: '应为 2026-03-20 这样的日期',
    en: 'expected e.g. 2026-03-20',
  });
  const [year, month, day] = m.slice(1, 4).map(Number) as [number, number, number];
  return checkDate(field, text, { year, month, day });
}

/**
 * An instant. With an offset (`Z`, `+08:00`) it is exact; without one it is the wall-clock time
 * in `timeZone`; a date alone is the start (or, with `dateOnly: 'end'`, the last second) of that
 * day in `timeZone`.
 */
export function parseInstant(
  text: string,
  timeZone: string,
  field: string,
  dateOnly: 'start' | 'end' = 'start',
): Date {
  if (DATE_ONLY.test(normalised(text))) {
    const d = parseCalendarDate(text, field);
    const [hour, minute, second] = dateOnly === 'end' ? [23, 59, 59] : [0, 0, 0];
    return zonedInstant({ ...d, hour, minute, second }, timeZone);
  }
  const m = matched(DATE_TIME, field, text, {
    zh: '应为 2026-03-20 17:00 或 2026-03-20T17:00+08:00 这样的时间',
    en: 'expected e.g. 2026-03-20 17:00 or 2026-03-20T17:00+08:00',
  });
  const [year, month, day, hour, minute] = m.slice(1, 6).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const second = Number(m[6] ?? 0);
  const millis = Number((m[7] ?? '0').padEnd(3, '0'));
  checkDate(field, text, { year, month, day });
  if (hour > 23 || minute > 59 || second > 59)
    throw invalid(field, text, {
      zh: '时、分、秒应在 23:59:59 以内',
      en: 'hours, minutes and seconds go up to 23:59:59',
    });
  const zone = m[8];
  if (!zone)
    return new Date(
      zonedInstant({ year, month, day, hour, minute, second }, timeZone).getTime() + millis,
    );
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  if (/^z$/i.test(zone)) return new Date(utc);
  const [, sign, hh, mm] = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
  if (Number(hh) > 14 || Number(mm) > 59)
    throw invalid(field, text, { zh: `时区偏移 ${zone} 不存在`, en: `there is no offset ${zone}` });
  const offset = (Number(hh) * 60 + Number(mm)) * (sign === '-' ? -1 : 1);
  return new Date(utc - offset * 60_000);
}
