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
    orderBy: { registeredOn: 'asc' },
    select: { level: true, registeredOn: true, expiresOn: true },
  });
  const inForce = open
    .filter((r) => r.registeredOn <= on)
    .sort((a, b) => (LEVEL_RANK[b.level] ?? 0) - (LEVEL_RANK[a.level] ?? 0))[0];
  const r = inForce ?? open[0];
  return r
    ? {
        level: r.level,
        registeredOn: r.registeredOn.toISOString(),
        expiresOn: r.expiresOn.toISOString(),
      }
    : null;
}
