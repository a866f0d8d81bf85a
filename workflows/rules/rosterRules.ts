/**
 * What a roster's dates and hours may be (pure). The national social-work qualification (社会工作
 * 者职业水平证书) was first awarded in 2008, so an earlier certificate date is a typing mistake;
 * a registration (登记) runs a fixed number of years from the day it was made (default 3).
 */
import { expiryAfter, registrationSpan, type RegistrationSpan } from './registration';

/** The first year certificates were awarded (the first national exam was in June 2008). */
export const FIRST_CERTIFICATE_YEAR = 2008;

/** Years a registration (登记) is valid; the length of a CE period. */
export const REGISTRATION_YEARS = 3;

/**
 * Past training hours above this are a typing mistake (a typed total in minutes, an extra zero):
 * even 100 hours a year for a 30-year career stays below it.
 */
export const MAX_PAST_TRAINING_HOURS = 3000;

/** Why a certificate date cannot be true, or undefined. */
export function certificateDateProblem(obtainedOn: Date): string | undefined {
  return obtainedOn.getUTCFullYear() < FIRST_CERTIFICATE_YEAR
    ? `早于 ${FIRST_CERTIFICATE_YEAR} 年（首次全国考试）/ is before ${FIRST_CERTIFICATE_YEAR}, when the first certificates were awarded`
    : undefined;
}

export interface RegistrationDates {
  obtainedOn?: Date;
  registeredOn?: Date;
  expiresOn?: Date;
}

export interface RegistrationProblem {
  field: 'registration_date' | 'registration_expiry';
  message: string;
}

/**
 * Registration dates that contradict each other or the certificate: registered before the
 * certificate, an expiry before the certificate or the registration.
 */
export function registrationProblems(d: RegistrationDates): RegistrationProblem[] {
  const problems: RegistrationProblem[] = [];
  const t = (x: Date | undefined) => x?.getTime();
  if (d.registeredOn && d.obtainedOn && t(d.registeredOn)! < t(d.obtainedOn)!) {
    problems.push({
      field: 'registration_date',
      message: '早于取证日期 / is before the certificate date',
    });
  }
  if (d.expiresOn && d.obtainedOn && t(d.expiresOn)! <= t(d.obtainedOn)!) {
    problems.push({
      field: 'registration_expiry',
      message: '不晚于取证日期 / is not after the certificate date',
    });
  } else if (d.expiresOn && d.registeredOn && t(d.expiresOn)! <= t(d.registeredOn)!) {
    problems.push({
      field: 'registration_expiry',
      message: '不晚于登记日期 / is not after the registration date',
    });
  }
  return problems;
}

/**
 * The registration a roster row states: both dates as written, or the missing one derived from
 * the other by the period's length. The row's 登记有效期至 is the last day in force, kept as the
 * first day after it (workflows/rules/registration.ts). Undefined when neither is given.
 */
export function registrationOf(
  d: { registeredOn?: Date; expiresOn?: Date },
  years = REGISTRATION_YEARS,
): RegistrationSpan | undefined {
  if (!d.registeredOn && !d.expiresOn) return undefined;
  const span = registrationSpan(
    { registeredOn: d.registeredOn ?? null, expiresOn: d.expiresOn && expiryAfter(d.expiresOn) },
    { periodYears: years },
  );
  return 'error' in span ? undefined : span;
}

export type HoursReading = { ok: true; tenths: number } | { ok: false; message: string };

/** Past training hours ("120", "120.5", "１２０学时") in tenths of an hour. */
export function readPastHours(written: string | number): HoursReading {
  const text =
    typeof written === 'number'
      ? String(written)
      : written.replace(/\s*(学时|小时|h|hours?)$/i, '').trim();
  const n = Number(text);
  if (text === '' || !Number.isFinite(n))
    return { ok: false, message: '不是学时数 / is not a number of hours' };
  if (n < 0) return { ok: false, message: '为负数 / is negative' };
  if (n > MAX_PAST_TRAINING_HOURS) {
    return {
      ok: false,
      message: `超过 ${MAX_PAST_TRAINING_HOURS} 学时，不合常理 / is more than ${MAX_PAST_TRAINING_HOURS} hours, not plausible`,
    };
  }
  const tenths = Math.round(n * 10);
  if (Math.abs(tenths - n * 10) > 1e-6) {
    return { ok: false, message: '最多一位小数 / may have at most one decimal (0.5 hours)' };
  }
  return { ok: true, tenths };
}
