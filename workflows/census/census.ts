/**
 * Talent census campaign (人才资源库普查, Huili): a coordinator asks a set of units to report their
 * social-work talent by a deadline. One child workflow per unit sends the request and reminders;
 * units silent at the deadline are escalated. Live progress by query; at the end the census is
 * recorded and its report goes to the coordinator.
 */
import {
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { businessSteps } from '../searchAttributes';
import type { Activities } from '../../activities';
import { activityOptions } from '../activityOptions';
import { censusCounts } from '../rules/censusCounts';
import { censusUnit } from './censusUnit';
import {
  censusProgressQuery,
  censusUnitStatusSignal,
  censusUnitWorkflowId,
  censusWorkflowId,
  type CensusInput,
  type CensusProgress,
  type CensusUnitStatus,
} from './signals';

const { finishCensus, sendNotices } = proxyActivities<Activities>(activityOptions('2 minutes'));

export async function census(input: CensusInput): Promise<CensusProgress> {
  const byUnit: Record<string, CensusUnitStatus> = Object.fromEntries(
    input.units.map((u) => [u.unitId, 'pending']),
  );
  const progress = () => censusCounts(byUnit);
  setHandler(censusProgressQuery, progress);
  setHandler(censusUnitStatusSignal, ({ unitId, status }) => {
    if (unitId in byUnit) byUnit[unitId] = status;
  });
  // Search attributes: running, then completed.
  const step = businessSteps(input.censusId);
  step('running');

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
  step('completed');
  await sendNotices({
    workflowId: workflowInfo().workflowId,
    template: 'census-report',
    params: { censusId: input.censusId },
    keyPrefix: `${censusWorkflowId(input.censusId)}/report`,
    personIds: [input.coordinatorId],
  });
  return progress();
}
