/**
 * Talent census campaign (人才资源库普查, Huili): a coordinator asks a set of units to report their
 * social-work talent by a deadline. One child workflow per unit sends the request and reminders;
 * units silent at the deadline are escalated. Live progress by query; at the end the census is
 * recorded and its report goes to the coordinator.
 */
import {
  ParentClosePolicy,
  defineQuery,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { QuietHours } from '../rules/quietHours';
import {
  censusUnit,
  censusUnitStatusSignal,
  censusUnitWorkflowId,
  type CensusUnitStatus,
} from './censusUnit';

export interface CensusInput {
  censusId: string;
  units: { unitId: string; contactId: string }[];
  coordinatorId: string;
  deadline: string;
  reminderOffsets: string[];
  timeZone: string;
  quietHours: QuietHours | null;
}

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

export const censusProgressQuery = defineQuery<CensusProgress>('censusProgress');

export function censusWorkflowId(censusId: string): string {
  return `census/${censusId}`;
}

const { finishCensus, sendNotices } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

export async function census(input: CensusInput): Promise<CensusProgress> {
  const byUnit: Record<string, CensusUnitStatus> = Object.fromEntries(
    input.units.map((u) => [u.unitId, 'pending']),
  );
  const progress = () => censusCounts(byUnit);
  setHandler(censusProgressQuery, progress);
  setHandler(censusUnitStatusSignal, ({ unitId, status }) => {
    if (unitId in byUnit) byUnit[unitId] = status;
  });

  const children = await Promise.all(
    input.units.map((u) =>
      startChild(censusUnit, {
        workflowId: censusUnitWorkflowId(input.censusId, u.unitId),
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
        args: [
          {
            censusId: input.censusId,
            unitId: u.unitId,
            contactId: u.contactId,
            coordinatorId: input.coordinatorId,
            deadline: input.deadline,
            reminderOffsets: input.reminderOffsets,
            timeZone: input.timeZone,
            quietHours: input.quietHours,
            parentWorkflowId: workflowInfo().workflowId,
          },
        ],
      }),
    ),
  );
  const results = await Promise.all(children.map((c) => c.result()));
  input.units.forEach((u, i) => (byUnit[u.unitId] = results[i]!));

  await finishCensus({ censusId: input.censusId });
  await sendNotices({
    workflowId: workflowInfo().workflowId,
    template: 'census-report',
    params: { censusId: input.censusId },
    keyPrefix: `${censusWorkflowId(input.censusId)}/report`,
    personIds: [input.coordinatorId],
  });
  return progress();
}
