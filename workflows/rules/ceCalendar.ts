/**
 * The continuing-education ledger's calendar within one registration period: behind-pace checks
 * (at 1/3 and 2/3 of the period), deadline reminders (90/60/30/10 days before the end), the
 * opening of the re-registration window, and the end. Notices are moved out of quiet hours.
 * Pure.
 */
import { ceStanding, DEFAULT_CE_RULES, type CeRules, type Period } from './continuingEducation';
import { nextSendableTime, type QuietHours } from './quietHours';

export type CeCheckpointKind = 'pace' | 'deadline' | 'renewal' | 'end';

export interface CeCheckpoint {
  kind: CeCheckpointKind;
  /** Unique within the period, e.g. "pace-1", "deadline-90d", "renewal", "end". */
  label: string;
  at: Date;
}

const DAY = 86_400_000;

export function ceCheckpoints(
  period: Period,
  quietHours: QuietHours | null,
  timeZone: string,
  now: Date,
  rules: CeRules = DEFAULT_CE_RULES,
  paceFractions: readonly number[] = [1 / 3, 2 / 3],
): CeCheckpoint[] {
  const span = period.end.getTime() - period.start.getTime();
  const notice = (at: Date) => {
    const t = nextSendableTime(at, quietHours, timeZone);
    return t < period.end ? t : at;
  };
  const points: CeCheckpoint[] = [
    ...paceFractions.map((f, i) => ({
      kind: 'pace' as const,
      label: `pace-${i + 1}`,
      at: notice(new Date(period.start.getTime() + Math.round(span * f))),
    })),
    ...rules.deadlineReminderDays.map((d) => ({
      kind: 'deadline' as const,
      label: `deadline-${d}d`,
      at: notice(new Date(period.end.getTime() - d * DAY)),
    })),
    { kind: 'renewal', label: 'renewal', at: notice(period.renewalOpens) },
    { kind: 'end', label: 'end', at: period.end },
  ];
  return points
    .filter((p) => p.at >= period.start && (p.kind === 'end' || p.at > now))
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.label.localeCompare(b.label));
}

/**
 * Whether a checkpoint has anything to send with `earnedTenths` earned: a pace check when the
 * hours are under pro-rata at its time, a deadline reminder while the hours are not met; the
 * renewal window and the end always. Hours that arrive later only make a checkpoint less needed,
 * so a ledger need not wake for one that is not due now (a withdrawn credit re-plans).
 */
export function ceCheckpointDue(
  cp: CeCheckpoint,
  level: string,
  earnedTenths: number,
  period: Period,
  rules: CeRules = DEFAULT_CE_RULES,
): boolean {
  const { standing } = ceStanding(level, earnedTenths, period, cp.at, rules);
  if (cp.kind === 'pace') return standing === 'behind';
  if (cp.kind === 'deadline') return standing !== 'compliant';
  return true;
}
