/**
 * A census's counts of units by status (人才资源库普查); pure, shared by the census workflow and
 * the progress operation (which counts the database's statuses once the workflow has finished).
 */
import type { CensusProgress, CensusUnitStatus } from '../census/signals';

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
