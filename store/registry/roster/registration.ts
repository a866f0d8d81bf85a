/**
 * Where a roster's registration (登记日期 / 登记有效期至) is written: as a registration record
 * (store/credits/registrations.ts, source "roster", the file named) which the certificate
 * mirrors. New people's certificates are inserted in bulk with the registration on them; their
 * records follow in bulk from those rows.
 */
import type { Prisma } from '../../db';
import { InputError, isUserError } from '../../../common/errors';
import { recordMirroredRegistrations, recordRegistrationIn } from '../../credits/registrations';
import type { RosterRow } from './validate';
import type { BalanceSource } from './openingBalance';

type Tx = Prisma.TransactionClient;

/** The certificate columns a new person's registration fills (bulk insert). */
export function registrationColumns(row: RosterRow): [Date | null, Date | null] {
  const r = row.registration;
  return r ? [r.registeredOn, r.expiresOn] : [null, null];
}

/** The registration records of new people's certificates, from the rows just inserted. */
export function writeNewRegistrations(
  tx: Tx,
  personIds: string[],
  source: BalanceSource,
): Promise<void> {
  return recordMirroredRegistrations(tx, personIds, {
    source: 'roster',
    sourceRef: source.file,
    recordedBy: source.recordedBy,
  });
}

/**
 * Records an existing person's registration of the row's certificate (written just before). A
 * registration the records contradict (another period overlapping it) is the row's problem:
 * the import stops, nothing written.
 */
export async function writeRegistration(
  tx: Tx,
  personId: string,
  row: RosterRow,
  source: BalanceSource,
): Promise<void> {
  const [cert, reg] = [row.certificate, row.registration];
  if (!cert || !reg) return;
  try {
    await recordRegistrationIn(tx, {
      personId,
      level: cert.level,
      registeredOn: reg.registeredOn,
      expiresOn: reg.expiresOn,
      source: 'roster',
      sourceRef: source.file,
      recordedBy: source.recordedBy,
    });
  } catch (e) {
    if (!isUserError(e)) throw e;
    throw new InputError(`第 ${row.row} 行 / row ${row.row}: ${(e as Error).message}`);
  }
}
