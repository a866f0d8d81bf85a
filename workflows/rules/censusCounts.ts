/**
 * A census's counts of units by status (人才资源库普查); pure, shared by the census workflow and
 * the progress operation (which counts the database's statuses once the workflow has finished).
 */
/** `reported_late`: the roster came after the unit's window closed (recorded by the client). */
export type CensusUnitStatus = 'pending' | 'reported' | 'late' | 'reported_late';

export interface CensusProgress {
  status: 'running' | 'completed';
  units: number;
  /** Units that reported, in time or late. */
  reported: number;
  /** Units silent at the deadline that have not reported since. */
  late: number;
  /** Of `reported`, those whose roster came after the deadline. */
  reportedLate: number;
  pending: number;
  byUnit: Record<string, CensusUnitStatus>;
}

/** Counts of units by status; pure, shared by the workflow and the client. */
export function censusCounts(byUnit: Record<string, CensusUnitStatus>): CensusProgress {
  const statuses = Object.values(byUnit);
  const count = (s: CensusUnitStatus) => statuses.filter((x) => x === s).length;
  return {
    status: statuses.includes('pending') ? 'running' : 'completed',
    units: statuses.length,
    reported: count('reported') + count('reported_late'),
    late: count('late'),
    reportedLate: count('reported_late'),
    pending: count('pending'),
    byUnit: { ...byUnit },
  };
}
