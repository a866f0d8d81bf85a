/**
 * One roster cell to one value, or the reason it cannot be. Pure: the row checks are built from
 * these. Codes name the kind of problem; messages are for coordinators.
 */
import { idCardProblem, normalizeIdCard } from '../idCard';
import type { Cell } from './read';
import {
  cleanText,
  excelSerialDate,
  normalizeMobile,
  readDateText,
} from '../../../workflows/rules/rosterText';
import { readPastHours } from '../../../workflows/rules/rosterRules';
import { GENDER, type Gender } from '../../../workflows/rules/gender';
import {
  CERT_LEVEL,
  ROLE,
  SPECIALTY,
  codeIn,
  knownCodes,
  type Vocabulary,
} from '../../../workflows/rules/vocabulary';

export type ProblemCode =
  | 'missing_value'
  | 'bad_name'
  | 'bad_person_id'
  | 'bad_phone'
  | 'bad_email'
  | 'unknown_unit'
  | 'ambiguous_unit'
  | 'unknown_role'
  | 'unknown_level'
  | 'unknown_specialty'
  | 'unknown_gender'
  | 'bad_hours'
  | 'early_certificate'
  | 'bad_registration'
  | 'street_mismatch'
  | 'bad_date'
  | 'future_date'
  | 'bad_id_card'
  | 'no_key'
  | 'date_without_level'
  | 'duplicate_in_file'
  | 'conflict_existing';

export type Parsed<T> = { ok: true; value: T } | { ok: false; code: ProblemCode; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(code: ProblemCode, message: string): Parsed<T> => ({ ok: false, code, message });

/**
 * A cell as text ('' for an empty cell): full-width digits and letters made ASCII, U+3000 and
 * runs of spaces one space, trimmed; whole numbers without a decimal point.
 */
export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  if (typeof cell === 'number' && Number.isInteger(cell)) return cell.toFixed(0);
  return cleanText(String(cell));
}

export function parseName(text: string): Parsed<string> {
  const name = text.replace(/\s+/g, ' ');
  if (name.length > 50) return bad('bad_name', '超过 50 个字 / is longer than 50 characters');
  if (/[\d@]/.test(name))
    return bad(
      'bad_name',
      '含数字或 @：是否填错了列？ / holds digits or @: is it in the right column?',
    );
  return ok(name);
}

export function parsePersonId(text: string): Parsed<string> {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(text)
    ? ok(text)
    : bad(
        'bad_person_id',
        '只能含字母、数字、“.”“_”和“-”（至多 64 个） / may hold only letters, digits, ".", "_" and "-" (at most 64)',
      );
}

/** Mainland mobile numbers: 11 digits, 1[3-9]…; separators and a +86 prefix are dropped. */
export function parsePhone(text: string): Parsed<string> {
  const digits = normalizeMobile(text);
  return digits
    ? ok(digits)
    : bad(
        'bad_phone',
        '不是大陆手机号（13–19 开头的 11 位数字） / is not a mainland mobile number (11 digits starting 13–19)',
      );
}

export function parseGender(text: string): Parsed<Gender> {
  const gender = codeIn(GENDER, text);
  return gender
    ? ok(gender)
    : bad('unknown_gender', `不是可识别的性别 / is no known gender (${knownCodes(GENDER)})`);
}

/** Past training hours in tenths of an hour (a number cell or text such as "120学时"). */
export function parsePastHours(cell: Cell): Parsed<number> {
  const reading = readPastHours(typeof cell === 'number' ? cell : cellText(cell));
  return reading.ok ? ok(reading.tenths) : bad('bad_hours', reading.message);
}

export function parseEmail(text: string): Parsed<string> {
  const email = text.replace(/^mailto:/i, '');
  return /^[^\s@，,;；]+@[^\s@，,;；]+\.[^\s@，,;；.]+$/.test(email)
    ? ok(email.toLowerCase())
    : bad('bad_email', '不是电子邮箱地址 / is not an e-mail address');
}

/**
 * Roles, levels and specialties are read against the district's vocabularies (loaded from the
 * database once per import); the built-in ones are the default.
 */
export function parseRole(text: string, roles: Vocabulary<string> = ROLE): Parsed<string> {
  const role = codeIn(roles, text);
  return role
    ? ok(role)
    : bad('unknown_role', `不是已知岗位 / is no known role (${knownCodes(roles)})`);
}

export function parseLevel(text: string, levels: Vocabulary<string> = CERT_LEVEL): Parsed<string> {
  const level = codeIn(levels, text);
  return level
    ? ok(level)
    : bad('unknown_level', `不是证书等级 / is no certificate level (${knownCodes(levels)})`);
}

/** "家庭教育、心理健康" — separated by 、，, ; ； / or line breaks; repeats collapse. */
export function parseSpecialties(
  text: string,
  specialties: Vocabulary<string> = SPECIALTY,
): Parsed<string[]> {
  const parts = text
    .split(/[、，,;；/／\n]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const found = new Set<string>();
  const unknown: string[] = [];
  for (const p of parts) {
    const s = codeIn(specialties, p);
    if (s) found.add(s);
    else unknown.push(p);
  }
  if (unknown.length) {
    return bad(
      'unknown_specialty',
      `含未知专长：${unknown.join('、')} / names unknown specialties: ${unknown.join('、')} (known: ${knownCodes(specialties)})`,
    );
  }
  return ok([...found].sort());
}

function calendarDate(y: number, m: number, d: number): Date | undefined {
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1900 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? date : undefined;
}

/**
 * A calendar date (UTC midnight) from an XLSX date cell, an Excel serial number, or text such as
 * 2023-06-01, 2023/6/1, 2023.6.1, 2023年6月1日 or 20230601; not after `today` (UTC midnight).
 */
export function parseDate(cell: Cell, today: Date): Parsed<Date> {
  let date: Date | undefined;
  if (cell instanceof Date) {
    date = calendarDate(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate());
  } else if (typeof cell === 'number') {
    date = excelSerialDate(cell);
  } else {
    const reading = readDateText(cellText(cell));
    if (reading.kind === 'impossible') {
      return bad('bad_date', '不是真实的日期 / names no real day (write it as 2023-06-01)');
    }
    if (reading.kind === 'date') date = reading.date;
  }
  if (!date) {
    return bad(
      'bad_date',
      '不是日期（请写作 2023-06-01） / is not a date (write it as 2023-06-01)',
    );
  }
  if (date.getTime() > today.getTime()) {
    return bad('future_date', '是将来的日期 / is in the future');
  }
  return ok(date);
}

/** A valid ID-card number, normalized; numbers stored as numeric cells have lost digits. */
export function parseIdCard(cell: Cell, today: Date): Parsed<string> {
  if (typeof cell === 'number') {
    return bad(
      'bad_id_card',
      '以数字存储，已丢失位数：请把该列设为文本格式 / is stored as a number and has lost digits: format the column as text',
    );
  }
  const id = normalizeIdCard(cellText(cell));
  const problem = idCardProblem(id, today);
  return problem ? bad('bad_id_card', problem) : ok(id);
}
