/**
 * Continuing education (继续教育) rules for certificate registration, as data with defaults from
 * the provincial notices: a registration period is 3 years from the registration date; assistant
 * social workers need ≥ 72 hours per period, social workers and senior social workers ≥ 90; a
 * completed social-work degree counts as 90 hours at once; renewal opens 3 months before expiry.
 * Hours are kept in tenths (15 = 1.5 h) to stay exact. Pure.
 *
 * Certificate levels are data (词表 cert_level): a district may add its own with their CE hours
 * (`yz vocab add cert_level … --ce-hours`). `requiredTenths` therefore holds any level's hours;
 * the defaults know the three built-in exam levels only, and the store adds a district's
 * (store/credits/ceRules.ts). A level with no hours known is refused, never counted as NaN.
 */
import { InputError } from '../../common/errors';
import type { ExamLevel } from './examRules';

export interface CeRules {
  periodYears: number;
  /** Hours due per period, in tenths, by certificate level code (built-in or a district's). */
  requiredTenths: Partial<Record<ExamLevel | (string & {}), number>>;
  degreeTenths: number;
  renewalWindowMonths: number;
  /** Days before the period ends when deadline reminders go out. */
  deadlineReminderDays: number[];
}

export const DEFAULT_CE_RULES: CeRules = {
  periodYears: 3,
  requiredTenths: { assistant_social_worker: 720, social_worker: 900, senior_social_worker: 900 },
  degreeTenths: 900,
  renewalWindowMonths: 3,
  deadlineReminderDays: [90, 60, 30, 10],
};

/** Why a level's CE hours are not known, or undefined when they are. */
export function ceHoursProblem(level: string, rules: Pick<CeRules, 'requiredTenths'>) {
  const t = rules.requiredTenths[level];
  if (typeof t === 'number' && Number.isFinite(t) && t >= 0) return undefined;
  return `证书等级 ${level} 没有继续教育学时，请先设定（yz vocab rename cert_level ${level} --ce-hours <学时>） / certificate level ${level} has no CE hours known: set them first (yz vocab rename cert_level ${level} --ce-hours <hours>)`;
}

/** The hours (tenths) a level needs per period; a level with none known is refused. */
export function requiredTenthsOf(level: string, rules: Pick<CeRules, 'requiredTenths'>): number {
  const problem = ceHoursProblem(level, rules);
  if (problem) throw new InputError(problem);
  return rules.requiredTenths[level]!;
}

const addMonths = (d: Date, months: number) =>
  new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate()));

export interface Period {
  start: Date;
  /** Exclusive: the first day of the next period. */
  end: Date;
  renewalOpens: Date;
}

/** The registration period containing `on`, counted in whole periods from `registeredOn`. */
export function periodOf(registeredOn: Date, on: Date, rules = DEFAULT_CE_RULES): Period {
  if (on < registeredOn)
    throw new Error('该日期早于登记日期 / the date is before the registration');
  let start = registeredOn;
  let end = addMonths(start, 12 * rules.periodYears);
  while (on >= end) {
    start = end;
    end = addMonths(start, 12 * rules.periodYears);
  }
  return { start, end, renewalOpens: addMonths(end, -rules.renewalWindowMonths) };
}

export type CeStanding = 'compliant' | 'on_track' | 'behind' | 'overdue';

/**
 * Where a person stands: compliant (hours met), on track (at least pro-rata), behind (under
 * pro-rata), overdue (period over, hours not met).
 */
export function ceStanding(
  level: string,
  earnedTenths: number,
  period: Period,
  on: Date,
  rules = DEFAULT_CE_RULES,
): { standing: CeStanding; requiredTenths: number; proRataTenths: number } {
  const requiredTenths = requiredTenthsOf(level, rules);
  const span = period.end.getTime() - period.start.getTime();
  const elapsed = Math.min(Math.max(on.getTime() - period.start.getTime(), 0), span);
  const proRataTenths = Math.floor((requiredTenths * elapsed) / span);
  const standing: CeStanding =
    earnedTenths >= requiredTenths
      ? 'compliant'
      : on >= period.end
        ? 'overdue'
        : earnedTenths >= proRataTenths
          ? 'on_track'
          : 'behind';
  return { standing, requiredTenths, proRataTenths };
}
