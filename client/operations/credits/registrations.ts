/**
 * A coordinator records a certificate's registration (证书登记) or a renewal: the record opens a
 * CE period, and the person's ledger is told (started when it did not run). Recording the same
 * registration again changes nothing and tells the ledger again, so a failed call is retried
 * as is.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { InputError } from '../../../common/errors';
import {
  fixShortExpiries,
  shortExpiries,
  type ShortExpiry,
} from '../../../store/credits/registrationExpiryFix';
import { inWindow } from '../../../workflows/rules/chunk';
import { creditsWorkflowId, registrationRecordedSignal } from '../../../workflows/credits/signals';
import type { RegistrationSource } from '../../../workflows/rules/registration';
import { requireAdmin, type Actor } from '../actor';
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

export interface FixExpiryRequest {
  /** Move them; without it only list them (a dry run). */
  commit?: boolean;
  /** Only records written before this day (e.g. the day the installation took the fix). */
  before?: string;
  /** roster (default) and/or legacy. */
  sources?: string[];
  personIds?: string[];
}

export interface FixExpiryResult {
  committed: boolean;
  /** Every record of the old shape found, blocked ones with why. */
  candidates: ShortExpiry[];
  fixed: number;
  blocked: number;
  /** Running ledgers told to read their registration again. */
  ledgersTold: number;
  /**
   * People whose ledger could not be told (Temporal unreachable): their records are fixed; a
   * `credits register` of the same registration tells the ledger.
   */
  ledgersUnreached: string[];
}

const FIXABLE_SOURCES: RegistrationSource[] = ['roster', 'legacy'];

/**
 * `credits registrations fix-expiry`: lists the registrations whose 登记有效期至 an earlier roster
 * import kept one day short (store/credits/registrationExpiryFix.ts says why this is a command and
 * not a migration); with commit, moves them, audited, and tells those people's running ledgers.
 * Admins only.
 */
export async function fixRegistrationExpiries(
  ctx: CreditsContext,
  actor: Actor,
  req: FixExpiryRequest,
): Promise<FixExpiryResult> {
  requireAdmin(actor);
  const sources = (req.sources ?? ['roster']).map((w) => {
    const s = w.trim().toLowerCase() as RegistrationSource;
    if (!FIXABLE_SOURCES.includes(s))
      throw new InputError(
        `来源只能是 roster 或 legacy / --source is roster or legacy, not "${w}"`,
      );
    return s;
  });
  const candidates = await shortExpiries(ctx.db, {
    sources,
    ...(req.before ? { before: dateOf(req.before, 'before') } : {}),
    ...(req.personIds?.length ? { personIds: req.personIds } : {}),
  });
  const blocked = candidates.filter((c) => c.blocked).length;
  if (!req.commit)
    return {
      committed: false,
      candidates,
      fixed: 0,
      blocked,
      ledgersTold: 0,
      ledgersUnreached: [],
    };
  const fixed = await fixShortExpiries(ctx.db, candidates, {
    userId: actor.userId,
    username: actor.username,
  });
  // A running ledger took its period from the record: it reads it again (continue-as-new).
  // The records are fixed whatever Temporal answers; a ledger not reached is named.
  let ledgersTold = 0;
  const ledgersUnreached: string[] = [];
  await inWindow([...new Set(fixed.map((c) => c.personId))], 16, async (personId) => {
    try {
      await ctx.temporal.workflow
        .getHandle(creditsWorkflowId(personId))
        .signal(registrationRecordedSignal);
      ledgersTold++;
    } catch (e) {
      if (!(e instanceof WorkflowNotFoundError)) ledgersUnreached.push(personId);
    }
  });
  return {
    committed: true,
    candidates,
    fixed: fixed.length,
    blocked,
    ledgersTold,
    ledgersUnreached: ledgersUnreached.sort(),
  };
}
