/**
 * A mentoring program's report (带教报表) for its coordinator: JSON, or an XLSX/CSV file.
 * Shared by `yz mentoring report` and `GET /mentoring/programs/:id/report`.
 */
import type { Db } from '../../../store/db';
import {
  mentoringTables,
  readMentoringReport,
  type MentoringReport,
} from '../../../store/mentoring/report';
import type { SheetFormat } from '../../../store/registry/roster/read';
import { CONTENT_TYPES, writeTables } from '../../../store/registry/table';
import { InputError } from '../../../common/errors';

export type { MentoringReport, SheetFormat };

/** Program health from the database (the system of record). */
export async function mentoringReport(
  ctx: { db: Db },
  programId: string,
): Promise<MentoringReport> {
  return readMentoringReport(ctx.db, programId);
}

export async function exportMentoringReport(
  ctx: { db: Db },
  programId: string,
  format: SheetFormat = 'xlsx',
): Promise<{ fileName: string; contentType: string; bytes: Buffer }> {
  if (format !== 'xlsx' && format !== 'csv')
    throw new InputError(
      `格式须为 xlsx 或 csv / format must be xlsx or csv, got "${format as string}"`,
    );
  const bytes = await writeTables(mentoringTables(await mentoringReport(ctx, programId)), format);
  return {
    fileName: `mentoring-${programId}.${format}`,
    contentType: CONTENT_TYPES[format],
    bytes,
  };
}
