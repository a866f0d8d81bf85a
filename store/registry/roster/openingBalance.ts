/**
 * A roster's 累计培训学时 (training hours before Yanzhen) as one opening-balance training record
 * per person. Its key is the person's, not the file's: a re-import, or another file giving the
 * same person, corrects the one balance instead of adding hours a second time.
 */
import type { Prisma } from '../../db';
import { insertMany } from '../../bulkInsert';
import type { PlannedRow } from './plan';

type Tx = Prisma.TransactionClient;

export const OPENING_BALANCE = 'opening_balance';

export const openingBalanceKey = (personId: string) => `opening/${personId}`;

export interface BalanceSource {
  /** The file the hours came from (kept as the record's evidence). */
  file: string;
  recordedBy: string;
}

const evidenceOf = (p: PlannedRow, file: string) => `名册 roster ${file} row ${p.row.row}`;

/** The rows' training_hours written as opening balances (created, or corrected when changed). */
export async function writeOpeningBalances(
  tx: Tx,
  planned: readonly PlannedRow[],
  source: BalanceSource,
): Promise<void> {
  const withHours = planned.filter((p) => p.row.pastHoursTenths !== undefined);
  const now = new Date();
  await insertMany(
    tx,
    'TrainingRecord',
    ['sourceKey', 'personId', 'hoursTenths', 'source', 'evidence', 'recordedBy', 'recordedAt'],
    withHours
      .filter((p) => p.action === 'create')
      .map((p) => [
        openingBalanceKey(p.personId),
        p.personId,
        p.row.pastHoursTenths!,
        OPENING_BALANCE,
        evidenceOf(p, source.file),
        source.recordedBy,
        now,
      ]),
    { skipExisting: ['sourceKey'] },
  );
  for (const p of withHours) {
    if (p.action === 'create' || !p.changes.includes('training_hours')) continue;
    const data = {
      hoursTenths: p.row.pastHoursTenths!,
      evidence: evidenceOf(p, source.file),
      recordedBy: source.recordedBy,
    };
    await tx.trainingRecord.upsert({
      where: { sourceKey: openingBalanceKey(p.personId) },
      create: {
        sourceKey: openingBalanceKey(p.personId),
        personId: p.personId,
        source: OPENING_BALANCE,
        ...data,
      },
      update: data,
    });
  }
}
