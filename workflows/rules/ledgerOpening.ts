/**
 * When a CE ledger (继续教育学时台账) needs its worker for the first time. A ledger started for a
 * registration in force has nothing to do until its period's first checkpoint (a pace check, a
 * deadline reminder, the renewal window or the end): until then it only counts credits, and the
 * records hold those. So `credits start --all` starts each ledger with a start delay that ends the
 * day before that checkpoint, spread over half a day by person so that a cohort registered on one
 * date does not open all at one minute. Anything that needs the ledger sooner opens it then: a
 * registration recorded (signal-with-start), a claim reviewed or the ledger asked (an update).
 * Credits posted meanwhile wait in its history and are read from the records when it opens.
 * Pure.
 */
import { ceCheckpoints } from './ceCalendar';
import { fnv1a32 } from './fnv1a';
import { DEFAULT_CE_RULES, type CeRules } from './continuingEducation';
import type { QuietHours } from './quietHours';
import { registrationPeriod, type RegistrationSpan } from './registration';

const HOUR_MS = 3_600_000;
/** Opened this long before the first checkpoint at the latest… */
export const OPENING_LEAD_MS = 24 * HOUR_MS;
/** …and up to this much earlier again, by person. */
export const OPENING_SPREAD_MS = 12 * HOUR_MS;

/** A stable spread in [0, OPENING_SPREAD_MS) from the person's id (FNV-1a). */
export function openingSpreadMs(personId: string): number {
  return Math.floor((fnv1a32(personId) / 0x1_0000_0000) * OPENING_SPREAD_MS);
}

/**
 * The moment the ledger of `personId` over `registration` should first run, never before `now`:
 * the registration's first day when it begins later (the ledger would only wait for it), else a
 * day (and the person's spread) before the first checkpoint still ahead.
 */
export function ledgerOpensAt(a: {
  personId: string;
  registration: RegistrationSpan;
  now: Date;
  quietHours: QuietHours | null;
  timeZone: string;
  rules?: CeRules;
}): Date {
  const rules = a.rules ?? DEFAULT_CE_RULES;
  const period = registrationPeriod(a.registration, rules);
  if (period.start > a.now) return period.start;
  const [first] = ceCheckpoints(period, a.quietHours, a.timeZone, a.now, rules);
  // The end is always a checkpoint; a period already over opens now (its close is due).
  if (!first) return a.now;
  const at = first.at.getTime() - OPENING_LEAD_MS - openingSpreadMs(a.personId);
  return new Date(Math.max(a.now.getTime(), at));
}
