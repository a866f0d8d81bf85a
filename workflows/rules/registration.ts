/**
 * A certificate's registration (登记) and its renewals (续期登记): each opens one CE period from
 * its date to its expiry (exclusive). Either date may be all a roster gives; the other follows
 * from the period's length (CeRules.periodYears, default 3). Pure.
 *
 * One rule for 登记有效期至: as people write and read it (a roster's column, `--expires`, what is
 * shown) it is the LAST day the registration is in force, as on the certificate; the records keep
 * the first day after it (`expiresOn`), where the renewal's period begins.
 */
import { DEFAULT_CE_RULES, type CeRules, type Period } from './continuingEducation';

export interface RegistrationSpan {
  /** Calendar date (UTC midnight) the period begins. */
  registeredOn: Date;
  /** The first day after the period: 登记有效期至 (its last day) + 1 (expiryAfter). */
  expiresOn: Date;
}

const DAY_MS = 86_400_000;

/** The records' expiry (first day after) of a registration in force until `lastDay` (有效期至). */
export function expiryAfter(lastDay: Date): Date {
  return new Date(lastDay.getTime() + DAY_MS);
}

/** 有效期至 as people read it: the last day in force of a registration expiring on `expiresOn`. */
export function lastDayOf(expiresOn: Date): Date {
  return new Date(expiresOn.getTime() - DAY_MS);
}

/** `2027-06-30`: 有效期至 of a registration expiring on `expiresOn`, as shown to people. */
export function lastDayText(expiresOn: Date | string): string {
  return lastDayOf(new Date(expiresOn)).toISOString().slice(0, 10);
}

/** Where a registration came from. */
export type RegistrationSource = 'coordinator' | 'roster' | 'renewal' | 'exam' | 'legacy';

export const REGISTRATION_SOURCE_ZH: Record<RegistrationSource, string> = {
  coordinator: '协调员登记',
  roster: '名册导入',
  renewal: '期满续期',
  exam: '考试通过',
  legacy: '既有登记',
};

const addYears = (d: Date, years: number) =>
  new Date(Date.UTC(d.getUTCFullYear() + years, d.getUTCMonth(), d.getUTCDate()));

/**
 * The span of a registration from what is known of it; an error message (not a throw) names
 * what is wrong, so a roster can report it against its row.
 */
export function registrationSpan(
  given: { registeredOn?: Date | null; expiresOn?: Date | null },
  rules: Pick<CeRules, 'periodYears'> = DEFAULT_CE_RULES,
): RegistrationSpan | { error: string } {
  const { registeredOn, expiresOn } = given;
  if (!registeredOn && !expiresOn)
    return { error: '登记日期或有效期至必填其一 / a registration date or an expiry is required' };
  const start = registeredOn ?? addYears(expiresOn!, -rules.periodYears);
  const end = expiresOn ?? addYears(registeredOn!, rules.periodYears);
  if (end <= start)
    return {
      error: `有效期至 ${day(end)} 不晚于登记日期 ${day(start)} / the expiry is not after the registration`,
    };
  return { registeredOn: start, expiresOn: end };
}

/** The renewal that follows a period: the next one, of the same length rule. */
export function renewalOf(
  span: RegistrationSpan,
  rules: Pick<CeRules, 'periodYears'> = DEFAULT_CE_RULES,
): RegistrationSpan {
  return { registeredOn: span.expiresOn, expiresOn: addYears(span.expiresOn, rules.periodYears) };
}

/**
 * The registration in force on `on`: the latest one begun by then and not yet expired; none when
 * the latest has lapsed or none has begun.
 */
export function registrationInForce<R extends RegistrationSpan>(
  registrations: R[],
  on: Date,
): R | undefined {
  let best: R | undefined;
  for (const r of registrations)
    if (r.registeredOn <= on && (!best || r.registeredOn > best.registeredOn)) best = r;
  return best && on < best.expiresOn ? best : undefined;
}

/** The CE period a registration opens; the renewal window opens months before its expiry. */
export function registrationPeriod(
  span: RegistrationSpan,
  rules: Pick<CeRules, 'renewalWindowMonths'> = DEFAULT_CE_RULES,
): Period {
  const e = span.expiresOn;
  const opens = new Date(
    Date.UTC(e.getUTCFullYear(), e.getUTCMonth() - rules.renewalWindowMonths, e.getUTCDate()),
  );
  return { start: span.registeredOn, end: e, renewalOpens: opens };
}

/**
 * Whether a span has the shape the roster import gave registrations before 登记有效期至 was read
 * as the last day in force (efd0597): the period's length less one day, its expiry kept as the
 * last day instead of the day after. The old rule added years clamping 29 February to the 28th;
 * either reading counts. The shape only: a span a roster stated that way on purpose looks the
 * same, so callers list these for a person to confirm (credits registrations fix-expiry).
 */
export function oneDayShort(
  span: RegistrationSpan,
  rules: Pick<CeRules, 'periodYears'> = DEFAULT_CE_RULES,
): boolean {
  const r = span.registeredOn;
  const y = r.getUTCFullYear() + rules.periodYears;
  const clamped = new Date(
    Date.UTC(
      y,
      r.getUTCMonth(),
      Math.min(r.getUTCDate(), new Date(Date.UTC(y, r.getUTCMonth() + 1, 0)).getUTCDate()),
    ),
  );
  const after = expiryAfter(span.expiresOn).getTime();
  return after === addYears(r, rules.periodYears).getTime() || after === clamped.getTime();
}

/** Two spans share a day. */
export function spansOverlap(a: RegistrationSpan, b: RegistrationSpan): boolean {
  return a.registeredOn < b.expiresOn && b.registeredOn < a.expiresOn;
}

const day = (d: Date) => d.toISOString().slice(0, 10);
