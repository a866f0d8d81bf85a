/**
 * The registration a CE ledger follows (证书登记): of the registrations in force on a day, the
 * highest level's; with none in force, the earliest recorded to begin later; else none (the
 * ledger waits). Ids, level and dates only: this is what the ledger's workflow is told.
 */
import { LEVEL_RANK } from '../../workflows/rules/examRules';
import type { Db } from '../db';

export interface LedgerRegistration {
  level: string;
  registeredOn: string;
  expiresOn: string;
}

export async function ledgerRegistration(
  db: Db,
  personId: string,
  on: Date,
): Promise<LedgerRegistration | null> {
  const open = await db.certificateRegistration.findMany({
    where: { personId, expiresOn: { gt: on } },
    select: { level: true, registeredOn: true, expiresOn: true },
  });
  return pickLedgerRegistration(open, on);
}

/** Every person's ledger registration on `on`, people of the given units only when given. */
export async function ledgerRegistrations(
  db: Db,
  on: Date,
  unitIds?: string[],
): Promise<Map<string, LedgerRegistration>> {
  const open = await db.certificateRegistration.findMany({
    where: {
      expiresOn: { gt: on },
      certificate: { person: { active: true, ...(unitIds ? { unitId: { in: unitIds } } : {}) } },
    },
    select: { personId: true, level: true, registeredOn: true, expiresOn: true },
  });
  const byPerson = new Map<string, typeof open>();
  for (const r of open) byPerson.set(r.personId, [...(byPerson.get(r.personId) ?? []), r]);
  const out = new Map<string, LedgerRegistration>();
  for (const [personId, rows] of byPerson) out.set(personId, pickLedgerRegistration(rows, on)!);
  return out;
}

type Row = { level: string; registeredOn: Date; expiresOn: Date };

/** Of registrations not yet expired on `on`: the highest level in force, else the next to begin. */
function pickLedgerRegistration(open: Row[], on: Date): LedgerRegistration | null {
  const inForce = open
    .filter((r) => r.registeredOn <= on)
    .sort((a, b) => (LEVEL_RANK[b.level] ?? 0) - (LEVEL_RANK[a.level] ?? 0))[0];
  const r = inForce ?? [...open].sort((a, b) => +a.registeredOn - +b.registeredOn)[0];
  return r
    ? {
        level: r.level,
        registeredOn: r.registeredOn.toISOString(),
        expiresOn: r.expiresOn.toISOString(),
      }
    : null;
}
