/**
 * Census campaign records (人才资源库普查): each unit's status as its workflow decides it, and the
 * campaign's summary at the end. Idempotent: a retry writes the same values again.
 */
import type { Db } from '../../store/db';

export interface CensusUnitRecord {
  censusId: string;
  unitId: string;
  status: 'reported' | 'late';
  rows?: number;
  /** Only from runs signalled before it moved to the database (the operation writes it). */
  submittedBy?: string;
}

export async function recordCensusUnit(db: Db, r: CensusUnitRecord): Promise<void> {
  await db.censusCampaignUnit.update({
    where: { censusId_unitId: { censusId: r.censusId, unitId: r.unitId } },
    data: {
      status: r.status,
      ...(r.status === 'reported'
        ? {
            rows: r.rows ?? 0,
            ...(r.submittedBy !== undefined ? { submittedBy: r.submittedBy } : {}),
            submittedAt: new Date(),
          }
        : { escalatedAt: new Date() }),
    },
  });
}

export interface CensusSummary {
  units: number;
  reported: number;
  late: number;
  rows: number;
}

export async function finishCensus(db: Db, censusId: string): Promise<CensusSummary> {
  const units = await db.censusCampaignUnit.findMany({ where: { censusId } });
  const summary: CensusSummary = {
    units: units.length,
    reported: units.filter((u) => u.status === 'reported').length,
    late: units.filter((u) => u.status === 'late').length,
    rows: units.reduce((n, u) => n + (u.rows ?? 0), 0),
  };
  await db.censusCampaign.update({
    where: { id: censusId },
    data: { status: 'completed', summary: JSON.stringify(summary), finishedAt: new Date() },
  });
  return summary;
}

/** The census workflows' own activities (their notices go through the shared sendNotices). */
export function censusActivities(db: Db) {
  return {
    recordCensusUnit: (input: CensusUnitRecord) => recordCensusUnit(db, input),
    finishCensus: (input: { censusId: string }) => finishCensus(db, input.censusId),
  };
}
