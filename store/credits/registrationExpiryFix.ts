/**
 * 登记有效期至 one day short (#12): before efd0597 the roster import kept a row's 登记有效期至
 * (the last day in force) as the record's expiry, where the records keep the day after; a
 * registration date alone gave an expiry of three years less a day. Those records end a day
 * early, and the ledger's period with them.
 *
 * They cannot be told apart from correct records with certainty: a roster that wrote both dates
 * and a span other than three years is indistinguishable, a roster may state a period of three
 * years less a day on purpose, and nothing in the data says when an installation took the fix
 * (it came without a migration). So this is no start-time migration: it lists the records of the
 * old shape (source roster, or legacy when asked: certificates registered before the records
 * were mirrored into them), for a person to review, and moves them one day on command, with the
 * certificate's mirror, in one transaction with an audit row of every record before and after.
 * Idempotent: a record moved no longer has the old shape.
 */
import { recordAudit, type AuditEntry } from '../audit';
import { writeTransaction, type Db } from '../db';
import {
  expiryAfter,
  lastDayText,
  oneDayShort,
  type RegistrationSource,
} from '../../workflows/rules/registration';
import { DEFAULT_CE_RULES, type CeRules } from '../../workflows/rules/continuingEducation';

export interface ShortExpiryFilter {
  /** Sources to look at; default roster only. */
  sources?: RegistrationSource[];
  /** Only records written before this instant (e.g. the day the installation was upgraded). */
  before?: Date;
  personIds?: string[];
}

export interface ShortExpiry {
  id: number;
  certificateId: number;
  personId: string;
  level: string;
  source: string;
  sourceRef: string | null;
  registeredOn: Date;
  expiresOn: Date;
  /** The expiry it moves to: the day after. */
  fixedExpiresOn: Date;
  recordedAt: Date;
  /** Why the command leaves it (a later registration begins on its old expiry: a person decides). */
  blocked?: string;
}

export const FIX_EXPIRY_ACTION = 'credits.registrations.fix-expiry';

export async function shortExpiries(
  db: Db,
  filter: ShortExpiryFilter = {},
  rules: Pick<CeRules, 'periodYears'> = DEFAULT_CE_RULES,
): Promise<ShortExpiry[]> {
  const rows = await db.certificateRegistration.findMany({
    where: {
      source: { in: filter.sources ?? ['roster'] },
      ...(filter.before ? { createdAt: { lt: filter.before } } : {}),
      ...(filter.personIds ? { personId: { in: filter.personIds } } : {}),
    },
    orderBy: { id: 'asc' },
  });
  const short = rows.filter((r) => oneDayShort(r, rules));
  if (!short.length) return [];
  const others = await db.certificateRegistration.findMany({
    where: { certificateId: { in: [...new Set(short.map((r) => r.certificateId))] } },
    select: { id: true, certificateId: true, registeredOn: true, source: true },
  });
  return short.map((r) => {
    const next = others.find(
      (o) =>
        o.id !== r.id &&
        o.certificateId === r.certificateId &&
        o.registeredOn.getTime() === r.expiresOn.getTime(),
    );
    return {
      id: r.id,
      certificateId: r.certificateId,
      personId: r.personId,
      level: r.level,
      source: r.source,
      sourceRef: r.sourceRef,
      registeredOn: r.registeredOn,
      expiresOn: r.expiresOn,
      fixedExpiresOn: expiryAfter(r.expiresOn),
      recordedAt: r.createdAt,
      ...(next
        ? {
            blocked: `${day(r.expiresOn)} 起已有登记（${next.source}）/ a registration (${next.source}) begins on ${day(r.expiresOn)}: review it by hand`,
          }
        : {}),
    };
  });
}

/**
 * Moves the listed records' expiry one day on (not the blocked ones), the certificate's mirror
 * with them when it mirrors that registration; one audit row of every record before and after.
 */
export async function fixShortExpiries(
  db: Db,
  candidates: ShortExpiry[],
  actor: AuditEntry['actor'],
): Promise<ShortExpiry[]> {
  const fix: ShortExpiry[] = [];
  if (!candidates.some((c) => !c.blocked)) return fix;
  await writeTransaction(db, async (tx) => {
    fix.length = 0; // a transaction tried again starts over
    for (const c of candidates.filter((x) => !x.blocked)) {
      // Only while the record is as listed: a second run (or a change since) moves nothing.
      const moved = await tx.certificateRegistration.updateMany({
        where: { id: c.id, expiresOn: c.expiresOn },
        data: { expiresOn: c.fixedExpiresOn },
      });
      if (!moved.count) continue;
      fix.push(c);
      await tx.certificate.updateMany({
        where: {
          id: c.certificateId,
          registeredOn: c.registeredOn,
          registrationExpiresOn: c.expiresOn,
        },
        data: { registrationExpiresOn: c.fixedExpiresOn },
      });
    }
    if (fix.length)
      await recordAudit(tx, {
        actor,
        action: FIX_EXPIRY_ACTION,
        targets: fix.map((c) => `registration/${c.id}`),
        before: fix.map((c) => ({ id: c.id, personId: c.personId, expiresOn: day(c.expiresOn) })),
        after: fix.map((c) => ({
          id: c.id,
          personId: c.personId,
          expiresOn: day(c.fixedExpiresOn),
          lastDay: lastDayText(c.fixedExpiresOn),
        })),
      });
  });
  return fix;
}

const day = (d: Date) => d.toISOString().slice(0, 10);
