/**
 * A coordinator records a certificate's registration (证书登记) or a renewal: the record opens a
 * CE period, and the person's ledger is told (started when it did not run). Recording the same
 * registration again changes nothing and tells the ledger again, so a failed call is retried
 * as is.
 */
import { InputError } from '../../../common/errors';
import {
  recordRegistration,
  registrationsOf,
  type RecordedRegistration,
} from '../../../store/credits/registrations';
import { tellCeLedger } from '../../../store/credits/ledger';
import { ledgerRegistration } from '../../../store/credits/ledgerRegistration';
import { ceRulesOf } from '../../../store/credits/ceRules';
import { ceHoursProblem } from '../../../workflows/rules/continuingEducation';
import { parseCalendarDate } from '../../../workflows/rules/timeInput';
import { expiryAfter } from '../../../workflows/rules/registration';
import { localParts } from '../../../workflows/rules/zonedTime';
import { ledgerStart, type CreditsContext } from './ledger';

export interface RegisterRequest {
  personId: string;
  /** assistant_social_worker | social_worker | senior_social_worker; default the highest held. */
  level?: string;
  /** 登记日期, e.g. 2026-03-20 (or 2026年3月20日). */
  on?: string;
  /** 登记有效期至: the last day in force, as on the certificate; default the period's length after `on`. */
  expires?: string;
  /** The actor's username. */
  recordedBy: string;
}

export async function registerCertificate(
  ctx: CreditsContext,
  req: RegisterRequest,
): Promise<{
  registration: RecordedRegistration;
  workflowId: string | null;
  /**
   * Why the ledger cannot count the registration it follows yet (its level has no CE hours
   * known): it waits, saying so, until the hours are set and the registration recorded again.
   */
  problem?: string;
}> {
  if (!req.recordedBy?.trim()) throw new InputError('缺少记录人 / recordedBy is required');
  if (!req.on && !req.expires)
    throw new InputError(
      '登记日期必填 / give the registration date (--on) or its expiry (--expires)',
    );
  const registeredOn = req.on ? dateOf(req.on, 'on') : null;
  const expiresOn = req.expires ? expiryAfter(dateOf(req.expires, 'expires')) : null;
  const now = ctx.now?.() ?? new Date();
  const t = localParts(now, ctx.timeZone);
  if (registeredOn && registeredOn.getTime() > Date.UTC(t.year, t.month - 1, t.day))
    throw new InputError(
      `登记日期 ${req.on} 在今天之后 / the registration date ${req.on} is in the future`,
    );
  const registration = await recordRegistration(ctx.db, {
    personId: req.personId,
    ...(req.level ? { level: req.level } : {}),
    registeredOn,
    expiresOn,
    source: 'coordinator',
    recordedBy: req.recordedBy.trim(),
  });
  // The ledger follows the registration in force (or the next one to begin).
  const follows = await ledgerRegistration(ctx.db, req.personId, now);
  if (!follows) return { registration, workflowId: null };
  const rules = await ceRulesOf(ctx.db);
  const { workflowId } = await tellCeLedger(
    { client: ctx.temporal, taskQueue: ctx.taskQueue },
    ledgerStart(ctx, follows, req.personId, rules),
  );
  const problem = ceHoursProblem(follows.level, rules);
  return { registration, workflowId, ...(problem ? { problem } : {}) };
}

/** A person's registrations, oldest first per certificate. */
export function registrations(ctx: Pick<CreditsContext, 'db'>, personId: string) {
  return registrationsOf(ctx.db, personId);
}

/** A calendar date as UTC midnight (how certificate dates are kept). */
function dateOf(text: string, field: string): Date {
  const d = parseCalendarDate(text, field);
  return new Date(Date.UTC(d.year, d.month - 1, d.day));
}
