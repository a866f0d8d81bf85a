/**
 * Checking a session of a series (场次) as given, before anything is written: id, title, mode
 * with its place or link, times, class hours (kept in tenths) that fit between start and end;
 * and that no two sessions of a series overlap.
 */
import type { SessionInput } from '../../../store/courses/sheets';
import { overlapping } from '../../../workflows/rules/courseRules';
import { BUSINESS_ID as ID } from '../../../workflows/rules/ids';
import { parseInstant } from '../../../workflows/rules/timeInput';
import { InputError } from '../../../common/errors';

const MAX_SESSION_HOURS = 12;

/** Hours as whole tenths (1.5 → 15); more than one decimal is refused. */
export function tenths(hours: number, what: string): number {
  if (!Number.isFinite(hours) || hours < 0 || hours > 1000)
    throw new InputError(
      `${what}：学时 ${hours} 须在 0 到 1000 之间 / ${what}: hours ${hours} must be between 0 and 1000`,
    );
  const t = Math.round(hours * 10);
  if (Math.abs(t - hours * 10) > 1e-6)
    throw new InputError(
      `${what}：学时 ${hours} 最多一位小数 / ${what}: hours ${hours} must have at most one decimal`,
    );
  return t;
}

export interface CheckedSession {
  sessionId: string;
  title: string;
  mode: string;
  startsAt: Date;
  endsAt: Date;
  place: string | null;
  link: string | null;
  hoursTenths: number;
  teacher: string;
}

/** Times are read strictly; one without a zone is read in `timeZone`. */
export function checkSession(s: SessionInput, timeZone: string): CheckedSession {
  const what = `session ${s.sessionId}`;
  const zh = `场次 ${s.sessionId}`;
  if (!ID.test(s.sessionId ?? ''))
    throw new InputError(
      `场次编号“${s.sessionId}”须为 1–100 个字母、数字、点、横线或下划线 / session id "${s.sessionId}" must be 1-100 letters, digits, . _ -`,
    );
  if (!s.title?.trim()) throw new InputError(`${zh}：名称为空 / ${what}: title is empty`);
  if (s.mode !== 'online' && s.mode !== 'offline')
    throw new InputError(
      `${zh}：形式须为 online（线上）或 offline（线下）/ ${what}: mode must be online or offline`,
    );
  const startsAt = parseInstant(s.startsAt, timeZone, `${what} startsAt`);
  const endsAt = parseInstant(s.endsAt, timeZone, `${what} endsAt`);
  if (endsAt <= startsAt)
    throw new InputError(`${zh}：结束早于开始 / ${what}: ends before it starts`);
  if (s.mode === 'offline' && !s.place?.trim())
    throw new InputError(`${zh}：线下场次须有地点 / ${what}: offline needs a place`);
  if (s.mode === 'online' && !s.link?.trim())
    throw new InputError(`${zh}：线上场次须有链接 / ${what}: online needs a link`);
  if (!s.teacher?.trim()) throw new InputError(`${zh}：授课人为空 / ${what}: teacher is empty`);
  const hoursTenths = tenths(s.hours, what);
  if (hoursTenths === 0 || hoursTenths > MAX_SESSION_HOURS * 10)
    throw new InputError(
      `${zh}：学时 ${s.hours} 须大于 0 且不超过 12 / ${what}: class hours ${s.hours} must be above 0 and at most 12`,
    );
  const spanTenths = (endsAt.getTime() - startsAt.getTime()) / 360_000;
  if (hoursTenths > spanTenths + 1e-9)
    throw new InputError(
      `${zh}：${s.hours} 学时超出起止时间 / ${what}: ${s.hours} class hours do not fit between start and end`,
    );
  return {
    sessionId: s.sessionId,
    title: s.title.trim(),
    mode: s.mode,
    startsAt,
    endsAt,
    place: s.place?.trim() || null,
    link: s.link?.trim() || null,
    hoursTenths,
    teacher: s.teacher.trim(),
  };
}

export function noOverlap(sessions: CheckedSession[]): void {
  const sorted = [...sessions].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  for (let i = 1; i < sorted.length; i++)
    if (overlapping(sorted[i - 1]!, sorted[i]!))
      throw new InputError(
        `场次 ${sorted[i - 1]!.sessionId} 与 ${sorted[i]!.sessionId} 时间重叠 / sessions ${sorted[i - 1]!.sessionId} and ${sorted[i]!.sessionId} overlap`,
      );
}
