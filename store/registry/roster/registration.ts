/**
 * Where a roster's registration (登记日期 / 登记有效期至) is written: today onto the certificate it
 * registers (Certificate.registeredOn, registrationExpiresOn). The CE ledger's registration
 * records (h2-ledger) take their rows from here: replace the body of writeRegistration, keep the
 * call sites.
 */
import type { Prisma } from '../../db';
import type { RosterRow } from './validate';

type Tx = Prisma.TransactionClient;

/** The certificate columns a new person's registration fills (bulk insert). */
export function registrationColumns(row: RosterRow): [Date | null, Date | null] {
  const r = row.registration;
  return r ? [r.registeredOn, r.expiresOn] : [null, null];
}

/** Records an existing person's registration of the row's certificate (written just before). */
export async function writeRegistration(tx: Tx, personId: string, row: RosterRow): Promise<void> {
  const [cert, reg] = [row.certificate, row.registration];
  if (!cert || !reg) return;
  await tx.certificate.update({
    where: { personId_level: { personId, level: cert.level } },
    data: { registeredOn: reg.registeredOn, registrationExpiresOn: reg.expiresOn },
  });
}
